/**
 * decide(pack, directory, context) -> Decision, with json-rules-engine. Pure: no browser APIs.
 * Fails closed: an invalid pack or directory, an unreadable fact or an engine error blocks.
 */
import type { Engine } from 'json-rules-engine';
import { ENGINE_FAILED, makeDecision, policyError, type RuleOutcome } from './decision';
import { buildEngine } from './engine';
import { contentHash } from './hash';
import { formatPath, isObject, type Problem } from './problems';
import type { Decision, Directory, Pack } from './types';
import { validateDirectory } from './validate-directory';
import { validatePack } from './validate-pack';

interface CompiledPack { pack: Pack; hash: string; engine: Engine }
const compiled = new WeakMap<object, Promise<CompiledPack | Problem[]>>();
const checkedDirectories = new WeakMap<object, Problem[]>();

async function compile(pack: Pack): Promise<CompiledPack | Problem[]> {
  const problems = validatePack(pack);
  if (problems.hasErrors) return problems.list.filter((p) => p.severity === 'error');
  return { pack, hash: await contentHash(pack), engine: buildEngine(pack) };
}

const describe = (p: Problem) => `${formatPath(p.path)}: ${p.message}`;

export async function decide(pack: unknown, directory: unknown, context: unknown): Promise<Decision> {
  try {
    return await decideOrThrow(pack, directory, context);
  } catch {
    // Inputs that JSON cannot even hold (a BigInt, a null-prototype object) must still fail closed.
    return policyError(...ENGINE_FAILED);
  }
}

async function decideOrThrow(pack: unknown, directory: unknown, context: unknown): Promise<Decision> {
  if (!isObject(pack)) return policyError('Finalize Guard has no valid rule pack, so Finalize stays locked.', 'Ask your Finalize Guard admin to publish a valid rule pack.');
  let entry = compiled.get(pack);
  if (!entry) {
    entry = compile(pack as unknown as Pack);
    compiled.set(pack, entry);
    entry.catch(() => compiled.delete(pack));
  }
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
  return makeDecision(c.pack, c.hash, directory as unknown as Directory, context, async (facts) => {
    const run = await c.engine.run(facts);
    return [...run.results, ...run.failureResults] as unknown as RuleOutcome[];
  });
}
