/**
 * The guard over time: SPA switches, rule changes without reload, loading and orphaned states,
 * monitor mode, attempts reaching the service worker, and what the overlay shows.
 */
import type { ConsoleMessage } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import pack from '../../rules/packs/webpt-default.json';
import { useDemoExtension } from './setup';
import { finalizeCalls, guardState, lockState, openNote, overlayElements, overlayText, setActiveConfig, storedAttempts } from '../../scripts/ehr-page';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
type Scenario = Record<string, unknown>;

describe('the guard over time', () => {
  const env = useDemoExtension();

  it('re-decides when the SPA switches user, insurance or clinic, without a reload', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    const set = (s: Scenario) => page.evaluate((x) => (window as unknown as { __setScenario(s: Scenario): void }).__setScenario(x), s);
    await set({ insurance: ['ins-summit-wc'] });
    await expect.poll(() => lockState(page)).toBe('locked');
    await set({ insurance: ['ins-acme-ppo'] });
    await expect.poll(() => lockState(page)).toBe('open');
    await set({ user: 'u-pta-morgan' });
    await expect.poll(() => lockState(page)).toBe('locked');
    await page.close();
  });

  it('re-decides open tabs when the rules change, without a reload, and records each blocked attempt', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    const strict = structuredClone(pack) as Record<string, any>;
    strict.rules[0].conditions.all[1] = { fact: 'clinic', path: 'assistantFinalization', operator: 'equal', value: true };
    strict.rules[0].event.params.message = 'Test rule: {{clinic.name}} is on.';
    await setActiveConfig(env.ext.serviceWorker, { pack: strict });
    await expect.poll(() => lockState(page)).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(page)).toContain('Test rule: North Clinic is on.');
    await expect
      .poll(async () => (await storedAttempts(env.ext.serviceWorker)).filter((a) => (a.rules as string[]).includes('clinic-allows-assistants')).length)
      .toBe(1);
    const [attempt] = (await storedAttempts(env.ext.serviceWorker)).filter((a) => (a.rules as string[]).includes('clinic-allows-assistants'));
    expect(attempt).toMatchObject({ outcome: 'blocked', userId: 'u-pta-jamie', clinicId: 'clinic-north', noteId: 'note-20001', gates: ['clinic'] });
    expect(JSON.stringify(attempt)).not.toMatch(/Rivera|Test Patient|North Clinic|knee|South Clinic/i);
    await setActiveConfig(env.ext.serviceWorker, { pack });
    await expect.poll(() => lockState(page)).toBe('open');
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });

  it('re-decides when only an attribute the profile reads changes (data-date: no text, no node replaced)', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    const byDate = structuredClone(pack) as Record<string, any>;
    byDate.rules[0].conditions.all = [{ fact: 'note', path: 'dateOfService', operator: 'equal', value: '2026-12-01' }];
    await setActiveConfig(env.ext.serviceWorker, { pack: byDate });
    expect(await lockState(page)).toBe('open'); // the demo's date of service is 2026-11-27
    await page.evaluate(() => document.querySelector('.dos')!.setAttribute('data-date', '2026-12-01'));
    await expect.poll(() => lockState(page)).toBe('locked');
    await setActiveConfig(env.ext.serviceWorker, { pack });
    await expect.poll(() => lockState(page)).toBe('open');
    await page.close();
  });

  it('renders rule text as text: a message with <img onerror> shows literally and runs nothing', async () => {
    const evil = structuredClone(pack) as Record<string, any>;
    evil.rules[0].event.params.message = '<img src=x onerror="window.__pwned=1"> {{clinic.name}}';
    await setActiveConfig(env.ext.serviceWorker, { pack: evil });
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(page)).toContain('<img src=x onerror="window.__pwned=1"> South Clinic');
    expect(await overlayElements(page)).not.toContain('IMG');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    await setActiveConfig(env.ext.serviceWorker, { pack });
    await page.close();
  });

  it('stays locked with "checking permissions" while no configuration is loaded, then decides when it arrives', async () => {
    await setActiveConfig(env.ext.serviceWorker, { remove: true });
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await guardState(page)).toMatchObject({ locked: true, reason: 'loading' });
    expect(await page.getAttribute('button.finalize.top', 'data-finalize-guard')).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(page)).toContain('Checking permissions');
    expect(await finalizeCalls(page)).toBe(0);
    // The attempt is logged with who and where the page shows, though nothing was decided yet.
    const shown = await page.evaluate(() => ({
      userId: document.querySelector('.current-user')?.getAttribute('data-user-id'),
      clinicId: document.querySelector('.clinic')?.getAttribute('data-clinic-id'),
      noteType: document.querySelector('.note-type')?.getAttribute('data-note-type'),
    }));
    expect(shown.userId && shown.clinicId && shown.noteType).toBeTruthy();
    const whileLoading = async () => (await storedAttempts(env.ext.serviceWorker)).filter((a) => (a.rules as string[]).includes('finalize-guard:loading'));
    await expect.poll(async () => (await whileLoading()).length).toBe(1);
    expect((await whileLoading())[0]).toMatchObject({ ...shown, gates: ['policy'] });
    await env.ext.serviceWorker.evaluate(
      async (p) => {
        const api = (globalThis as unknown as { chrome: any }).chrome;
        await api.storage.local.set({
          activeConfig: { packs: [{ pack: p.pack, hash: 'ab12', enabled: true }], directory: p.directory, installedAt: new Date().toISOString() },
        });
      },
      { pack, directory: (await import('../../rules/directory.example.json')).default },
    );
    await expect.poll(() => lockState(page)).toBe('open');
    await page.close();
  });

  it('a page whose note screen the profile does not recognise says so, instead of "Checking permissions…" forever', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    await page.evaluate(() => document.querySelector('main[data-screen]')?.removeAttribute('data-screen'));
    await page.locator('button.finalize.top').click({ force: true }); // a click re-decides with the page as it is now
    await expect.poll(() => overlayText(page)).toContain('does not recognise this page as a note screen');
    expect(await overlayText(page)).not.toContain('Checking permissions');
    expect(await page.getAttribute('button.finalize.top', 'data-finalize-guard')).toBe('locked');
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });

  it('in monitor mode never locks, and records "would have blocked"', async () => {
    await setActiveConfig(env.ext.serviceWorker, { pack: { ...structuredClone(pack), mode: 'monitor' } });
    const page = await openNote(env.ext.context, env.server.url, BLOCKED);
    expect(await lockState(page)).toBe('open');
    await page.locator('button.finalize.top').click();
    await expect.poll(() => finalizeCalls(page)).toBe(1);
    await expect.poll(async () => (await storedAttempts(env.ext.serviceWorker)).some((a) => a.outcome === 'would-block')).toBe(true);
    await setActiveConfig(env.ext.serviceWorker, { pack });
    await page.close();
  });

  it('shows the billing warning even when finalizing is allowed, and both initials after an assistant finalizes', async () => {
    const page = await openNote(env.ext.context, env.server.url, { supervisor: 'u-pt-blake' });
    expect(await lockState(page)).toBe('open');
    await expect.poll(() => overlayText(page)).toContain('Blake Osei, is not a billing provider in Therabill');
    await page.locator('button.finalize.top').click(); // asks first: the note will not reach billing (overlay-billing.test.ts)
    await expect.poll(() => overlayText(page)).toContain('This note will not reach billing');
    expect(await finalizeCalls(page)).toBe(0);
    await page.keyboard.press('Tab'); // the reason's "How to fix"
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Finalize anyway
    await expect.poll(() => finalizeCalls(page)).toBe(1);
    await expect.poll(() => overlayText(page)).toMatch(/Finalized by JR.*supervised by BO/);
    await page.close();
  });

  it('prints nothing to the console, even when the page sets localStorage.debug', async () => {
    const page = await env.ext.context.newPage();
    await page.addInitScript(() => localStorage.setItem('debug', '*,json-rules-engine'));
    const messages: string[] = [];
    page.on('console', (m: ConsoleMessage) => messages.push(`${m.type()}: ${m.text()}`));
    await page.goto(`${env.server.url}/ehr/index.html?${new URLSearchParams(BLOCKED)}`);
    expect(await lockState(page)).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(page)).toMatch(/Why|locked/i); // decided, clicked and explained: all logging done
    expect(messages).toEqual([]);
    await page.close();
  });

  // Last: reloading the extension orphans the content scripts of every open tab.
  it('stays locked with "reload this page" when the extension is reloaded under an open tab', async () => {
    const page = await openNote(env.ext.context, env.server.url, {});
    expect(await lockState(page)).toBe('open');
    await env.ext.serviceWorker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload()).catch(() => {});
    await expect.poll(() => lockState(page)).toBe('locked');
    await page.locator('button.finalize.top').click({ force: true });
    await expect.poll(() => overlayText(page)).toContain('Reload this page');
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });
});
