/**
 * The JSON export file, and reading one back. A file is checked whole before anything of it is stored: a
 * file with any malformed or tampered entry imports nothing, and the reason names the file and the first
 * bad entry (0-based index into `entries`) so a supervisor can tell which file and where.
 */
import { verifyChain, type ChainReport } from './chain';
import type { AuditEntry, AuditExport } from './types';
import { auditEntryProblem } from './validate';

const MB = 1024 * 1024;
/**
 * The largest file the review page reads. It is read and parsed in the page (then sent to the worker in
 * parts), so the bound is the page's memory, not the 64 MiB message limit: 500 MB is ~700,000 entries.
 * Checked against the file's size in bytes before reading, and its text's length after (a UTF-8 text has
 * no more characters than bytes).
 */
export const MAX_IMPORT_BYTES = 500 * MB;
const TOP_KEYS = ['format', 'version', 'exportedAt', 'entries'];

type ImportResult = { ok: true; entries: AuditEntry[]; report: ChainReport; gaps: number } | { ok: false; fileName: string; reason: string };

export function toExport(entries: AuditEntry[], exportedAt: string): AuditExport {
  const sorted = [...entries].sort((a, b) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : a.seq - b.seq));
  return { format: 'finalize-guard-audit', version: 1, exportedAt, entries: sorted };
}

const WHAT: Record<ChainReport['problems'][number]['problem'], string> = {
  edited: 'does not match its hash',
  'broken-link': 'does not link to the entry before it',
  'duplicate-seq': 'repeats a position already in its chain',
  'out-of-order': 'is out of order',
  'bad-entry': 'is malformed',
};

/** The file name is the user's own text: shown, so kept short and free of control characters. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
export const shownFileName = (fileName: string) => fileName.replace(/[\x00-\x1f\x7f]/g, '').slice(0, 120);

/** Why a file of `size` bytes (or characters) is too large to import, or null. */
export function importSizeProblem(fileName: string, size: number, max = MAX_IMPORT_BYTES): string | null {
  if (size <= max) return null;
  return `"${shownFileName(fileName)}" is larger than ${Math.floor(max / MB)} MB — nothing was imported from it`;
}

/** `maxChars` is for tests; the page checks the file's size before it reads the text. */
export async function readImport(text: string, fileName: string, maxChars = MAX_IMPORT_BYTES): Promise<ImportResult> {
  const name = `"${shownFileName(fileName)}"`;
  const fail = (reason: string): ImportResult => ({ ok: false, fileName, reason: `${reason} — nothing was imported from it` });
  const tooLarge = importSizeProblem(fileName, text.length, maxChars);
  if (tooLarge !== null) return { ok: false, fileName, reason: tooLarge };

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fail(`${name} is not a JSON file`);
  }
  const file = data as Partial<AuditExport> | null;
  if (typeof file !== 'object' || file === null || Array.isArray(file) || file.format !== 'finalize-guard-audit') {
    return fail(`${name} is not a Finalize Guard audit export`);
  }
  if (file.version !== 1) return fail(`${name} is an audit export of an unsupported version (${String(file.version).slice(0, 20)})`);
  if (Object.keys(file).some((k) => !TOP_KEYS.includes(k)) || typeof file.exportedAt !== 'string' || !Array.isArray(file.entries)) {
    return fail(`${name} is not a well-formed audit export`);
  }

  const entries = file.entries as unknown[];
  const ids = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) {
    const problem = auditEntryProblem(entries[i]);
    if (problem !== null) return fail(`${name} has an invalid entry: entry ${i}: ${problem}`);
    const id = (entries[i] as AuditEntry).id;
    const first = ids.get(id);
    if (first !== undefined) return fail(`${name} has an invalid entry: entry ${i} repeats the id of entry ${first}`);
    ids.set(id, i);
  }

  const valid = entries as AuditEntry[];
  const report = await verifyChain(valid, { allowGaps: true });
  if (!report.ok) {
    const p = report.problems[0];
    const more = report.problems.length > 1 ? ` (and ${report.problems.length - 1} more problems)` : '';
    return fail(`${name} was altered: entry ${ids.get(p.id)} (seq ${p.seq} of chain ${p.chainId.slice(0, 8)}…) ${WHAT[p.problem]}${more}`);
  }
  const gaps = report.chains.reduce((n, c) => n + c.gaps.length, 0);
  return { ok: true, entries: valid, report, gaps };
}
