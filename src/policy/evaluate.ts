/**
 * The plain synchronous evaluator for packs, with json-rules-engine's semantics for the subset packs may use
 * (all/any/not, condition priorities, the eight operators, own-property paths): it annotates a copy of each rule's
 * conditions with the engine's result fields. Note pages decide with compiled.ts, which compiles the same
 * semantics once per configuration; this evaluator decides only packs whose shape the compiler does not expect
 * (unvalidated ones), and holds OPERATORS for both. Tests hold both to json-rules-engine's decisions.
 */
import { ownPropertyPath } from './path';
import type { Condition, Pack } from './types';

export interface EvaluatedRule {
  name: string;
  result: boolean;
  conditions: unknown;
}

// biome-ignore lint/suspicious/noExplicitAny: a validated pack's value, compared with json-rules-engine's untyped semantics
export const OPERATORS: Record<string, (a: unknown, b: any) => boolean> = {
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

// biome-ignore lint/suspicious/noExplicitAny: a validated pack's condition tree, annotated in place with the engine's result fields
type Node = Record<string, any>;

function evaluate(node: Node, facts: Record<string, unknown>): boolean {
  if (typeof node.fact === 'string') {
    const op = OPERATORS[node.operator];
    if (!op || !Object.hasOwn(facts, node.fact)) throw new Error(`cannot evaluate ${node.fact} ${node.operator}`);
    node.factResult = node.path ? ownPropertyPath(facts[node.fact], node.path) : facts[node.fact];
    node.valueResult = node.value;
    return (node.result = op(node.factResult, node.value));
  }
  const kind = 'all' in node ? 'all' : 'any' in node ? 'any' : 'not';
  const list: Node[] = kind === 'not' ? [node.not] : node[kind];
  const result = kind === 'not' ? !run(list, 'not', facts) : run(list, kind, facts);
  return (node.result = result);
}

/** Highest priority first; lower-priority groups are skipped once the outcome is known (as in the engine). */
function run(list: Node[], kind: 'all' | 'any' | 'not', facts: Record<string, unknown>): boolean {
  if (list.length === 0) return true;
  if (list.length === 1) return evaluate(list[0], facts);
  const groups = new Map<number, Node[]>();
  for (const c of list) {
    const p = c.priority || 1;
    groups.set(p, [...(groups.get(p) ?? []), c]);
  }
  let result = kind === 'all';
  for (const p of [...groups.keys()].sort((a, b) => b - a)) {
    if (kind === 'any' ? result : !result) break;
    const results = groups.get(p)!.map((c) => evaluate(c, facts));
    result = kind === 'any' ? results.some(Boolean) : results.every(Boolean);
  }
  return result;
}

/** Evaluates every rule; returns copies of the conditions annotated with result and factResult. */
export function evaluatePack(pack: Pack, facts: Record<string, unknown>): EvaluatedRule[] {
  return pack.rules.map((rule) => {
    const conditions = structuredClone(rule.conditions as Condition) as Node;
    return { name: rule.name, result: evaluate(conditions, facts), conditions };
  });
}
