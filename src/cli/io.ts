/** What a CLI command may touch, so tests can run commands in-process. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { validateText, type FileKind, type FileReport } from '../policy/validate-file';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  readText(path: string): string;
}
export const processIo: Io = {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  readText: (p) => readFileSync(p, 'utf8'),
};

export class UsageError extends Error {}
/** A file that could not be read or is invalid: the command stops and says where. */
export class InputError extends Error {
  constructor(message: string, readonly reports: FileReport[] = []) { super(message); }
}

export function readInput(io: Io, path: string): string {
  try {
    return io.readText(path);
  } catch (e) {
    throw new InputError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export function loadFile(io: Io, path: string, kind: FileKind): FileReport {
  return validateText(path, readInput(io, path), kind);
}

/** Loads and validates; throws InputError with the located problems when the file is invalid. */
export function loadValid(io: Io, path: string, kind: FileKind): unknown {
  const report = loadFile(io, path, kind);
  if (!report.ok) throw new InputError(`${path} is not a valid ${kind} file`, [report]);
  return report.value;
}

export const relativeTo = (file: string, path: string) => resolve(dirname(file), path);
