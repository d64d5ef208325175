/** `finalize-guard validate <files…>`: exit 0 when every file is valid, 1 when any has an error. */
import { formatProblem, type FileKind } from '../policy/validate-file';
import type { Args } from './args';
import { loadFile, UsageError, type Io } from './io';

export function validateCommand(io: Io, args: Args): number {
  if (args.positional.length === 0) throw new UsageError('validate needs at least one file');
  const kind = args.options.get('kind') as FileKind | undefined;
  if (kind && !['pack', 'directory', 'context', 'cases', 'site'].includes(kind)) throw new UsageError('--kind must be pack, directory, context, cases or site');
  const reports = args.positional.map((file) => {
    try {
      return loadFile(io, file, kind as FileKind);
    } catch (e) {
      return { file, kind: null, value: undefined, ok: false, problems: [{ file, where: '(file)', path: [], line: 1, column: 1, severity: 'error' as const, message: (e as Error).message, hint: 'Check the file name.' }] };
    }
  });
  const ok = reports.every((r) => r.ok);
  if (args.json) {
    io.out(JSON.stringify({ ok, files: reports.map(({ value: _value, ...r }) => r) }, null, 2));
  } else {
    for (const r of reports) {
      io.out(`${r.ok ? 'ok   ' : 'FAIL '} ${r.file}${r.kind ? ` (${r.kind})` : ''}`);
      for (const p of r.problems) io.out(`  ${formatProblem(p)}`);
    }
  }
  return ok ? 0 : 1;
}
