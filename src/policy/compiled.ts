/**
 * A configuration compiled once, deciding cheaply many times. Each validated pack's conditions become closures
 * with json-rules-engine's semantics for the subset packs may use (all/any/not, condition priorities, the eight
 * operators, own-property paths) that read the facts through one FactReader and record what they saw in one flat
 * array: nothing is cloned and no fact getter is rebuilt per decision. The trace and the rule list are built from
 * that array only when read (LazyDecision in decision.ts). Which packs apply is planned once per clinic and date of
 * service. Decisions are memoised on the note context: a keystroke that leaves the context as it was costs a
 * string compare. decide() (json-rules-engine) explains its results with the same
 * explainRules, so both explain in exactly the same way; tests hold the two to the same decisions.
 * Configurations are treated as immutable once installed (the worker stores them; every read is a new object).
 */
import { FACTS } from './catalog';
import { combine, type PackSelection, selectPacks } from './compose';
import { asPackDecision, compileFinding, ENGINE_FAILED, noPackApplies, type PackDecision, policyError } from './decision';
import { type DirectoryReadings, FACT_NAMES, type FactReader, shareFacts, unreadableFinding } from './facts';
import { isObject, type Json } from './json';
import type { ReadFact } from './template';
import type { Decision, Directory, Finding, InstalledPack, Pack, TraceEntry } from './types';

// biome-ignore lint/suspicious/noExplicitAny: a validated pack's value, compared with json-rules-engine's untyped semantics
const OPERATORS: Record<string, (a: unknown, b: any) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => b.indexOf(a) > -1,
  notIn: (a, b) => b.indexOf(a) === -1,
  lessThan: (a, b) => isNumeric(a) && (a as number) < b,
  lessThanInclusive: (a, b) => isNumeric(a) && (a as number) <= b,
  greaterThan: (a, b) => isNumeric(a) && (a as number) > b,
  greaterThanInclusive: (a, b) => isNumeric(a) && (a as number) >= b,
};
function isNumeric(v: unknown): boolean {
  return Number.parseFloat(v as string).toString() !== 'NaN';
}

/** Evaluates a condition; writes the value it saw and its result for each leaf into `seen` (2 slots a leaf). */
type Test = (facts: FactReader, seen: unknown[]) => boolean;

interface Leaf {
  fact: string;
  path: string;
  operator: string;
  value: unknown;
  at: string;
}

interface CompiledRule {
  rule: Pack['rules'][number];
  finding: (read: ReadFact) => Finding;
  test: Test;
  /** Its leaves are leaves[from .. to). */
  from: number;
  to: number;
  /** The facts its conditions read: a rule that touched an unreadable one is explained by that problem instead. */
  facts: string[];
}

function compileLeaf(node: Record<string, unknown>, at: string, leaves: Leaf[]): Test | null {
  const { fact, path, operator, value } = node;
  if (typeof fact !== 'string' || !FACT_NAMES.includes(fact) || typeof path !== 'string' || path === '') return null;
  if (typeof operator !== 'string' || !Object.hasOwn(OPERATORS, operator)) return null;
  const op = OPERATORS[operator];
  const k = leaves.length * 2;
  leaves.push({ fact, path, operator, value, at: at || 'conditions' });
  // A path the catalog does not know reads nothing, without reading the fact (as own-property paths do).
  if (!Object.hasOwn(FACTS[fact], path)) {
    return (_, seen) => {
      seen[k] = undefined;
      return (seen[k + 1] = op(undefined, value));
    };
  }
  return (facts, seen) => {
    const v = facts.get(fact)?.[path];
    seen[k] = v;
    return (seen[k + 1] = op(v, value));
  };
}

/** Highest priority first; lower-priority groups are skipped once the outcome is known; a group runs whole. */
function compileList(list: unknown[], kind: 'all' | 'any', at: string, leaves: Leaf[]): Test | null {
  const children: Array<{ test: Test; priority: number }> = [];
  for (const [i, child] of list.entries()) {
    const test = compileNode(child, `${at}${at ? '.' : ''}${kind}[${i}]`, leaves);
    if (!test) return null;
    children.push({ test, priority: (isObject(child) && (child.priority as number)) || 1 });
  }
  if (children.length === 0) return () => true;
  if (children.length === 1) return children[0].test;
  const priorities = [...new Set(children.map((c) => c.priority))].sort((a, b) => b - a);
  const groups = priorities.map((p) => children.filter((c) => c.priority === p).map((c) => c.test));
  const any = kind === 'any';
  return (facts, seen) => {
    let result = !any;
    for (const group of groups) {
      if (any ? result : !result) break;
      let some = false;
      let every = true;
      for (const test of group) {
        if (test(facts, seen)) some = true;
        else every = false;
      }
      result = any ? some : every;
    }
    return result;
  };
}

