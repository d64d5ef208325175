/**
 * decide(packs, directory, context) -> Decision, with json-rules-engine. Pure: no browser APIs.
 * `packs` is one pack or a list of packs installed together; each applies where its scope and effective
 * dates say (see compose.ts). Fails closed: an invalid pack or directory, an unreadable fact or an engine
 * error blocks.
 */
import type { Engine } from 'json-rules-engine';
import { combine, selectPacks } from './compose';
import { type CompiledRules, compileRules, explainRules } from './compiled';
import { asPackDecision, ENGINE_FAILED, noPackApplies, type PackDecision, policyError } from './decision';
import { buildFacts } from './fact-values';
import { isNotSetUp, notSetUp } from './not-set-up';
import { buildEngine } from './engine';
import { contentHash } from './hash';
import { formatPath, isObject, type Problem } from './problems';
import { forEachLeaf } from './trace';
import type { Decision, Directory, InstalledPack, Pack } from './types';
import { validateDirectory } from './validate-directory';
import { validatePack } from './validate-pack';
import { validatePackSet } from './validate-pack-set';

/**
 * `facts`: the facts the pack's rules read — the engine is given only those (each costs it per run); `compiled`:
 * the rules' leaves in trace order, which explainRules reads the engine's results into.
 */
interface CompiledPack {
  pack: Pack;
  hash: string;
  engine: Engine;
  facts: string[];
  compiled: CompiledRules;
}
const compiled = new WeakMap<object, Promise<CompiledPack | Problem[]>>();
const checkedDirectories = new WeakMap<object, Problem[]>();

async function compile(pack: Pack): Promise<CompiledPack | Problem[]> {
  const problems = validatePack(pack);
  if (problems.hasErrors) return problems.list.filter((p) => p.severity === 'error');
  const facts = new Set<string>();
  for (const rule of pack.rules)
    forEachLeaf(rule.conditions, (leaf) => {
      facts.add(String(leaf.fact));
    });
  const compiled = compileRules(pack);
  if (!compiled) throw new Error('a valid pack compiles'); // validation lets through only shapes compileRules knows
  return { pack, hash: await contentHash(pack), engine: buildEngine(pack), facts: [...facts], compiled };
}

function compiledPack(pack: object): Promise<CompiledPack | Problem[]> {
  let entry = compiled.get(pack);
  if (!entry) {
    entry = compile(pack as unknown as Pack);
    compiled.set(pack, entry);
    entry.catch(() => compiled.delete(pack));
  }
  return entry;
}

const describe = (p: Problem) => `${formatPath(p.path)}: ${p.message}`;
const NO_PACK = ['Finalize Guard has no valid rule pack, so Finalize stays locked.', 'Ask your Finalize Guard admin to publish a valid rule pack.'] as const;

export async function decide(packs: unknown, directory: unknown, context: unknown): Promise<Decision> {
  try {
    return await decideOrThrow(Array.isArray(packs) ? packs : [packs], directory, context);
  } catch {
    // Inputs that JSON cannot even hold (a BigInt, a null-prototype object) must still fail closed.
    return policyError(...ENGINE_FAILED);
  }
}

async function decideOrThrow(packs: unknown[], directory: unknown, context: unknown): Promise<Decision> {
  if (packs.length === 0 || !packs.every(isObject)) return policyError(...NO_PACK);
  // One pack's rule names were checked with the pack; only a set can conflict.
  const setProblems = packs.length > 1 ? validatePackSet(packs).list : [];
  if (setProblems.length > 0) {
    return policyError(
      `The rule packs conflict (${setProblems[0].message}), so Finalize stays locked.`,
      'Ask your Finalize Guard admin to fix the installed rule packs.',
    );
  }
  const entries: Array<CompiledPack & InstalledPack> = [];
  for (const pack of packs) {
    const c = await compiledPack(pack);
    if (Array.isArray(c)) {
      const name = typeof pack.name === 'string' ? ` '${pack.name.slice(0, 64)}'` : '';
      return policyError(
        `The rule pack${name} is invalid (${describe(c[0])}), so Finalize stays locked.`,
        'Ask your Finalize Guard admin to fix the rule pack: `finalize-guard validate` shows where.',
      );
    }
    entries.push({ ...c, enabled: true });
  }
  const first =
    entries.length === 1 ? { name: entries[0].pack.name, version: entries[0].pack.version, mode: entries[0].pack.mode, hash: entries[0].hash } : null;
  if (!isObject(directory))
    return policyError(
      'Finalize Guard has no organisation directory, so Finalize stays locked.',
      'Ask your Finalize Guard admin to publish the directory.',
      first,
    );
  let dirProblems = checkedDirectories.get(directory);
  if (!dirProblems) checkedDirectories.set(directory, (dirProblems = validateDirectory(directory).list.filter((p) => p.severity === 'error')));
  if (dirProblems.length > 0) {
    return policyError(
      `The organisation directory is invalid (${describe(dirProblems[0])}), so Finalize stays locked.`,
      'Ask your Finalize Guard admin to fix the directory: `finalize-guard validate` shows where.',
      first,
    );
  }
  const dir = directory as unknown as Directory;
  if (isNotSetUp(dir)) return notSetUp(first);
  const selection = selectPacks(entries, dir, context);
  if (selection.apply.length === 0 && selection.failures.length === 0) return noPackApplies(selection);
  const decisions = await Promise.all(selection.apply.map((e) => decideWithEngine(e as CompiledPack & InstalledPack, dir, context)));
  return combine(selection, decisions);
}

/** One pack's decision with json-rules-engine, explained from its per-condition results (never throws). */
async function decideWithEngine(c: CompiledPack, directory: Directory, context: unknown): Promise<PackDecision> {
  const packInfo = { name: c.pack.name, version: c.pack.version, mode: c.pack.mode, hash: c.hash };
  try {
    const facts = buildFacts(directory, context);
    const run = await c.engine.run(Object.fromEntries(c.facts.map((name) => [name, facts.values[name]])));
    const results = new Map([...run.results, ...run.failureResults].map((r) => [r.name, r]));
    const seen: unknown[] = new Array(c.compiled.leaves.length * 2);
    const fired = c.compiled.rules.map((r) => {
      const result = results.get(r.rule.name);
      let k = r.from * 2;
      forEachLeaf(result?.conditions, (leaf) => {
        seen[k++] = leaf.factResult;
        seen[k++] = leaf.result;
      });
      if (k !== r.to * 2) throw new Error('the engine reported other conditions than the rule has');
      return result?.result === true;
    });
    return explainRules(packInfo, c.compiled, facts.reader, seen, fired);
  } catch {
    return asPackDecision(policyError(...ENGINE_FAILED, packInfo));
  }
}
