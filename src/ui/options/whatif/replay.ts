/**
 * Replay: the last N blocked attempts of the audit log, decided again with the draft and with the
 * configuration in force, and the decisions that would change. Pure: entries in, changes out.
 *
 * Approximate by design. An entry keeps the user, clinic, insurance(s) and note type — identifiers only,
 * never patient data — and the time of the attempt. It does not keep the supervising therapist, the date
 * of service (the attempt's date stands in for it), the treatment-day count, or the billed services and
 * minutes, so rules that read those see what a screen without them would give (or an assumed supervisor).
 */
import type { AttemptEntry, AuditEntry } from '../../../audit/types';
import { NOTE_TYPES } from '../../../policy/catalog';
import { DATE, isCalendarDate } from '../../../policy/facts';
import { forEachLeaf } from '../../../policy/trace';
import type { Decision, NoteContext, NoteType, Outcome } from '../../../policy/types';
import { decideWith, firingRules, type Installed } from './context';

export const DEFAULT_REPLAY = 1_000;
export const MAX_REPLAY = 10_000;

/** What replay fills in, and what it cannot know: shown beside every result. */
export const REPLAY_KEPT = ['user', 'clinic', 'insurance(s)', 'note type', 'time of the attempt'] as const;
export const REPLAY_NOT_KEPT = [
  'the supervising therapist',
  'the date of service (the date of the attempt is used)',
  'the treatment-day count',
  'the billed services and their minutes',
  'anything about the patient (never logged)',
] as const;

export interface ReplayOptions {
  /** Supervising therapist to assume for every entry ('' or absent: none, as a screen that shows none). */
  supervisorId?: string;
  /** The date of service for an entry's time (default: its UTC date). */
  dateOf?: (at: string) => string;
}

export interface ReplayChange {
  entryId: string;
  at: string;
  userId: string;
  clinicId: string;
  noteType: string;
  before: Outcome;
  after: Outcome;
  /** Blocking rules that fire with the draft and not with the configuration in force, and the reverse. */
  added: string[];
  removed: string[];
  /** The same for warnings. */
  warningsAdded: string[];
  warningsRemoved: string[];
}

export interface ReplayResult {
  /** Attempt entries replayed (the newest `limit` of those in the log). */
  replayed: number;
  /** Attempts without the fields a context needs (user, clinic, insurance, a known note type). */
  skipped: number;
  changed: ReplayChange[];
  /** Attempts the configuration in force no longer blocks as logged: a measure of how approximate the replay is. */
  notReproduced: number;
  /** Time of the oldest and newest attempt replayed. */
  from: string | null;
  until: string | null;
}

const utcDate = (at: string) => at.slice(0, 10);

/** The note context an attempt entry stands for, or null when it lacks what a decision needs (or its time is no date). */
export function contextFromEntry(e: AttemptEntry, options: ReplayOptions = {}): NoteContext | null {
  if (typeof e.userId !== 'string' || !e.userId || typeof e.clinicId !== 'string' || !e.clinicId) return null;
  if (!Array.isArray(e.insuranceIds) || e.insuranceIds.length === 0 || !e.insuranceIds.every((i) => typeof i === 'string')) return null;
  if (typeof e.noteType !== 'string' || !NOTE_TYPES.includes(e.noteType as NoteType)) return null;
  const dateOfService = typeof e.at === 'string' ? (options.dateOf ?? utcDate)(e.at) : '';
  if (!isCalendarDate(dateOfService)) return null;
  const ctx: NoteContext = {
    userId: e.userId,
    clinicId: e.clinicId,
    insuranceIds: [...e.insuranceIds],
    noteType: e.noteType as NoteType,
    dateOfService,
  };
  if (options.supervisorId) ctx.supervisingTherapistId = options.supervisorId;
  return ctx;
}

/** The newest `limit` attempt entries (oldest first), from entries in any order. */
export function newestAttempts(entries: readonly AuditEntry[], limit = DEFAULT_REPLAY): AttemptEntry[] {
  const n = Math.max(0, Math.min(MAX_REPLAY, Math.floor(limit)));
  const attempts = entries.filter((e): e is AttemptEntry => e.type === 'attempt');
  attempts.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.seq - b.seq));
  return n === 0 ? [] : attempts.slice(-n);
}

const dayNumber = (date: string) => Number(date.replaceAll('-', ''));

/**
 * The dates that can change a decision: packs' effective-date bounds and the dates rules compare the visit
 * with (visit.date numbers, note.dateOfService texts), as YYYYMMDD numbers, sorted.
 */
