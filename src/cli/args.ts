/** Tiny argument parser: positionals, `--flag value`, `--flag=value` and boolean `--json`. */
import { UsageError } from './io';

export interface Args {
  positional: string[];
  options: Map<string, string>;
  json: boolean;
}
const BOOLEAN = new Set(['json', 'help', 'read-only', 'firefox']);

export function parseArgs(argv: string[], known: string[]): Args {
  const args: Args = { positional: [], options: new Map(), json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      args.positional.push(a);
      continue;
    }
    const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
    if (BOOLEAN.has(name)) {
      if (name === 'json') args.json = true;
      else args.options.set(name, 'true');
      continue;
    }
    if (!known.includes(name)) throw new UsageError(`Unknown option --${name}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    args.options.set(name, value);
  }
  return args;
}
