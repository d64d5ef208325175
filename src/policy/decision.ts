/**
 * The pieces of a Decision every evaluator shares: the fail-closed decisions (policy errors, no pack applies),
 * and a fired rule's finding. compiled.ts explains evaluated rules with them, for note pages
 * and for decide() (json-rules-engine) alike.
 */
import type { PackSelection } from './compose';
import { compileTemplate, type ReadFact } from './template';
import type { Decision, Finding, RuleEvent } from './types';

export function policyError(message: string, remedy: string, pack: Decision['pack'] = null, rule = 'finalize-guard:policy'): Decision {
  return {
    outcome: 'blocked',
    pack,
    packs: pack ? [{ ...pack, applied: true }] : [],
    warnings: [],
    infos: [],
    initials: null,
    trace: [],
    rules: [],
    failures: [{ gate: 'policy', rule, type: 'block', message, remedy, audience: 'documenter' }],
  };
}

/** Packs are installed but none applies to this note (all off, or none used at its clinic on its date). */
export function noPackApplies(selection: PackSelection): Decision {
  return {
    ...policyError(
      'No Finalize Guard rule pack applies to this note, so Finalize stays locked.',
      "Ask your Finalize Guard admin to turn on a rule pack for this note's clinic.",
    ),
    packs: selection.skipped.map(({ entry, why }) => ({
      name: entry.pack.name,
      version: entry.pack.version,
      mode: entry.pack.mode,
      hash: entry.hash,
      applied: false,
      why,
    })),
  };
}

export const ENGINE_FAILED = [
  'Finalize Guard could not evaluate the rules, so Finalize stays locked.',
  'Reload the page. If it keeps happening, ask your Finalize Guard admin to check the rule pack.',
] as const;

/** A rule's finding, compiled once: filling it reads the facts its message and remedy name (`read`, see template.ts). */
export function compileFinding(rule: string, event: RuleEvent, pack: string): (read: ReadFact) => Finding {
  const p = event.params;
  const [message, remedy] = [compileTemplate(p.message), compileTemplate(p.remedy)];
  const audience = p.audience ?? 'documenter';
  return (read) => ({
    gate: p.gate,
    rule,
    type: event.type,
    audience,
    message: message(read),
    remedy: remedy(read),
    ...(p.source ? { source: p.source } : {}),
    pack,
  });
}
