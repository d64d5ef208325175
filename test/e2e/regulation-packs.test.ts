/**
 * The regulation packs end to end: the demo EHR's Lakeside Clinic (Ohio, private practice; packs medicare-part-b,
 * state-oh, supervision, cq-co-modifiers), the built extension with every bundled pack, real Chromium.
 * Each expectation is checked twice: against decide() over the same packs, directory and the context the screen
 * shows, and against the rule names and words an assistant must see.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import { decide } from '../../src/policy/decide';
import type { Decision, Finding, NoteContext } from '../../src/policy/types';
import { useDemoExtension } from './setup';
import { chooseNoteType, finalizeCalls, lockState, openNote, overlayLines, overlayText, setScenario, storedAttempts } from '../../scripts/ehr-page';

/** What the extension bundles: every pack in rules/packs, in file-name order (src/background/config.ts). */
const PACKS = readdirSync('rules/packs')
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(`rules/packs/${f}`, 'utf8')));

/** What the demo's Lakeside scenarios show (demo/ehr/app.js PRESETS), as the site profile reads it. */
const LAKESIDE = {
  userId: 'u-pta-jamie',
  clinicId: 'clinic-lakeside',
  insuranceIds: ['ins-medicare-b'],
  noteId: 'note-20001',
  supervisingTherapistId: 'u-pt-avery',
  dateOfService: '2026-11-27',
  treatmentDay: 10,
};
const THERAPIST_FURNISHED = { serviceCodes: ['97110', '97140'], assistantMinutes: [2, 0], therapistMinutes: [28, 15] };
const ASSISTANT_OVER_10 = { serviceCodes: ['97110', '97140'], assistantMinutes: [25, 8], therapistMinutes: [0, 7] };
const CQ_SERVICES = '97110:25:0,97140:8:7';

const expectDecision = (context: Partial<NoteContext>) => decide(PACKS, directory, context);
const rules = (list: Finding[]) => list.map((f) => f.rule).sort();
/** The warnings the documenter sees (the overlay leaves out the admins' ones, e.g. the Therabill license count). */
const shown = (d: Decision) => d.warnings.filter((w) => w.audience === 'documenter');
/** A reason or warning as the overlay shows it (scripts/ehr-page.ts overlayLines). */
/** A reason in the open explanation: one line, its fix behind "How to fix" (a disclosure). */
const reasonLine = (f: Finding) => `  - ${f.message}\n    How to fix`;
const line = (f: Finding) => `  - ${[f.message, `How to fix: ${f.remedy}`, ...(f.source ? [`Source: ${f.source}`] : [])].join('\n    ')}`;

/** The reasons in the open "Finalize is locked" panel, sorted. */
async function reasons(page: Page): Promise<string[]> {
  const lines = await overlayLines(page);
  const start = lines.findIndex((l) => l.startsWith('Finalize is locked'));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('  - '));
  return lines.slice(start + 1, end < 0 ? undefined : end).sort();
}

async function trustedClick(page: Page, selector: string): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.click(box.x + box.width / 3, box.y + box.height / 2);
}

const supervisedBy = (page: Page) => page.locator('select#supervised-by').inputValue();

