import { describe, expect, it } from 'vitest';
import example from '../../rules/directory.example.json';
import cqCo from '../../rules/packs/cq-co-modifiers.json';
import medicare from '../../rules/packs/medicare-part-b.json';
import uhc from '../../rules/packs/payer-uhc-commercial.json';
import stateCa from '../../rules/packs/state-ca.json';
import stateOh from '../../rules/packs/state-oh.json';
import stateTx from '../../rules/packs/state-tx.json';
import supervision from '../../rules/packs/supervision.json';
import webpt from '../../rules/packs/webpt-default.json';
import { selectPacks } from './compose';
import { decide } from './decide';
import { decideValidated } from './decide-validated';
import { contentHash } from './hash';
import type { Decision, Directory, InstalledPack, Pack } from './types';

const P = {
  webpt: webpt as unknown as Pack,
  medicare: medicare as unknown as Pack,
  stateOh: stateOh as unknown as Pack,
  supervision: supervision as unknown as Pack,
  cqCo: cqCo as unknown as Pack,
  stateTx: stateTx as unknown as Pack,
  stateCa: stateCa as unknown as Pack,
  uhc: uhc as unknown as Pack,
};
/** Every shipped pack, as the bundled configuration installs them. */
const ALL = Object.values(P);

/** The example directory plus test clinics that use Medicare Part B and Ohio, with the default pack's switches on or off. */
const dir: Directory = structuredClone(example as unknown as Directory);
dir.clinics.push(
  {
    id: 'clinic-t-off',
    name: 'Test Clinic Off',
    assistantFinalization: false,
    state: 'OH',
    setting: 'private-practice',
    packs: ['medicare-part-b', 'state-oh'],
  },
  { id: 'clinic-t-both', name: 'Test Clinic Both', state: 'OH', setting: 'private-practice', packs: ['medicare-part-b', 'state-oh'] },
  { id: 'clinic-t-mcb', name: 'Test Clinic Medicare', state: 'OH', setting: 'private-practice', packs: ['medicare-part-b'] },
  { id: 'clinic-t-cq', name: 'Test Clinic CQ', state: 'OH', setting: 'private-practice', packs: ['cq-co-modifiers'] },
);
dir.insurances.push({ id: 'ins-medicare-closed', name: 'Medicare Part B (assistants off)', assistantFinalization: false, payer: 'medicare-part-b' });

async function install(packs: Pack[], off: string[] = []): Promise<InstalledPack[]> {
  return Promise.all(packs.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: !off.includes(pack.name) })));
}
const note = (over: Record<string, unknown> = {}) => ({
  userId: 'u-pta-jamie',
  clinicId: 'clinic-lakeside',
  insuranceIds: ['ins-medicare-b'],
  noteType: 'daily',
  noteId: 'note-50001',
  supervisingTherapistId: 'u-pt-avery',
  dateOfService: '2026-11-27',
  ...over,
});
const without = (key: string, over: Record<string, unknown> = {}) => {
  const c: Record<string, unknown> = note(over);
  delete c[key];
  return c;
};
const names = (s: { apply: InstalledPack[] }) => s.apply.map((e) => e.pack.name);
const why = (s: ReturnType<typeof selectPacks>, pack: string) => s.skipped.find((x) => x.entry.pack.name === pack)?.why;
const failing = (d: Decision) => d.failures.map((f) => `${f.pack ?? '-'}/${f.rule}`);

