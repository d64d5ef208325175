/**
 * `finalize-guard test [<pack>…] --cases <file> [--threshold N]`: runs a case file and reports coverage. The packs
 * are the case file's `packs` (installed together) or its `pack`, or those named on the command line; when both
 * name packs they must be the same (exit 2 otherwise: a test run on other packs than the file says proves nothing).
 */
import { resolve } from 'node:path';
import { runCases, type Case } from '../policy/pack-test';
import type { Args } from './args';
import { InputError, loadValid, relativeTo, UsageError, type Io } from './io';

function packsToTest(casesPath: string, given: string[], named: string[]): string[] {
  if (given.length === 0 && named.length === 0) throw new UsageError('test needs a pack: finalize-guard test <pack> --cases <file>');
  if (given.length === 0) return named;
  const same = (a: string[], b: string[]) =>
    a.length === b.length &&
    a
      .map((p) => resolve(p))
      .sort()
      .join('\n') ===
      b
        .map((p) => resolve(p))
        .sort()
        .join('\n');
  if (named.length > 0 && !same(given, named)) {
    throw new InputError(
      `the command line names the pack(s) ${given.join(', ')}, but ${casesPath} names ${named.join(', ')}. Give the same packs, or leave them off the command line to test the case file's.`,
    );
  }
  return given;
}

export async function testCommand(io: Io, args: Args): Promise<number> {
  const casesPath = args.options.get('cases');
  if (!casesPath) throw new UsageError('test needs --cases <file>');
  const file = loadValid(io, casesPath, 'cases') as { pack?: string; packs?: string[]; directory?: unknown; cases: Array<Case & { directory?: unknown }> };
  const packPaths = packsToTest(
    casesPath,
    args.positional,
    (file.packs ?? (file.pack ? [file.pack] : [])).map((p) => relativeTo(casesPath, p)),
  );
  const rawThreshold = args.options.get('threshold') ?? '0';
  const threshold = Number(rawThreshold);
  if (rawThreshold.trim() === '' || !(threshold >= 0 && threshold <= 100)) throw new UsageError('--threshold must be a percentage from 0 to 100');
  const packs = packPaths.map((p) => loadValid(io, p, 'pack'));
  const directories = new Map<string, unknown>();
  const directoryOf = (source: unknown): unknown => {
    if (typeof source !== 'string') return source;
    const path = relativeTo(casesPath, source);
    if (!directories.has(path)) directories.set(path, loadValid(io, path, 'directory'));
    return directories.get(path);
  };
  const cases = file.cases.map((c) => {
    const directory = directoryOf(c.directory ?? file.directory);
    if (directory === undefined) throw new InputError(`${casesPath}: case ${JSON.stringify(c.name)} has no directory (give one for the file or the case)`);
    return { ...c, directory };
  });
  const { results, coverage } = await runCases(packs.length === 1 ? packs[0] : packs, cases);
  const ok = results.every((r) => r.passed) && coverage.percent >= threshold;
  if (args.json) printJson(io, results, coverage, threshold, ok);
  else printText(io, results, coverage, threshold);
  return ok ? 0 : 1;
}

type Run = Awaited<ReturnType<typeof runCases>>;

function printJson(io: Io, results: Run['results'], coverage: Run['coverage'], threshold: number, ok: boolean): void {
  const failed = results.filter((r) => !r.passed).length;
  io.out(
    JSON.stringify(
      { ok, passed: results.length - failed, failed, threshold, coverage, results: results.map(({ decision, ...r }) => ({ ...r, outcome: decision.outcome })) },
      null,
      2,
    ),
  );
}

function printText(io: Io, results: Run['results'], coverage: Run['coverage'], threshold: number): void {
  const failed = results.filter((r) => !r.passed).length;
  for (const r of results) {
    io.out(`${r.passed ? 'PASS' : 'FAIL'} ${r.name}`);
    for (const d of r.differences) io.out(`     ${d}`);
  }
  io.out(`\n${results.length - failed} passed, ${failed} failed`);
  io.out(
    `Coverage: ${coverage.percent}% (rules ${coverage.rulePercent}%, conditions ${coverage.conditionPercent}%)${threshold ? `, threshold ${threshold}%` : ''}`,
  );
  for (const r of coverage.rules.filter((x) => !(x.fired && x.notFired))) {
    io.out(`  rule ${r.rule}: never ${r.fired ? 'left unfired' : 'fired'}`);
  }
  for (const c of coverage.conditions.filter((x) => !(x.passed && x.failed))) {
    io.out(`  condition ${c.rule} ${c.at}: never ${c.passed ? 'failed' : c.failed ? 'passed' : 'evaluated'}`);
  }
  if (coverage.percent < threshold) io.out(`Coverage ${coverage.percent}% is below the threshold of ${threshold}%.`);
}