describe('regulation packs at Lakeside Clinic (Medicare Part B, Ohio, supervision, CQ/CO)', () => {
  const env = useDemoExtension();

  it('locks an assistant out of a Medicare Part B progress report, cites §220.3, says to forward it, and names every other pack that blocks', async () => {
    const expected = await expectDecision({ ...LAKESIDE, noteType: 'progress', ...THERAPIST_FURNISHED });
    expect(expected.outcome).toBe('blocked');
    // Ohio blocks too: a PTA's report is cosigned by the supervising PT. Nothing else does.
    expect(rules(expected.failures)).toEqual(['medicare-part-b-progress-by-therapist', 'state-oh-pta-reports-cosigned']);
    const medicare = expected.failures.find((f) => f.rule === 'medicare-part-b-progress-by-therapist')!;
    expect(medicare).toMatchObject({ gate: 'payer', pack: 'medicare-part-b' });
    expect(medicare.source).toContain('§220.3');
    expect(medicare.remedy).toMatch(/^Forward this note to your supervising therapist/);

    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-progress' });
    expect(await page.locator('.treatment-day').textContent()).toBe('Treatment day 10 since last progress report');
    expect(await supervisedBy(page)).toBe('u-pt-avery'); // the case therapist
    expect(await lockState(page)).toBe('locked');
    const before = env.server.finalizeRequests().length;
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => reasons(page)).toEqual(expected.failures.map(reasonLine).sort());
    // Each fix is on demand: from the keyboard, Finalize → its badge → the explanation → each reason's "How to fix".
    await page.focus('button.finalize.top');
    for (const key of ['Tab', 'Tab', 'Tab', 'Enter', 'Tab', 'Enter']) await page.keyboard.press(key);
    await expect.poll(() => overlayText(page)).toContain('How to fix: Forward this note to your supervising therapist');
    const text = await overlayText(page);
    expect(text).toContain('Forward to Avery Kim'); // the EHR's own Forward, offered (the profile names it)
    expect(text).toContain('§220.3');
    expect(text).toContain('How to fix: Forward this note to your supervising therapist');
    expect(text).toContain('Ohio Adm.Code 4755:2-2-06');
    expect(await finalizeCalls(page)).toBe(0);
    expect(env.server.finalizeRequests().length).toBe(before);

    // The attempt is recorded with both rule names and identifiers only.
    await expect.poll(async () => (await storedAttempts(env.ext.serviceWorker)).filter((a) => a.clinicId === 'clinic-lakeside').length).toBeGreaterThan(0);
    const attempt = (await storedAttempts(env.ext.serviceWorker)).filter((a) => a.clinicId === 'clinic-lakeside').at(-1)!;
    expect(attempt).toMatchObject({ outcome: 'blocked', userId: 'u-pta-jamie', credential: 'PTA', noteType: 'progress', profile: 'demo-ehr' });
    expect([...(attempt.rules as string[])].sort()).toEqual(['medicare-part-b-progress-by-therapist', 'state-oh-pta-reports-cosigned']);
    expect([...(attempt.gates as string[])].sort()).toEqual(['payer', 'state']);
    await page.close();
  });

  it('unlocks when the assistant switches the note to Daily with the supervising therapist named; warns that the progress report is due, and shows the CQ warning when the minutes say so', async () => {
    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-progress' });
    expect(await lockState(page)).toBe('locked');

    await chooseNoteType(page, 'daily');
    const daily: Decision = await expectDecision({ ...LAKESIDE, noteType: 'daily', ...THERAPIST_FURNISHED });
    expect(daily.outcome).toBe('allowed');
    expect(daily.failures).toEqual([]);
    expect(rules(shown(daily))).toEqual(['medicare-part-b-progress-report-due']); // treatment day 10
    await expect.poll(() => lockState(page)).toBe('open');
    expect(await supervisedBy(page)).toBe('u-pt-avery');
    await expect.poll(() => overlayText(page)).toContain('this is treatment day 10 since the last progress report');
    expect(await overlayText(page)).not.toContain('CQ modifier');

    // The assistant furnished more than 10% of both services' minutes: CQ on both, paid at 85% since 2022.
    await setScenario(page, { services: CQ_SERVICES });
    const cq = await expectDecision({ ...LAKESIDE, noteType: 'daily', ...ASSISTANT_OVER_10 });
    expect(cq.outcome).toBe('allowed');
    expect(rules(shown(cq))).toEqual(['cq-co-modifiers-cq-85', 'medicare-part-b-progress-report-due']);
    await expect.poll(() => overlayLines(page)).toEqual(expect.arrayContaining(shown(cq).map(line)));
    expect(await overlayText(page)).toContain('CQ modifier: a physical therapist assistant furnished more than 10% of the minutes of 97110, 97140');
    expect(await lockState(page)).toBe('open');

    // Back to therapist-furnished minutes: the CQ warning goes away.
    await setScenario(page, { services: '97110:2:28,97140:0:15' });
    await expect.poll(() => overlayText(page)).not.toContain('CQ modifier');

    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => finalizeCalls(page)).toBe(1);
    await expect.poll(() => overlayText(page)).toMatch(/Finalized by JR · supervised by AK/);
    await page.close();
  });

  it('opens the day-10 CQ daily-note scenario with both warnings', async () => {
    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-daily-cq' });
    expect(await lockState(page)).toBe('open');
    const expected = await expectDecision({ ...LAKESIDE, noteType: 'daily', ...ASSISTANT_OVER_10 });
    await expect.poll(() => overlayLines(page)).toEqual(expect.arrayContaining(shown(expected).map(line)));
    await page.close();
  });

  it('"Supervised by" defaults to the case therapist and can be changed; the decision and the initials follow it', async () => {
    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-daily-cq', caseTherapist: 'u-pt-blake' });
    expect(await supervisedBy(page)).toBe('u-pt-blake');
    expect(await page.locator('.case-therapist').textContent()).toBe('Blake Osei, PT');
    expect(await lockState(page)).toBe('open');
    // Blake is not a billing provider (webpt-default's billing warning); Avery, picked instead, is.
    await expect.poll(() => overlayText(page)).toContain('Blake Osei, is not a billing provider');
    await page.locator('select#supervised-by').selectOption('u-pt-avery');
    await expect.poll(() => overlayText(page)).not.toContain('Blake Osei, is not a billing provider');
    expect(await supervisedBy(page)).toBe('u-pt-avery');
    expect(await page.locator('.case-therapist').textContent()).toBe('Blake Osei, PT'); // the case keeps its therapist
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => finalizeCalls(page)).toBe(1);
    await expect.poll(() => overlayText(page)).toMatch(/Finalized by JR · supervised by AK/);

    // A new case resets "Supervised by" to its therapist.
    await setScenario(page, { caseTherapist: 'u-pt-blake' });
    await expect.poll(() => supervisedBy(page)).toBe('u-pt-blake');
    await page.close();
  });

  it('keeps Finalize locked when a minutes cell cannot be read (fail closed), and says so', async () => {
    const context = { ...LAKESIDE, noteType: 'daily' as const, serviceCodes: ['97110', '97140'], assistantMinutes: [], therapistMinutes: [0, 7] };
    const expected = await expectDecision(context);
    expect(expected.outcome).toBe('blocked');
    expect(expected.failures.map((f) => f.gate)).toEqual(['facts']);
    const page = await openNote(env.ext.context, env.server.url, { preset: 'lakeside-pta-medicare-daily-cq', services: '97110:25:0,97140:—:7' });
    expect(await lockState(page)).toBe('locked');
    await trustedClick(page, 'button.finalize.top');
    await expect.poll(() => reasons(page)).toEqual(expected.failures.map(reasonLine).sort());
    expect(await overlayText(page)).toContain('could not read the billed services and their minutes');
    await setScenario(page, { services: CQ_SERVICES });
    await expect.poll(() => lockState(page)).toBe('open');
    expect(await finalizeCalls(page)).toBe(0);
    await page.close();
  });
});