function compileNode(node: unknown, at: string, leaves: Leaf[]): Test | null {
  if (!isObject(node)) return null;
  if (typeof node.fact === 'string') return compileLeaf(node, at, leaves);
  const kinds = (['all', 'any', 'not'] as const).filter((k) => k in node);
  if (kinds.length !== 1) return null; // the trace would list leaves the evaluation never reads
  const kind = kinds[0];
  if (kind === 'not') {
    const inner = compileNode(node.not, `${at}${at ? '.' : ''}not`, leaves);
    return inner && ((facts, seen) => !inner(facts, seen));
  }
  const list = node[kind];
  return Array.isArray(list) ? compileList(list, kind, at, leaves) : null;
}

/** A pack's rules compiled: each rule's test, and every leaf (fact test) in the order the trace lists them. */
export interface CompiledRules {
  rules: CompiledRule[];
  leaves: Leaf[];
}

/** null when a condition has a shape validation does not let through (then the pack is not decided: it blocks). */
export function compileRules(pack: Pack): CompiledRules | null {
  const leaves: Leaf[] = [];
  const rules: CompiledRule[] = [];
  for (const rule of pack.rules) {
    const from = leaves.length;
    const test = compileNode(rule.conditions, '', leaves);
    if (!test) return null;
    const facts = [...new Set(leaves.slice(from).map((l) => l.fact))];
    rules.push({ rule, finding: compileFinding(rule.name, rule.event, pack.name), test, from, to: leaves.length, facts });
  }
  return { rules, leaves };
}

/** `facts`: a new FactReader over the note's facts, shared with the other packs deciding it. */
type PackDecider = (facts: () => FactReader) => PackDecision;

function compilePack({ pack, hash }: InstalledPack): PackDecider {
  const packInfo = { name: pack.name, version: pack.version, mode: pack.mode, hash };
  let compiled: CompiledRules | null = null;
  try {
    compiled = compileRules(pack);
  } catch {
    // rules that are not even a list: below
  }
  const failed = () => asPackDecision(policyError(...ENGINE_FAILED, packInfo));
  if (!compiled) return failed;
  const { rules, leaves } = compiled;
  return (readFacts) => {
    try {
      const facts = readFacts();
      const seen: unknown[] = new Array(leaves.length * 2);
      const fired = rules.map((r) => r.test(facts, seen));
      return explainRules(packInfo, compiled, facts, seen, fired);
    } catch {
      return failed();
    }
  };
}

/**
 * The decision of one pack from its evaluated rules: `fired[i]` for rules[i], `seen` the value and result of each
 * leaf (2 slots a leaf, empty where the leaf was skipped). Unreadable facts block, and a rule that touched one is
 * explained by that problem instead of its own message.
 */
export function explainRules(
  packInfo: NonNullable<Decision['pack']>,
  { rules, leaves }: CompiledRules,
  facts: FactReader,
  seen: unknown[],
  fired: boolean[],
): PackDecision {
  // Snapshot before filling messages: a placeholder must not add problems the rules did not have.
  const failures = facts.problems.size > 0 ? [...facts.problems].map(unreadableFinding) : [];
  const failedFacts = facts.failedFacts.size > 0 ? new Set(facts.failedFacts) : null;
  const read = (fact: string, path: string) => (Object.hasOwn(FACTS, fact) && Object.hasOwn(FACTS[fact], path) ? facts.get(fact)?.[path] : undefined);
  const warnings: Finding[] = [];
  const infos: Finding[] = [];
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i];
    if (!fired[i] || (failedFacts && r.facts.some((f) => failedFacts.has(f)))) continue;
    const finding = r.finding(read);
    (finding.type === 'block' ? failures : finding.type === 'warn' ? warnings : infos).push(finding);
  }
  return {
    outcome: failures.length === 0 ? 'allowed' : packInfo.mode === 'monitor' ? 'would-block' : 'blocked',
    failures,
    warnings,
    infos,
    initials: initialsFrom(facts),
    trace: () => traceRows(rules, leaves, seen),
    rules: () => rules.map((r, i) => ({ rule: r.rule.name, fired: fired[i] })),
  };
}

/**
 * The assistant's and the supervising therapist's initials, as the chart shows them: both in the directory and the
 * documenting user an assistant. Read after the explanation's snapshot of problems, so it adds none to it.
 */