describe('selectPacks: which installed packs apply to a note', () => {
  it('skips a pack the admin turned off, and its rules are not run — but a clinic that uses it stays locked', async () => {
    const installed = await install(ALL, ['medicare-part-b']);
    const s = selectPacks(installed, dir, note({ noteType: 'progress' }));
    expect(names(s)).toEqual(['webpt-default', 'state-oh', 'supervision', 'cq-co-modifiers']);
    expect(why(s, 'medicare-part-b')).toBe('turned off');
    const d = decideValidated(installed, dir, note({ noteType: 'progress' }));
    expect(d.outcome).toBe('blocked');
    expect(failing(d)).toEqual(['-/finalize-guard:pack-turned-off', 'state-oh/state-oh-pta-reports-cosigned']);
    expect(d.failures[0].message).toContain("uses the rule pack 'medicare-part-b', which is turned off");
    expect(d.packs.find((p) => p.name === 'medicare-part-b')).toMatchObject({ applied: false, why: 'turned off' });
    // Where no clinic uses it, a pack turned off simply does not apply.
    const north = decideValidated(installed, dir, note({ clinicId: 'clinic-north' }));
    expect(north.failures.map((f) => f.rule)).not.toContain('finalize-guard:pack-turned-off');
  });

  it('applies a clinic pack only where the clinic lists it: North Clinic gets the default pack alone', async () => {
    const s = selectPacks(await install(ALL), dir, note({ clinicId: 'clinic-north', noteType: 'progress' }));
    expect(names(s)).toEqual(['webpt-default']);
    expect(s.failures).toEqual([]);
    for (const p of ['medicare-part-b', 'state-oh', 'supervision', 'cq-co-modifiers', 'state-tx', 'state-ca', 'payer-uhc-commercial']) {
      expect(why(s, p)).toBe('not used at North Clinic');
    }
    const d = await decide(ALL, dir, note({ clinicId: 'clinic-north', noteType: 'progress' }));
    expect(d.outcome).toBe('allowed');
    expect(d.pack?.name).toBe('webpt-default');
  });

  it('blocks when a clinic names a pack that is not installed', async () => {
    const s = selectPacks(await install([P.webpt, P.medicare]), dir, note());
    expect(s.failures.map((f) => [f.gate, f.rule])).toEqual([
      ['policy', 'finalize-guard:missing-pack'],
      ['policy', 'finalize-guard:missing-pack'],
      ['policy', 'finalize-guard:missing-pack'],
    ]);
    expect(s.failures.map((f) => f.message.match(/'([a-z-]+)'/)?.[1])).toEqual(['state-oh', 'supervision', 'cq-co-modifiers']);
    const d = await decide([P.webpt, P.medicare], dir, note());
    expect(d.outcome).toBe('blocked');
    expect(d.failures[0].remedy).toContain('install');
  });

  it('blocks on an unknown or unreadable clinic while clinic packs are installed', async () => {
    const installed = await install(ALL);
    expect(selectPacks(installed, dir, note({ clinicId: 'clinic-ghost' })).failures.map((f) => f.rule)).toEqual(Array(7).fill('finalize-guard:unknownClinic'));
    expect(selectPacks(installed, dir, without('clinicId')).failures.map((f) => f.rule)[0]).toBe('finalize-guard:clinicId');
    // With only organisation-wide packs, the selection itself is sure; the default pack's own rules decide.
    expect(selectPacks(await install([P.webpt]), dir, note({ clinicId: 'clinic-ghost' })).failures).toEqual([]);
    for (const ctx of [note({ clinicId: 'clinic-ghost', userId: 'u-pt-avery' }), without('clinicId', { userId: 'u-pt-avery' })]) {
      const d = await decide(ALL, dir, ctx);
      expect(d.outcome).toBe('blocked');
      expect(d.failures.map((f) => f.gate)).toEqual(['facts']); // the same reason once, not once per pack
    }
  });

  it('judges effective dates by the date of service, inclusive at both ends', async () => {
    const installed = await install(ALL);
    const on = (dateOfService: string) => selectPacks(installed, dir, note({ dateOfService }));
    expect(why(on('2019-12-31'), 'cq-co-modifiers')).toBe('not in force on 2019-12-31 (2020-01-01 to …)');
    expect(names(on('2020-01-01'))).toContain('cq-co-modifiers');
    const until = { ...P.stateOh, effective: { until: '2025-12-31' } } as Pack;
    const withUntil = await install([P.webpt, P.medicare, until, P.supervision, P.cqCo]);
    expect(names(selectPacks(withUntil, dir, note({ dateOfService: '2025-12-31' })))).toContain('state-oh');
    expect(why(selectPacks(withUntil, dir, note({ dateOfService: '2026-01-01' })), 'state-oh')).toBe('not in force on 2026-01-01 (… to 2025-12-31)');
  });

  it("blocks on a missing date of service only when a dated pack is in use at the note's clinic", async () => {
    const pt = { userId: 'u-pt-avery', supervisingTherapistId: undefined };
    const installed = await install(ALL);
    // Lakeside uses cq-co-modifiers (in force from 2020-01-01): no date, no decision.
    const lakeside = decideValidated(installed, dir, without('dateOfService', pt));
    expect(lakeside.outcome).toBe('blocked');
    expect(lakeside.failures.map((f) => f.rule)).toEqual(['finalize-guard:dateOfService']);
    // North uses no dated pack: a therapist without a date of service is not blocked.
    expect(decideValidated(installed, dir, without('dateOfService', { ...pt, clinicId: 'clinic-north' })).outcome).toBe('allowed');
    // Without cq-co-modifiers among Lakeside's packs, no pack there needs the date for a therapist.
    const noCq = structuredClone(dir);
    noCq.clinics.find((c) => c.id === 'clinic-lakeside')!.packs = ['medicare-part-b', 'state-oh', 'supervision'];
    expect(decideValidated(installed, noCq, without('dateOfService', pt)).outcome).toBe('allowed');
    // An invalid date counts as missing.
    expect(selectPacks(installed, dir, note({ dateOfService: '2026-02-30' })).failures.map((f) => f.rule)).toEqual(['finalize-guard:dateOfService']);
  });
});

