/** Audit requests from extension pages to the service worker, the only writer of the audit log (replies: ask-worker.ts). */
import type { AuditEntry, ExportSignature } from '../../audit/types';
import type { HeadCheck } from '../../background/audit-anchor';
import { MAX_IMPORT_NAME_CHARS } from '../../shared/messages';
import { askWorker, isObj } from './ask-worker';

export type ReviewReply = { ok: true; id: string } | { ok: false; reason: string };
/** `unanswered`: no reply came, so the request may or may not have been carried out. */
export type ImportReply = { ok: true; imported: number; skipped: number } | { ok: false; reason: string; unanswered?: boolean };
export type RetentionReply = { ok: true; removed: number } | { ok: false; reason: string };

export async function sendReview(reviewOf: string, reviewer: string, note: string): Promise<ReviewReply> {
  const r = await askWorker({ type: 'audit:review', reviewOf, reviewer, note });
  return r.ok === true ? { ok: true, id: String(r.id) } : (r as ReviewReply);
}

/** One part (1 to 5,000 entries) of a file the page has read and verified; `last` marks the file's final part. */
export async function sendImportEntries(fileName: string, entries: AuditEntry[], last: boolean): Promise<ImportReply> {
  const r = await askWorker({ type: 'audit:import-entries', fileName: fileName.slice(0, MAX_IMPORT_NAME_CHARS), entries, last });
  if (r.ok !== true) return r.unanswered === true ? { ok: false, reason: String(r.reason), unanswered: true } : { ok: false, reason: String(r.reason) };
  return { ok: true, imported: Number(r.imported) || 0, skipped: Number(r.skipped) || 0 };
}

/** A signature of an export's digest by the worker's key (the organisation's from policy, else this browser's); null when it could not sign. */
export async function signExport(digest: string): Promise<ExportSignature | null> {
  const r = await askWorker({ type: 'audit:sign-export', digest });
  return r.ok === true && isObj(r.signature) ? (r.signature as unknown as ExportSignature) : null;
}

/** Whether a signature is right: true/false, or null when this browser does not hold its key (or the worker did not answer). */
export async function checkExportSignature(digest: string, signature: ExportSignature): Promise<boolean | null> {
  const r = await askWorker({ type: 'audit:check-signature', digest, signature });
  return r.ok === true && typeof r.valid === 'boolean' ? r.valid : null;
}

/** This browser's chain against its anchor; null when the worker could not say. */
export async function checkHead(): Promise<HeadCheck | null> {
  const r = await askWorker({ type: 'audit:check-head' });
  return r.ok === true && isObj(r.head) && typeof r.head.state === 'string' ? (r.head as unknown as HeadCheck) : null;
}

export async function sendRetention(days: number): Promise<RetentionReply> {
  const r = await askWorker({ type: 'audit:set-retention', days });
  return r.ok === true ? { ok: true, removed: Number(r.removed) || 0 } : (r as RetentionReply);
}
