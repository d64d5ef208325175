/**
 * The JSON export file, and reading one back. A file is checked whole before anything of it is stored: a
 * file with any malformed or tampered entry imports nothing, and the reason names the file and the first
 * bad entry (0-based index into `entries`) so a supervisor can tell which file and where.
 *
 * A file says whether it is whole or filtered (version 2). A whole export must hold every entry of each
 * chain from its start (or from where retention pruned it, which a prune entry in the file records) up to
 * the chain's head it names: a missing entry or a cut-off tail is refused like any other alteration. A
 * filtered export is imported as partial and says which filter made it. Version 1 files could not tell,
 * so they are read as partial. The export's digest (exportDigest) is what its signature covers.
 */
import { contentHash } from '../policy/hash';
import { ID } from '../policy/facts';
import { verifyChain, type ChainReport } from './chain';
import type { AuditEntry, AuditExport, ChainHead, ExportSignature } from './types';
import { auditEntryProblem } from './validate';
import { UUID } from '../shared/audit-fields';

const MB = 1024 * 1024;
/**
 * The largest file the review page reads. It is read and parsed in the page (then sent to the worker in
 * parts), so the bound is the page's memory, not the 64 MiB message limit: 500 MB is ~700,000 entries.
 * Checked against the file's size in bytes before reading, and its text's length after (a UTF-8 text has
 * no more characters than bytes).
 */
export const MAX_IMPORT_BYTES = 500 * MB;
const TOP_KEYS: Record<1 | 2, string[]> = {
  1: ['format', 'version', 'exportedAt', 'entries'],
  2: ['format', 'version', 'exportedAt', 'scope', 'filter', 'heads', 'partialChains', 'signature', 'entries'],
};
const FILTER_KEYS = ['from', 'to', 'userId', 'clinicId', 'insuranceId', 'gate', 'noteType', 'reviewed'];
const FILTER_VALUE = /^[\x21-\x7e]{1,100}$/;

/** What the file says it holds: version 1 files did not say ('unknown', read as partial). */
export type ExportScope = { scope: 'whole' } | { scope: 'filtered'; filter: Record<string, string> } | { scope: 'unknown' };

type ImportResult =
  | { ok: true; entries: AuditEntry[]; report: ChainReport; gaps: number; scope: ExportScope; signed: { digest: string; signature: ExportSignature } | null }
  | { ok: false; fileName: string; reason: string };

const byChainThenSeq = (a: AuditEntry, b: AuditEntry) => (a.chainId < b.chainId ? -1 : a.chainId > b.chainId ? 1 : a.seq - b.seq);

/**
 * Each complete chain's last entry among `sorted` (in chain order), and the chains this log holds only in
 * part (imported from filtered exports): complete means consecutive positions from seq 1, or from where
 * retention removed the start (the chain then holds a prune entry).
 */
function headsOf(sorted: AuditEntry[]): { heads: ChainHead[]; partialChains: string[] } {
  const heads: ChainHead[] = [];
  const partialChains: string[] = [];
  let start = 0;
  sorted.forEach((e, i) => {
    if (sorted[i + 1]?.chainId === e.chainId) return;
    const chain = sorted.slice(start, i + 1);
    start = i + 1;
    const consecutive = chain.every((c, k) => k === 0 || c.seq === chain[k - 1].seq + 1);
    const fromStart = chain[0].seq === 1 || chain.some((c) => c.type === 'prune' && c.removed > 0);
    if (consecutive && fromStart) heads.push({ chainId: e.chainId, seq: e.seq, hash: e.hash });
    else partialChains.push(e.chainId);
  });
  return { heads, partialChains };
}

/** The export file: `filter` absent for the whole log (with each chain's head), present for a filtered one. */
export function toExport(entries: AuditEntry[], exportedAt: string, filter?: Record<string, string>): AuditExport {
  const sorted = [...entries].sort(byChainThenSeq);
  const scope = filter === undefined ? { scope: 'whole' as const, ...headsOf(sorted) } : { scope: 'filtered' as const, filter };
  return { format: 'finalize-guard-audit', version: 2, exportedAt, ...scope, entries: sorted };
}

/** What an export's signature covers: everything in the file but the signature (entries by their hashes, which cover them). */
export function exportDigest(file: AuditExport): Promise<string> {
  const { signature: _, entries, ...rest } = file;
  return contentHash({ ...rest, hashes: entries.map((e) => e.hash) });
}

