/** Timing helpers for `npm run bench`: per-iteration samples, percentiles, and a table beside budgets. */

export async function sample(iterations: number, warmup: number, fn: () => unknown): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export interface Row {
  name: string;
  value: string;
  budget: string;
  ok: boolean | null;
}

export function formatMs(ms: number): string {
  return ms < 0.001 ? `${(ms * 1e6).toFixed(0)} ns` : ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`;
}

export function printTable(rows: Row[]): void {
  const w = [Math.max(...rows.map((r) => r.name.length)), Math.max(...rows.map((r) => r.value.length)), Math.max(...rows.map((r) => r.budget.length))];
  console.log(`${'figure'.padEnd(w[0])}  ${'measured'.padEnd(w[1])}  ${'budget'.padEnd(w[2])}  status`);
  for (const r of rows) {
    const status = r.ok === null ? 'info' : r.ok ? 'ok' : 'OVER BUDGET';
    console.log(`${r.name.padEnd(w[0])}  ${r.value.padEnd(w[1])}  ${r.budget.padEnd(w[2])}  ${status}`);
  }
}

/** The median of a list (not sorted in place). */
export const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );

/**
 * One figure measured in `runs` separate runs (≥ 3), each the median of `samples` timed batches of `batch` calls,
 * per call: a call too fast for the timer is timed in a batch and divided.
 */
export async function perCallRuns(runs: number, fn: () => unknown, { batch = 1, samples = 30, warmup = 5 } = {}): Promise<number[]> {
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const times = await sample(samples, warmup, () => {
      for (let i = 0; i < batch; i++) fn();
    });
    out.push(percentile(times, 50) / batch);
  }
  return out;
}

/** "12.3 µs (min 11.0 µs, 5 runs)": the median of the runs' figures, and the best run. */
export const runsSummary = (runs: number[]): string => `${formatMs(median(runs))} (min ${formatMs(Math.min(...runs))}, ${runs.length} runs)`;
