/**
 * The pieces of a Decision every evaluator shares: the fail-closed decisions (policy errors, no pack applies),
 * and a fired rule's finding. compiled.ts explains evaluated rules with them, for note pages
 * and for decide() (json-rules-engine) alike.
 */
import type { PackSelection } from './compose';
import { compileTemplate, type ReadFact } from './template';
import type { Decision, Finding, RuleEvent, TraceEntry } from './types';

/**
 * One pack's decision before combine() makes the Decision (which adds the packs): its trace and rule list are still
 * functions, so that several packs' decisions join without anyone building them.
 */
export interface PackDecision extends Pick<Decision, 'outcome' | 'failures' | 'warnings' | 'infos' | 'initials'> {
  trace(): TraceEntry[];
  rules(): Decision['rules'];
}

/** A finished decision as a PackDecision (a pack that could not be evaluated). */
export const asPackDecision = (d: Decision): PackDecision => ({ ...d, trace: () => d.trace, rules: () => d.rules });

/**
 * A Decision whose trace and rule list are built on first read (note pages never read them; what-if, the CLI and
 * tests do). Both are own enumerable getters, so JSON, spreads and equality see plain data. The getters are shared
 * by every decision and reach the builders through private fields: an object literal with getters of its own costs
 * V8 a new hidden class per decision, more than all the rest of the decision.
 */
class LazyDecision {
  // declared only: the constructor assigns them, in the order JSON lists them
  declare outcome: Decision['outcome'];
  declare failures: Finding[];
  declare warnings: Finding[];
  declare infos: Finding[];
  declare initials: Decision['initials'];
  declare pack: Decision['pack'];
  declare packs: Decision['packs'];
  declare readonly trace: TraceEntry[];
  declare readonly rules: Decision['rules'];
  #from: PackDecision;
  #trace?: TraceEntry[];
  #rules?: Decision['rules'];
  // enumerable and configurable, as an object literal's getters are
  static readonly #traceGetter: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyDecision) {
      return (this.#trace ??= this.#from.trace());
    },
  };
  static readonly #rulesGetter: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyDecision) {
      return (this.#rules ??= this.#from.rules());
    },
  };
  constructor(d: PackDecision, { pack, packs }: Pick<Decision, 'pack' | 'packs'>) {
    ({ outcome: this.outcome, failures: this.failures, warnings: this.warnings, infos: this.infos, initials: this.initials } = d);
    this.pack = pack;
    this.packs = packs;
    this.#from = d;
    // one call per getter: cheaper in V8 than one defineProperties call for both
    Object.defineProperty(this, 'trace', LazyDecision.#traceGetter);
    Object.defineProperty(this, 'rules', LazyDecision.#rulesGetter);
  }
}

/** The Decision of a PackDecision and the packs that made it (see LazyDecision). */
export const explained = (d: PackDecision, packs: Pick<Decision, 'pack' | 'packs'>): Decision => new LazyDecision(d, packs);

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
