/** How a decision locks the guard, and the attempt record it leaves (identifiers and rule names only). */
import { policyError } from '../policy/decision';
import { ID } from '../policy/facts';
import { NOT_SET_UP } from '../policy/not-set-up';
import type { ActiveConfig } from '../config/types';
import type { Decision, Directory, Finding, Gate, NoteContext } from '../policy/types';
import { MAX_GATES, MAX_RULES } from '../shared/audit-fields';
import { extractContext } from '../sites/extract';
import type { SiteProfile } from '../sites/types';
import type { AttemptRecord } from '../shared/messages';
import type { Attempt, GuardState } from './guard-api';

export function stateFor(decision: Decision): GuardState {
  if (decision.outcome === 'allowed') return { locked: false, monitor: false };
  if (decision.outcome === 'would-block') return { locked: false, monitor: true };
  // "Could not check" is for what went wrong; a clinic that is not set up yet is simply locked.
  const wentWrong = decision.failures.some((f) => f.gate === 'policy' && f.rule !== NOT_SET_UP.rule);
  return { locked: true, reason: wentWrong ? 'error' : 'blocked' };
}

const NO_NOTE_SCREEN = 'finalize-guard:no-note-screen';

/**
 * A page with a Finalize control but no note screen the profile recognises: locked with that reason (an
 * admin's noteScreen selector that matches nothing used to leave "Checking permissions…" forever).
 */
export function noNoteScreen(profile: string): Decision {
  return policyError(
    `Finalize Guard does not recognise this page as a note screen: the site profile "${profile}" finds no note screen here, so Finalize stays locked.`,
    "Ask your Finalize Guard admin to check the site profile's note-screen selector against this page (Options → Site profiles → Test against open tabs).",
    null,
    NO_NOTE_SCREEN,
  );
}

/**
 * Who and where, read from the note screen while there is no decision yet (the configuration is still
 * loading on a fresh profile, or policy is being checked): an attempt made then is still traceable. Names
 * looked up in the directory need the configuration; without it those fields stay unread.
 */
export function undecidedContext(doc: Document, profile: SiteProfile, config: ActiveConfig | null): Partial<NoteContext> {
  try {
    return extractContext(doc, profile, config?.directory ?? ({} as Directory));
  } catch {
    return {};
  }
}

/**
 * Gate and rule lists that fit the log's limits (MAX_GATES, MAX_RULES): a record beyond them would be refused
 * by the worker on every retry. Gates past the limit are named once each (there are only a dozen kinds); rules
 * past it are cut, the last place saying so, so the entry still records that more rules stopped the attempt.
 */
export const MORE_RULES = 'finalize-guard:more-rules';
const fitGates = (gates: Gate[]) => (gates.length <= MAX_GATES ? gates : [...new Set(gates)].slice(0, MAX_GATES));
const fitRules = (rules: string[]) => (rules.length <= MAX_RULES ? rules : [...rules.slice(0, MAX_RULES - 1), MORE_RULES]);

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
    gates: decision ? fitGates(failures.map((f) => f.gate)) : ['policy'],
    rules: decision ? fitRules(failures.map((f) => f.rule)) : ['finalize-guard:loading'],
    pack: decision?.pack ? { name: decision.pack.name, version: decision.pack.version, hash: decision.pack.hash } : null,
  };
}
