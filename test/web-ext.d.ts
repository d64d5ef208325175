/** The part of web-ext's programmatic API the Firefox lint test uses (web-ext ships no types). */
declare module 'web-ext' {
  interface LintMessage {
    code: string;
    message: string;
    file?: string;
  }
  interface LintResult {
    errors: LintMessage[];
    warnings: LintMessage[];
    notices: LintMessage[];
  }
  const webExt: {
    cmd: { lint(params: { sourceDir: string; output: 'none' }, options: { shouldExitProgram: false }): Promise<LintResult> };
  };
  export default webExt;
}
