/**
 * The form view's edits: a rule's event type (block ↔ warn), its message and its remedy. Everything else
 * (conditions, new rules, metadata) is edited as JSON. An edit is checked like any pack: only a valid
 * result may enter the draft.
 */
import type { Pack, RuleEvent } from '../../../policy/types';
import { validatePack } from '../../../policy/validate-pack';
import { formatPath } from '../../../policy/problems';

export type RuleField = 'type' | 'message' | 'remedy';

/** Rules whose type the form may switch: block and warn (an info rule stays as it is). */
export const switchable = (event: RuleEvent) => event.type === 'block' || event.type === 'warn';

/** The gates of the source product's three permissions and its billing warnings. */
export const STANDARD_GATES = new Set(['clinic', 'insurance', 'user', 'billing']);

export function editRule(pack: Pack, index: number, field: RuleField, value: string): Pack {
  const rules = pack.rules.map((rule, i) => {
    if (i !== index) return rule;
    const event = field === 'type' ? { ...rule.event, type: value as RuleEvent['type'] } : { ...rule.event, params: { ...rule.event.params, [field]: value } };
    return { ...rule, event };
  });
  return { ...pack, rules };
}

/** The edit's result, or the first problem it would bring (in words for the field). */
export function tryEdit(pack: Pack, index: number, field: RuleField, value: string): { ok: true; pack: Pack } | { ok: false; problem: string } {
  if (field === 'type' && value !== 'block' && value !== 'warn') return { ok: false, problem: 'The form switches a rule between block and warn only.' };
  if (field === 'type' && !switchable(pack.rules[index]?.event)) return { ok: false, problem: 'Only block and warn rules can be switched here.' };
  const next = editRule(pack, index, field, value);
  const problems = validatePack(next).list.filter((p) => p.severity === 'error');
  if (problems.length === 0) return { ok: true, pack: next };
  const p = problems[0];
  return { ok: false, problem: `${formatPath(p.path)}: ${p.message}. ${p.hint}` };
}
