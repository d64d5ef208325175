import { existsSync } from 'node:fs';

/**
 * A browser executable for the tests, the demo and the bench: the one the environment variable names if that
 * file exists, else the first candidate that exists; otherwise throws `missing` (which says how to install one).
 */
export function findBrowser(envVar: string, candidates: readonly string[], missing: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(missing);
  return found;
}
