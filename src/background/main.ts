/**
 * Service worker entry: installs the default configuration and applies browser policy over it (at every
 * start and when policy changes), routes messages (content scripts: attempts and lock states; extension
 * pages: audit and configuration requests), and owns the audit log and the configuration as their only writer.
 * Listeners are registered in the first turn: the worker is started again for each event after ~30 s idle.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { chainRecords } from './audit-chain-record';
import { auditDbConnection } from './audit-db';
import { createHandlers } from './audit-handlers';
import { identityLoader, problemReporter } from './audit-settings';
import { AuditWriter } from './audit-writer';
import { organisationKey } from './audit-signing';
import { AUDIT_KEY_ITEM } from '../shared/audit-fields';
import { defaultConfig } from './config';
import type { ActiveConfig } from '../config/types';
import { allProfiles } from '../sites/select';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { contentScriptSyncer, type ContentScriptDeps, REGISTRATION_FAILED } from './content-scripts';
import { CONFIG_KEY, HOST_REGISTRATION_KEY } from '../shared/storage-keys';
import { isConfigRequest, routeConfigMessage } from './config-router';
import { createConfigStore, type Area } from './config-store';
import { setNetworkBlock } from './network-block';
import { routeMessage } from './router';
import { selectorChecker, type OffscreenApi } from './selector-checker';

const local = browser.storage.local;
const db = auditDbConnection();
const identity = identityLoader(local);
const problems = problemReporter(local);
const writer = new AuditWriter({ db, chainId: async () => (await identity()).chainId, problems, records: chainRecords(local) });
const configStore = createConfigStore({
  local: local as unknown as Area,
  session: browser.storage.session as unknown as Area,
  managed: (browser.storage.managed as unknown as Area | undefined) ?? null,
  bundledSites: SHIPPED_PROFILES,
  defaults: defaultConfig,
  // Firefox's event page has a document; a Chromium service worker has chrome.offscreen instead.
  checkSelectors: selectorChecker({
    document: typeof document === 'undefined' ? undefined : document,
    offscreen: (globalThis as unknown as { chrome?: { offscreen?: OffscreenApi } }).chrome?.offscreen,
    sendMessage: (message) => browser.runtime.sendMessage(message),
  }),
});
const service = createHandlers({
  local,
  session: browser.storage.session,
  dnr: browser.declarativeNetRequest,
  writer,
  db,
  identity,
  adminSession: configStore.adminSession,
  problems,
  organisationKey: async () => (browser.storage.managed ? organisationKey(await browser.storage.managed.get(AUDIT_KEY_ITEM).catch(() => ({}))) : null),
});
const own = { id: browser.runtime.id, origin: browser.runtime.getURL('') };
/** Content scripts on every granted host a profile names beyond the manifest's, in step with profiles and grants. */
const syncContentScripts = contentScriptSyncer(
  {
    scripting: (globalThis as unknown as { chrome: Pick<ContentScriptDeps, 'scripting'> }).chrome.scripting,
    permissions: browser.permissions,
    manifest: browser.runtime.getManifest(),
  },
  async () => allProfiles(SHIPPED_PROFILES, ((await local.get(CONFIG_KEY))[CONFIG_KEY] as ActiveConfig | undefined)?.sites),
  async (error) => {
    if (!error) return local.remove(HOST_REGISTRATION_KEY);
    await local.set({ [HOST_REGISTRATION_KEY]: { at: new Date().toISOString(), error } });
    await problems.set(`${REGISTRATION_FAILED} ${error}`);
  },
);

/**
 * Installs the default configuration if none is, and applies browser policy. While policy set the
 * configuration before but storage.managed is still empty (browser start), or its selector check could not run,
 * it looks again a few times.
 */
let recheck: ReturnType<typeof setTimeout> | undefined;
function refreshConfig(attempt = 0): void {
  clearTimeout(recheck);
  void configStore
    .refresh()
    .then((status) => {
      if ((status.state === 'checking' || (status.state === 'invalid' && status.retry)) && attempt < 6)
        recheck = setTimeout(() => refreshConfig(attempt + 1), 2000 * 2 ** Math.min(attempt, 2));
    })
    .catch(() => undefined);
}

// Attempts a tab kept in storage.local but could not deliver (closed, or the worker was stopped): record them.
const collectPending = (minAgeMs = 0) => void service.collectPendingAttempts(minAgeMs).catch(() => undefined);
/** At start, copies younger than this are left to their tab: its message (with the note reference) may be what started the worker. */
const OPEN_TAB_GRACE_MS = 60_000;

browser.runtime.onInstalled.addListener(() => {
  refreshConfig();
  collectPending();
});
browser.runtime.onStartup.addListener(() => refreshConfig());
browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
  (isConfigRequest(message) ? routeConfigMessage(own, configStore, message, sender) : routeMessage(own, service.handlers, message, sender)).catch(() => ({
    ok: false,
    error: 'failed',
    reason: 'The service worker could not carry out the request.',
  })),
);
browser.tabs.onRemoved.addListener((tabId) => {
  void setNetworkBlock(browser.declarativeNetRequest, tabId, false, []);
  void service.tabRemoved(tabId);
  collectPending();
});
browser.permissions.onAdded.addListener(() => void syncContentScripts());
browser.permissions.onRemoved.addListener(() => void syncContentScripts());
browser.storage.onChanged.addListener((changes, area) => {
  if (area === 'managed') refreshConfig();
  if (area !== 'local') return;
  if (CONFIG_KEY in changes) {
    service.credentials.invalidate();
    void syncContentScripts();
  }
});

// Registrations are checked at every start too (an update renames the built files; a grant may have changed meanwhile).
void syncContentScripts();
// Browser policy is read at every start (the worker starts often; when nothing changed, this writes nothing).
refreshConfig();
// Retention applies at every start (the worker starts often; with nothing old, this writes nothing).
void service.pruneOnStart();
collectPending(OPEN_TAB_GRACE_MS);