describe('combine: several packs, one decision', () => {
  const oh3 = [P.webpt, P.medicare, P.stateOh];

  it('medicare-part-b + state-oh + the default pack with its three switches off: blocked, every reason from every pack together', async () => {
    const ctx = note({ userId: 'u-pta-riley', clinicId: 'clinic-t-off', insuranceIds: ['ins-medicare-closed'], noteType: 'progress' });
    const d = await decide(oh3, dir, ctx);
    expect(d.outcome).toBe('blocked');
    expect(failing(d)).toEqual([
      'webpt-default/clinic-allows-assistants',
      'webpt-default/insurance-allows-assistants',
      'webpt-default/user-permission-off',
      'medicare-part-b/medicare-part-b-progress-by-therapist',
      'state-oh/state-oh-pta-reports-cosigned',
    ]);
    expect(d.failures.map((f) => f.gate)).toEqual(['clinic', 'insurance', 'user', 'payer', 'state']);
    for (const f of d.failures) expect(f.remedy.length).toBeGreaterThan(0);
    expect(d.failures[3].remedy).toBe('Forward this note to your supervising therapist to write and finalize.');
    expect(d.warnings.map((w) => w.rule)).toEqual(['billing-finalizer-is-provider', 'billing-licenses-cover-assistants']);
    expect(d.pack).toMatchObject({ name: 'webpt-default+medicare-part-b+state-oh', version: `1.0.0+${P.medicare.version}+1.0.0`, mode: 'enforce' });
    expect(d.packs.filter((p) => p.applied).map((p) => p.name)).toEqual(['webpt-default', 'medicare-part-b', 'state-oh']);
    // The order the packs are installed in does not change the verdict or the reasons.
    const reversed = await decide([...oh3].reverse(), dir, ctx);
    expect(reversed.outcome).toBe('blocked');
    expect(new Set(failing(reversed))).toEqual(new Set(failing(d)));
  });

  it("the strictest wins: one pack's block beats other packs' warnings and infos", async () => {
    const ctx = note({ dateOfService: '2024-12-31', serviceCodes: ['97110'], assistantMinutes: [30], therapistMinutes: [0] });
    const daily = await decide(ALL, dir, ctx);
    expect(daily.outcome).toBe('allowed');
    expect(daily.warnings.map((w) => `${w.pack}/${w.rule}`)).toEqual([
      'webpt-default/billing-licenses-cover-assistants',
      'supervision/supervision-direct-before-2025',
      'cq-co-modifiers/cq-co-modifiers-cq-85',
    ]);
    const progress = await decide(ALL, dir, { ...ctx, noteType: 'progress' });
    expect(progress.outcome).toBe('blocked');
    expect(failing(progress)).toEqual(['medicare-part-b/medicare-part-b-progress-by-therapist', 'state-oh/state-oh-pta-reports-cosigned']);
    expect(progress.warnings.map((w) => w.rule)).toEqual(daily.warnings.map((w) => w.rule));
  });

  it("a monitor-mode pack's block is would-block only when nothing enforced blocks", async () => {
    const monitored = { ...P.medicare, mode: 'monitor' } as Pack;
    const progress = note({ noteType: 'progress' });
    const alone = await decide([P.webpt, monitored], dir, { ...progress, clinicId: 'clinic-t-mcb' });
    expect(alone.outcome).toBe('would-block');
    expect(failing(alone)).toEqual(['medicare-part-b/medicare-part-b-progress-by-therapist']);
    expect(alone.pack?.mode).toBe('enforce'); // the combination enforces: the default pack does
    const withOhio = await decide([P.webpt, monitored, P.stateOh], dir, { ...progress, clinicId: 'clinic-t-both' });
    expect(withOhio.outcome).toBe('blocked');
    // The pack on trial is no reason Finalize is locked: only the enforcing pack's reason shows.
    expect(failing(withOhio)).toEqual(['state-oh/state-oh-pta-reports-cosigned']);
    const enforcedDefault = await decide([P.webpt, monitored], dir, { ...progress, clinicId: 'clinic-t-mcb', userId: 'u-pta-riley' });
    expect(enforcedDefault.outcome).toBe('blocked');
    expect((await decide([P.webpt, monitored], dir, { ...note(), clinicId: 'clinic-t-mcb' })).outcome).toBe('allowed');
  });

  it('a monitor-mode pack that cannot tell whether it applies would block, never locks', async () => {
    const monitoredCq = { ...P.cqCo, mode: 'monitor' } as Pack;
    const noDate = without('dateOfService');
    const d = await decide([P.webpt, monitoredCq], dir, { ...noDate, clinicId: 'clinic-t-cq' });
    expect(d.outcome).toBe('would-block');
    expect(d.failures.map((f) => f.rule)).toEqual(['finalize-guard:dateOfService']);
    const enforced = await decide([P.webpt, P.cqCo], dir, { ...noDate, clinicId: 'clinic-t-cq' });
    expect(enforced.outcome).toBe('blocked');
  });

  it("no pack can unlock: the default pack's block stands when every other pack allows", async () => {
    const ctx = note({ userId: 'u-pta-riley', clinicId: 'clinic-t-both' });
    const d = await decide(oh3, dir, ctx);
    expect(d.outcome).toBe('blocked');
    expect(failing(d)).toEqual(['webpt-default/user-permission-off']);
    expect(d.rules.filter((r) => r.fired && !r.rule.startsWith('billing-')).map((r) => r.rule)).toEqual(['user-permission-off']);
    // Packs only add reasons: with the clinic using no regulation pack the verdict is the same.
    const plain = structuredClone(dir);
    plain.clinics.find((c) => c.id === 'clinic-t-both')!.packs = [];
    const off = decideValidated(await install(oh3), plain, ctx);
    expect(off.outcome).toBe('blocked');
    expect(failing(off)).toEqual(failing(d));
  });
});

