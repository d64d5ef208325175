import { describe, expect, it } from 'vitest';
import type { AttemptEntry, AuditEntry } from '../../../audit/types';
import type { Pack } from '../../../policy/types';
import webpt from '../../../../rules/packs/webpt-default.json';
import { decideWith, firingRules, packHash, type Installed } from './context';
import { TEST_DIRECTORY as directory } from './fixtures';
import {
  contextFromEntry,
  dateBoundaries,
  dateBucket,
  DEFAULT_REPLAY,
  MAX_REPLAY,
  newestAttempts,
  replay,
  replayInSlices,
  REPLAY_NOT_KEPT,
  summarizeChanges,
} from './replay';

const pack = webpt as unknown as Pack;
const install = (p: Pack, dir = directory): Installed => ({ packs: [{ pack: p, enabled: true, hash: packHash(p) }], directory: dir });
const active = install(pack);
/** The draft: the clinic gate is only a warning. */
const clinicWarns = install({
  ...pack,
  rules: pack.rules.map((r) => (r.name === 'clinic-allows-assistants' ? { ...r, event: { ...r.event, type: 'warn' as const } } : r)),
});

let seq = 0;
function entry(over: Partial<AttemptEntry> = {}): AttemptEntry {
  seq++;
  return {
    id: `id-${seq}`,
    chainId: 'c',
    seq,
    at: new Date(Date.UTC(2026, 10, 27, 9, seq)).toISOString(),
    type: 'attempt',
    prev: '',
    hash: '',
    kind: 'click',
    outcome: 'blocked',
    userId: 'u-pta-jamie',
    credential: 'PTA',
    clinicId: 'clinic-south',
    insuranceIds: ['ins-acme-ppo'],
    noteType: 'daily',
    gates: ['clinic', 'supervision'],
    rules: ['clinic-allows-assistants'],
    pack: { name: 'webpt-default', version: '1.0.0', hash: 'x' },
    profile: 'demo-ehr',
    ...over,
  };
}

describe('replay context', () => {
  it('rebuilds user, clinic, insurances and note type, and takes the date of service from the attempt', () => {
    const e = entry({ at: '2026-03-04T23:30:00.000Z' });
    expect(contextFromEntry(e)).toEqual({
      userId: 'u-pta-jamie',
      clinicId: 'clinic-south',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
      dateOfService: '2026-03-04',
    });
    expect(contextFromEntry(e, { supervisorId: 'u-pt-avery', dateOf: () => '2026-03-05' })).toMatchObject({
      supervisingTherapistId: 'u-pt-avery',
      dateOfService: '2026-03-05',
    });
  });

  it('skips entries without what a decision needs', () => {
    for (const over of [{ userId: undefined }, { clinicId: '' }, { insuranceIds: [] }, { noteType: 'soap' }, { noteType: undefined }, { at: 'yesterday' }]) {
      expect(contextFromEntry(entry(over as Partial<AttemptEntry>))).toBeNull();
    }
  });

  it('says plainly what entries do not keep', () => {
    expect(REPLAY_NOT_KEPT.join(' ')).toMatch(/supervising therapist.*date of service.*patient/);
  });
});

describe('newestAttempts', () => {
  it('keeps the newest N attempts in time order, leaving out reviews and prunes; default 1,000, at most 10,000', () => {
    const attempts = [entry(), entry(), entry()];
    const review = {
      id: 'r',
      chainId: 'c',
      seq: 99,
      at: '2030-01-01T00:00:00Z',
      type: 'review',
      prev: '',
      hash: '',
      reviewOf: 'id-1',
      reviewer: 'u',
      note: '',
    } as AuditEntry;
    const shuffled: AuditEntry[] = [attempts[2], review, attempts[0], attempts[1]];
    expect(newestAttempts(shuffled, 2).map((e) => e.id)).toEqual([attempts[1].id, attempts[2].id]);
    expect(newestAttempts(shuffled).length).toBe(3);
    expect(DEFAULT_REPLAY).toBe(1000);
    const many = Array.from({ length: MAX_REPLAY + 5 }, () => entry());
    expect(newestAttempts(many, 50_000)).toHaveLength(MAX_REPLAY);
    expect(newestAttempts(many, 0)).toEqual([]);
  });
});

