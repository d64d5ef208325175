/**
 * The draft's relation to what is in force: the bundle a configuration came from (with the site profiles
 * Finalize Guard ships, as the worker sees them), the changes between two bundles, and validation.
 */
import { bundleOf, hasErrors, validateBundle } from '../../../config/bundle';
import { diffBundles } from '../../../config/diff';
import type { ActiveConfig, BundleProblem, Change, ConfigBundle } from '../../../config/types';
import { SHIPPED_PROFILES } from '../../../sites/shipped';

export const draftOf = (active: ActiveConfig): ConfigBundle => bundleOf(active, SHIPPED_PROFILES);

export const changesBetween = (before: ConfigBundle, after: ConfigBundle): Change[] => diffBundles(before, after);

export function checkDraft(draft: ConfigBundle): { problems: BundleProblem[]; ok: boolean } {
  const problems = validateBundle(draft, { bundledSites: SHIPPED_PROFILES.map((s) => s.name) });
  return { problems, ok: !hasErrors(problems) };
}
