/**
 * The audit log's single writer in real Chromium, fed through the real path: clicks on locked Finalize
 * controls on the demo EHR → the guard → the content script's retrying sender → the service worker →
 * IndexedDB. Each attempt is one click on its own control (the guard merges repeated attempts on one
 * control within 800 ms), so a burst is N extra `[data-action=finalize]` buttons, one click each.
 *
 * Stopping the worker: a DevTools protocol session on a page, `ServiceWorker.enable` (which reports every
 * worker version, the extension's included) and `ServiceWorker.stopWorker` on the extension's running
 * version — what chrome://serviceworker-internals' "Stop" does. The next message starts it again, with a
 * fresh global scope.
 */
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/audit/chain';
import { AUDIT_DB, type AuditEntry } from '../../src/audit/types';
import { openNote } from '../../scripts/ehr-page';
import { useDemoExtension } from './setup';
import { AUDIT_PROBLEM_KEY } from '../../src/shared/storage-keys';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };

/** Every entry of the log, read with IndexedDB in the service worker. */
async function logEntries(sw: Worker): Promise<AuditEntry[]> {
  return sw.evaluate(
    ({ name, store }) =>
      new Promise<AuditEntry[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(store, 'readonly').objectStore(store).getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result as AuditEntry[]);
          };
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
        };
      }),
    { name: AUDIT_DB.name, store: AUDIT_DB.store },
  );
}

/** How many entries the log holds (a cheap count, for polling while a burst is being written). */
async function entryCount(sw: Worker): Promise<number> {
  return sw.evaluate(
    ({ name, store }) =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve(0);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction(store, 'readonly').objectStore(store).count();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => {
            db.close();
            reject(req.error);
          };
        };
      }),
    { name: AUDIT_DB.name, store: AUDIT_DB.store },
  );
}

/** The built extension's popup (any extension page can message the worker). */
const popupPath = () => (JSON.parse(readFileSync('dist/extension/manifest.json', 'utf8')) as { action: { default_popup: string } }).action.default_popup;

const attemptsIn = (entries: AuditEntry[]) => entries.filter((e) => e.type === 'attempt');

async function ownChainId(sw: Worker): Promise<string> {
  return sw.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { chainId: string }>> } } } }).chrome;
    return (await api.storage.local.get('auditIdentity')).auditIdentity.chainId;
  });
}

/** Adds `n` Finalize buttons (each its own control) and waits until the guard has locked every one. */
async function addLockedControls(page: Page, n: number): Promise<void> {
  await page.evaluate((count) => {
    const main = document.querySelector('main')!;
    const box = document.createElement('div');
    box.id = 'fg-audit-burst';
    for (let i = 0; i < count; i++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = 'finalize';
      b.textContent = `Finalize ${i}`;
      box.append(b);
    }
    main.append(box);
  }, n);
  await page.waitForFunction((count) => {
    const els = [...document.querySelectorAll('#fg-audit-burst [data-action=finalize]')];
    return els.length === count && els.every((e) => e.getAttribute('data-finalize-guard') === 'locked');
  }, n);
}

/** One click on each added control, all in one task: N attempts at once. */
async function burst(page: Page): Promise<number> {
  return page.evaluate(() => {
    const els = [...document.querySelectorAll('#fg-audit-burst [data-action=finalize]')];
    for (const el of els) el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
    return els.length;
  });
}

async function openBlocked(context: BrowserContext, base: string): Promise<Page> {
  const page = await openNote(context, base, BLOCKED);
  await page.waitForFunction(() => document.querySelector('button.finalize.top')?.getAttribute('data-finalize-guard') === 'locked');
  return page;
}

/**
 * A DevTools protocol session that can stop the extension's service worker, set up ahead so a stop lands
 * in the middle of a burst. `stop()` resolves once the worker has stopped.
 */
