/**
 * A configuration compiled once, deciding cheaply many times. Each validated pack's conditions become closures
 * (json-rules-engine's semantics, as evaluate.ts: all/any/not, condition priorities, the eight operators,
 * own-property paths) that read the facts through one FactReader and record what they saw in one flat array:
 * nothing is cloned and no fact getter is rebuilt per decision. The trace and the rule list are built from that
 * array only when read (lazyField). Decisions are memoised on the note context: a keystroke that leaves the
 * context as it was costs a string compare. A pack whose shape the compiler does not expect (only an unvalidated
 * one) decides through evaluate.ts instead, so anything odd still fails closed exactly as before.
 * Configurations are treated as immutable once installed (the worker stores them; every read is a new object).
 */
import { FACTS } from './catalog';
import { combine, selectPacks } from './compose';
import { ENGINE_FAILED, findingOf, initialsFor, makeDecisionSync, noPackApplies, policyError } from './decision';
import { evaluatePack, OPERATORS } from './evaluate';
import { FACT_NAMES, type FactReader, readFacts, unreadableFinding } from './facts';
import { isObject } from './json';
import { lazyField } from './trace';
import type { Decision, Directory, InstalledPack, Pack, TraceEntry } from './types';

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

type PackDecider = (directory: Directory, context: unknown) => Decision;

function compilePack(entry: InstalledPack): PackDecider {
  const { pack, hash } = entry;
  const legacy: PackDecider = (directory, context) => makeDecisionSync(pack, hash, directory, context, (facts) => evaluatePack(pack, facts));
  try {
    return compileRules(pack, hash) ?? legacy;
  } catch {
    return legacy; // rules that are not even a list: evaluate.ts fails closed on them
  }
}

function compileRules(pack: Pack, hash: string): PackDecider | null {
  const leaves: Leaf[] = [];
  const rules: CompiledRule[] = [];
  for (const rule of pack.rules) {
    const from = leaves.length;
    const test = compileNode(rule.conditions, '', leaves);
    if (!test) return null;
    const facts = [...new Set(leaves.slice(from).map((l) => l.fact))];
    rules.push({ rule, test, from, to: leaves.length, facts });
  }
  const packInfo = { name: pack.name, version: pack.version, mode: pack.mode, hash };
  return (directory, context) => {
    try {
      const facts = readFacts(directory, context);
      const seen: unknown[] = new Array(leaves.length * 2);
      const fired = rules.map((r) => r.test(facts, seen));
      return explain(packInfo, rules, leaves, directory, context, facts, seen, fired);
    } catch {
      return policyError(...ENGINE_FAILED, packInfo);
    }
  };
}

function explain(
  packInfo: NonNullable<Decision['pack']>,
  rules: CompiledRule[],
  leaves: Leaf[],
  directory: Directory,
  context: unknown,
  facts: FactReader,
  seen: unknown[],
  fired: boolean[],
): Decision {
  // Snapshot before filling messages: a placeholder must not add problems the rules did not have.
  const problems = [...facts.problems];
  const failedFacts = new Set(facts.failedFacts);
  const read = (fact: string, path: string) => (FACT_NAMES.includes(fact) && Object.hasOwn(FACTS[fact], path) ? facts.get(fact)?.[path] : undefined);
  const findings = rules
    .filter((r, i) => fired[i] && !r.facts.some((f) => failedFacts.has(f)))
    .map((r) => findingOf(r.rule.name, r.rule.event, read, packInfo.name));
  const failures = [...problems.map(unreadableFinding), ...findings.filter((f) => f.type === 'block')];
  const decision: Decision = {
    outcome: failures.length === 0 ? 'allowed' : packInfo.mode === 'monitor' ? 'would-block' : 'blocked',
    failures,
    warnings: findings.filter((f) => f.type === 'warn'),
    infos: findings.filter((f) => f.type === 'info'),
    initials: initialsFor(directory, context),
    pack: packInfo,
    packs: [{ ...packInfo, applied: true }],
    trace: [],
    rules: [],
  };
  lazyField(decision, 'trace', () => traceRows(rules, leaves, seen));
  lazyField(decision, 'rules', () => rules.map((r, i) => ({ rule: r.rule.name, fired: fired[i] })));
  return decision;
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

const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/**
 * The memo key of a note context as extractors and forms make it: a plain object of strings, finite numbers,
 * booleans and lists of them. Anything else (NaN, a Date, an object with toJSON, a getter) has no key, so two
 * contexts that JSON would write alike but that decide differently can never share a decision.
 */
function contextKey(context: unknown): string | undefined {
  if (!isObject(context) || Object.getPrototypeOf(context) !== Object.prototype) return undefined;
  for (const key of Object.keys(context)) {
    const d = Object.getOwnPropertyDescriptor(context, key);
    if (!d || d.get) return undefined;
    const v = d.value;
    if (!isScalar(v) && !(Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype && v.every(isScalar))) return undefined;
  }
  return JSON.stringify(context);
}

/** How many last note contexts a compiled configuration remembers decisions for (a page may show a few notes). */
const MEMO_SIZE = 8;

export interface CompiledConfig {
  decide(context: unknown): Decision;
}

/** Compiles validated packs with their directory: see the file comment. Decisions for the same context are the same object. */
export function compileConfig(packs: InstalledPack[], directory: Directory): CompiledConfig {
  const deciders = new Map(packs.map((entry) => [entry, compilePack(entry)]));
  const memo = new Map<string, Decision>();
  const decideOnce = (context: unknown): Decision => {
    try {
      const selection = selectPacks(packs, directory, context);
      if (selection.apply.length === 0 && selection.failures.length === 0) return noPackApplies(selection);
      return combine(
        selection,
        selection.apply.map((entry) => deciders.get(entry)!(directory, context)),
      );
    } catch {
      return policyError(...ENGINE_FAILED);
    }
  };
  return {
    decide(context) {
      const key = contextKey(context);
      if (key === undefined) return decideOnce(context); // not a plain note context: decide, remember nothing
      const known = memo.get(key);
      if (known) return known;
      const decision = decideOnce(context);
      if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
      memo.set(key, decision);
      return decision;
    },
  };
}
