import { afterEach, describe, expect, it, vi } from 'vitest';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { CREDENTIALS } from './catalog';
import { compileConfig } from './compiled';
import { decide } from './decide';
import { decideValidated } from './decide-validated';
import { contentHash } from './hash';
import type { Directory, InstalledPack, Pack } from './types';
import { scenarioInputs } from '../../test/support/scenario-directory';
import type { Scenario } from '../../test/support/reference-decision';

const P = pack as unknown as Pack;
const DIR = directory as unknown as Directory;
const context = { userId: 'u-pta-jamie', clinicId: 'clinic-north', insuranceIds: ['ins-acme-ppo'], noteType: 'daily', supervisingTherapistId: 'u-pt-avery' };
const installed = (p: Pack = P, hash = 'h'): InstalledPack[] => [{ pack: p, hash, enabled: true }];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the compiled configuration decides exactly as decide() (json-rules-engine)', () => {
  const scenarios: Scenario[] = [];
  for (const credential of CREDENTIALS)
    for (const clinicAllows of [undefined, true, false])
      for (const insuranceAllows of [true, false])
        for (const permission of ['none', 'off', 'unconfirmed', 'confirmed'] as const)
          for (const billingEnabled of [true, false])
            for (const userIsProvider of [true, false])
              for (const supervisorIsProvider of [true, false])
                scenarios.push({ credential, clinicAllows, insuranceAllows, permission, billingEnabled, userIsProvider, supervisorIsProvider });

  it(`covers the whole truth table (${scenarios.length} combinations)`, () => {
    expect(scenarios.length).toBe(12 * 3 * 2 * 4 * 2 * 2 * 2);
  });

  // One test per credential: each well inside the timeout on a busy machine. Traces and rule lists included.
  it.each(CREDENTIALS.map((c) => [c]))('in every combination for %s, traces included', async (credential) => {
    const hash = await contentHash(pack);
    const mismatches: string[] = [];
    for (const s of scenarios.filter((x) => x.credential === credential)) {
      const { directory: dir, context: ctx } = scenarioInputs(s);
      const got = JSON.parse(JSON.stringify(decideValidated(installed(P, hash), dir, ctx)));
      const expected = JSON.parse(JSON.stringify(await decide(pack, dir, ctx)));
      if (JSON.stringify(got) !== JSON.stringify(expected)) mismatches.push(JSON.stringify(s));
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe('compiled once, cheap per decision', () => {
  it('clones nothing when deciding (the old evaluator cloned every rule per decision)', () => {
    const config = compileConfig(installed(), DIR);
    const clone = vi.spyOn(globalThis, 'structuredClone');
    for (const noteType of ['daily', 'progress-report', 'evaluation']) config.decide({ ...context, noteType });
    expect(clone).not.toHaveBeenCalled();
  });

  it('memoises on the note context: the same context is the same decision object, a changed one decides again', () => {
    const config = compileConfig(installed(), DIR);
    const first = config.decide(context);
    expect(config.decide({ ...context })).toBe(first);
    const other = config.decide({ ...context, userId: 'u-pta-riley' });
    expect(other).not.toBe(first);
    expect(other.failures.map((f) => f.gate)).not.toEqual(first.failures.map((f) => f.gate));
    expect(config.decide(context)).toBe(first);
  });

  it('reads the directory once per id: a new note of the same people decides alike, other people read theirs', () => {
    const config = compileConfig(installed(), DIR);
    const first = config.decide({ ...context, noteId: 'n1' });
    const again = config.decide({ ...context, noteId: 'n2' });
    expect(again).not.toBe(first);
    expect(again.failures).toEqual(first.failures);
    expect(again.warnings).toEqual(first.warnings);
    const riley = config.decide({ ...context, userId: 'u-pta-riley', noteId: 'n3' });
    expect(riley.failures.map((f) => f.gate)).not.toEqual(first.failures.map((f) => f.gate));
    // an id that is not well-formed is never served from what a well-formed one read
    expect(config.decide({ ...context, userId: 'u-pta-jamie ', noteId: 'n4' }).failures.map((f) => f.gate)).toEqual(['facts']);
  });

  it('keeps one compiled form per configuration: a new directory compiles again', () => {
    const packs = installed();
    const d1 = decideValidated(packs, DIR, context);
    expect(decideValidated(packs, DIR, context)).toBe(d1);
    const off = { ...DIR, clinics: DIR.clinics.map((c) => ({ ...c, assistantFinalization: false })) };
    const d2 = decideValidated(packs, off, context);
    expect(d2.failures.map((f) => f.gate)).toContain('clinic');
    expect(d1.failures.map((f) => f.gate)).not.toContain('clinic');
  });

  it('builds the trace and the rule list only when read', () => {
    const d = compileConfig(installed(), DIR).decide(context);
    expect(Object.getOwnPropertyDescriptor(d, 'trace')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(d, 'rules')?.get).toBeTypeOf('function');
    expect(d.trace.length).toBeGreaterThan(P.rules.length);
    expect(d.trace).toBe(d.trace); // built once, then kept
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['trace', 'rules'])); // enumerable: JSON and equality see them
    expect(d.rules.map((r) => r.rule)).toEqual(P.rules.map((r) => r.name));
  });

  it('blocks with a policy error on a pack it cannot compile (a shape validation never lets through)', () => {
    for (const rules of [
      [{ ...P.rules[0], conditions: { all: [], any: [] } }],
      [{ ...P.rules[0], conditions: { all: [{ fact: 'user', path: 'isAssistant', operator: 'matches', value: true }] } }],
      'not a list',
    ]) {
      const d = compileConfig(installed({ ...P, rules } as unknown as Pack), DIR).decide(context);
      expect([d.outcome, d.failures.map((f) => f.gate)]).toEqual(['blocked', ['policy']]);
    }
  });

  it('decides a context that JSON cannot hold without remembering it', async () => {
    const config = compileConfig(installed(), DIR);
    const odd = { ...context, noteId: 1n };
    const d = config.decide(odd);
    expect(d.outcome).toBe((await decide(pack, DIR, odd)).outcome);
    expect(config.decide(odd)).not.toBe(d);
  });

  it('never shares a decision between contexts that JSON writes alike but that decide differently', () => {
    const config = compileConfig(installed(), DIR);
    expect(config.decide(context).outcome).toBe('allowed');
    const spoofed = { ...context, userId: { toJSON: () => context.userId } };
    expect(JSON.stringify(spoofed)).toBe(JSON.stringify(context));
    expect(config.decide(spoofed).outcome).toBe('blocked');
  });
});
