/**
 * The built dist/firefox in real Firefox (ESR, WebDriver BiDi): the permission truth table on the demo note screen,
 * the explanation and billing warning on screen, and a blocked attempt in the audit log and on the review page.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../../../manifest.json';
import directory from '../../../rules/directory.example.json';
import pack from '../../../rules/packs/webpt-default.json';
import { openExtensionPage } from '../../../scripts/firefox';
import { finalizeCallsIn, marksSay, missingFromExplanation, openAllFixesIn, openNoteIn, overlayTextOf, trustedClick } from '../../../scripts/firefox-page';
import { attemptsQuery, noteContextOf, readAttempts } from '../../../scripts/ehr-page';
import { decide } from '../../../src/policy/decide';
import { REVIEW_PAGE } from '../../../src/shared/review-page';
import { FIREFOX_DIST, useFirefoxDemo } from './setup';

/** A PTA with "Finish SOAP Notes" confirmed (jamie) and one without it (riley), in a clinic and with an insurance that allow assistants or not. */
const ROWS = ['u-pta-jamie', 'u-pta-riley'].flatMap((user) =>
  ['clinic-north', 'clinic-south'].flatMap((clinic) => ['ins-acme-ppo', 'ins-summit-wc'].map((insurance) => ({ user, clinic, insurance }))),
);