function initialsFrom(facts: FactReader): Decision['initials'] {
  const user = facts.get('user');
  const supervisor = user?.isAssistant === true ? facts.get('supervisor') : undefined;
  return supervisor?.present === true ? { assistant: user!.initials as string, supervisor: supervisor.initials as string } : null;
}

function traceRows(rules: CompiledRule[], leaves: Leaf[], seen: unknown[]): TraceEntry[] {
  const rows: TraceEntry[] = [];
  for (const r of rules) {
    for (let i = r.from; i < r.to; i++) {
      const l = leaves[i];
      const passed = seen[i * 2 + 1];
      rows.push({
        rule: r.rule.name,
        at: l.at,
        fact: l.fact,
        path: l.path,
        operator: l.operator,
        expected: l.value,
        seen: seen[i * 2],
        passed: typeof passed === 'boolean' ? passed : null,
      });
    }
  }
  return rows;
}

type PlainContext = Record<string, string | number | boolean | Array<string | number | boolean>>;
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const isPlainList = (v: unknown): v is unknown[] => Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;

/**
 * A copy of a note context as extractors and forms make it (a plain object of strings, finite numbers, booleans and
 * lists of them), to remember a decision by; undefined for anything else (NaN, a Date, an object with toJSON), which
 * is decided every time.
 */
function plainCopy(context: unknown): PlainContext | undefined {
  if (!isObject(context) || Object.getPrototypeOf(context) !== Object.prototype) return undefined;
  const copy: PlainContext = {};
  for (const key of Object.keys(context)) {
    const v = context[key];
    if (isScalar(v)) copy[key] = v as string;
    else if (isPlainList(v) && v.every(isScalar)) copy[key] = [...(v as string[])];
    else return undefined;
  }
  return copy;
}

/**
 * Whether `context` (with `size` own keys) holds exactly what `known` holds (no allocation: a keystroke that changes
 * nothing costs this).
 */
function sameContext(known: PlainContext, context: Json, size: number, knownSize: number): boolean {
  if (size !== knownSize) return false;
  for (const key in known) {
    const a = known[key];
    const b = context[key];
    if (a === b) continue;
    if (!Array.isArray(a) || !isPlainList(b) || b.length !== a.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  }
  return true;
}

/** How many last note contexts a compiled configuration remembers decisions for (a page may show a few notes). */
const MEMO_SIZE = 8;

export interface CompiledConfig {
  decide(context: unknown): Decision;
}

/** Compiles validated packs with their directory: see the file comment. Decisions for the same context are the same object. */
export function compileConfig(packs: InstalledPack[], directory: Directory): CompiledConfig {
  const deciders = new Map(packs.map((entry) => [entry, compilePack(entry)]));
  const readings: DirectoryReadings = new Map();
  const memo: Array<{ context: PlainContext; size: number; decision: Decision }> = [];
  // Which packs apply depends only on the note's clinic and date of service (as values: selectPacks reads nothing
  // else): selected once per pair, by clinic, then date.
  const selections = new Map<unknown, Map<unknown, PackSelection>>();
  let selected = 0;
  const select = (context: unknown): PackSelection => {
    const { clinicId, dateOfService } = isObject(context) ? context : {};
    let selection = selections.get(clinicId)?.get(dateOfService);
    if (!selection) {
      if (++selected > 256) {
        selections.clear(); // a bound, not a policy: more pairs than a day's notes show
        selected = 1;
      }
      selection = selectPacks(packs, directory, context);
      selections.set(clinicId, (selections.get(clinicId) ?? new Map()).set(dateOfService, selection));
    }
    return selection;
  };
  const decideOnce = (context: unknown): Decision => {
    try {
      const selection = select(context);
      if (selection.apply.length === 0 && selection.failures.length === 0) return noPackApplies(selection);
      const facts = shareFacts(directory, context, readings);
      return combine(
        selection,
        selection.apply.map((entry) => deciders.get(entry)!(facts)),
      );
    } catch {
      return policyError(...ENGINE_FAILED);
    }
  };
  return {
    decide(context) {
      const size = isObject(context) ? Object.keys(context).length : -1;
      for (const m of memo) if (sameContext(m.context, context as Json, size, m.size)) return m.decision;
      const decision = decideOnce(context);
      const copy = plainCopy(context);
      if (copy) {
        if (memo.length >= MEMO_SIZE) memo.shift();
        memo.push({ context: copy, size, decision });
      }
      return decision;
    },
  };
}