describe('replay', () => {
  it('lists the decisions the draft would change, with the rules added and removed', () => {
    const attempts = [
      entry(), // South Clinic blocks assistants: with the draft it only warns
      entry({ clinicId: 'clinic-north', insuranceIds: ['ins-summit-wc'], rules: ['insurance-allows-assistants'] }), // unchanged
      entry({ userId: undefined }), // skipped
    ];
    const r = replay(attempts, active, clinicWarns, { supervisorId: 'u-pt-avery' });
    expect(r).toMatchObject({ replayed: 3, skipped: 1, notReproduced: 0, from: attempts[0].at, until: attempts[2].at });
    expect(r.changed).toEqual([
      {
        entryId: attempts[0].id,
        at: attempts[0].at,
        userId: 'u-pta-jamie',
        clinicId: 'clinic-south',
        noteType: 'daily',
        before: 'blocked',
        after: 'allowed',
        added: [],
        removed: ['clinic-allows-assistants'],
        warningsAdded: ['clinic-allows-assistants'],
        warningsRemoved: [],
      },
    ]);
    expect(summarizeChanges(r.changed)).toEqual({ nowAllowed: 1, nowBlocked: 0, otherwise: 0 });
  });

  it('without a supervisor, an assistant stays blocked for supervision, and the change is in the rules only', () => {
    const r = replay([entry()], active, clinicWarns);
    expect(r.changed).toHaveLength(1);
    expect(r.changed[0]).toMatchObject({ before: 'blocked', after: 'blocked', removed: ['clinic-allows-assistants'], added: [] });
    expect(summarizeChanges(r.changed)).toEqual({ nowAllowed: 0, nowBlocked: 0, otherwise: 1 });
  });

  it("counts entries the configuration in force no longer reproduces (the replay's approximation)", () => {
    const r = replay([entry({ rules: ['user-permission-off'] }), entry({ outcome: 'would-block' })], active, active, { supervisorId: 'u-pt-avery' });
    expect(r.notReproduced).toBe(2);
    expect(r.changed).toEqual([]);
  });

  it('reports a draft that blocks more, e.g. a new pack', () => {
    const strict: Pack = {
      name: 'no-progress-by-assistants',
      version: '1.0.0',
      mode: 'enforce',
      rules: [
        {
          name: 'progress-by-clinician',
          conditions: {
            all: [
              { fact: 'user', path: 'isAssistant', operator: 'equal', value: true },
              { fact: 'note', path: 'type', operator: 'equal', value: 'progress' },
            ],
          },
          event: {
            type: 'block',
            params: { gate: 'note-type', message: 'Progress reports are written by a clinician.', remedy: 'Ask your supervising therapist.' },
          },
        },
      ],
    };
    const draft: Installed = { packs: [...active.packs, { pack: strict, enabled: true, hash: packHash(strict) }], directory };
    const e = entry({ clinicId: 'clinic-north', noteType: 'progress', rules: [], outcome: 'blocked' });
    const r = replay([e], active, draft, { supervisorId: 'u-pt-avery' });
    expect(r.changed[0]).toMatchObject({ before: 'allowed', after: 'blocked', added: ['progress-by-clinician'] });
  });

  it('gives the same result in slices as in one pass', async () => {
    const attempts = Array.from({ length: 25 }, (_, i) => entry(i % 3 ? {} : { clinicId: 'clinic-north' }));
    const whole = replay(attempts, active, clinicWarns);
    let pauses = 0;
    const sliced = await replayInSlices(attempts, active, clinicWarns, {}, 10, async () => {
      pauses++;
    });
    expect(sliced).toEqual(whole);
    expect(pauses).toBe(2);
  });
});

describe('replay decides each stretch of dates once', () => {
  const byDate: Pack = {
    name: 'by-date',
    version: '1.0.0',
    mode: 'enforce',
    effective: { from: '2024-06-01', until: '2026-12-31' },
    rules: [
      {
        name: 'direct-before-2025',
        conditions: {
          all: [
            { fact: 'user', path: 'isAssistant', operator: 'equal', value: true },
            { fact: 'visit', path: 'date', operator: 'lessThan', value: 20250101 },
          ],
        },
        event: { type: 'block', params: { gate: 'supervision', message: 'Direct supervision on {{note.dateOfService}}.', remedy: 'Ask the PT.' } },
      },
      {
        name: 'audit-day',
        conditions: { all: [{ fact: 'note', path: 'dateOfService', operator: 'in', value: ['2025-03-01', 'not-a-date'] }] },
        event: { type: 'warn', params: { gate: 'state', message: 'Audit day.', remedy: 'None.' } },
      },
    ],
  };

  it('finds the dates that matter and places a date among them', () => {
    const cfg = install(byDate);
    expect(dateBoundaries([cfg])).toEqual([20240601, 20250101, 20250301, 20261231]);
    const b = dateBoundaries([cfg]);
    expect(dateBucket('2024-05-31', b)).toBe('0');
    expect(dateBucket('2024-06-01', b)).toBe('0=');
    expect(dateBucket('2024-12-31', b)).toBe('1');
    expect(dateBucket('2025-01-01', b)).toBe('1=');
    expect(dateBucket('2025-02-01', b)).toBe('2');
    expect(dateBucket('2027-01-01', b)).toBe('4');
  });

  it('gives what deciding every entry on its own gives', () => {
    const draft: Installed = { packs: [...active.packs, ...install(byDate).packs], directory };
    const days = ['2024-05-31', '2024-06-01', '2024-12-31', '2025-01-01', '2025-01-02', '2025-03-01', '2025-03-02', '2026-12-31', '2027-01-01'];
    const attempts = days.flatMap((d) => ['clinic-north', 'clinic-south'].map((clinicId) => entry({ at: `${d}T12:00:00.000Z`, clinicId })));
    const r = replay(attempts, active, draft, { supervisorId: 'u-pt-avery' });
    const brute = attempts
      .map((e) => {
        const ctx = contextFromEntry(e, { supervisorId: 'u-pt-avery' })!;
        const b = decideWith(active, ctx);
        const a = decideWith(draft, ctx);
        return { id: e.id, before: b.outcome, after: a.outcome, a: firingRules(a), b: firingRules(b) };
      })
      .filter((x) => x.before !== x.after || x.a.blocks.join() !== x.b.blocks.join() || x.a.warnings.join() !== x.b.warnings.join());
    expect(r.changed.map((c) => c.entryId)).toEqual(brute.map((x) => x.id));
    expect(r.changed.map((c) => `${c.at.slice(0, 10)} ${c.clinicId} ${c.added.join()} ${c.warningsAdded.join()}`)).toEqual([
      '2024-06-01 clinic-north direct-before-2025 ',
      '2024-06-01 clinic-south direct-before-2025 ',
      '2024-12-31 clinic-north direct-before-2025 ',
      '2024-12-31 clinic-south direct-before-2025 ',
      '2025-03-01 clinic-north  audit-day',
      '2025-03-01 clinic-south  audit-day',
    ]);
  });
});
