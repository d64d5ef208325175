/**
 * The review page in real Chromium, driven like a supervisor: real blocked attempts on the demo EHR
 * (two users), then filters, a detail, "Mark reviewed", CSV and JSON export, re-import (duplicates
 * skipped), a tampered import (refused whole), chain verification, and the popup's count.
 * Then the README screenshot (a synthetic two-week history imported through the page), and a file the
 * page sends to the worker in two parts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealEntry, type EntryBody } from '../../src/audit/chain';
import { toExport } from '../../src/audit/export-import';
import { CHAIN_B, chainOf } from '../../src/audit/fixtures';
import type { AuditEntry, AuditExport } from '../../src/audit/types';
import { lockState, openNote } from '../../scripts/ehr-page';
import { openConsole, setPasscodeAndUnlock } from './console-page';
import { useDemoExtension } from './setup';
import { AUDIT_NOTICE_KEY, AUDIT_PROBLEM_KEY } from '../../src/shared/storage-keys';
import { REVIEW_PAGE } from '../../src/shared/review-page';

const RILEY = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
const MORGAN = { user: 'u-pta-morgan', clinic: 'clinic-north', insurance: 'ins-acme-ppo', noteType: 'evaluation' };
const RILEY_ATTEMPTS = 5;
const MORGAN_ATTEMPTS = 3;
const TOTAL = RILEY_ATTEMPTS + MORGAN_ATTEMPTS;

/** Every audit entry, read in an extension page (the database is the worker's; only read here, never created). */
function readLog(page: Page): Promise<AuditEntry[]> {
  return page.evaluate(async () => {
    if (!(await indexedDB.databases()).some((d) => d.name === 'finalize-guard-audit')) return [];
    return new Promise<AuditEntry[]>((resolve, reject) => {
      const open = indexedDB.open('finalize-guard-audit');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const req = db.transaction('entries', 'readonly').objectStore('entries').getAll();
        req.onsuccess = () => {
          db.close();
          resolve(req.result);
        };
        req.onerror = () => {
          db.close();
          reject(req.error);
        };
      };
    });
  });
}

