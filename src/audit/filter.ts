/**
 * The review page's filters over the whole log (up to ~100,000 entries): one pass, filter values worked
 * out once, no allocation per entry beyond the result. Days are UTC days of `at` (entries keep the
 * canonical toISOString() form, so comparing text compares time).
 */
import type { AttemptEntry, AuditEntry, ReviewEntry } from './types';

export interface AuditFilter {
  /** YYYY-MM-DD (UTC day, inclusive), or a full ISO instant (e.g. the start of a local day). */
  from?: string;
  /** YYYY-MM-DD (UTC day, inclusive), or a full ISO instant (inclusive). */
  to?: string;
  userId?: string;
  clinicId?: string;
  insuranceId?: string;
  gate?: string;
  noteType?: string;
  reviewed?: 'yes' | 'no';
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Review entries by the attempt they review, in log order. */
export function reviewsByAttempt(entries: AuditEntry[]): Map<string, ReviewEntry[]> {
  const out = new Map<string, ReviewEntry[]>();
  for (const e of entries) {
    if (e.type !== 'review') continue;
    const list = out.get(e.reviewOf);
    if (list) list.push(e);
    else out.set(e.reviewOf, [e]);
  }
  return out;
}

/** Newest first: by `at`, then by seq. */
const newestFirst = (a: AttemptEntry, b: AttemptEntry) => (a.at < b.at ? 1 : a.at > b.at ? -1 : b.seq - a.seq);

export function applyFilter(entries: AuditEntry[], filter: AuditFilter, reviews = reviewsByAttempt(entries)): AttemptEntry[] {
  // '' counts as "no filter": a cleared form field must not hide everything.
  const from = filter.from ? (DAY.test(filter.from) ? `${filter.from}T00:00:00.000Z` : filter.from) : null;
  const to = filter.to ? (DAY.test(filter.to) ? `${filter.to}T23:59:59.999Z` : filter.to) : null;
  const { userId, clinicId, insuranceId, gate, noteType } = filter;
  const reviewed = filter.reviewed === 'yes' ? true : filter.reviewed === 'no' ? false : null;

  const out: AttemptEntry[] = [];
  let ascending = true; // logs are mostly in time order: then reversing is enough, no sort needed
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.type !== 'attempt') continue;
    if (from !== null && e.at < from) continue;
    if (to !== null && e.at > to) continue;
    if (userId && e.userId !== userId) continue;
    if (clinicId && e.clinicId !== clinicId) continue;
    if (noteType && e.noteType !== noteType) continue;
    if (insuranceId && !e.insuranceIds?.includes(insuranceId)) continue;
    if (gate && !e.gates.includes(gate as AttemptEntry['gates'][number])) continue;
    if (reviewed !== null && (reviews.get(e.id)?.length ?? 0) > 0 !== reviewed) continue;
    if (ascending && out.length > 0 && newestFirst(out[out.length - 1], e) < 0) ascending = false;
    out.push(e);
  }
  return ascending ? out.reverse() : out.sort(newestFirst);
}

/** Attempts per UTC day and gate (an attempt counts once under each of its gates), days ascending. */
export function perDayByGate(attempts: AttemptEntry[]): Array<{ day: string; counts: Record<string, number>; total: number }> {
  const days = new Map<string, { day: string; counts: Record<string, number>; total: number }>();
  for (const a of attempts) {
    const day = a.at.slice(0, 10);
    let row = days.get(day);
    if (!row) {
      row = { day, counts: {}, total: 0 };
      days.set(day, row);
    }
    row.total++;
    for (let j = 0; j < a.gates.length; j++) {
      const g = a.gates[j];
      if (a.gates.indexOf(g) === j) row.counts[g] = (row.counts[g] ?? 0) + 1; // a repeated gate counts once
    }
  }
  return [...days.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
