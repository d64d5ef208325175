/**
 * Runs admin-written cases against a pack, or several packs installed together, and measures what they
 * exercised, like `opa test --coverage`: a rule is covered when some case made it fire and some case made
 * it not fire; a condition is covered when some case saw it pass and some case saw it fail. With several
 * packs, coverage counts the rules of all of them (rule names are unique across installed packs).
 */
import { decide } from './decide';
import { forEachLeaf } from './trace';
import type { Decision, Outcome } from './types';

export interface Case {
  name: string;
  context: unknown;
  directory: unknown;
  expect: { outcome: Outcome; gates?: string[]; failing?: string[]; warnings?: string[] };
}
export interface CaseResult {
  name: string;
  passed: boolean;
  differences: string[];
  decision: Decision;
}
export interface Coverage {
  rules: Array<{ rule: string; fired: boolean; notFired: boolean }>;
  conditions: Array<{ rule: string; at: string; passed: boolean; failed: boolean }>;
  rulePercent: number;
  conditionPercent: number;
  percent: number;
}

const sameSet = (a: string[], b: string[]) => {
  const x = [...new Set(a)].sort(),
    y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

function compare(c: Case, d: Decision): string[] {
  const diffs: string[] = [];
  const check = (what: string, expected: string[] | undefined, actual: string[]) => {
    if (expected && !sameSet(expected, actual))
      diffs.push(`${what}: expected [${[...expected].sort().join(', ')}], got [${[...new Set(actual)].sort().join(', ')}]`);
  };
  if (d.outcome !== c.expect.outcome) diffs.push(`outcome: expected ${c.expect.outcome}, got ${d.outcome}`);
  check(
    'gates',
    c.expect.gates,
    d.failures.map((f) => f.gate),
  );
  check(
    'failing rules',
    c.expect.failing,
    d.failures.map((f) => f.rule),
  );
  check(
    'warnings',
    c.expect.warnings,
    d.warnings.map((w) => w.rule),
  );
  return diffs;
}

type PackRules = { rules?: Array<{ name: string; conditions: unknown }> };

/** `packs`: one pack, or a list of packs decided together (as `decide` takes them). */
export async function runCases(packs: unknown, cases: Case[]): Promise<{ results: CaseResult[]; coverage: Coverage }> {
  const results: CaseResult[] = [];
  const rules = new Map<string, { fired: boolean; notFired: boolean }>();
  const conditions = new Map<string, { rule: string; at: string; passed: boolean; failed: boolean }>();
  const allRules = (Array.isArray(packs) ? packs : [packs]).flatMap((p) => (p as PackRules)?.rules ?? []);
  for (const r of allRules) rules.set(r.name, { fired: false, notFired: false });
  for (const c of cases) {
    const decision = await decide(packs, c.directory, c.context);
    const differences = compare(c, decision);
    results.push({ name: c.name, passed: differences.length === 0, differences, decision });
    for (const { rule, fired } of decision.rules) {
      const entry = rules.get(rule);
      if (entry) entry[fired ? 'fired' : 'notFired'] = true;
    }
    for (const t of decision.trace) {
      const key = `${t.rule}\u0000${t.at}`;
      const entry = conditions.get(key) ?? { rule: t.rule, at: t.at, passed: false, failed: false };
      if (t.passed === true) entry.passed = true;
      if (t.passed === false) entry.failed = true;
      conditions.set(key, entry);
    }
  }
  // Conditions never evaluated in any case count as uncovered too.
  for (const r of allRules) {
    forEachLeaf(r.conditions, (_, at) => {
      const key = `${r.name}\u0000${at}`;
      if (!conditions.has(key)) conditions.set(key, { rule: r.name, at, passed: false, failed: false });
    });
  }
  const ruleList = [...rules].map(([rule, v]) => ({ rule, ...v }));
  const condList = [...conditions.values()];
  const pct = (n: number, d: number) => (d === 0 ? 100 : Math.floor((1000 * n) / d) / 10);
  const coveredRules = ruleList.filter((r) => r.fired && r.notFired).length;
  const coveredConds = condList.filter((c) => c.passed && c.failed).length;
  return {
    results,
    coverage: {
      rules: ruleList,
      conditions: condList,
      rulePercent: pct(coveredRules, ruleList.length),
      conditionPercent: pct(coveredConds, condList.length),
      percent: pct(coveredRules + coveredConds, ruleList.length + condList.length),
    },
  };
}
