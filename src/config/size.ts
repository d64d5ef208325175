/**
 * How big a configuration may be. Every note decides with all of its packs in one task on the EHR's main thread:
 * past these counts a decision could take a frame or more and make typing in a note stutter, so publish refuses
 * the configuration instead (a deterministic proxy for time; `npm run bench` times 2,000 rules in 10 packs).
 */
import { isObject } from '../policy/json';
import { forEachLeaf } from '../policy/trace';
import type { BundleProblem } from './types';

export const MAX_CONFIG_RULES = 5_000;
export const MAX_CONFIG_CONDITIONS = 15_000;

/** Rules and conditions (fact tests) of the packs that are on; a malformed pack counts what it has. */
export function configSize(packs: unknown[]): { rules: number; conditions: number } {
  let rules = 0;
  let conditions = 0;
  for (const pack of packs) {
    const list = isObject(pack) && Array.isArray(pack.rules) ? pack.rules : [];
    rules += list.length;
    for (const rule of list)
      forEachLeaf(isObject(rule) ? rule.conditions : undefined, () => {
        conditions++;
      });
  }
  return { rules, conditions };
}

/** The problem publish reports for a configuration too big to decide within a frame (none when it is not). */
export function validateConfigSize(packs: unknown[]): BundleProblem[] {
  const { rules, conditions } = configSize(packs);
  if (rules <= MAX_CONFIG_RULES && conditions <= MAX_CONFIG_CONDITIONS) return [];
  return [
    {
      where: 'packs',
      path: '(root)',
      message: `The rule packs that are on hold ${rules.toLocaleString('en-US')} rules with ${conditions.toLocaleString('en-US')} conditions; at most ${MAX_CONFIG_RULES.toLocaleString('en-US')} rules and ${MAX_CONFIG_CONDITIONS.toLocaleString('en-US')} conditions can be decided on a note without slowing the EHR`,
      hint: 'Turn off rule packs this organisation does not use, or merge rules that test the same facts.',
      severity: 'error',
    },
  ];
}
