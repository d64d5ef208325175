/** Service worker entry: installs the default configuration and routes content-script messages. */
import browser, { type Runtime } from 'webextension-polyfill';
import { storeAttempt } from './attempt-store';
import { installDefaultConfig } from './config';
import { setNetworkBlock } from './network-block';
import { routeMessage, type Handlers } from './router';

const handlers: Handlers = {
  async attempt(m) {
    await storeAttempt(browser.storage.local, m.attempt);
    return { ok: true, id: m.attempt.id };
  },
  async lockState(m, tabId) {
    await setNetworkBlock(browser.declarativeNetRequest, tabId, m.locked, m.endpoint);
    return { ok: true };
  },
};

browser.runtime.onInstalled.addListener(() => void installDefaultConfig(browser.storage.local));
browser.runtime.onStartup.addListener(() => void installDefaultConfig(browser.storage.local));
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) => routeMessage(browser.runtime.id, handlers, message, sender));
browser.tabs.onRemoved.addListener((tabId) => void setNetworkBlock(browser.declarativeNetRequest, tabId, false, undefined));
