/**
 * Requests from extension pages to the service worker, the only writer of the audit log.
 * Replies are checked here: a worker that is restarting or answers something unexpected is an error.
 */
import browser from 'webextension-polyfill';
import type { AuditEntry, ExportSignature } from '../../audit/types';
import type { HeadCheck } from '../../background/audit-anchor';
import { MAX_IMPORT_NAME_CHARS } from '../../shared/messages';

export type ReviewReply = { ok: true; id: string } | { ok: false; reason: string };
/** `unanswered`: no reply came, so the request may or may not have been carried out. */
export type ImportReply = { ok: true; imported: number; skipped: number } | { ok: false; reason: string; unanswered?: boolean };
export type RetentionReply = { ok: true; removed: number } | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Sends one request; a refusal keeps the worker's reason (and its `problems`, unchecked: callers check them). */
export async function askWorker(message: Record<string, unknown>): Promise<Record<string, unknown>> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(message);
  } catch (e) {
    return { ok: false, unanswered: true, reason: `The service worker did not answer (${(e as Error).message}).` };
  }
  if (!isObj(reply)) return { ok: false, unanswered: true, reason: 'The service worker did not answer.' };
  if (reply.ok !== true) {
    const why = reply.reason ?? reply.error;
    const reason = typeof why === 'string' && why ? why : 'The service worker refused the request.';
    return 'problems' in reply ? { ok: false, reason, problems: reply.problems } : { ok: false, reason };
  }
  return reply;
}

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

/** Takes down the notice of what the audit log lost (someone has seen it); the worker's reason when it could not. */
export async function dismissAuditNotice(): Promise<{ ok: true } | { ok: false; reason: string }> {
  const r = await askWorker({ type: 'audit:dismiss-notice' });
  return r.ok === true ? { ok: true } : { ok: false, reason: String(r.reason) };
}

export async function sendRetention(days: number): Promise<RetentionReply> {
  const r = await askWorker({ type: 'audit:set-retention', days });
  return r.ok === true ? { ok: true, removed: Number(r.removed) || 0 } : (r as RetentionReply);
}