/** Deletes and/or adds an entry in the audit database, from an extension page (what DevTools there could do). */
function changeLog(page: Page, change: { remove?: string; add?: AuditEntry }): Promise<void> {
  return page.evaluate(
    ({ remove, add }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('finalize-guard-audit');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('entries', 'readwrite');
          if (remove) tx.objectStore('entries').delete(remove);
          if (add) tx.objectStore('entries').add(add);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    change,
  );
}

/** Distinct Finalize controls, one dispatched click each: the guard dedupes repeats on one control within 800 ms. */
async function blockedAttempts(page: Page, n: number): Promise<void> {
  expect(await lockState(page)).toBe('locked');
  await page.evaluate((count) => {
    const host = document.querySelector('#app main') ?? document.body;
    for (let i = 0; i < count; i++) {
      const b = document.createElement('button');
      b.type = 'button';
      b.dataset.action = 'finalize';
      b.className = 'fg-e2e-extra';
      b.textContent = `Finalize ${i}`;
      host.append(b);
    }
  }, n);
  await page.waitForFunction(() => [...document.querySelectorAll('.fg-e2e-extra')].every((b) => b.getAttribute('data-finalize-guard') === 'locked'));
  await page.evaluate(() => {
    for (const b of document.querySelectorAll('.fg-e2e-extra')) b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
  });
}

const rowCount = (page: Page) => page.locator('.attempts tbody tr').count();
const countText = (page: Page) => page.getByTestId('row-count').textContent();

async function download(page: Page, button: string): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** Files to import are written here (the browser reads them when the page does); removed after the file's tests. */
let importDir = '';
beforeAll(async () => {
  importDir = await mkdtemp(path.join(os.tmpdir(), 'fg-e2e-import-'));
});
afterAll(() => rm(importDir, { recursive: true, force: true }));

async function importFiles(page: Page, files: Array<{ name: string; text: string }>): Promise<void> {
  const dir = importDir;
  const paths = await Promise.all(
    files.map(async (f) => {
      const p = path.join(dir, f.name);
      await writeFile(p, f.text);
      return p;
    }),
  );
  await page.locator('#import-files').setInputFiles(paths);
}

/** Two weeks of synthetic history on a chain of its own, sealed like the worker seals (for the chart in the screenshot). */
async function syntheticHistory(): Promise<AuditExport> {
  const chainId = '7e57da7a-0000-4000-8000-000000000001';
  const users = [
    ['u-pta-riley', 'PTA'],
    ['u-pta-morgan', 'PTA'],
    ['u-cota-sam', 'COTA'],
    ['u-slpa-kai', 'SLPA'],
  ] as const;
  const shapes = [
    {
      gates: ['clinic', 'insurance', 'user'],
      rules: ['clinic-allows-assistants', 'insurance-allows-assistants', 'user-permission-off'],
      clinicId: 'clinic-south',
      insuranceIds: ['ins-summit-wc'],
    },
    { gates: ['user'], rules: ['user-permission-unconfirmed'], clinicId: 'clinic-north', insuranceIds: ['ins-acme-ppo'] },
    { gates: ['insurance'], rules: ['insurance-allows-assistants'], clinicId: 'clinic-north', insuranceIds: ['ins-summit-wc'] },
    { gates: ['clinic'], rules: ['clinic-allows-assistants'], clinicId: 'clinic-south', insuranceIds: ['ins-medicare-b'] },
  ];
  const noteTypes = ['daily', 'daily', 'progress', 'evaluation'];
  const start = Date.now() - 15 * 86_400_000;
  const entries: AuditEntry[] = [];
  let last: AuditEntry | null = null;
  let n = 0;
  for (let day = 0; day < 14; day++) {
    const count = 6 + ((day * 7) % 9) * 2 + (day % 7 < 5 ? 6 : 0);
    for (let k = 0; k < count; k++, n++) {
      const [userId, credential] = users[(n * 3 + day) % users.length];
      const shape = shapes[(n + day * 2) % shapes.length];
      const body = {
        id: `7e57da7a-0000-4000-8000-${(n + 1).toString(16).padStart(12, '0')}`,
        chainId,
        at: new Date(start + day * 86_400_000 + (8 + (k % 9)) * 3_600_000 + k * 60_000).toISOString(),
        type: 'attempt',
        kind: k % 5 === 0 ? 'key' : 'click',
        outcome: 'blocked',
        userId,
        credential,
        clinicId: shape.clinicId,
        insuranceIds: shape.insuranceIds,
        noteType: noteTypes[n % noteTypes.length],
        gates: shape.gates,
        rules: shape.rules,
        pack: { name: 'webpt-default', version: '1.0.0', hash: 'd05a586560b3'.padEnd(64, '0') },
        profile: 'demo-ehr',
      } as EntryBody;
      entries.push((last = await sealEntry(body, last)));
    }
  }
  return { format: 'finalize-guard-audit', version: 1, exportedAt: new Date().toISOString(), entries };
}

describe('the review page, driven like a supervisor', () => {
  const env = useDemoExtension();
  const reviewUrl = () => `chrome-extension://${env.ext.extensionId}/${REVIEW_PAGE}`;
  let review: Page;
  let exported: { name: string; text: string };

  it('shows the real blocked attempts of two users once the worker has stored them', async () => {
    const riley = await openNote(env.ext.context, env.server.url, RILEY);
    await blockedAttempts(riley, RILEY_ATTEMPTS);
    const morgan = await openNote(env.ext.context, env.server.url, MORGAN);
    await blockedAttempts(morgan, MORGAN_ATTEMPTS);

    review = await env.ext.context.newPage();
    const problems: string[] = [];
    review.on('pageerror', (e) => problems.push(e.message));
    review.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await review.goto(reviewUrl());
    await expect.poll(async () => (await readLog(review)).filter((e) => e.type === 'attempt').length, { timeout: 15_000 }).toBe(TOTAL);
    await riley.close();
    await morgan.close();

    await review.reload();
    await expect.poll(() => countText(review)).toBe(`Showing ${TOTAL} of ${TOTAL} blocked attempts, newest first.`);
    await expect.poll(() => review.getByTestId('totals').textContent()).toContain(`${TOTAL} blocked attempts in the log, ${TOTAL} unreviewed`);
    await expect
      .poll(() => review.getByTestId('chart-summary').textContent())
      .toMatch(new RegExp(`^${TOTAL} blocked attempts on 1 day .*By gate: user ${TOTAL}, clinic ${RILEY_ATTEMPTS}, insurance ${RILEY_ATTEMPTS}`));
    expect(await review.getByRole('img', { name: /blocked attempts per day/i }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('filters by user and by gate: the rows change accordingly', async () => {
    const user = review.getByLabel('User', { exact: true });
    const gate = review.getByLabel('Gate', { exact: true });
    expect(await user.locator('option').allTextContents()).toEqual(['All', 'u-pta-morgan (PTA)', 'u-pta-riley (PTA)']);
    await user.selectOption('u-pta-morgan');
    await expect.poll(() => rowCount(review)).toBe(MORGAN_ATTEMPTS);
    expect(await review.locator('.attempts tbody tr td:nth-child(2)').allTextContents()).toEqual(Array(MORGAN_ATTEMPTS).fill('u-pta-morgan (PTA)'));
    expect(await review.locator('.attempts tbody tr td:nth-child(5)').allTextContents()).toEqual(Array(MORGAN_ATTEMPTS).fill('evaluation'));
    await gate.selectOption('clinic');
    await expect.poll(() => countText(review)).toBe('No blocked attempts match.');
    await user.selectOption('');
    await expect.poll(() => rowCount(review)).toBe(RILEY_ATTEMPTS);
    await gate.selectOption('user');
    await expect.poll(() => rowCount(review)).toBe(TOTAL);
    await review.getByLabel('Clinic', { exact: true }).selectOption('clinic-south');
    await expect.poll(() => rowCount(review)).toBe(RILEY_ATTEMPTS);
    await review.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowCount(review)).toBe(TOTAL);
  });

  it('opens a detail, and "Mark reviewed" adds a review entry while the attempt itself stays as it was', async () => {
    await review.getByLabel('User', { exact: true }).selectOption('u-pta-riley');
    await expect.poll(() => rowCount(review)).toBe(RILEY_ATTEMPTS);
    const row = review.locator('.attempts tbody tr').first();
    const id = (await row.getAttribute('data-id'))!;
    const before = (await readLog(review)).find((e) => e.id === id)!;
    await row.getByRole('button').press('Enter'); // keyboard: the time cell is a button
    const detail = review.getByTestId('detail');
    expect(await detail.getByTestId('detail-gates').textContent()).toBe('clinic, insurance, user');
    expect(await detail.getByTestId('detail-rules').textContent()).toContain('clinic-allows-assistants');
    const explanation = await detail.getByTestId('explanation').textContent();
    expect(explanation).toContain('South Clinic does not allow therapist assistants to finalize notes.');
    expect(explanation).toContain("Summit Workers' Comp");
    expect(explanation).toContain('How to fix: Forward this note to your supervising therapist');
    expect(await detail.getByTestId('detail-pack').textContent()).toMatch(/^webpt-default 1\.0\.0 #[0-9a-f]{12}$/);
    expect(await detail.textContent()).toContain('the one this attempt was decided under');
    expect(await detail.textContent()).toContain('Do not write patient data');
    expect(await detail.getByTestId('review-history').textContent()).toBe('Not reviewed yet.');

    await detail.getByLabel('Reviewer id').fill('u-pt-avery');
    await detail.getByLabel(/^Note/).fill('Discussed with the assistant; clinic setting is intended.');
    await detail.getByRole('button', { name: 'Mark reviewed' }).click();
    await expect.poll(() => row.locator('[data-col=reviewed]').textContent()).toBe('Yes (u-pt-avery)');
    await expect.poll(() => review.getByTestId('review-history').textContent()).toContain('Discussed with the assistant; clinic setting is intended.');

    const log = await readLog(review);
    expect(log.find((e) => e.id === id)).toEqual(before);
    const reviews = log.filter((e) => e.type === 'review');
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ reviewOf: id, reviewer: 'u-pt-avery', note: 'Discussed with the assistant; clinic setting is intended.' });
    // Escape closes the detail and gives the focus back to the row it came from.
    await detail.getByRole('button', { name: 'Mark reviewed' }).focus();
    await review.keyboard.press('Escape');
    await expect.poll(() => review.getByTestId('detail').count()).toBe(0);
    await expect.poll(() => review.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-id'))).toBe(id);

    await review.getByLabel('Reviewed', { exact: true }).selectOption('no');
    await expect.poll(() => rowCount(review)).toBe(RILEY_ATTEMPTS - 1);
    await review.getByLabel('Reviewed', { exact: true }).selectOption('');
  });

  it('exports the current filter as CSV, and everything as JSON', async () => {
    // Filter: Riley only.
    const csv = await download(review, 'Export CSV');
    expect(csv.name).toMatch(/^finalize-guard-audit-filtered-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'at,outcome,kind,userId,credential,clinicId,insuranceIds,noteType,noteRef,gates,rules,pack,packHash,profile,reviewed,reviewedBy,reviewNote,id',
    );
    expect(lines).toHaveLength(RILEY_ATTEMPTS + 1);
    expect(lines.slice(1).every((l) => l.includes(',"u-pta-riley","PTA","clinic-south","ins-summit-wc",'))).toBe(true);
    expect(lines.slice(1).filter((l) => l.includes(',"yes","u-pt-avery",'))).toHaveLength(1);

    await review.getByRole('button', { name: 'Clear filters' }).click();
    exported = await download(review, 'Export JSON');
    expect(exported.name).toMatch(/^finalize-guard-audit-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(exported.text) as AuditExport;
    expect(file.format).toBe('finalize-guard-audit');
    // Whole, with its chain's head, and signed by this browser's key (no organisation key in policy here).
    expect(file).toMatchObject({ version: 2, scope: 'whole', partialChains: [], signature: { keyId: expect.stringMatching(/^browser:/) } });
    expect(file.heads).toEqual([{ chainId: file.entries[0].chainId, seq: file.entries.length, hash: file.entries[file.entries.length - 1].hash }]);
    expect(file.entries.filter((e) => e.type === 'attempt')).toHaveLength(TOTAL);
    expect(file.entries.filter((e) => e.type === 'review')).toHaveLength(1);
    expect(JSON.stringify(file)).not.toMatch(/Riley Chen|Morgan Lee|South Clinic/);
  });

  it('imports its own export as duplicates only, and refuses a tampered copy, a whole export missing an entry and a re-headed cut whole', async () => {
    const size = (await readLog(review)).length;
    const tampered = JSON.parse(exported.text) as AuditExport;
    const victim = tampered.entries.find((e) => e.type === 'attempt')!;
    (victim as { gates: string[] }).gates = ['billing'];
    const gap = JSON.parse(exported.text) as AuditExport;
    gap.entries.splice(3, 1);
    // A cut tail with its head moved to match: a whole chain again, but no longer what was signed.
    const cut = JSON.parse(exported.text) as AuditExport;
    const dropped = cut.entries.pop()!;
    const newLast = cut.entries[cut.entries.length - 1];
    cut.heads = [{ chainId: newLast.chainId, seq: newLast.seq, hash: newLast.hash }];
    const filtered = toExport(gap.entries.slice(0, 4), new Date().toISOString(), { userId: 'u-pta-riley' });
    await importFiles(review, [
      { name: 'same-export.json', text: exported.text },
      { name: 'tampered-export.json', text: JSON.stringify(tampered) },
      { name: 'gap-export.json', text: JSON.stringify(gap) },
      { name: 'cut-export.json', text: JSON.stringify(cut) },
      { name: 'filtered-export.json', text: JSON.stringify(filtered) },
    ]);
    const results = review.getByTestId('import-results').locator('li');
    await expect.poll(() => results.count()).toBe(5);
    expect(await results.nth(0).textContent()).toBe(`same-export.json: imported 0, skipped ${size} duplicates. A whole export; its signature verified.`);
    expect(await results.nth(2).textContent()).toBe(
      `"gap-export.json" was altered: seq 4 of chain ${gap.entries[0].chainId.slice(0, 8)}… is missing from this whole export — nothing was imported from it.`,
    );
    expect(dropped.seq).toBe(size);
    expect(await results.nth(3).textContent()).toBe('"cut-export.json" was altered: its signature does not match its contents — nothing was imported from it.');
    expect(await results.nth(4).textContent()).toBe(
      'filtered-export.json: imported 0, skipped 4 duplicates. A filtered export (userId u-pta-riley), imported as partial; not signed.',
    );
    const refused = (await results.nth(1).textContent())!;
    expect(refused).toContain('tampered-export.json');
    expect(refused).toMatch(/was altered: entry \d+ .*does not match its hash/);
    expect(refused).toContain('nothing was imported from it');
    expect(await results.nth(1).getAttribute('class')).toBe('bad');
    expect((await readLog(review)).length).toBe(size);
    await expect.poll(() => rowCount(review)).toBe(TOTAL);
  });

  it('saves the retention setting through the worker only with the admin console unlocked, logs it, shows the storage used, and verifies the chain', async () => {
    const status = review.locator('.retention [role=status]');
    expect(await review.locator('#retention-hint').textContent()).toContain('needs the admin console unlocked');
    // Locked console: refused in plain words, nothing saved.
    await review.getByLabel('Keep entries for (days)').fill('1');
    await review.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(() => status.textContent()).toBe('Not saved: Unlock the admin console to change retention (Finalize Guard → Options → Access).');
    // The retention lives in the log's own database (content scripts cannot reach it), written by the worker only.
    const storedSettings = () =>
      review.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('finalize-guard-audit');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const req = open.result.transaction('settings', 'readonly').objectStore('settings').get('retention');
              req.onsuccess = () => {
                open.result.close();
                resolve(req.result);
              };
            };
          }),
      );
    expect(await storedSettings()).toEqual({ retentionDays: 180 }); // the default, applied at the worker's start
    expect((await readLog(review)).filter((e) => e.type === 'prune')).toEqual([]);

    const adminConsole = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(adminConsole, { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' });
    const session = (await env.ext.serviceWorker.evaluate(
      async () =>
        (
          await (
            globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } } }
          ).chrome.storage.session.get('adminSession')
        ).adminSession,
    )) as { author: string };
    await adminConsole.close();
    await review.getByLabel('Keep entries for (days)').fill('365');
    await review.getByRole('button', { name: 'Save retention' }).click();
    await expect.poll(() => status.textContent()).toBe('Saved: entries are kept 365 days; 0 older entries removed now.');
    const prunes = (await readLog(review)).filter((e) => e.type === 'prune');
    expect(prunes).toEqual([expect.objectContaining({ removed: 0, retentionDays: 365, setBy: session.author })]);
    expect(await storedSettings()).toEqual({ retentionDays: 365 });
    expect(await review.getByTestId('storage-used').textContent()).toMatch(/^[\d.]+ (B|KB|MB|GB)( of [\d.]+ (KB|MB|GB|TB) available)?$/);

    await review.getByRole('button', { name: 'Verify chain' }).click();
    const size = (await readLog(review)).length;
    await expect.poll(() => review.getByTestId('chain-result').textContent()).toBe(`All ${size} entries verified (1 chain).`);
  });

  it("detects a cut-off tail and a rewritten tail of this browser's chain, which the chain alone cannot show", async () => {
    const own = (await readLog(review)).sort((a, b) => a.seq - b.seq);
    const last = own[own.length - 1];
    const verify = async () => {
      await review.reload();
      await review.getByRole('button', { name: 'Verify chain' }).click();
      await expect.poll(() => review.getByTestId('chain-result').textContent()).toMatch(/verified|failed/);
      return review.getByTestId('chain-result').textContent();
    };
    // Cut: the newest entry deleted from the extension's database (as DevTools on an extension page could).
    await changeLog(review, { remove: last.id });
    expect(await verify()).toBe(
      `Verification failed: 1 problem in ${own.length - 1} entries.This browser's chain ends at seq ${last.seq - 1}, but the log wrote up to seq ${last.seq}: entries were cut off its end.`,
    );
    // Rewritten: a different entry in its place, sealed onto the chain with a recomputed hash.
    const forged = await sealEntry({ ...(last as EntryBody), id: '0badc0de-0000-4000-8000-000000000001', at: new Date().toISOString() }, own[own.length - 2]);
    await changeLog(review, { add: forged });
    expect(await verify()).toContain(`Seq ${last.seq} of this browser's chain is not the entry the log wrote`);
    // Put back as it was: verified again.
    await changeLog(review, { remove: forged.id, add: last });
    expect(await verify()).toBe(`All ${own.length} entries verified (1 chain).`);
  });

  it('the popup counts the unreviewed attempts and links to the review page', async () => {
    const popup = await env.ext.context.newPage();
    await popup.goto(`chrome-extension://${env.ext.extensionId}/src/ui/popup/index.html`);
    await expect.poll(() => popup.getByTestId('unreviewed').textContent()).toBe(`${TOTAL - 1} unreviewed blocked attempts`);
    // Opened as a tab, the popup's active tab is itself: not a note screen.
    expect(await popup.getByTestId('tab-decision').textContent()).toBe('This tab is not a note screen Finalize Guard knows.');
    expect(await popup.getByTestId('review-link').getAttribute('href')).toBe(reviewUrl());
    expect(await popup.getByTestId('pack').textContent()).toMatch(
      /^webpt-default 1\.0\.0 #[0-9a-f]{12}; where clinics use them: .*medicare-part-b \d+\.\d+\.\d+/,
    );
    expect(await popup.getByTestId('audit-problem').count()).toBe(0);

    // The worker's "log is full" problem shows on both pages, prominently, until it is cleared.
    const setProblem = (problem: unknown, storageKey = AUDIT_PROBLEM_KEY) =>
      env.ext.serviceWorker.evaluate(
        async ([key, p]) => {
          const local = (globalThis as unknown as { chrome: { storage: { local: { set(v: object): Promise<void>; remove(k: string): Promise<void> } } } })
            .chrome.storage.local;
          if (p) await local.set({ [key as string]: p });
          else await local.remove(key as string);
        },
        [storageKey, problem] as const,
      );
    await setProblem({ at: new Date().toISOString(), message: 'The audit log is full: new attempts cannot be stored.' });
    await expect.poll(() => popup.getByRole('alert').textContent()).toContain('The audit log is full: new attempts cannot be stored.');
    await expect.poll(() => review.getByTestId('audit-problem').textContent()).toContain('The audit log is full');
    await setProblem(null);
    await expect.poll(() => review.getByTestId('audit-problem').count()).toBe(0);
    // What the log lost stays, whatever is written next, until a supervisor dismisses it on the review page (the
    // popup, an assistant's, shows it without a Dismiss).
    await setProblem({ at: new Date().toISOString(), message: 'A note screen kept a blocked attempt the audit log cannot read.' }, AUDIT_NOTICE_KEY);
    await expect.poll(() => popup.getByTestId('audit-notice').textContent()).toContain('cannot read');
    expect(await popup.getByTestId('audit-notice').getByRole('button').count()).toBe(0);
    expect(await popup.getByTestId('audit-notice').textContent()).toContain('A supervisor dismisses it on the review page.');
    await review.getByTestId('audit-notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect.poll(() => review.getByTestId('audit-notice').count()).toBe(0);
    await expect.poll(() => popup.getByTestId('audit-notice').count()).toBe(0);

    // With a note screen as the active tab: its decision in one sentence, reasons included.
    const note = await openNote(env.ext.context, env.server.url, RILEY);
    expect(await lockState(note)).toBe('locked');
    await note.bringToFront();
    await popup.reload();
    await expect
      .poll(() => popup.getByTestId('tab-decision').textContent())
      .toMatch(
        /^Finalize is locked on this note\. South Clinic does not allow therapist assistants to finalize notes\. The patient's insurance \(Summit Workers' Comp\)/,
      );
    await note.close();
    await popup.close();
  });

  it('imports a second chain (two weeks of synthetic history) and takes the README screenshot', async () => {
    const history = await syntheticHistory();
    await importFiles(review, [{ name: 'north-and-south-history.json', text: JSON.stringify(history) }]);
    await expect
      .poll(() => review.getByTestId('import-results').textContent())
      .toBe(
        `north-and-south-history.json: imported ${history.entries.length}, skipped 0 duplicates. An older export that does not say whether it is whole, imported as partial; not signed.`,
      );
    await expect.poll(() => rowCount(review)).toBe(200);
    expect(await countText(review)).toBe(`Showing 200 of ${history.entries.length + TOTAL} blocked attempts, newest first.`);
    await review.getByRole('button', { name: /^Show \d+ more$/ }).click();
    await expect.poll(() => rowCount(review)).toBe(Math.min(400, history.entries.length + TOTAL));
    await review.getByRole('button', { name: 'Verify chain' }).click();
    await expect.poll(() => review.getByTestId('chain-result').textContent()).toBe(`All ${(await readLog(review)).length} entries verified (2 chains).`);

    // 200% zoom of a 1280-pixel window: 640 CSS pixels. Everything reflows; only the table scrolls sideways, inside its box.
    await review.setViewportSize({ width: 640, height: 900 });
    expect(await review.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await review.setViewportSize({ width: 1440, height: 1280 });
    await review.getByLabel('Clinic', { exact: true }).selectOption('clinic-south');
    await review.locator('.attempts tbody tr').nth(1).getByRole('button').click();
    await review.getByTestId('detail').waitFor();
    await review.evaluate(() => window.scrollTo(0, 0));
    await review.mouse.move(0, 0);
    // The README's copy is refreshed only on request (UPDATE_SCREENSHOTS=1): a test run leaves the tree clean.
    const shot = await review.screenshot({ path: process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots/review-page.png' : undefined });
    expect(shot.length).toBeGreaterThan(10_000);
  });

  // Sealing, verifying and storing 12,000 entries: up to ≈30 s on a busy 2-core machine (timeout below: at least 3×).
  it('imports a file of 6,000 entries in two parts, and its second import as duplicates only', async () => {
    const before = (await readLog(review)).length;
    // Over the 5,000 entries one message may carry: the worker refuses a larger part as not well-formed.
    const big = JSON.stringify(toExport(await chainOf(CHAIN_B, 6000), new Date().toISOString()));
    await importFiles(review, [{ name: 'six-thousand.json', text: big }]);
    const results = review.getByTestId('import-results');
    await expect
      .poll(() => results.textContent(), { timeout: 60_000 })
      .toBe('six-thousand.json: imported 6,000, skipped 0 duplicates. A whole export; not signed.');
    expect((await readLog(review)).length).toBe(before + 6000);
    // The same file again: both parts are all duplicates, summed.
    await importFiles(review, [{ name: 'six-thousand.json', text: big }]);
    await expect
      .poll(() => results.textContent(), { timeout: 60_000 })
      .toBe('six-thousand.json: imported 0, skipped 6,000 duplicates. A whole export; not signed.');
    expect((await readLog(review)).length).toBe(before + 6000);
    await expect.poll(() => review.getByTestId('import-progress').count()).toBe(0);
    await review.getByRole('button', { name: 'Verify chain' }).click();
    await expect
      .poll(() => review.getByTestId('chain-result').textContent(), { timeout: 60_000 })
      .toBe(`All ${(before + 6000).toLocaleString('en-US')} entries verified (3 chains).`);
  }, 120_000);

  it("says so when this browser's whole audit database was deleted, also after new attempts start the chain again (last: it deletes the log)", async () => {
    const verify = async () => {
      await review.reload();
      await review.getByRole('button', { name: 'Verify chain' }).click();
      await expect.poll(() => review.getByTestId('chain-result').textContent(), { timeout: 30_000 }).toMatch(/verified|failed|empty/);
      return review.getByTestId('chain-result').textContent();
    };
    const DELETED = /This browser's audit log was deleted or replaced \(noticed \d{4}-\d\d-\d\d\): every entry written before then is gone/;
    await review.goto('about:blank'); // its connection would hold the deletion back
    // Deleted from inside the extension (as its DevTools could): the worker's own connection closes on the deletion.
    await env.ext.serviceWorker.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const req = indexedDB.deleteDatabase('finalize-guard-audit');
          req.onsuccess = () => resolve();
          req.onerror = () => reject(req.error);
        }),
    );
    await review.goto(reviewUrl());
    expect(await verify()).toMatch(DELETED);
    const riley = await openNote(env.ext.context, env.server.url, RILEY);
    await blockedAttempts(riley, 1);
    await expect.poll(async () => (await readLog(review)).filter((e) => e.type === 'attempt').length).toBe(1);
    expect((await readLog(review))[0].seq).toBe(1); // the chain started again...
    expect(await verify()).toMatch(DELETED); // ...and verification still says what happened
    await riley.close();
  }, 60_000);
});
