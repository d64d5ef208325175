import { Engine } from 'json-rules-engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import { decide } from './decide';

const allowed = {
  userId: 'u-pta-jamie',
  clinicId: 'clinic-north',
  insuranceIds: ['ins-acme-ppo'],
  noteType: 'daily',
  supervisingTherapistId: 'u-pt-avery',
};
const gatesOf = async (p: unknown, d: unknown, c: unknown) => {
  const decision = await decide(p, d, c);
  return { outcome: decision.outcome, failures: decision.failures.map((f) => `${f.gate}: ${f.message}`) };
};

describe('decide() fails closed', () => {
  afterEach(() => vi.restoreAllMocks());

  it('allows the baseline context (so the cases below fail for their own reason)', async () => {
    expect((await decide(pack, directory, allowed)).outcome).toBe('allowed');
  });

  it.each([
    ['no insurance on the screen', { insuranceIds: undefined }, "facts: Finalize Guard could not read the patient's insurance on this screen."],
    ['an empty insurance list', { insuranceIds: [] }, "facts: Finalize Guard could not read the patient's insurance on this screen."],
    ['insurance as text, not a list', { insuranceIds: 'ins-acme-ppo' }, "facts: Finalize Guard could not read the patient's insurance on this screen."],
    [
      'an insurance not in the directory',
      { insuranceIds: ['ins-acme-ppo', 'ins-other'] },
      "facts: The patient's insurance is not in the Finalize Guard directory.",
    ],
    ['no user on the screen', { userId: undefined }, 'facts: Finalize Guard could not read who is documenting on this screen.'],
    ['a user id with a trailing space', { userId: 'u-pta-jamie ' }, 'facts: Finalize Guard could not read who is documenting on this screen.'],
    ['a user not in the directory', { userId: 'u-unknown' }, 'facts: The person documenting is not in the Finalize Guard directory.'],
    ['the string "false" as the clinic', { clinicId: false }, 'facts: Finalize Guard could not read the clinic on this screen.'],
    ['a clinic not in the directory', { clinicId: 'clinic-east' }, "facts: This note's clinic is not in the Finalize Guard directory."],
    [
      'a supervising therapist not in the directory',
      { supervisingTherapistId: 'u-gone' },
      'facts: The supervising therapist on this screen is not in the Finalize Guard directory.',
    ],
  ])('blocks on %s, saying so in plain words', async (_, change, failure) => {
    const r = await gatesOf(pack, directory, { ...allowed, ...change });
    expect(r.outcome).toBe('blocked');
    expect(r.failures).toContain(failure);
  });

  it('reports an unreadable fact together with the rules that still failed', async () => {
    const r = await gatesOf(pack, directory, { ...allowed, userId: 'u-pta-riley', clinicId: 'clinic-south', insuranceIds: [] });
    expect(r.failures.map((f) => f.split(':')[0])).toEqual(['facts', 'clinic', 'user']);
  });

  it.each([null, undefined, 'context', 42, []])('blocks on a context that is not an object (%s)', async (context) => {
    expect((await decide(pack, directory, context)).outcome).toBe('blocked');
  });

  it('blocks on an invalid pack, naming the problem, and never runs it', async () => {
    const broken = structuredClone(pack) as Record<string, any>;
    broken.rules[0].conditions.all[1].value = 'true';
    const r = await gatesOf(broken, directory, allowed);
    expect(r.outcome).toBe('blocked');
    expect(r.failures[0]).toMatch(
      /^policy: The rule pack 'webpt-default' is invalid \(rules\[0\]\.conditions\.all\[1\]\.value: clinic\.assistantFinalization is compared with "true"/,
    );
    for (const missing of [null, undefined, 'pack', []]) expect((await decide(missing, directory, allowed)).outcome).toBe('blocked');
  });

  it('blocks on an invalid directory (a credential "PTA " with a space)', async () => {
    const dir = structuredClone(directory) as Record<string, any>;
    dir.users[4].credential = 'PTA ';
    const r = await gatesOf(pack, dir, allowed);
    expect(r.outcome).toBe('blocked');
    expect(r.failures[0]).toMatch(/^policy: The organisation directory is invalid \(users\[4\]\.credential: Unknown credential "PTA "\)/);
    expect((await decide(pack, null, allowed)).outcome).toBe('blocked');
  });

  it('blocks when the engine fails', async () => {
    vi.spyOn(Engine.prototype, 'run').mockRejectedValue(new Error('boom'));
    const r = await gatesOf(pack, directory, allowed);
    expect(r).toEqual({ outcome: 'blocked', failures: ['policy: Finalize Guard could not evaluate the rules, so Finalize stays locked.'] });
  });

  it('in monitor mode reports would-block instead of blocking, with the same reasons', async () => {
    const monitor = { ...structuredClone(pack), mode: 'monitor' };
    const r = await gatesOf(monitor, directory, { ...allowed, clinicId: 'clinic-south' });
    expect(r.outcome).toBe('would-block');
    expect(r.failures).toEqual(['clinic: South Clinic does not allow therapist assistants to finalize notes.']);
  });

  it('gives the same hash for the same pack however it is formatted, and another for a changed one', async () => {
    const a = await decide(pack, directory, allowed);
    const reordered = Object.fromEntries(Object.entries(structuredClone(pack)).reverse());
    const b = await decide(reordered, directory, allowed);
    const changed = await decide({ ...structuredClone(pack), version: '1.0.1' }, directory, allowed);
    expect(b.pack?.hash).toBe(a.pack?.hash);
    expect(changed.pack?.hash).not.toBe(a.pack?.hash);
  });
});
