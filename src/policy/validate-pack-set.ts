/**
 * Checks across the packs installed together: names identify packs in clinics' `packs` lists and rule
 * names identify rules in audit logs, coverage and explanations, so both must be unambiguous.
 */
import { isObject, Problems } from './problems';

export function validatePackSet(packs: unknown[]): Problems {
  const out = new Problems();
  const packNames = new Map<string, number>();
  const ruleNames = new Map<string, string>();
  packs.forEach((pack, i) => {
    if (!isObject(pack) || typeof pack.name !== 'string') return;
    const packName = pack.name;
    if (packNames.has(packName)) {
      out.error(
        [i, 'name'],
        `Two packs are named '${packName}' (also pack ${packNames.get(packName)! + 1})`,
        'Install each pack once; give a changed copy its own name.',
      );
    } else packNames.set(packName, i);
    if (!Array.isArray(pack.rules)) return;
    pack.rules.forEach((rule, r) => {
      const name = isObject(rule) ? rule.name : undefined;
      if (typeof name !== 'string') return;
      const other = ruleNames.get(name);
      if (other !== undefined && other !== packName) {
        out.error(
          [i, 'rules', r, 'name'],
          `Rule '${name}' is in both '${other}' and '${packName}'`,
          'Rule names must be unique across installed packs: prefix them with the pack, e.g. "state-oh-cosign".',
        );
      } else ruleNames.set(name, packName);
    });
  });
  return out;
}
