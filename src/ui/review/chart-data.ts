/** What the per-day chart draws and says: days (gaps filled when the span is short), gates, totals, a summary. */
import { formatCount, plural } from '../shared/format';

export interface DayRow {
  day: string;
  counts: Record<string, number>;
  total: number;
}
export interface ChartData {
  days: DayRow[];
  gates: string[];
  max: number;
  summary: string;
}

const DAY_MS = 86_400_000;
const MAX_FILLED_DAYS = 400;

function fillGaps(rows: DayRow[]): DayRow[] {
  if (rows.length < 2) return rows;
  const start = Date.parse(`${rows[0].day}T00:00:00Z`);
  const end = Date.parse(`${rows[rows.length - 1].day}T00:00:00Z`);
  const span = Math.round((end - start) / DAY_MS) + 1;
  if (!(span <= MAX_FILLED_DAYS)) return rows;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return Array.from({ length: span }, (_, i) => {
    const day = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, counts: {}, total: 0 };
  });
}

export function chartData(perDay: DayRow[]): ChartData {
  const totals = new Map<string, number>();
  let max = 0;
  let busiest: DayRow | null = null;
  let all = 0;
  for (const row of perDay) {
    for (const [g, n] of Object.entries(row.counts)) totals.set(g, (totals.get(g) ?? 0) + n);
    const stacked = Object.values(row.counts).reduce((a, b) => a + b, 0);
    max = Math.max(max, stacked);
    if (!busiest || row.total > busiest.total) busiest = row;
    all += row.total;
  }
  const gates = [...totals.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || a.localeCompare(b));
  const summary =
    perDay.length === 0 || !busiest
      ? 'No blocked attempts to chart.'
      : `${plural(all, 'blocked attempt')} on ${plural(perDay.length, 'day')} from ${perDay[0].day} to ${perDay[perDay.length - 1].day}; ` +
        `the most on ${busiest.day} (${formatCount(busiest.total)}). By gate: ${gates.map((g) => `${g} ${formatCount(totals.get(g) ?? 0)}`).join(', ')}` +
        ' (an attempt with several gates counts under each).';
  return { days: fillGaps(perDay), gates, max, summary };
}
