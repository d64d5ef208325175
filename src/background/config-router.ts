/**
 * Routes the admin console's configuration requests ('config:*') to the configuration store: only from
 * Finalize Guard's own extension pages (the same sender check as the audit requests), only well-formed.
 */
import type { Runtime } from 'webextension-polyfill';
import { isConfigRequest, parseConfigMessage } from '../shared/config-messages';
import type { ConfigHandlers } from './config-store';
import { fromExtensionPage, type Own } from '../shared/senders';

export { isConfigRequest };

export async function routeConfigMessage(own: Own, handlers: ConfigHandlers, message: unknown, sender: Runtime.MessageSender): Promise<unknown> {
  if (!fromExtensionPage(own, sender)) return { ok: false, error: 'sender', reason: "Only Finalize Guard's own pages may change its configuration." };
  const m = parseConfigMessage(message);
  if (!m) return { ok: false, error: 'invalid message', reason: 'The request to change the configuration was not well-formed.' };
  switch (m.type) {
    case 'config:access':
      return handlers.access();
    case 'config:set-passcode':
      return handlers.setPasscode(m);
    case 'config:unlock':
      return handlers.unlock(m);
    case 'config:lock':
      return handlers.lock();
    case 'config:publish':
      return handlers.publish(m);
    case 'config:rollback':
      return handlers.rollback(m);
  }
}
