/** What a CLI command may touch, so tests can run commands in-process. */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { validateText, type FileKind, type FileReport } from '../policy/validate-file';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readText(path: string): string;
  /** Writes a file (the `policy` command's --out). */
  writeText(path: string, text: string): void;
}
export const processIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  readText: (p) => readFileSync(p, 'utf8'),
  writeText: (p, t) => writeFileSync(p, t),
};

export class UsageError extends Error {}
/** A file that could not be read or is invalid: the command stops and says where (exit 2). */
export class InputError extends Error {
  constructor(
    message: string,
    readonly reports: FileReport[] = [],
  ) {
    super(message);
  }
}
/** A file that could not be read at all, in plain words ("cannot read x.json: no such file"). */
export class UnreadableError extends InputError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot read ${path}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
};

/** "cannot read rules/x.json: no such file" — the system's code only when there are no plain words for it. */
function unreadable(path: string, e: unknown): UnreadableError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason = (code && REASONS[code]) ?? (e as Error)?.message ?? String(e);
  return new UnreadableError(path, reason);
}

/** Writes an output file; a path that cannot be written is reported in plain words (exit 2), not as a crash. */
export function writeOutput(io: Io, path: string, text: string): void {
  try {
    io.writeText(path, text);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    throw new InputError(`cannot write ${path}: ${(code && REASONS[code]) ?? (e as Error)?.message ?? String(e)}. Nothing was written.`);
  }
}

export function readInput(io: Io, path: string): string {
  try {
    return io.readText(path);
  } catch (e) {
    throw unreadable(path, e);
  }
}

function loadFile(io: Io, path: string, kind?: FileKind): FileReport {
  return validateText(path, readInput(io, path), kind);
}

/** Loads and validates; throws InputError with the located problems when the file is invalid. */
export function loadValid(io: Io, path: string, kind: FileKind): unknown {
  const report = loadFile(io, path, kind);
  if (!report.ok) throw new InputError(`${path} is not a valid ${kind} file`, [report]);
  return report.value;
}

/** A path written in a file (a case file's pack), relative to that file; kept relative so messages stay short. */
export const relativeTo = (file: string, path: string) => (isAbsolute(path) ? path : join(dirname(file), path));

/** "a.json, b.json" → ["a.json", "b.json"]: list options are comma-separated, spaces around items ignored. */
export const listOption = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
