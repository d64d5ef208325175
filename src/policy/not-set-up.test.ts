import { describe, expect, it } from 'vitest';
import directory from '../../rules/directory.example.json';
import pack from '../../rules/packs/webpt-default.json';
import context from '../../rules/contexts/pta-allowed.json';
import { statusNow } from '../config/status';
import { decide } from './decide';
import { decideValidated } from './decide-validated';
import { contentHash } from './hash';
import { EMPTY_DIRECTORY, isNotSetUp, NOT_SET_UP } from './not-set-up';
import type { Directory, Pack } from './types';

const example = directory as unknown as Directory;

describe('first run: a directory nobody is in is "not set up"', () => {
  it('is not set up without clinics or without users, and set up with both', () => {
    expect(isNotSetUp(EMPTY_DIRECTORY)).toBe(true);
    expect(isNotSetUp({ ...example, users: [] })).toBe(true);
    expect(isNotSetUp({ ...example, clinics: [] })).toBe(true);
    expect(isNotSetUp(example)).toBe(false);
  });

  it('decide() blocks with the one plain reason and who to ask, whatever the note says', async () => {
    const d = await decide(pack, EMPTY_DIRECTORY, context);
    expect(d.outcome).toBe('blocked');
    expect(d.failures).toEqual([
      { gate: 'policy', rule: NOT_SET_UP.rule, type: 'block', audience: 'documenter', message: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy },
    ]);
    expect(NOT_SET_UP.remedy).toMatch(/administrator.*Options/);
  });

  it("the content script's evaluator carries no first-run words: it still blocks (nobody is known), and decides normally once people are in", async () => {
    const hash = await contentHash(pack);
    const installed = [{ pack: pack as unknown as Pack, hash, enabled: true }];
    const d = decideValidated(installed, structuredClone(EMPTY_DIRECTORY), context);
    expect(d.outcome).toBe('blocked');
    expect(d.failures.map((f) => f.rule)).not.toContain(NOT_SET_UP.rule);
    expect(decideValidated(installed, example, context).outcome).toBe('allowed');
  });

  it("note tabs get the words from the worker's status: locked with the first-run rule, message and remedy", () => {
    expect(statusNow({ state: 'not-set-up', rule: NOT_SET_UP.rule, reason: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy }, Date.now())).toEqual({
      kind: 'locked',
      rule: NOT_SET_UP.rule,
      message: NOT_SET_UP.message,
      remedy: NOT_SET_UP.remedy,
    });
  });
});
