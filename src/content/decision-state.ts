/** How a decision locks the guard, and the attempt record it leaves (identifiers and rule names only). */
import { ID } from '../policy/facts';
import { NOT_SET_UP } from '../policy/not-set-up';
import type { Decision, Finding, NoteContext } from '../policy/types';
import type { AttemptRecord } from '../shared/messages';
import type { Attempt, GuardState } from './guard-api';

export function stateFor(decision: Decision): GuardState {
  if (decision.outcome === 'allowed') return { locked: false, monitor: false };
  if (decision.outcome === 'would-block') return { locked: false, monitor: true };
  // "Could not check" is for what went wrong; a clinic that is not set up yet is simply locked.
  const wentWrong = decision.failures.some((f) => f.gate === 'policy' && f.rule !== NOT_SET_UP.rule);
  return { locked: true, reason: wentWrong ? 'error' : 'blocked' };
}

/** A condition on whether someone is a billing provider (the directory's billing integration). */
const PROVIDER_CHECK = /(^|\.)isBillingProvider$/;

/**
 * The warnings that say an allowed note will not reach billing: the documenter's billing warnings whose rule tests
 * whether someone is a billing provider (with Therabill, a note finalized by or for a non-provider does not transmit).
 * Other billing warnings (report a CQ modifier) do not hold Finalize.
 */
export function notBilled(decision: Decision | null): Finding[] {
  if (decision?.outcome !== 'allowed') return [];
  const providerRules = new Set(decision.trace.filter((t) => t.path !== undefined && PROVIDER_CHECK.test(t.path)).map((t) => t.rule));
  return decision.warnings.filter((w) => w.gate === 'billing' && w.audience !== 'admin' && providerRules.has(w.rule));
}

/**
 * The record of an attempt: a blocked one (or would-block, in monitor mode), or, with `held`, an allowed one held
 * for a confirmation because the note will not reach billing (its gates and rules are those warnings').
 */
export function attemptRecord(
  attempt: Attempt,
  decision: Decision | null,
  context: Partial<NoteContext>,
  profile: string,
  id: string,
  held: Finding[] = [],
): AttemptRecord {
  // Only well-formed identifiers: the worker rejects anything else, and a page may show anything.
  const ids = (v: unknown) => (typeof v === 'string' && ID.test(v) ? v : undefined);
  const failures = held.length > 0 ? held : (decision?.failures ?? []);
  return {
    id,
    at: new Date(attempt.at).toISOString(),
    kind: attempt.kind,
    outcome: held.length > 0 ? 'confirm-billing' : decision?.outcome === 'would-block' ? 'would-block' : 'blocked',
    profile,
    userId: ids(context.userId),
    clinicId: ids(context.clinicId),
    insuranceIds: Array.isArray(context.insuranceIds) ? context.insuranceIds.filter((i) => ids(i)).slice(0, 10) : undefined,
    noteType: ids(context.noteType),
    noteId: ids(context.noteId),
    gates: decision ? failures.map((f) => f.gate) : ['policy'],
    rules: decision ? failures.map((f) => f.rule) : ['finalize-guard:loading'],
    pack: decision?.pack ? { name: decision.pack.name, version: decision.pack.version, hash: decision.pack.hash } : null,
  };
}
