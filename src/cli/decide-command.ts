/**
 * `finalize-guard decide --pack P[,P2…] --directory D --context C`: exit 0 allowed, 1 blocked or would-block,
 * 2 when a file cannot be read or is invalid. Several packs (comma-separated) are decided together, as
 * installed in one configuration.
 */
import { decide } from '../policy/decide';
import { explainDecision } from '../policy/explain';
import type { Args } from './args';
import { listOption, loadValid, UsageError, type Io } from './io';

export async function decideCommand(io: Io, args: Args): Promise<number> {
  const need = (name: string) => {
    const v = args.options.get(name);
    if (!v) throw new UsageError(`decide needs --${name} <file>`);
    return v;
  };
  const packs = listOption(need('pack')).map((file) => loadValid(io, file, 'pack'));
  const directory = loadValid(io, need('directory'), 'directory');
  // A typo ("userID") would look exactly like a real block: the context is validated like every other input.
  const context = loadValid(io, need('context'), 'context');
  const decision = await decide(packs, directory, context);
  io.out(args.json ? JSON.stringify(decision, null, 2) : explainDecision(decision));
  return decision.outcome === 'allowed' ? 0 : 1;
}
