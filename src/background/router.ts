/**
 * The service worker's message router: each message kind only from the sender it is meant for, and only
 * well-formed. Content-script messages ('attempt', 'lock-state') come from a tab with our extension id;
 * audit requests ('audit:*') only from our own extension pages (their URL is on our extension's origin,
 * which a web page or a content script cannot claim; such a page opened in a tab has a tab too).
 */
import type { Runtime } from 'webextension-polyfill';
import { fromContentScript, fromExtensionPage, fromReviewPage, type Own } from '../shared/senders';
import { parseContentMessage, parsePageMessage, type ContentMessage, type PageMessage } from '../shared/messages';

type Of<U, T> = Extract<U, { type: T }>;

export interface Handlers {
  attempt(m: Of<ContentMessage, 'attempt'>, tabId: number): Promise<unknown>;
  /** An attempt message the checks refused: its tab keeps it and sends it again, so this must show. */
  refusedAttempt(): Promise<unknown>;
  lockState(m: Of<ContentMessage, 'lock-state'>, tabId: number, frameId: number, documentId: string): Promise<unknown>;
  review(m: Of<PageMessage, 'audit:review'>): Promise<unknown>;
  importEntries(m: Of<PageMessage, 'audit:import-entries'>): Promise<unknown>;
  setRetention(m: Of<PageMessage, 'audit:set-retention'>): Promise<unknown>;
  checkHead(): Promise<unknown>;
  signExport(m: Of<PageMessage, 'audit:sign-export'>): Promise<unknown>;
  checkSignature(m: Of<PageMessage, 'audit:check-signature'>): Promise<unknown>;
  dismissNotice(): Promise<unknown>;
}

export type { Own };

const isAuditRequest = (m: unknown) =>
  typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string' && (m as { type: string }).type.startsWith('audit:');

export async function routeMessage(own: Own, handlers: Handlers, message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  if (isAuditRequest(message)) {
    if (!fromExtensionPage(own, sender)) return { ok: false, error: 'sender', reason: "Only Finalize Guard's own pages may change the audit log." };
    const m = parsePageMessage(message);
    if (!m) return { ok: false, error: 'invalid message', reason: 'The request to the audit log was not well-formed.' };
    if (m.type === 'audit:review') return handlers.review(m);
    if (m.type === 'audit:import-entries') return handlers.importEntries(m);
    if (m.type === 'audit:check-head') return handlers.checkHead();
    if (m.type === 'audit:sign-export') return handlers.signExport(m);
    if (m.type === 'audit:check-signature') return handlers.checkSignature(m);
    if (m.type === 'audit:dismiss-notice')
      // What the log lost stays in front of supervisors: the popup, which assistants open, cannot take it down.
      return fromReviewPage(own, sender)
        ? handlers.dismissNotice()
        : { ok: false, error: 'sender', reason: 'Only the review page can dismiss what the audit log lost.' };
    return handlers.setRetention(m);
  }
  // Content scripts send from a tab with our extension id; anything else is refused.
  if (!fromContentScript(own, sender)) return { ok: false, error: 'sender' };
  const m = parseContentMessage(message);
  if (!m) return (message as { type?: unknown } | null)?.type === 'attempt' ? handlers.refusedAttempt() : { ok: false, error: 'invalid message' };
  const tabId = sender.tab!.id!;
  return m.type === 'attempt'
    ? handlers.attempt(m, tabId)
    : handlers.lockState(m, tabId, sender.frameId ?? 0, String((sender as { documentId?: unknown }).documentId ?? `page ${m.page}`));
}
