/**
 * A pack's status in the console, and the draft edits the Packs section makes. Pure: each returns a new
 * bundle and leaves the one it was given alone. Status: enabled (on, enforcing), disabled (off),
 * monitor (on, pack.mode 'monitor': records "would have blocked", never locks).
 */
import type { ConfigBundle } from '../../../config/types';
import type { Pack } from '../../../policy/types';

export type PackStatus = 'enabled' | 'disabled' | 'monitor';
export const STATUSES: PackStatus[] = ['enabled', 'monitor', 'disabled'];
export const STATUS_LABEL: Record<PackStatus, string> = { enabled: 'Enabled', monitor: 'Monitor', disabled: 'Disabled' };
export const STATUS_HINT: Record<PackStatus, string> = {
  enabled: 'Locks Finalize when a rule blocks.',
  monitor: 'Never locks: records what would have been blocked.',
  disabled: 'Not used.',
};

type Entry = ConfigBundle['packs'][number];

export function statusOf(entry: Entry): PackStatus {
  if (!entry.enabled) return 'disabled';
  return entry.pack.mode === 'monitor' ? 'monitor' : 'enabled';
}

/** The entry with `status`; a disabled pack keeps its mode, so turning it back on restores it unless another status is chosen. */
function withStatus(entry: Entry, status: PackStatus): Entry {
  if (status === 'disabled') return entry.enabled ? { ...entry, enabled: false } : entry;
  const mode = status === 'monitor' ? 'monitor' : 'enforce';
  if (entry.enabled && entry.pack.mode === mode) return entry;
  return { enabled: true, pack: entry.pack.mode === mode ? entry.pack : { ...entry.pack, mode } };
}

/** Why a pack may not be changed here, or null when it may. */
export function lockedReason(name: string, managed: { packs: string[] }, readOnly: boolean): string | null {
  if (managed.packs.includes(name)) return 'Set by browser policy (storage.managed): change it in the policy, not here.';
  if (readOnly) return 'The console is read-only.';
  return null;
}

export function setStatus(bundle: ConfigBundle, index: number, status: PackStatus): ConfigBundle {
  const entry = bundle.packs[index];
  if (!entry) return bundle;
  const next = withStatus(entry, status);
  if (next === entry) return bundle;
  return { ...bundle, packs: bundle.packs.map((e, i) => (i === index ? next : e)) };
}

/** Replaces the pack at `index` (its status is kept: an edit is not a switch), or adds it at the end (index -1). */
export function putPack(bundle: ConfigBundle, index: number, pack: Pack): ConfigBundle {
  if (index < 0 || index >= bundle.packs.length) return { ...bundle, packs: [...bundle.packs, { pack, enabled: true }] };
  return { ...bundle, packs: bundle.packs.map((e, i) => (i === index ? { ...e, pack } : e)) };
}

export function removePack(bundle: ConfigBundle, index: number): ConfigBundle {
  return { ...bundle, packs: bundle.packs.filter((_, i) => i !== index) };
}

/** The draft's packs other than the one at `index` (what an edited pack must not clash with). */
export function otherPacks(bundle: ConfigBundle, index: number): Pack[] {
  return bundle.packs.filter((_, i) => i !== index).map((e) => e.pack);
}

/** A starting point for a new pack: valid as it stands, so the editor opens without errors. */
export function newPackTemplate(existing: string[]): Pack {
  let n = 1;
  while (existing.includes(`new-pack-${n}`)) n++;
  return {
    name: `new-pack-${n}`,
    version: '1.0.0',
    mode: 'monitor',
    description: 'What this pack enforces, and for whom.',
    scope: 'organization',
    sources: ['Where the rule comes from (a regulation, a payer policy, a help page)'],
    rules: [
      {
        name: `new-pack-${n}-rule`,
        conditions: { all: [{ fact: 'user', path: 'isAssistant', operator: 'equal', value: true }] },
        event: {
          type: 'warn',
          params: { gate: 'user', message: 'Describe what is wrong, in words the assistant understands.', remedy: 'Say who can fix it, and where.' },
        },
      },
    ],
  };
}