describe('decide() and decideValidated() decide the composed set identically', () => {
  const contexts: Array<[string, unknown]> = [
    ['Lakeside PTA daily', note()],
    ['Lakeside PTA progress', note({ noteType: 'progress' })],
    [
      'Lakeside PTA without supervisor on 2024-12-31 with CQ minutes',
      note({
        supervisingTherapistId: undefined,
        dateOfService: '2024-12-31',
        serviceCodes: ['97110', '97140'],
        assistantMinutes: [23, 0],
        therapistMinutes: [13, 30],
      }),
    ],
    [
      'Lakeside COTA on 2021-12-31',
      note({
        userId: 'u-cota-sam',
        supervisingTherapistId: 'u-ot-dana',
        dateOfService: '2021-12-31',
        serviceCodes: ['97530'],
        assistantMinutes: [20],
        therapistMinutes: [0],
      }),
    ],
    ['Lakeside PT on treatment day 10', note({ userId: 'u-pt-avery', treatmentDay: 10 })],
    [
      'three switches off with Medicare and Ohio',
      note({ userId: 'u-pta-riley', clinicId: 'clinic-t-off', insuranceIds: ['ins-medicare-closed'], noteType: 'progress' }),
    ],
    ['North Clinic, default pack alone', note({ clinicId: 'clinic-north', noteType: 'evaluation' })],
    ['South Clinic', note({ clinicId: 'clinic-south', insuranceIds: ['ins-summit-wc'] })],
    ['a clinic naming a pack only some configurations install', note({ clinicId: 'clinic-t-mcb', noteType: 'recertification' })],
    ['no date of service', without('dateOfService')],
    ['unknown clinic', note({ clinicId: 'clinic-ghost' })],
    ['no clinic', without('clinicId')],
    ['services that do not line up', note({ serviceCodes: ['97110'], assistantMinutes: [1, 2], therapistMinutes: [3] })],
    ['not an object', 'note'],
  ];

  it.each(contexts)('%s', async (_, ctx) => {
    for (const packs of [ALL, [P.webpt, P.medicare]]) {
      const installed = await install(packs);
      expect(decideValidated(installed, dir, ctx)).toEqual(await decide(packs, dir, ctx));
    }
  });
});
