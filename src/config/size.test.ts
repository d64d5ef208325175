import { describe, expect, it } from 'vitest';
import type { Pack } from '../policy/types';
import { validateBundle } from './bundle';
import { clone, defaultBundle } from './fixtures';
import { configSize, MAX_CONFIG_CONDITIONS, MAX_CONFIG_RULES } from './size';

/** `packs` packs of `rules` rules each, every rule testing `conditions` facts (short texts: the bundle's 2 MB cap stays out of the way). */
function bundleOf(packs: number, rules: number, conditions: number) {
  const bundle = defaultBundle();
  const base = bundle.packs[0].pack;
  const leaf = { fact: 'user', path: 'isAssistant', operator: 'equal', value: true };
  bundle.packs = Array.from({ length: packs }, (_, p) => ({
    enabled: true,
    pack: {
      ...clone(base),
      name: `pack-${p}`,
      rules: Array.from({ length: rules }, (_, i) => ({
        name: `pack-${p}-rule-${i}`,
        conditions: { all: Array(conditions).fill(leaf) },
        event: { type: 'block', params: { gate: 'user', message: 'Locked.', remedy: 'Ask.' } },
      })),
    } as Pack,
  }));
  return bundle;
}
const sizeProblems = (b: unknown) => validateBundle(b).filter((p) => p.where === 'packs' && /at most/.test(p.message));

describe('publish refuses a configuration too big to decide on a note without slowing the EHR', () => {
  it('counts the rules and conditions of the packs that are on', () => {
    const b = bundleOf(3, 4, 2);
    b.packs[2].enabled = false;
    expect(configSize(b.packs.filter((e) => e.enabled).map((e) => e.pack))).toEqual({ rules: 8, conditions: 16 });
  });

  it('accepts 2,000 rules in 10 packs (what the bench decides without a long task)', () => {
    const b = bundleOf(10, 200, 2);
    expect(sizeProblems(b)).toEqual([]);
    expect(validateBundle(b).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('refuses more conditions than a frame holds, saying how many and what to do', () => {
    const b = bundleOf(10, 100, Math.ceil(MAX_CONFIG_CONDITIONS / 1000) + 1);
    const [problem, ...rest] = sizeProblems(b);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ severity: 'error', path: '(root)' });
    expect(problem.message).toContain('1,000 rules with 16,000 conditions');
    expect(problem.hint).toMatch(/Turn off rule packs/);
  });

  it('refuses more rules than the limit, and counts only packs that are on', () => {
    const packs = Math.ceil(MAX_CONFIG_RULES / 200) + 1;
    const b = bundleOf(packs, 200, 1);
    expect(sizeProblems(b)).toHaveLength(1);
    for (const e of b.packs.slice(10)) e.enabled = false;
    expect(sizeProblems(b)).toEqual([]);
  });
});
