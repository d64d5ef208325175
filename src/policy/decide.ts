/**
 * decide(pack, directory, context) -> Decision. Pure: no browser APIs, same code everywhere.
 * Fails closed: an invalid pack or directory, an unreadable fact or an engine error blocks.
 */
import type { Engine, RuleResult } from 'json-rules-engine';
import { buildEngine } from './engine';
import { CREDENTIAL_ROLES } from './catalog';
import { buildFacts, initialsOf, UNREADABLE } from './facts';
import { contentHash } from './hash';
import { fillTemplate } from './template';
import { forEachLeaf, traceOf } from './trace';
import type { Decision, Directory, Finding, Pack, RuleEvent } from './types';
import { validateDirectory } from './validate-directory';
import { validatePack } from './validate-pack';
import { formatPath, isObject, type Problem } from './problems';

interface CompiledPack { pack: Pack; hash: string; engine: Engine; order: Map<string, number>; factsOf: Map<string, Set<string>> }
const compiled = new WeakMap<object, Promise<CompiledPack | Problem[]>>();
const checkedDirectories = new WeakMap<object, Problem[]>();

async function compile(pack: Pack): Promise<CompiledPack | Problem[]> {
  const problems = validatePack(pack);
  if (problems.hasErrors) return problems.list.filter((p) => p.severity === 'error');
  const factsOf = new Map(pack.rules.map((r) => [r.name, factsReferenced(r)]));
  return { pack, hash: await contentHash(pack), engine: buildEngine(pack), order: new Map(pack.rules.map((r, i) => [r.name, i])), factsOf };
}

function factsReferenced(rule: Pack['rules'][number]): Set<string> {
  const names = new Set<string>();
  forEachLeaf(rule.conditions, (leaf) => names.add(String(leaf.fact)));
  return names;
}

function policyError(message: string, remedy: string, pack: Decision['pack'] = null): Decision {
  return {
    outcome: 'blocked', pack, warnings: [], infos: [], initials: null, trace: [], rules: [],
    failures: [{ gate: 'policy', rule: 'finalize-guard:policy', type: 'block', message, remedy, audience: 'documenter' }],
  };
}

function describe(p: Problem): string {
  return `${formatPath(p.path)}: ${p.message}`;
}

export async function decide(pack: unknown, directory: unknown, context: unknown): Promise<Decision> {
  if (!isObject(pack)) return policyError('Finalize Guard has no valid rule pack, so Finalize stays locked.', 'Ask your Finalize Guard admin to publish a valid rule pack.');
  let entry = compiled.get(pack);
  if (!entry) compiled.set(pack, (entry = compile(pack as unknown as Pack)));
  const c = await entry;
  if (Array.isArray(c)) {
    return policyError(`The rule pack is invalid (${describe(c[0])}), so Finalize stays locked.`, 'Ask your Finalize Guard admin to fix the rule pack: `finalize-guard validate` shows where.');
  }
  const packInfo = { name: c.pack.name, version: c.pack.version, mode: c.pack.mode, hash: c.hash };
  if (!isObject(directory)) return policyError('Finalize Guard has no organisation directory, so Finalize stays locked.', 'Ask your Finalize Guard admin to publish the directory.', packInfo);
  let dirProblems = checkedDirectories.get(directory);
  if (!dirProblems) checkedDirectories.set(directory, (dirProblems = validateDirectory(directory).list.filter((p) => p.severity === 'error')));
  if (dirProblems.length > 0) {
    return policyError(`The organisation directory is invalid (${describe(dirProblems[0])}), so Finalize stays locked.`, 'Ask your Finalize Guard admin to fix the directory: `finalize-guard validate` shows where.', packInfo);
  }
  const dir = directory as unknown as Directory;
  const facts = buildFacts(dir, context);
  let results: RuleResult[];
  let trace: Decision['trace'];
  let rules: Decision['rules'];
  try {
    const run = await c.engine.run(facts.values);
    results = run.results;
    trace = traceOf(c.order, [...run.results, ...run.failureResults]);
    rules = c.pack.rules.map((r) => ({ rule: r.name, fired: results.some((x) => x.name === r.name) }));
  } catch {
    return policyError('Finalize Guard could not evaluate the rules, so Finalize stays locked.', 'Reload the page. If it keeps happening, ask your Finalize Guard admin to check the rule pack.', packInfo);
  }
  // Snapshot before filling messages: a placeholder must not add problems the rules did not have.
  const problems = [...facts.problems];
  const failedFacts = new Set(facts.failedFacts);
  const findings: Finding[] = results
    .filter((r) => ![...(c.factsOf.get(r.name) ?? [])].some((f) => failedFacts.has(f)))
    .sort((a, b) => (c.order.get(a.name) ?? 0) - (c.order.get(b.name) ?? 0))
    .map((r) => finding(r.name, r.event as RuleEvent, facts.values));
  const failures = [
    ...problems.map((key): Finding => ({
      gate: 'facts', rule: `finalize-guard:${key}`, type: 'block', audience: 'documenter', message: `${UNREADABLE[key]}.`,
      remedy: key.startsWith('unknown')
        ? 'Ask your Finalize Guard admin to add it to the directory in the admin console.'
        : 'Reload the note. If this keeps happening, ask your Finalize Guard admin to check the site profile for this screen.',
    })),
    ...findings.filter((f) => f.type === 'block'),
  ];
  return {
    outcome: failures.length === 0 ? 'allowed' : c.pack.mode === 'monitor' ? 'would-block' : 'blocked',
    failures,
    warnings: findings.filter((f) => f.type === 'warn'),
    infos: findings.filter((f) => f.type === 'info'),
    initials: initialsFor(dir, context),
    pack: packInfo,
    trace,
    rules,
  };
}

function finding(rule: string, event: RuleEvent, facts: Record<string, Record<string, unknown>>): Finding {
  const p = event.params;
  return {
    gate: p.gate, rule, type: event.type, audience: p.audience ?? 'documenter',
    message: fillTemplate(p.message, facts), remedy: fillTemplate(p.remedy, facts),
    ...(p.source ? { source: p.source } : {}),
  };
}

/** The assistant's and the supervising therapist's initials, as the chart shows them. */
function initialsFor(dir: Directory, context: unknown): Decision['initials'] {
  if (!isObject(context)) return null;
  const user = dir.users.find((u) => u.id === context.userId);
  const supervisor = dir.users.find((u) => u.id === context.supervisingTherapistId);
  if (!user || !supervisor || CREDENTIAL_ROLES[user.credential] !== 'assistant') return null;
  return { assistant: initialsOf(user), supervisor: initialsOf(supervisor) };
}
