/** The service worker's message router: only our own content scripts, only well-formed messages. */
import type { Runtime } from 'webextension-polyfill';
import { parseContentMessage, type ContentMessage } from '../shared/messages';

export interface Handlers {
  attempt(m: Extract<ContentMessage, { type: 'attempt' }>, tabId: number): Promise<unknown>;
  lockState(m: Extract<ContentMessage, { type: 'lock-state' }>, tabId: number): Promise<unknown>;
}

export function routeMessage(ownId: string, handlers: Handlers, message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  // Content scripts send from a tab with our extension id; anything else is refused.
  if (sender.id !== ownId || typeof sender.tab?.id !== 'number') return Promise.resolve({ ok: false, error: 'sender' });
  const m = parseContentMessage(message);
  if (!m) return Promise.resolve({ ok: false, error: 'invalid message' });
  return m.type === 'attempt' ? handlers.attempt(m, sender.tab.id) : handlers.lockState(m, sender.tab.id);
}
