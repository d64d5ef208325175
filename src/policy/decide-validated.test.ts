import { describe, expect, it } from 'vitest';
import cases from '../../rules/cases/webpt-default.cases.json';
import billingOff from '../../rules/cases/directory.billing-off.json';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { CREDENTIALS } from './catalog';
import { decide } from './decide';
import { decideValidated } from './decide-validated';
import { contentHash } from './hash';
import type { Directory, Pack } from './types';
import { scenarioInputs } from '../../test/support/scenario-directory';

const P = pack as unknown as Pack;

describe("decideValidated (the content script's synchronous evaluator) decides exactly as decide() (json-rules-engine)", () => {
  it('on every shipped case, fail-closed ones included, with the same trace', async () => {
    const hash = await contentHash(pack);
    for (const c of cases.cases) {
      const dir = (c as { directory?: string }).directory ? billingOff : directory;
      const expected = await decide(pack, dir, c.context);
      expect(decideValidated([{ pack: P, hash, enabled: true }], dir as unknown as Directory, c.context), c.name).toEqual(expected);
    }
  });

  it('on a sample of the truth table, across credentials and permissions', async () => {
    const hash = await contentHash(pack);
    let compared = 0;
    for (const credential of CREDENTIALS) {
      for (const permission of ['none', 'unconfirmed', 'confirmed'] as const) {
        for (const clinicAllows of [undefined, false]) {
          const s = {
            credential,
            permission,
            clinicAllows,
            insuranceAllows: clinicAllows !== false,
            billingEnabled: true,
            userIsProvider: false,
            supervisorIsProvider: permission === 'none',
          };
          const { directory: dir, context } = scenarioInputs(s);
          expect(decideValidated([{ pack: P, hash, enabled: true }], dir, context)).toEqual(await decide(pack, dir, context));
          compared++;
        }
      }
    }
    expect(compared).toBe(CREDENTIALS.length * 6);
  });

  it('evaluates condition priorities like the engine: lower ones are skipped once the rule is settled', () => {
    const d = decideValidated([{ pack: P, hash: 'h', enabled: true }], directory as unknown as Directory, {
      userId: 'u-pt-avery',
      clinicId: 'clinic-north',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
    });
    // priority 2: isAssistant and supervisor.present run (and fail); priority 1: isTherapist is skipped.
    const rows = d.trace.filter((t) => t.rule === 'supervisor-is-therapist').map((t) => `${t.fact}.${t.path}=${t.passed}`);
    expect(rows).toEqual(['user.isAssistant=false', 'supervisor.present=false', 'supervisor.isTherapist=null']);
  });

  it('fails closed on a configuration that is missing or broken', () => {
    expect(decideValidated(null as unknown as [], directory as unknown as Directory, {}).outcome).toBe('blocked');
    const broken = { ...P, rules: [{ ...P.rules[0], conditions: { all: [{ fact: 'user', path: 'isAssistant', operator: 'matches', value: true }] } }] } as Pack;
    const d = decideValidated([{ pack: broken, hash: 'h', enabled: true }], directory as unknown as Directory, {
      userId: 'u-pta-jamie',
      clinicId: 'clinic-north',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
    });
    expect(d.outcome).toBe('blocked');
    expect(d.failures[0].gate).toBe('policy');
  });
});
