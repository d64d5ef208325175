/**
 * The content script's decision: synchronous, over packs and a directory the service worker has already
 * validated (it stores only valid configurations, with each pack's hash). No rules engine, no validators:
 * small enough for every EHR page. Anything unexpected still fails closed. A directory that is not set up yet
 * (policy/not-set-up.ts) is told by the worker's status (config/status.ts), so its words stay off EHR pages;
 * here it simply knows nobody, which blocks.
 */
import { combine, selectPacks } from './compose';
import { ENGINE_FAILED, makeDecisionSync, noPackApplies, policyError } from './decision';
import { evaluatePack } from './evaluate';
import type { Decision, Directory, InstalledPack } from './types';

export function decideValidated(packs: InstalledPack[], directory: Directory, context: unknown): Decision {
  if (!Array.isArray(packs) || !packs.every((e) => e?.pack?.rules) || !directory?.users) {
    return policyError(
      'Finalize Guard has no valid configuration, so Finalize stays locked.',
      'Ask your Finalize Guard admin to publish the rule pack and directory.',
    );
  }
  try {
    const selection = selectPacks(packs, directory, context);
    if (selection.apply.length === 0 && selection.failures.length === 0) return noPackApplies(selection);
    const decisions = selection.apply.map(({ pack, hash }) => makeDecisionSync(pack, hash, directory, context, (facts) => evaluatePack(pack, facts)));
    return combine(selection, decisions);
  } catch {
    return policyError(...ENGINE_FAILED);
  }
}
