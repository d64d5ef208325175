/**
 * Service worker entry: installs the default configuration, routes messages (content scripts: attempts
 * and lock states; extension pages: audit requests), and owns the audit log as its only writer.
 * Listeners are registered in the first turn: the worker is started again for each event after ~30 s idle.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { auditDbConnection } from './audit-db';
import { createHandlers } from './audit-handlers';
import { identityLoader, problemReporter, SETTINGS_KEY } from './audit-settings';
import { AuditWriter } from './audit-writer';
import { CONFIG_KEY, installDefaultConfig } from './config';
import { setNetworkBlock } from './network-block';
import { routeMessage } from './router';

const local = browser.storage.local;
const db = auditDbConnection();
const identity = identityLoader(local);
const writer = new AuditWriter({ db, chainId: async () => (await identity()).chainId, problems: problemReporter(local) });
const service = createHandlers({ local, session: browser.storage.session, dnr: browser.declarativeNetRequest, writer, db, identity });
const own = { id: browser.runtime.id, origin: browser.runtime.getURL('') };

// Attempts a tab kept in storage.local but could not deliver (closed, or the worker was stopped): record them.
const collectPending = () => void service.collectPendingAttempts().catch(() => undefined);

browser.runtime.onInstalled.addListener(() => {
  void installDefaultConfig(local);
  collectPending();
});
browser.runtime.onStartup.addListener(() => void installDefaultConfig(local));
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  routeMessage(own, service.handlers, message, sender).catch(() => ({ ok: false, error: 'failed' })));
browser.tabs.onRemoved.addListener((tabId) => {
  void setNetworkBlock(browser.declarativeNetRequest, tabId, false, undefined);
  void service.tabRemoved(tabId);
  collectPending();
});
browser.storage.onChanged.addListener((changes, area) => {
  if (area !== 'local') return;
  if (CONFIG_KEY in changes) service.credentials.invalidate();
  if (SETTINGS_KEY in changes) void service.settingsChanged();
});

// Retention applies at every start (the worker starts often; with nothing old, this writes nothing).
void service.pruneOnStart();
collectPending();
