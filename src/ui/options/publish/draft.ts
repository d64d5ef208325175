/**
 * The draft's relation to what is in force: the bundle a configuration came from, and the changes between
 * two bundles. One place that adapts the config modules' functions for the console's shell and sections.
 */
import type { ActiveConfig, Change, ConfigBundle } from '../../../config/types';

// Temporary until src/config/bundle.ts and diff.ts land (the back end's files).
export function draftOf(active: ActiveConfig): ConfigBundle {
  return { format: 'finalize-guard-bundle', packs: active.packs.map(({ pack, enabled }) => ({ pack, enabled })), directory: structuredClone(active.directory), sites: structuredClone(active.sites ?? []) };
}

export function changesBetween(before: ConfigBundle, after: ConfigBundle): Change[] {
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ area: 'directory', what: 'Configuration', before: 'in force', after: 'draft' }];
}