/** The filter in words, for the import result: "userId u-pta-riley, gate clinic". */
export const filterText = (filter: Record<string, string>) =>
  Object.entries(filter)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'no filter';

const isHead = (h: unknown): h is ChainHead => {
  const o = h as Partial<ChainHead> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    Object.keys(o).length === 3 &&
    typeof o.chainId === 'string' &&
    UUID.test(o.chainId) &&
    Number.isSafeInteger(o.seq) &&
    (o.seq as number) >= 1 &&
    typeof o.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(o.hash)
  );
};
const isSignature = (s: unknown): s is ExportSignature => {
  const o = s as Partial<ExportSignature> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    Object.keys(o).length === 2 &&
    typeof o.keyId === 'string' &&
    ID.test(o.keyId) &&
    typeof o.mac === 'string' &&
    /^[0-9a-f]{64}$/.test(o.mac)
  );
};
const isFilter = (f: unknown): f is Record<string, string> =>
  typeof f === 'object' &&
  f !== null &&
  !Array.isArray(f) &&
  Object.entries(f).every(([k, v]) => FILTER_KEYS.includes(k) && typeof v === 'string' && FILTER_VALUE.test(v));

/** The scope a version 2 file declares, or null when its scope fields are malformed or contradict each other. */
function scopeOf(file: Partial<AuditExport>): ExportScope | null {
  if (file.version === 1) return { scope: 'unknown' };
  if (file.signature !== undefined && !isSignature(file.signature)) return null;
  if (file.scope === 'whole') {
    const partial = file.partialChains;
    const partialOk = Array.isArray(partial) && partial.every((c) => typeof c === 'string' && UUID.test(c));
    return file.filter === undefined && partialOk && Array.isArray(file.heads) && file.heads.every(isHead) ? { scope: 'whole' } : null;
  }
  if (file.scope === 'filtered') {
    return file.heads === undefined && file.partialChains === undefined && isFilter(file.filter) ? { scope: 'filtered', filter: file.filter } : null;
  }
  return null;
}

/**
 * Why a whole export is not whole, or null: each chain must run unbroken from its first seq up to the head
 * the file names, starting at seq 1 unless the file records that retention removed the start.
 */
function wholeProblem(entries: AuditEntry[], report: ChainReport, heads: ChainHead[], partialChains: string[]): string | null {
  const short = (id: string) => `chain ${id.slice(0, 8)}…`;
  const pruned = new Set(entries.filter((e) => e.type === 'prune' && e.removed > 0).map((e) => e.chainId));
  for (const c of report.chains) {
    if (partialChains.includes(c.chainId)) continue;
    const head = heads.find((h) => h.chainId === c.chainId);
    if (!head) return `${short(c.chainId)} has no head in the export`;
    for (const [a, b] of c.gaps) {
      if (a === 1 && pruned.has(c.chainId)) continue;
      return `seq ${a === b ? a : `${a}–${b}`} of ${short(c.chainId)} ${a === b ? 'is' : 'are'} missing from this whole export`;
    }
    const last = entries.find((e) => e.chainId === c.chainId && e.seq === c.lastSeq);
    if (c.lastSeq !== head.seq || last?.hash !== head.hash) {
      return c.lastSeq < head.seq
        ? `${short(c.chainId)} ends at seq ${c.lastSeq}, but the export's head is seq ${head.seq}: entries were cut off its end`
        : `${short(c.chainId)} does not end at the head the export names (seq ${head.seq})`;
    }
  }
  const missing = heads.find((h) => !report.chains.some((c) => c.chainId === h.chainId));
  return missing ? `every entry of ${short(missing.chainId)} is missing` : null;
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
  if (file.version !== 1 && file.version !== 2) return fail(`${name} is an audit export of an unsupported version (${String(file.version).slice(0, 20)})`);
  const scope = scopeOf(file);
  if (
    Object.keys(file).some((k) => !TOP_KEYS[file.version as 1 | 2].includes(k)) ||
    typeof file.exportedAt !== 'string' ||
    !Array.isArray(file.entries) ||
    !scope
  ) {
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
  if (scope.scope === 'whole') {
    const notWhole = wholeProblem(valid, report, file.heads as ChainHead[], file.partialChains as string[]);
    if (notWhole !== null) return fail(`${name} was altered: ${notWhole}`);
  }
  const gaps = report.chains.reduce((n, c) => n + c.gaps.length, 0);
  const signed = file.signature ? { digest: await exportDigest(file as AuditExport), signature: file.signature } : null;
  return { ok: true, entries: valid, report, gaps, scope, signed };
}