describe('Finalize Guard in Firefox', () => {
  const env = useFirefoxDemo();

  it('is granted its sites (MV3 host permissions, which Firefox lets a user withdraw) at install, and nothing more', async () => {
    const granted = await env.ff.extensionPage.evaluate(() =>
      (globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ origins: string[]; permissions: string[] }> } } }).browser.permissions.getAll(),
    );
    // The installed build's hosts: the build writes them from the shipped profiles (vite.hosts.ts, checked in bundle.test.ts).
    const built = JSON.parse(readFileSync(`${FIREFOX_DIST}/manifest.json`, 'utf8')) as { content_scripts: Array<{ matches: string[] }> };
    expect([...granted.origins].sort()).toEqual([...built.content_scripts[0].matches].sort());
    // The manifest's, but offscreen: Firefox has none (its event page has a document for the selector check).
    expect(granted.permissions).toEqual(manifest.permissions.filter((p) => p !== 'offscreen'));
  });

  // One test per PTA (4 note tabs each), each well inside the test timeout on a busy machine.
  it.each(['u-pta-jamie', 'u-pta-riley'])(
    'clinic × insurance × user permission for %s: only all three on lets a PTA finalize, every reason shown otherwise',
    async (user) => {
      const wrong: string[] = [];
      for (const row of ROWS.filter((r) => r.user === user)) {
        const expected = await decide(pack, directory, noteContextOf(row));
        const label = `${row.user} ${row.clinic} ${row.insurance}`;
        const page = await openNoteIn(env.ff, env.server.url, row);
        const state = await marksSay(page);
        if (expected.outcome === 'allowed') {
          if (state !== 'open') wrong.push(`${label}: ${state}, expected open`);
          await trustedClick(page, 'button.finalize.top');
          await expect.poll(() => finalizeCallsIn(page)).toBe(1);
        } else {
          if (state !== 'locked') wrong.push(`${label}: ${state}, expected locked`);
          // The explanation, from the keyboard: every failing gate, with its remedy (each fix is on demand).
          await openAllFixesIn(page, expected.failures.length);
          const reasons = expected.failures.flatMap((f) => [f.message, f.remedy]);
          const missing = async () => {
            const shown = await overlayTextOf(page);
            return reasons.filter((t) => !shown.includes(t));
          };
          await expect
            .poll(missing)
            .toEqual([])
            .catch(async () => wrong.push(`${label}: overlay lacks ${(await missing()).join(' | ')}`));
          if ((await finalizeCallsIn(page)) !== 0) wrong.push(`${label}: the EHR's finalize ran`);
        }
        await page.close();
      }
      expect(wrong).toEqual([]);
    },
  );

  it('the 8 rows: only jamie (North Clinic, Acme PPO: all three permissions on) may finalize', async () => {
    expect(ROWS).toHaveLength(8);
    const outcomes = await Promise.all(ROWS.map(async (row) => (await decide(pack, directory, noteContextOf(row))).outcome));
    expect(ROWS.filter((_, i) => outcomes[i] === 'allowed')).toEqual([{ user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' }]);
  });

  it('a therapist is unaffected by the three assistant permissions (all four clinic × insurance combinations open)', async () => {
    for (const clinic of ['clinic-north', 'clinic-south']) {
      for (const insurance of ['ins-acme-ppo', 'ins-summit-wc']) {
        const page = await openNoteIn(env.ff, env.server.url, { user: 'u-pt-avery', clinic, insurance });
        expect(await marksSay(page), `${clinic} ${insurance}`).toBe('open');
        await page.close();
      }
    }
  });

  it('shows the explanation with the three reasons and their fixes, and no billing warning while Finalize is locked', async () => {
    const row = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
    const expected = await decide(pack, directory, noteContextOf(row));
    expect(expected.failures.map((f) => f.gate).sort()).toEqual(['clinic', 'insurance', 'user']);
    const billing = expected.warnings.filter((w) => w.gate === 'billing' && w.audience === 'documenter');
    expect(billing).not.toEqual([]); // the pack warns, but a locked note must not tell a PTA to become a billing provider
    const page = await openNoteIn(env.ff, env.server.url, row);
    await openAllFixesIn(page, expected.failures.length);
    const texts = ['Finalize is locked — 3 reasons', ...expected.failures.flatMap((f) => [f.message, f.remedy])];
    await expect.poll(() => missingFromExplanation(page, texts)).toEqual([]);
    const shown = await overlayTextOf(page);
    for (const w of billing) expect(shown).not.toContain(w.message);
    await page.close();
  });

  it('locks Finalize in frames without a URL of their own (srcdoc, sandboxed srcdoc, about:blank), by the base URL they inherit', async () => {
    const page = await openNoteIn(env.ff, env.server.url, { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' });
    await page.evaluate(() => {
      const button = '<button type="button" data-action="finalize">Finalize</button>';
      const frame = (id: string, sandbox?: string) => {
        const f = document.createElement('iframe');
        f.id = id;
        if (sandbox !== undefined) f.setAttribute('sandbox', sandbox);
        if (id !== 'blank') f.srcdoc = `<!doctype html><body>${button}</body>`;
        // about:blank, written by script once loaded (Firefox replaces the first about:blank document)
        if (id === 'blank') f.addEventListener('load', () => f.contentDocument!.body.insertAdjacentHTML('beforeend', button), { once: true });
        document.body.append(f);
      };
      frame('srcdoc');
      frame('sandboxed', 'allow-scripts'); // an opaque origin: Firefox tells no parent origin
      frame('blank');
    });
    const marks = async () =>
      Promise.all(
        page
          .frames()
          .filter((f) => f !== page.mainFrame())
          .map((f) => f.evaluate(() => document.querySelector('[data-action=finalize]')?.getAttribute('data-finalize-guard') ?? 'not marked')),
      );
    await expect.poll(marks, { timeout: 30_000 }).toEqual(['locked', 'locked', 'locked']);
    await page.close();
  });

  it('an allowed note whose supervising therapist is not a billing provider: open, with the billing warning', async () => {
    const row = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo', supervisor: 'u-pt-blake' };
    const expected = await decide(pack, directory, noteContextOf(row));
    expect(expected.outcome).toBe('allowed');
    const billing = expected.warnings.find((w) => w.gate === 'billing' && w.audience === 'documenter');
    expect(billing).toBeDefined();
    const page = await openNoteIn(env.ff, env.server.url, row);
    expect(await marksSay(page)).toBe('open');
    await expect.poll(() => overlayTextOf(page)).toContain(billing!.message);
    await page.close();
  });

  it('stores a blocked attempt in the audit log (identifiers and rule ids, no names) and shows it on the review page', async () => {
    const row = { user: 'u-pta-morgan', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };
    const page = await openNoteIn(env.ff, env.server.url, row);
    expect(await marksSay(page)).toBe('locked');
    const expected = await decide(pack, directory, noteContextOf(row));
    await expect.poll(() => missingFromExplanation(page, [expected.failures[0].message])).toEqual([]); // decided, not loading
    await trustedClick(page, 'button.finalize.top');
    const query = await attemptsQuery();
    const stored = async () =>
      (await env.ff.extensionPage.evaluate(readAttempts, query)).find((a) => a.userId === 'u-pta-morgan' && JSON.stringify(a.gates) === '["user"]');
    await expect.poll(stored).toBeDefined();
    const attempt = await stored();
    expect(attempt).toMatchObject({
      outcome: 'blocked',
      rules: ['user-permission-unconfirmed'],
      clinicId: 'clinic-north',
      noteId: 'note-20001',
      profile: 'demo-ehr',
    });
    expect(JSON.stringify(attempt)).not.toMatch(/Morgan Lee|Test Patient|SYN-0001|knee/); // the user's and patient's names, MRN, note text
    expect(await finalizeCallsIn(page)).toBe(0);
    await page.close();

    const review = await openExtensionPage(env.ff, REVIEW_PAGE);
    const rows = () => review.evaluate(() => document.querySelector('[data-testid=totals]')?.textContent ?? '');
    await expect.poll(rows).toMatch(/[1-9]\d* blocked attempts? in the log/);
    await expect.poll(() => review.evaluate(() => document.body.textContent ?? '')).toContain('u-pta-morgan');
    await review.close();
  });
});
