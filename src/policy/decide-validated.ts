/**
 * The content script's decision: synchronous, for a pack and directory the service worker has already
 * validated (it stores only valid configurations, with the pack's hash). No rules engine, no validators:
 * small enough for every EHR page. Anything unexpected still fails closed.
 */
import { makeDecisionSync, policyError } from './decision';
import { evaluatePack } from './evaluate';
import type { Decision, Directory, Pack } from './types';

export function decideValidated(pack: Pack, hash: string, directory: Directory, context: unknown): Decision {
  if (!pack?.rules || !directory?.users) {
    return policyError('Finalize Guard has no valid configuration, so Finalize stays locked.', 'Ask your Finalize Guard admin to publish the rule pack and directory.');
  }
  return makeDecisionSync(pack, hash, directory, context, (facts) => evaluatePack(pack, facts));
}
