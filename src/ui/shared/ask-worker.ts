/**
 * One request from an extension page to the service worker, its reply checked: a worker that is restarting or answers
 * something unexpected is an error. On its own so that the popup's banner can ask without the audit requests' module.
 */
import browser from 'webextension-polyfill';

export const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

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