export function dateBoundaries(configs: readonly Installed[]): number[] {
  const out = new Set<number>();
  for (const { packs } of configs) {
    for (const { pack } of packs) {
      for (const d of [pack.effective?.from, pack.effective?.until]) if (typeof d === 'string' && DATE.test(d)) out.add(dayNumber(d));
      for (const rule of pack.rules) {
        forEachLeaf(rule.conditions, (leaf) => {
          const values = Array.isArray(leaf.value) ? leaf.value : [leaf.value];
          for (const v of values) {
            if (leaf.fact === 'visit' && leaf.path === 'date' && typeof v === 'number') out.add(v);
            if (leaf.fact === 'note' && leaf.path === 'dateOfService' && typeof v === 'string' && DATE.test(v)) out.add(dayNumber(v));
          }
        });
      }
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * Dates between the same two boundaries (or on the same boundary) decide alike: which packs are in force
 * and every date comparison a rule makes come out the same. Replay decides each such stretch once.
 */
export function dateBucket(date: string, bounds: readonly number[]): string {
  const d = dayNumber(date);
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return bounds[lo] === d ? `${lo}=` : String(lo);
}

const minus = (a: string[], b: string[]) => {
  const s = new Set(b);
  return a.filter((x) => !s.has(x));
};

/** Did a decision reproduce what the log says happened? (A policy error logs no rules.) */
function reproduces(e: AttemptEntry, d: Decision): boolean {
  if (e.outcome === 'policy-error') return d.failures.some((f) => f.gate === 'policy');
  if (e.outcome === 'confirm-billing') return d.outcome === 'allowed' && e.rules.every((r) => d.warnings.some((w) => w.rule === r));
  if (d.outcome !== e.outcome) return false;
  const rules = new Set(d.failures.map((f) => f.rule));
  return e.rules.every((r) => rules.has(r));
}

/** Replays `attempts` (see newestAttempts) against the draft (`after`) and the configuration in force (`before`). */
export function replay(attempts: readonly AttemptEntry[], before: Installed, after: Installed, options: ReplayOptions = {}): ReplayResult {
  const out: ReplayResult = { replayed: 0, skipped: 0, changed: [], notReproduced: 0, from: null, until: null };
  // Many attempts share user, clinic, insurances, note type and a stretch of dates that decide alike:
  // decide each such context once. (Messages may name the date; replay compares outcomes and rules only.)
  const memo = new Map<string, { before: Decision; after: Decision }>();
  const bounds = dateBoundaries([before, after]);
  for (const e of attempts) {
    out.replayed++;
    out.from ??= e.at;
    out.until = e.at;
    const ctx = contextFromEntry(e, options);
    if (!ctx) {
      out.skipped++;
      continue;
    }
    const key = `${ctx.userId}\u0000${ctx.clinicId}\u0000${ctx.insuranceIds.join(',')}\u0000${ctx.noteType}\u0000${dateBucket(ctx.dateOfService!, bounds)}`;
    let pair = memo.get(key);
    if (!pair) {
      pair = { before: decideWith(before, ctx), after: decideWith(after, ctx) };
      memo.set(key, pair);
    }
    if (!reproduces(e, pair.before)) out.notReproduced++;
    const b = firingRules(pair.before);
    const a = firingRules(pair.after);
    const added = minus(a.blocks, b.blocks);
    const removed = minus(b.blocks, a.blocks);
    const warningsAdded = minus(a.warnings, b.warnings);
    const warningsRemoved = minus(b.warnings, a.warnings);
    if (pair.before.outcome === pair.after.outcome && !added.length && !removed.length && !warningsAdded.length && !warningsRemoved.length) continue;
    out.changed.push({
      entryId: e.id,
      at: e.at,
      userId: ctx.userId,
      clinicId: ctx.clinicId,
      noteType: ctx.noteType,
      before: pair.before.outcome,
      after: pair.after.outcome,
      added,
      removed,
      warningsAdded,
      warningsRemoved,
    });
  }
  return out;
}

/** Counts of changes by direction, for the summary line. */
export function summarizeChanges(changes: readonly ReplayChange[]): { nowAllowed: number; nowBlocked: number; otherwise: number } {
  let nowAllowed = 0;
  let nowBlocked = 0;
  for (const c of changes) {
    if (c.after === 'allowed' && c.before !== 'allowed') nowAllowed++;
    else if (c.after !== 'allowed' && c.before === 'allowed') nowBlocked++;
  }
  return { nowAllowed, nowBlocked, otherwise: changes.length - nowAllowed - nowBlocked };
}

/** The same replay in slices, yielding between them so the page stays responsive over 10,000 entries. */
export async function replayInSlices(
  attempts: readonly AttemptEntry[],
  before: Installed,
  after: Installed,
  options: ReplayOptions = {},
  slice = 1_000,
  pause: () => Promise<void> = () => new Promise((r) => setTimeout(r, 0)),
): Promise<ReplayResult> {
  const total: ReplayResult = { replayed: 0, skipped: 0, changed: [], notReproduced: 0, from: null, until: null };
  for (let i = 0; i < attempts.length; i += slice) {
    const r = replay(attempts.slice(i, i + slice), before, after, options);
    total.replayed += r.replayed;
    total.skipped += r.skipped;
    total.notReproduced += r.notReproduced;
    total.changed.push(...r.changed);
    total.from ??= r.from;
    total.until = r.until ?? total.until;
    if (i + slice < attempts.length) await pause();
  }
  return total;
}
