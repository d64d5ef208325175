/**
 * Turns evaluated rules into a Decision: shared by decide() (json-rules-engine) and decideValidated()
 * (the synchronous evaluator the content script uses), so both explain in exactly the same way.
 */
import { CREDENTIAL_ROLES } from './catalog';
import type { PackSelection } from './compose';
import { buildFacts, initialsOf, unreadableFinding } from './facts';
import { isObject } from './json';
import { fillTemplate, readFrom } from './template';
import { forEachLeaf, traceOf } from './trace';
import type { Decision, Directory, Finding, Pack, RuleEvent } from './types';

/** A rule's name, whether it fired, and its conditions annotated with per-condition results. */
export interface RuleOutcome {
  name: string;
  result: boolean;
  conditions: unknown;
}
export type Evaluate = (facts: Record<string, unknown>) => RuleOutcome[] | Promise<RuleOutcome[]>;

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

/** Runs `evaluate` over the facts of (directory, context) and explains the result. Never throws. */
export async function makeDecision(pack: Pack, hash: string, directory: Directory, context: unknown, evaluate: Evaluate): Promise<Decision> {
  const packInfo = { name: pack.name, version: pack.version, mode: pack.mode, hash };
  const facts = buildFacts(directory, context);
  let outcomes: RuleOutcome[];
  try {
    outcomes = await evaluate(facts.values);
  } catch {
    return policyError(...ENGINE_FAILED, packInfo);
  }
  return explain(pack, packInfo, directory, context, facts, outcomes);
}

/** The synchronous twin of makeDecision, for callers that cannot wait (the content script). */
export function makeDecisionSync(
  pack: Pack,
  hash: string,
  directory: Directory,
  context: unknown,
  evaluate: (f: Record<string, unknown>) => RuleOutcome[],
): Decision {
  const packInfo = { name: pack.name, version: pack.version, mode: pack.mode, hash };
  try {
    const facts = buildFacts(directory, context);
    return explain(pack, packInfo, directory, context, facts, evaluate(facts.values));
  } catch {
    return policyError(...ENGINE_FAILED, packInfo);
  }
}

function explain(
  pack: Pack,
  packInfo: NonNullable<Decision['pack']>,
  directory: Directory,
  context: unknown,
  facts: ReturnType<typeof buildFacts>,
  outcomes: RuleOutcome[],
): Decision {
  const order = new Map(pack.rules.map((r, i) => [r.name, i]));
  const fired = new Set(outcomes.filter((o) => o.result).map((o) => o.name));
  // Snapshot before filling messages: a placeholder must not add problems the rules did not have.
  const problems = [...facts.problems];
  const failedFacts = new Set(facts.failedFacts);
  const touchesFailed = (rule: Pack['rules'][number]) => {
    let touched = false;
    forEachLeaf(rule.conditions, (leaf) => {
      touched ||= failedFacts.has(String(leaf.fact));
    });
    return touched;
  };
  const findings = pack.rules.filter((r) => fired.has(r.name) && !touchesFailed(r)).map((r) => findingOf(r.name, r.event, readFrom(facts.values), pack.name));
  const failures = [...problems.map(unreadableFinding), ...findings.filter((f) => f.type === 'block')];
  return {
    outcome: failures.length === 0 ? 'allowed' : pack.mode === 'monitor' ? 'would-block' : 'blocked',
    failures,
    warnings: findings.filter((f) => f.type === 'warn'),
    infos: findings.filter((f) => f.type === 'info'),
    initials: initialsFor(directory, context),
    pack: packInfo,
    packs: [{ ...packInfo, applied: true }],
    trace: traceOf(order, outcomes),
    rules: pack.rules.map((r) => ({ rule: r.name, fired: fired.has(r.name) })),
  };
}

/** A fired rule's finding, its text filled from the facts (`read`, see fillTemplate). */
export function findingOf(rule: string, event: RuleEvent, read: (fact: string, path: string) => unknown, pack: string): Finding {
  const p = event.params;
  return {
    gate: p.gate,
    rule,
    type: event.type,
    audience: p.audience ?? 'documenter',
    message: fillTemplate(p.message, read),
    remedy: fillTemplate(p.remedy, read),
    ...(p.source ? { source: p.source } : {}),
    pack,
  };
}

/** The assistant's and the supervising therapist's initials, as the chart shows them. */
export function initialsFor(dir: Directory, context: unknown): Decision['initials'] {
  if (!isObject(context)) return null;
  const user = dir.users.find((u) => u.id === context.userId);
  const supervisor = dir.users.find((u) => u.id === context.supervisingTherapistId);
  if (!user || !supervisor || CREDENTIAL_ROLES[user.credential] !== 'assistant') return null;
  return { assistant: initialsOf(user), supervisor: initialsOf(supervisor) };
}
