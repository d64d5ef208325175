/**
 * The content script's decision: synchronous, over packs and a directory the service worker has already
 * validated (it stores only valid configurations, with each pack's hash). No rules engine, no validators:
 * small enough for every EHR page. Anything unexpected still fails closed. A directory that is not set up yet
 * (policy/not-set-up.ts) is told by the worker's status (config/status.ts), so its words stay off EHR pages;
 * here it simply knows nobody, which blocks.
 * Each configuration (the packs list with its directory) is compiled once (compiled.ts) and kept while it lives.
 */
import { type CompiledConfig, compileConfig } from './compiled';
import { policyError } from './decision';
import type { Decision, Directory, InstalledPack } from './types';

const compiled = new WeakMap<InstalledPack[], { directory: Directory; config: CompiledConfig }>();

/** The compiled form of (packs, directory), compiled on first use. */
export function compiledConfig(packs: InstalledPack[], directory: Directory): CompiledConfig {
  let entry = compiled.get(packs);
  if (entry?.directory !== directory) compiled.set(packs, (entry = { directory, config: compileConfig(packs, directory) }));
  return entry.config;
}

export function decideValidated(packs: InstalledPack[], directory: Directory, context: unknown): Decision {
  const entry = compiled.get(packs);
  if (entry?.directory === directory) return entry.config.decide(context); // checked below when it was compiled
  if (!Array.isArray(packs) || !packs.every((e) => e?.pack?.rules) || !directory?.users) {
    return policyError(
      'Finalize Guard has no valid configuration, so Finalize stays locked.',
      'Ask your Finalize Guard admin to publish the rule pack and directory.',
    );
  }
  return compiledConfig(packs, directory).decide(context);
}
