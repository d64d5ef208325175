/**
 * Several packs, one decision. Which installed packs apply to a note (turned on; organisation-wide, or
 * enabled by the note's clinic; in force on the note's date of service), and how their decisions combine:
 * combination only tightens — any block wins, every reason is reported together, no pack can unlock.
 * Anything that keeps us from knowing which packs apply blocks, like any unreadable fact.
 */
import { explained, type PackDecision } from './decision';
import { isCalendarDate, unreadableFinding } from './facts';
import { isObject } from './json';
import { sha256Hex } from './sha256';
import type { Decision, Directory, Finding, InstalledPack, Outcome, PackInfo } from './types';

export interface PackSelection {
  apply: InstalledPack[];
  skipped: Array<{ entry: InstalledPack; why: string }>;
  /** Reasons the selection itself is unsure: each blocks. */
  failures: Finding[];
  /** The same for packs in monitor mode: each would block (a pack on trial never locks). */
  monitorFailures: Finding[];
}

const info = ({ pack, hash }: InstalledPack): PackInfo => ({ name: pack.name, version: pack.version, mode: pack.mode, hash });

export function selectPacks(installed: InstalledPack[], directory: Directory, context: unknown): PackSelection {
  const ctx = isObject(context) ? context : {};
  const out: PackSelection = { apply: [], skipped: [], failures: [], monitorFailures: [] };
  const clinic = directory.clinics.find((c) => c.id === ctx.clinicId);
  const enabledHere = new Set(clinic?.packs ?? []);
  const dos = typeof ctx.dateOfService === 'string' && isCalendarDate(ctx.dateOfService) ? ctx.dateOfService : undefined;
  for (const name of enabledHere) {
    // A clinic's own rules must not vanish because their pack is missing or was switched off.
    const entry = installed.find((e) => e.pack.name === name);
    if (entry?.enabled) continue;
    out.failures.push({
      gate: 'policy',
      rule: entry ? 'finalize-guard:pack-turned-off' : 'finalize-guard:missing-pack',
      type: 'block',
      audience: 'documenter',
      message: `${clinic!.name} uses the rule pack '${name}', which is ${entry ? 'turned off' : 'not installed'}, so Finalize stays locked.`,
      remedy: entry
        ? `Ask your Finalize Guard admin to turn '${name}' back on (monitor mode trials it without locking), or remove it from ${clinic!.name}'s packs.`
        : `Ask your Finalize Guard admin to install '${name}' or remove it from ${clinic!.name}'s packs.`,
    });
  }
  for (const entry of installed) {
    const { pack } = entry;
    if (!entry.enabled) {
      out.skipped.push({ entry, why: 'turned off' });
      continue;
    }
    const unsure = pack.mode === 'monitor' ? out.monitorFailures : out.failures;
    if (pack.scope === 'clinic') {
      if (!clinic) {
        unsure.push(unreadableFinding(typeof ctx.clinicId === 'string' && ctx.clinicId ? 'unknownClinic' : 'clinicId'));
        continue;
      }
      if (!enabledHere.has(pack.name)) {
        out.skipped.push({ entry, why: `not used at ${clinic.name}` });
        continue;
      }
    }
    const { from, until } = pack.effective ?? {};
    if (from || until) {
      if (!dos) {
        unsure.push(unreadableFinding('dateOfService'));
        continue;
      }
      if ((from && dos < from) || (until && dos > until)) {
        out.skipped.push({ entry, why: `not in force on ${dos} (${from ?? '…'} to ${until ?? '…'})` });
        continue;
      }
    }
    out.apply.push(entry);
  }
  return out;
}

const RANK: Record<Outcome, number> = { allowed: 0, 'would-block': 1, blocked: 2 };

function unique(list: Finding[]): Finding[] {
  if (list.length < 2) return list;
  const seen = new Set<string>();
  return list.filter((f) => {
    const key = `${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** What a decision says of its packs: it depends only on the selection, which a compiled configuration reuses. */
const packsOfSelection = new WeakMap<PackSelection, Pick<Decision, 'pack' | 'packs'>>();
function packsOf(selection: PackSelection): Pick<Decision, 'pack' | 'packs'> {
  let out = packsOfSelection.get(selection);
  if (!out) {
    const applied = selection.apply.map(info);
    const skipped = selection.skipped.map(({ entry, why }) => ({ ...info(entry), applied: false, why }));
    out = { pack: summary(applied), packs: [...applied.map((p) => ({ ...p, applied: true })), ...skipped] };
    packsOfSelection.set(selection, out);
  }
  return out;
}

/**
 * One decision from each applied pack's decision (in the same order as `selection.apply`). When an enforcing
 * pack blocks, the reasons are the enforcing ones only: a pack on trial (monitor mode) never reads as a reason
 * Finalize is locked. When only packs on trial would block, their reasons are the would-block reasons.
 */
export function combine(selection: PackSelection, decisions: PackDecision[]): Decision {
  // One pack, nothing else installed or unsure: its decision is the decision (the common case, kept cheap).
  if (decisions.length === 1 && selection.skipped.length + selection.failures.length + selection.monitorFailures.length === 0) {
    return explained(decisions[0], packsOf(selection));
  }
  const onTrial = (i: number) => selection.apply[i].pack.mode === 'monitor';
  const worst = decisions.reduce<Outcome>((o, d) => (RANK[d.outcome] > RANK[o] ? d.outcome : o), 'allowed');
  const outcome: Outcome = selection.failures.length > 0 ? 'blocked' : worst === 'allowed' && selection.monitorFailures.length > 0 ? 'would-block' : worst;
  const failures =
    outcome === 'blocked'
      ? [...selection.failures, ...decisions.filter((_, i) => !onTrial(i)).flatMap((d) => d.failures)]
      : [...selection.monitorFailures, ...decisions.flatMap((d) => d.failures)];
  const combined: PackDecision = {
    outcome,
    failures: unique(failures),
    warnings: unique(decisions.flatMap((d) => d.warnings)),
    infos: unique(decisions.flatMap((d) => d.infos)),
    initials: decisions.find((d) => d.initials)?.initials ?? null,
    trace: () => decisions.flatMap((d) => d.trace()),
    rules: () => decisions.flatMap((d) => d.rules()),
  };
  return explained(combined, packsOf(selection));
}

/** The packs that decided, as one: one pack is itself; several join names and versions, and hash their hashes. */
export function summary(packs: PackInfo[]): PackInfo | null {
  if (packs.length === 0) return null;
  if (packs.length === 1) return packs[0];
  const hashes = packs.map((p) => p.hash).join('+');
  return {
    name: packs.map((p) => p.name).join('+'),
    version: packs.map((p) => p.version).join('+'),
    mode: packs.some((p) => p.mode === 'enforce') ? 'enforce' : 'monitor',
    hash: hashOfHashes(hashes),
  };
}

/** SHA-256 of the joined hashes, remembered: the same packs apply to note after note (and hashing is not cheap). */
const hashesSeen = new Map<string, string>();
function hashOfHashes(joined: string): string {
  let hash = hashesSeen.get(joined);
  if (!hash) {
    if (hashesSeen.size >= 64) hashesSeen.clear();
    hashesSeen.set(joined, (hash = sha256Hex(joined)));
  }
  return hash;
}
