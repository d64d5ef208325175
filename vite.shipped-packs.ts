/**
 * The shipped rule packs (rules/packs, in file-name order) with their content hashes, read once and computed at build
 * time (and in tests) after validating the packs: src/config/bundled.ts is their one source in every bundle. The
 * service worker installs the shipped configuration on a fresh profile without validating or hashing ~50 KB of
 * JSON in a cold worker first (100–450 ms there, all of it between navigation and the first decision). A shipped
 * pack that does not validate fails the build, which is stricter than the worker refusing to install it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type Plugin, runnerImport } from 'vite';
import type { Pack } from './src/policy/types.ts';

/** The policy core's own modules, loaded by Vite when the module is built (the config file does not bundle them). */
const core = async () => ({
  ...(await runnerImport<typeof import('./src/policy/hash.ts')>('./src/policy/hash.ts')).module,
  ...(await runnerImport<typeof import('./src/policy/validate-pack.ts')>('./src/policy/validate-pack.ts')).module,
  ...(await runnerImport<typeof import('./src/policy/validate-pack-set.ts')>('./src/policy/validate-pack-set.ts')).module,
});

export const SHIPPED_PACKS_ID = 'virtual:shipped-packs';
const RESOLVED = `\0${SHIPPED_PACKS_ID}`;
/** `dir`: the packs' folder (tests give another). */
export function shippedPacks(dir = 'rules/packs'): Plugin {
  return {
    name: 'finalize-guard:shipped-packs',
    resolveId: (id) => (id === SHIPPED_PACKS_ID ? RESOLVED : null),
    async load(id) {
      if (id !== RESOLVED) return null;
      const { contentHash, validatePack, validatePackSet } = await core();
      const files = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort((a, b) => a.localeCompare(b));
      const packs = files.map((file) => {
        this.addWatchFile(`${dir}/${file}`);
        return JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as Pack;
      });
      const invalid = files.filter((_, i) => validatePack(packs[i]).hasErrors);
      if (invalid.length || validatePackSet(packs).hasErrors) {
        this.error(`The shipped rule packs do not validate (${invalid.join(', ') || 'as a set'}): run npx finalize-guard validate ${dir}/*.json`);
      }
      const shipped = await Promise.all(files.map(async (file, i) => ({ file, pack: packs[i], hash: await contentHash(packs[i]) })));
      return `export default ${JSON.stringify(shipped)};`;
    },
  };
}
