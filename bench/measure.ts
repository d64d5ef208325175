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
