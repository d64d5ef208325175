/**
 * The rule-pack editor in real Chromium, in the built extension's admin console: a pasted invalid pack is
 * shown with a precise error at its line:column and never enters the draft, so it cannot be published —
 * the configuration in force (storage.local activeConfig) and an open note tab's decision stay as they
 * were. A valid edit does enter the draft. Completion offers the catalog's vocabulary.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { lockState, openNote } from '../../scripts/ehr-page';
import { consoleStatus, gotoSection, openConsole, setPasscodeAndUnlock } from './console-page';
import { useDemoExtension } from './setup';

const ADMIN = { passcode: 'synthetic-passcode-42', as: 'u-admin-pat' };
const ALLOWED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };

/** storage.local activeConfig as JSON text, read in the service worker. */
function activeConfigText(sw: { evaluate<R>(fn: () => Promise<R>): Promise<R> }): Promise<string> {
  return sw.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
    return JSON.stringify((await api.storage.local.get('activeConfig')).activeConfig);
  });
}

/** 1-based line and column of the first `needle` in `text`. */
function lineColumn(text: string, needle: string): { line: number; column: number } {
  const lines = text.slice(0, text.indexOf(needle)).split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Replaces the editor's whole text with `text` the way a paste does (a paste event with the clipboard's text). */
async function paste(page: Page, text: string): Promise<void> {
  const content = page.locator('.cm-content');
  await content.click();
  await page.keyboard.press('Control+A');
  await content.evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

const lintStatus = (page: Page) => page.getByTestId('pack-lint-status').textContent();

describe('the rule-pack editor', () => {
  const env = useDemoExtension();

  it("shows a pasted invalid pack's errors at their line:column; it never reaches the draft, publishing, storage or the note tab", async () => {
    const note = await openNote(env.ext.context, env.server.url, ALLOWED);
    expect(await lockState(note)).toBe('open');
    const before = await activeConfigText(env.ext.serviceWorker);
    const webpt = (JSON.parse(before) as { packs: Array<{ pack: { name: string } }> }).packs.find((e) => e.pack.name === 'webpt-default')!.pack;

    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Rule packs');
    const card = page.getByTestId('pack-webpt-default');
    await card.getByRole('button', { name: 'Edit rules' }).click();
    await page.locator('.cm-content').waitFor();
    expect(await lintStatus(page)).toBe('Valid: the draft holds this version.');

    // A semantic error: an event type nobody knows, in the clinic rule.
    const text = `${JSON.stringify(webpt, null, 2)}\n`.replace('"type": "block"', '"type": "blok"');
    const at = lineColumn(text, '"blok"');
    await paste(page, text);
    await expect.poll(() => lintStatus(page)).toMatch(/^1 error: this text is not in the draft and cannot be published/);
    const problem = page.getByTestId('pack-problems').locator('li').first();
    expect(await problem.getAttribute('data-line')).toBe(String(at.line));
    expect(await problem.getAttribute('data-column')).toBe(String(at.column));
    expect((await problem.textContent())!.replace(/\s+/g, ' ')).toBe(
      `${at.line}:${at.column} error rules[0].event.type: Unknown event type "blok". Did you mean 'block'?`,
    );
    // "Go there" moves the editor to it, where it is underlined (CodeMirror's lint); the status control waits for the fix.
    await problem.getByRole('button', { name: `Line ${at.line}, column ${at.column}: go there` }).click();
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.locator('.cm-lintRange-error').first().textContent()).toBe('"blok"');
    expect(await card.getByLabel(/^Monitor/).isDisabled()).toBe(true);

    // A syntax error is placed where the fix goes: a missing comma right after the value before it.
    const broken = `${JSON.stringify(webpt, null, 2)}\n`.replace(/,\n(\s*)"mode"/, '\n$1"mode"'); // the comma before "mode" left out
    const stop = lineColumn(broken, '\n  "mode"');
    await paste(page, broken);
    await expect.poll(() => problem.getAttribute('data-line')).toBe(String(stop.line));
    expect(await problem.getAttribute('data-column')).toBe(String(stop.column));
    expect(await problem.textContent()).toMatch(/Invalid JSON/);

    // Nothing reached the draft, so there is nothing to publish.
    expect(await consoleStatus(page)).toContain('The draft is the same as the configuration in force.');
    await gotoSection(page, 'Publish & history');
    expect(await page.getByTestId('publish-section').getByRole('button', { name: 'Publish', exact: true }).isDisabled()).toBe(true);
    expect(await activeConfigText(env.ext.serviceWorker)).toBe(before);
    await note.bringToFront(); // a background tab paints no frames
    expect(await lockState(note)).toBe('open');
    const fresh = await openNote(env.ext.context, env.server.url, ALLOWED);
    expect(await lockState(fresh)).toBe('open');
    await fresh.close();
    await page.close();
    await note.close();
  });

  it('puts a valid edit in the draft (only there), and completes gates from the catalog', async () => {
    const before = await activeConfigText(env.ext.serviceWorker);
    const page = await openConsole(env.ext.context, env.ext.extensionId);
    await setPasscodeAndUnlock(page, ADMIN);
    await gotoSection(page, 'Rule packs');
    await page.getByTestId('pack-webpt-default').getByRole('button', { name: 'Edit rules' }).click();
    await page.locator('.cm-content').waitFor();

    // Completion: in an emptied "gate": "", Ctrl+Space lists the gates a pack may name (not Finalize Guard's own).
    const line = page.locator('.cm-line').filter({ hasText: '"gate": "clinic",' }).first();
    // CodeMirror renders only the lines near the viewport: scroll until the line is there.
    const scroller = page.locator('.cm-scroller');
    for (let i = 0; i < 80 && (await line.count()) === 0; i++) {
      // CodeMirror renders the new lines in the frame after the scroll: wait for that frame.
      await scroller.evaluate((el) => {
        el.scrollTop += 150;
        return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      });
    }
    await line.click();
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 'clinic'.length; i++) await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+Space');
    const options = page.locator('.cm-tooltip-autocomplete li');
    await options.first().waitFor();
    expect((await options.allTextContents()).sort()).toEqual([
      'billing',
      'clinic',
      'credential',
      'insurance',
      'note-type',
      'payer',
      'state',
      'supervision',
      'user',
    ]);
    // An empty gate is an error: the text leaves the draft alone until it is put back.
    await expect.poll(() => lintStatus(page)).toMatch(/^1 error/);
    await page.keyboard.type('cli');
    await expect.poll(() => options.allTextContents()).toEqual(['clinic']);
    await page.keyboard.press('Enter');
    await expect.poll(() => lintStatus(page)).toBe('Valid: the draft holds this version.');
    expect(await consoleStatus(page)).toContain('The draft is the same as the configuration in force.');

    // A valid edit (the monitor status) enters the draft at once, and only the draft.
    await page
      .getByTestId('pack-webpt-default')
      .getByLabel(/^Monitor/)
      .check();
    await expect.poll(() => consoleStatus(page)).toContain('The draft has 1 unpublished change');
    await scroller.evaluate((el) => {
      el.scrollTop = 0;
    });
    await expect.poll(() => page.locator('.cm-line').filter({ hasText: '"mode":' }).first().textContent()).toContain('"mode": "monitor"');
    expect(await page.getByTestId('pack-webpt-default').getAttribute('data-status')).toBe('monitor');
    expect(await activeConfigText(env.ext.serviceWorker)).toBe(before);
    await page.close();
  });
});
