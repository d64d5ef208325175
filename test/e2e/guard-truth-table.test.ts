/** The permission truth table end to end: the demo EHR, the built extension, real Chromium. */
import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { decide } from '../../src/policy/decide';
import { useDemoExtension } from './setup';
import { finalizeCalls, lockState, noteContextOf, openAllFixes, openNote, overlayText } from '../../scripts/ehr-page';

const users = ['u-pta-jamie', 'u-pta-riley', 'u-pta-morgan', 'u-cota-sam', 'u-pt-avery', 'u-spt-alex'];
const clinics = ['clinic-north', 'clinic-south'];
const insurances = ['ins-acme-ppo', 'ins-summit-wc'];

describe('the permission truth table on the demo EHR', () => {
  const env = useDemoExtension();

  const rows = users.flatMap((user) => clinics.flatMap((clinic) => insurances.map((insurance) => ({ user, clinic, insurance }))));

  it(`covers all ${users.length * clinics.length * insurances.length} combinations`, () => {
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(24);
  });

  // One test per user (4 note tabs each), each well inside the test timeout on a busy machine.
  it.each(users)('shows the right lock state and the right reasons for %s in every clinic × insurance', async (user) => {
    const wrong: string[] = [];
    for (const row of rows.filter((r) => r.user === user)) {
      const expected = await decide(pack, directory, noteContextOf(row));
      const page = await openNote(env.ext.context, env.server.url, row);
      const state = await lockState(page);
      const label = `${row.user} ${row.clinic} ${row.insurance}`;
      if (state !== (expected.outcome === 'allowed' ? 'open' : 'locked')) wrong.push(`${label}: ${state}, expected ${expected.outcome}`);
      if (state === 'locked') {
        // The explanation, from the keyboard: every failing gate, with its remedy (each fix is on demand).
        await openAllFixes(page, expected.failures.length);
        const missing = async () => {
          const text = await overlayText(page);
          return expected.failures.filter((f) => !text.includes(f.message) || !text.includes(f.remedy)).map((f) => f.message);
        };
        await expect
          .poll(missing)
          .toEqual([])
          .catch(async () => wrong.push(`${label}: overlay lacks ${(await missing()).join(' | ')}`));
        if ((await finalizeCalls(page)) !== 0) wrong.push(`${label}: the EHR's finalize ran`);
      }
      await page.close();
    }
    expect(wrong).toEqual([]);
  });
});
