/**
 * Requests from extension pages to the service worker, the only writer of the audit log.
 * Replies are checked here: a worker that is restarting or answers something unexpected is an error.
 */
import browser from 'webextension-polyfill';

export type ReviewReply = { ok: true; id: string } | { ok: false; reason: string };
export type ImportReply = { ok: true; imported: number; skipped: number } | { ok: false; reason: string };
export type RetentionReply = { ok: true; removed: number } | { ok: false; reason: string };

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

async function ask(message: Record<string, unknown>): Promise<Record<string, unknown>> {
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(message);
  } catch (e) {
    return { ok: false, reason: `The service worker did not answer (${(e as Error).message}).` };
  }
  if (!isObj(reply)) return { ok: false, reason: 'The service worker did not answer.' };
  if (reply.ok !== true) {
    const why = reply.reason ?? reply.error;
    return { ok: false, reason: typeof why === 'string' && why ? why : 'The service worker refused the request.' };
  }
  return reply;
}

export async function sendReview(reviewOf: string, reviewer: string, note: string): Promise<ReviewReply> {
  const r = await ask({ type: 'audit:review', reviewOf, reviewer, note });
  return r.ok === true ? { ok: true, id: String(r.id) } : (r as ReviewReply);
}

export async function sendImport(fileName: string, text: string): Promise<ImportReply> {
  const r = await ask({ type: 'audit:import', fileName: fileName.slice(0, 200), text });
  if (r.ok !== true) return r as ImportReply;
  return { ok: true, imported: Number(r.imported) || 0, skipped: Number(r.skipped) || 0 };
}

export async function sendRetention(days: number): Promise<RetentionReply> {
  const r = await ask({ type: 'audit:set-retention', days });
  return r.ok === true ? { ok: true, removed: Number(r.removed) || 0 } : (r as RetentionReply);
}
