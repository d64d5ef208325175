/**
 * What the offscreen document answers: only check requests addressed to it (OFFSCREEN_TARGET), and only from this
 * extension, well-formed; every other message gets no answer, so its addressee's stands (the console's requests to
 * the worker reach this page too).
 */
import type { Runtime } from 'webextension-polyfill';
import { checkIn, isForOffscreen, parseSelectorCheckRequest, type SelectorCheckReply } from '../shared/offscreen-messages';
import { fromExtensionPage, type Own } from '../shared/senders';

export function answer(own: Own, doc: Document, message: unknown, sender: Runtime.MessageSender): SelectorCheckReply | undefined {
  if (!isForOffscreen(message)) return undefined;
  if (!fromExtensionPage(own, sender)) return { ok: false, reason: 'Only Finalize Guard itself may ask for a selector check.' };
  const request = parseSelectorCheckRequest(message);
  if (!request) return { ok: false, reason: 'The selector check request was not well-formed.' };
  return checkIn(doc, request.sites);
}
