/**
 * Importing one JSON export from the review page. The page reads and verifies the whole file itself
 * (structure, and each chain: a tampered file is named and nothing of it is sent), then sends its entries
 * to the worker in parts of at most 5,000: Chrome refuses a runtime message over 64 MiB, which a
 * 100,000-entry file as one message would exceed. The worker checks every entry again and stores each
 * part on its own, so when a part fails, the parts before it stay stored and the result says so.
 * `send` is injected: this runs under test without a browser.
 */
import { type ExportScope, filterText, importSizeProblem, readImport, shownFileName } from '../../audit/export-import';
import type { AuditEntry, ExportSignature } from '../../audit/types';
import { MAX_IMPORT_ENTRIES } from '../../shared/messages';
import { formatCount } from '../shared/format';
import type { ImportReply } from '../shared/worker';

/** What the page needs of a picked File (a fake in tests). */
export interface ImportFile {
  name: string;
  size: number;
  text(): Promise<string>;
}
export type SendPart = (fileName: string, entries: AuditEntry[], last: boolean) => Promise<ImportReply>;
/** The worker's check of an export's signature: true/false, null when this browser does not hold its key. */
export type CheckSignature = (digest: string, signature: ExportSignature) => Promise<boolean | null>;
export type ImportProgress = { stage: 'checking' } | { stage: 'sending'; part: number; parts: number; sent: number; total: number };

/** Where an import stopped: parts before `part` are stored, with these counts. */
interface Stopped {
  part: number;
  parts: number;
  imported: number;
  skipped: number;
  /** Entries from `part` on: not stored (unless `unanswered`, when `part` itself may have been). */
  remaining: number;
  unanswered: boolean;
}
/** `about`: what the file is (whole or filtered, signed or not), in a sentence. */
export type FileResult = { ok: true; imported: number; skipped: number; about?: string } | { ok: false; reason: string; stopped?: Stopped };

/** What a read file is, in words: a supervisor must know a partial import from a whole one. */
function aboutFile(scope: ExportScope, signature: 'verified' | 'unchecked' | 'unsigned'): string {
  const what =
    scope.scope === 'whole'
      ? 'A whole export'
      : scope.scope === 'filtered'
        ? `A filtered export (${filterText(scope.filter)}), imported as partial`
        : 'An older export that does not say whether it is whole, imported as partial';
  const signed =
    signature === 'verified'
      ? 'its signature verified'
      : signature === 'unchecked'
        ? 'signed with a key this browser does not hold, so its signature could not be checked here'
        : 'not signed';
  return `${what}; ${signed}.`;
}

/** `items` in order, in parts of at most `size`. */
export function toParts<T>(items: readonly T[], size = MAX_IMPORT_ENTRIES): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

export async function importFile(
  file: ImportFile,
  send: SendPart,
  progress: (p: ImportProgress) => void = () => undefined,
  check: CheckSignature = async () => null,
): Promise<FileResult> {
  // Before reading: a file past the limit would only exhaust the page's memory.
  const tooLarge = importSizeProblem(file.name, file.size);
  if (tooLarge !== null) return { ok: false, reason: tooLarge };
  progress({ stage: 'checking' });
  let text: string;
  try {
    text = await file.text();
  } catch {
    return { ok: false, reason: `"${shownFileName(file.name)}" could not be read — nothing was imported from it` };
  }
  const read = await readImport(text, file.name);
  text = ''; // the parsed entries are what is sent: let the file's text go
  if (!read.ok) return { ok: false, reason: read.reason };
  const valid = read.signed ? await check(read.signed.digest, read.signed.signature) : null;
  if (valid === false)
    return { ok: false, reason: `"${shownFileName(file.name)}" was altered: its signature does not match its contents — nothing was imported from it` };
  const about = aboutFile(read.scope, valid === true ? 'verified' : read.signed ? 'unchecked' : 'unsigned');

  const parts = toParts(read.entries);
  const total = read.entries.length;
  let imported = 0;
  let skipped = 0;
  let sent = 0;
  for (let k = 0; k < parts.length; k++) {
    progress({ stage: 'sending', part: k + 1, parts: parts.length, sent, total });
    const reply = await send(file.name, parts[k], k === parts.length - 1);
    if (!reply.ok) {
      const unanswered = reply.unanswered === true;
      return { ok: false, reason: reply.reason, stopped: { part: k + 1, parts: parts.length, imported, skipped, remaining: total - sent, unanswered } };
    }
    imported += reply.imported;
    skipped += reply.skipped;
    sent += parts[k].length;
  }
  return { ok: true, imported, skipped, about };
}

/** The line shown while a file is imported. */
export function progressText(fileName: string, p: ImportProgress): string {
  if (p.stage === 'checking') return `${fileName}: reading and verifying…`;
  return `${fileName}: storing part ${p.part} of ${p.parts} (${formatCount(p.sent)} of ${formatCount(p.total)} entries done)…`;
}