async function workerStopper(context: BrowserContext, page: Page, extensionId: string) {
  const cdp = await context.newCDPSession(page);
  type Version = { versionId: string; scriptURL: string; runningStatus: string };
  const ours = (v: Version) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`);
  let running: Version | undefined;
  let stops = 0;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: Version[] }) => {
    for (const v of versions.filter(ours)) {
      if (v.runningStatus === 'running') running = v;
      if (v.runningStatus === 'stopped') stops++;
    }
  });
  await cdp.send('ServiceWorker.enable');
  await expect.poll(() => running !== undefined, { timeout: 15_000 }).toBe(true);
  return {
    async stop(): Promise<void> {
      const seen = stops;
      await cdp.send('ServiceWorker.stopWorker', { versionId: running!.versionId });
      await expect.poll(() => stops > seen, { timeout: 15_000 }).toBe(true);
    },
    async close(): Promise<void> {
      await cdp.send('ServiceWorker.disable');
      await cdp.detach();
    },
  };
}

async function expectIntactChain(sw: Worker): Promise<AuditEntry[]> {
  const chainId = await ownChainId(sw);
  const chain = (await logEntries(sw)).filter((e) => e.chainId === chainId).sort((a, b) => a.seq - b.seq);
  const report = await verifyChain(chain);
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
  expect(chain.map((e) => e.seq)).toEqual(chain.map((_, i) => i + 1));
  return chain;
}

describe('the audit log writer in Chromium', () => {
  const env = useDemoExtension();

  // 1,000 attempts through 5 tabs into IndexedDB: ≈20 s on a busy 2-core machine (timeout below: at least 3×).
  it('stores 5 tabs × 200 concurrent attempts exactly once each, in one intact chain', async () => {
    const sw = env.ext.serviceWorker;
    const before = attemptsIn(await logEntries(sw)).length;
    const pages = await Promise.all(Array.from({ length: 5 }, () => openBlocked(env.ext.context, env.server.url)));
    await Promise.all(pages.map((p) => addLockedControls(p, 200)));
    const sent = await Promise.all(pages.map(burst));
    expect(sent).toEqual([200, 200, 200, 200, 200]);

    await expect.poll(async () => attemptsIn(await logEntries(sw)).length - before, { timeout: 40_000, interval: 250 }).toBe(1000);
    await new Promise((r) => setTimeout(r, 1000)); // late retries would show up here as extra entries
    const attempts = attemptsIn(await logEntries(sw));
    expect(attempts.length - before).toBe(1000);
    expect(new Set(attempts.map((e) => e.id)).size).toBe(attempts.length);
    expect(attempts.at(-1)).toMatchObject({
      kind: 'click',
      outcome: 'blocked',
      userId: 'u-pta-riley',
      credential: 'PTA',
      clinicId: 'clinic-south',
      profile: 'demo-ehr',
    });
    await expectIntactChain(sw);
    expect(
      await sw.evaluate(async (key) => (await (globalThis as unknown as { chrome: any }).chrome.storage.local.get(key))[key], AUDIT_PROBLEM_KEY),
    ).toBeUndefined();
    await Promise.all(pages.map((p) => p.close()));
  }, 120_000);

  it('loses and doubles nothing when the service worker is stopped during a burst', async () => {
    const sw = env.ext.serviceWorker;
    const N = 300;
    const before = await entryCount(sw);
    const pages = await Promise.all([openBlocked(env.ext.context, env.server.url), openBlocked(env.ext.context, env.server.url)]);
    await Promise.all(pages.map((p) => addLockedControls(p, N / 2)));
    const stopper = await workerStopper(env.ext.context, pages[0], env.ext.extensionId);
    // An extension page's message starts a stopped worker (evaluate alone would wait for one forever).
    const extPage = await env.ext.context.newPage();
    await extPage.goto(`chrome-extension://${env.ext.extensionId}/${popupPath()}`);
    const wake = () =>
      extPage.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'wake-up' }),
      );
    const landed = async () => (await entryCount(sw)) - before;
    await sw.evaluate(() => {
      (globalThis as { __beforeStop?: boolean }).__beforeStop = true;
    });

    await Promise.all(pages.map(burst));
    // Stopped as soon as a few attempts are in: most are still on their way (or in a transaction).
    await expect.poll(landed, { timeout: 20_000, interval: 5 }).toBeGreaterThanOrEqual(5);
    await stopper.stop();
    await wake();
    expect(await landed()).toBeLessThan(N);
    // And once more, later in the burst.
    await expect.poll(landed, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(N / 2);
    await stopper.stop();
    await wake();
    await stopper.close();

    await expect.poll(landed, { timeout: 30_000, interval: 250 }).toBe(N);
    await new Promise((r) => setTimeout(r, 1500)); // late retries would show up here as extra entries
    expect(await landed()).toBe(N);
    const attempts = attemptsIn(await logEntries(sw));
    expect(new Set(attempts.map((e) => e.id)).size).toBe(attempts.length);
    // It really was a new worker: the old global scope is gone.
    expect(await sw.evaluate(() => (globalThis as { __beforeStop?: boolean }).__beforeStop)).toBeUndefined();
    await expectIntactChain(sw);
    await Promise.all([...pages, extPage].map((p) => p.close()));
  });

  it("keeps each tab's latest lock state in storage.session for the popup, and forgets it when the tab closes", async () => {
    const sw = env.ext.serviceWorker;
    const tabStates = () =>
      sw.evaluate(async () => {
        const all = (await (globalThis as unknown as { chrome: any }).chrome.storage.session.get(null)) as Record<string, { locked: boolean }>;
        return Object.entries(all)
          .filter(([k]) => k.startsWith('tab:'))
          .map(([, v]) => v);
      });
    const before = (await tabStates()).length;
    const page = await openBlocked(env.ext.context, env.server.url);
    await expect.poll(async () => (await tabStates()).length).toBe(before + 1);
    expect((await tabStates()).at(-1)).toMatchObject({ locked: true });
    await page.close();
    await expect.poll(async () => (await tabStates()).length).toBe(before);
  });
});
