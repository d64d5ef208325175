/**
 * Audit core figures for `npm run bench` (wired in by bench.ts's owner): the review page's filter and
 * the CSV export over 100,000 synthetic attempts (plus a review for every 20th). Hashes are fake:
 * neither step reads them.
 */
import { toCsv } from '../src/audit/csv';
import { applyFilter, reviewsByAttempt } from '../src/audit/filter';
import type { AuditEntry, AttemptEntry } from '../src/audit/types';
import { formatMs, percentile, sample, type Row } from './measure';

const N = 100_000;
const GATES = ['clinic', 'insurance', 'user', 'billing', 'supervision'] as const;

function synthetic(): AuditEntry[] {
  const chainId = '1a2b3c4d-0000-4000-8000-00000000000a';
  const start = Date.UTC(2026, 0, 1);
  const hex = (i: number) => i.toString(16).padStart(64, '0');
  const uuid = (i: number) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const out: AuditEntry[] = [];
  const base = () => {
    const seq = out.length + 1;
    return { id: uuid(seq), chainId, seq, at: new Date(start + seq * 300_000).toISOString(), prev: seq === 1 ? '' : hex(seq - 1), hash: hex(seq) };
  };
  for (let i = 1; i <= N; i++) {
    const attempt = base();
    out.push({
      ...attempt,
      type: 'attempt',
      kind: 'click',
      outcome: i % 7 === 0 ? 'would-block' : 'blocked',
      userId: `u-${i % 40}`,
      credential: 'PTA',
      clinicId: `clinic-${i % 5}`,
      insuranceIds: [`ins-${i % 9}`, `ins-${i % 4}`],
      noteType: 'daily',
      noteRef: hex(i * 7),
      gates: [GATES[i % 5], GATES[(i + 2) % 5]],
      rules: ['clinic-allows-assistants', 'insurance-allows-assistants'],
      pack: { name: 'webpt-default', version: '1.0.0', hash: hex(42) },
      profile: 'demo-ehr',
    });
    if (i % 20 === 0) out.push({ ...base(), type: 'review', reviewOf: attempt.id, reviewer: 'sup-1', note: 'spoke with them, "fixed", see =notes' });
  }
  // Entries as the page gets them (IndexedDB or a file): freshly deserialised objects. Objects built by
  // spreading are much slower to read in V8 and would measure the fixture, not the filter.
  return JSON.parse(JSON.stringify(out)) as AuditEntry[];
}

export async function auditCoreFigures(): Promise<Row[]> {
  const entries = synthetic();
  const count = entries.length.toLocaleString('en');
  const reviews = reviewsByAttempt(entries);
  const narrow = { from: '2026-02-01', to: '2026-03-31', clinicId: 'clinic-2', gate: 'user', reviewed: 'no' } as const;
  const all = await sample(30, 5, () => applyFilter(entries, {}, reviews));
  const some = await sample(30, 5, () => applyFilter(entries, narrow, reviews));
  const grouping = await sample(10, 2, () => reviewsByAttempt(entries));
  const attempts = applyFilter(entries, {}, reviews) as AttemptEntry[];
  const csv = await sample(5, 1, () => toCsv(attempts, reviews));
  const csvP50 = percentile(csv, 50);
  return [
    { name: `audit applyFilter, ${count} entries, no filter, p50`, value: formatMs(percentile(all, 50)), budget: '≤ 200 ms with the page', ok: null },
    { name: `audit applyFilter, ${count} entries, 5 filters, p50`, value: formatMs(percentile(some, 50)), budget: '≤ 200 ms with the page', ok: null },
    { name: `audit reviewsByAttempt, ${count} entries, p50`, value: formatMs(percentile(grouping, 50)), budget: '-', ok: null },
    { name: `audit toCsv, ${attempts.length.toLocaleString('en')} attempts, p50`, value: formatMs(csvP50), budget: '≤ 3 s', ok: csvP50 <= 3000 },
  ];
}
