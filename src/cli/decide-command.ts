/**
 * `finalize-guard decide --pack P[,P2…] --directory D --context C`: exit 0 allowed, 1 blocked or would-block.
 * Several packs (comma-separated) are decided together, as installed in one configuration.
 */
import { decide } from '../policy/decide';
import { explainDecision } from '../policy/explain';
import type { Args } from './args';
import { JsonSyntaxError, parseJsonWithPositions } from '../policy/json-source';
import { InputError, loadValid, readInput, UsageError, type Io } from './io';

export async function decideCommand(io: Io, args: Args): Promise<number> {
  const need = (name: string) => {
    const v = args.options.get(name);
    if (!v) throw new UsageError(`decide needs --${name} <file>`);
    return v;
  };
  const packs = need('pack').split(',').filter(Boolean).map((file) => loadValid(io, file, 'pack'));
  const directory = loadValid(io, need('directory'), 'directory');
  // The context is what a page would show: it is decided on as it is, so a broken one fails closed.
  const contextPath = need('context');
  let context: unknown;
  try {
    context = parseJsonWithPositions(readInput(io, contextPath)).value;
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    throw new InputError(`${contextPath}:${e.position.line}:${e.position.column} invalid JSON: ${e.message}`);
  }
  const decision = await decide(packs, directory, context);
  io.out(args.json ? JSON.stringify(decision, null, 2) : explainDecision(decision));
  return decision.outcome === 'allowed' ? 0 : 1;
}
