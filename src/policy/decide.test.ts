import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { CREDENTIALS } from './catalog';
import { decide } from './decide';
import { referenceDecision, type Scenario } from '../../test/support/reference-decision';
import { scenarioInputs } from '../../test/support/scenario-directory';

const base = {
  userId: 'u-pta-jamie',
  clinicId: 'clinic-north',
  insuranceIds: ['ins-acme-ppo'],
  noteType: 'daily',
  noteId: 'note-1',
  supervisingTherapistId: 'u-pt-avery',
  dateOfService: '2026-11-27',
};

describe('decide() with the default pack', () => {
  it('allows an assistant whose clinic, insurance and confirmed permission all allow it, with both initials', async () => {
    const d = await decide(pack, directory, base);
    expect(d.outcome).toBe('allowed');
    expect(d.failures).toEqual([]);
    expect(d.initials).toEqual({ assistant: 'JR', supervisor: 'AK' });
    expect(d.pack).toMatchObject({ name: 'webpt-default', version: '1.0.0', mode: 'enforce' });
    expect(d.pack?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports clinic, insurance and user together when all three are off, each with a remedy', async () => {
    const d = await decide(pack, directory, { ...base, userId: 'u-pta-riley', clinicId: 'clinic-south', insuranceIds: ['ins-summit-wc'] });
    expect(d.outcome).toBe('blocked');
    expect(d.failures.map((f) => f.gate)).toEqual(['clinic', 'insurance', 'user']);
    expect(d.failures[0].message).toBe('South Clinic does not allow therapist assistants to finalize notes.');
    expect(d.failures[1].message).toContain("Summit Workers' Comp");
    for (const f of d.failures) expect(f.remedy).toMatch(/admin|supervising therapist/);
  });

  it('does not count a permission without its "Yes, I understand" confirmation', async () => {
    const d = await decide(pack, directory, { ...base, userId: 'u-pta-morgan' });
    expect(d.failures.map((f) => f.rule)).toEqual(['user-permission-unconfirmed']);
  });

  it('never blocks a therapist with assistant rules, even where assistants are not allowed', async () => {
    const d = await decide(pack, directory, {
      ...base,
      userId: 'u-pt-avery',
      clinicId: 'clinic-south',
      insuranceIds: ['ins-summit-wc'],
      supervisingTherapistId: undefined,
    });
    expect(d.outcome).toBe('allowed');
    expect(d.initials).toBeNull();
  });

  it('warns that a note will not reach billing when the finalizer is not a billing provider, without blocking', async () => {
    const d = await decide(pack, directory, { ...base, userId: 'u-pt-blake', supervisingTherapistId: undefined });
    expect(d.outcome).toBe('allowed');
    expect(d.warnings.map((w) => w.rule)).toContain('billing-finalizer-is-provider');
    expect(d.warnings.find((w) => w.rule === 'billing-finalizer-is-provider')?.message).toContain('Therabill');
  });

  it('warns admins when assistants allowed to finalize outnumber provider licenses', async () => {
    const d = await decide(pack, directory, base);
    const w = d.warnings.find((x) => x.rule === 'billing-licenses-cover-assistants');
    expect(w?.audience).toBe('admin');
    expect(w?.message).toBe('4 assistants may finalize notes, but only 3 provider licenses are purchased in Therabill.');
  });

  it('warns when the supervising therapist is not a billing provider', async () => {
    const d = await decide(pack, directory, { ...base, supervisingTherapistId: 'u-pt-blake' });
    expect(d.warnings.find((w) => w.rule === 'billing-supervisor-is-provider')?.message).toContain('Blake Osei');
  });

  it('blocks an assistant with no supervising therapist, or one who is not a therapist', async () => {
    const none = await decide(pack, directory, { ...base, supervisingTherapistId: undefined });
    expect(none.failures.map((f) => f.rule)).toEqual(['assistant-names-supervisor']);
    const pta = await decide(pack, directory, { ...base, supervisingTherapistId: 'u-pta-quinn' });
    expect(pta.failures.map((f) => f.rule)).toEqual(['supervisor-is-therapist']);
    expect(pta.failures[0].message).toContain('Quinn Alvarez (PTA)');
  });

  it('records a trace of every evaluated condition with the value seen', async () => {
    const d = await decide(pack, directory, { ...base, clinicId: 'clinic-south' });
    const row = d.trace.find((t) => t.rule === 'clinic-allows-assistants' && t.fact === 'clinic');
    expect(row).toMatchObject({ path: 'assistantFinalization', operator: 'notEqual', expected: true, seen: false, passed: true });
    expect(d.rules.find((r) => r.rule === 'clinic-allows-assistants')?.fired).toBe(true);
  });
});

describe('decide(): the exhaustive truth table of the default pack', () => {
  const scenarios: Scenario[] = [];
  for (const credential of CREDENTIALS)
    for (const clinicAllows of [undefined, true, false])
      for (const insuranceAllows of [true, false])
        for (const permission of ['none', 'off', 'unconfirmed', 'confirmed'] as const)
          for (const billingEnabled of [true, false])
            for (const userIsProvider of [true, false])
              for (const supervisorIsProvider of [true, false])
                scenarios.push({ credential, clinicAllows, insuranceAllows, permission, billingEnabled, userIsProvider, supervisorIsProvider });

  it(`has all ${scenarios.length} combinations`, () => {
    expect(scenarios.length).toBe(12 * 3 * 2 * 4 * 2 * 2 * 2);
    expect(new Set(scenarios.map((s) => JSON.stringify(s))).size).toBe(scenarios.length);
  });

  // One test per credential (192 combinations each): each well inside the test timeout on a busy machine.
  it.each(CREDENTIALS.map((c) => [c]))('matches the hand-written reference in every combination for %s', async (credential) => {
    const mismatches: string[] = [];
    for (const s of scenarios.filter((x) => x.credential === credential)) {
      const { directory: dir, context } = scenarioInputs(s);
      const d = await decide(pack, dir, context);
      const ref = referenceDecision(s);
      const got = { outcome: d.outcome, gates: d.failures.map((f) => f.gate), warnings: d.warnings.map((w) => w.rule) };
      if (JSON.stringify(got) !== JSON.stringify(ref)) mismatches.push(`${JSON.stringify(s)} -> ${JSON.stringify(got)} expected ${JSON.stringify(ref)}`);
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});
