/**
 * Who sent a message, checked on the receiving side: the worker (content scripts vs our extension pages) and
 * the content script (the admin console's site probe) use the same checks.
 */
import type { Runtime } from 'webextension-polyfill';
import { REVIEW_PAGE } from './review-page';

/** Our extension's id and origin URL (`chrome.runtime.getURL('')`, e.g. "chrome-extension://<id>/"). */
export interface Own {
  id: string;
  origin: string;
}

export function fromContentScript(own: Own, sender: Runtime.MessageSender): boolean {
  return sender.id === own.id && typeof sender.tab?.id === 'number';
}

export function fromExtensionPage(own: Own, sender: Runtime.MessageSender): boolean {
  const origin = own.origin.endsWith('/') ? own.origin : `${own.origin}/`;
  const senderOrigin = (sender as { origin?: unknown }).origin;
  return (
    sender.id === own.id &&
    origin.length > 1 &&
    typeof sender.url === 'string' &&
    sender.url.startsWith(origin) &&
    // Where the browser reports the origin too, it must agree.
    (senderOrigin === undefined || senderOrigin === origin.slice(0, -1))
  );
}

/** From the review page itself, where supervisors see the audit log: not another of our pages (the popup). */
export function fromReviewPage(own: Own, sender: Runtime.MessageSender): boolean {
  return fromExtensionPage(own, sender) && new URL(sender.url!).pathname === `/${REVIEW_PAGE}`;
}
