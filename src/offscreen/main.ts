/**
 * The offscreen document (Chromium): the DOM the service worker lacks, where site profiles' selectors are checked
 * with the browser's own engine and their cost measured before a configuration is accepted (answer.ts).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { answer } from './answer';

const own = { id: browser.runtime.id, origin: browser.runtime.getURL('') };

browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => {
  const reply = answer(own, document, message, sender);
  return reply === undefined ? undefined : Promise.resolve(reply);
});
