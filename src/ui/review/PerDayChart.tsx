/** Blocked attempts per day, stacked by gate: inline SVG (role="img" with a text summary) and the same numbers as a table. */
import type { ChartData } from './chart-data';
import { formatCount } from '../shared/format';

// Okabe–Ito: distinguishable with the common colour-vision deficiencies.
const COLORS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#F0E442', '#000000', '#999999', '#882255', '#44AA99'];
const W = 1100;
const H = 170;
const PAD = { top: 12, right: 8, bottom: 28, left: 44 };

export function PerDayChart({ data }: { data: ChartData | null }) {
  if (!data) {
    return (
      <section class="chart" aria-labelledby="chart-title" aria-busy="true">
        <h2 id="chart-title">Blocked attempts per day (UTC), by gate</h2>
        <p class="summary" data-testid="chart-summary">
          Preparing the chart…
        </p>
      </section>
    );
  }
  const { days, gates, max } = data;
  const color = (g: string) => COLORS[gates.indexOf(g) % COLORS.length];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = days.length ? plotW / days.length : plotW;
  const barW = Math.max(1, slot * 0.8);
  const y = (n: number) => (max ? (n / max) * plotH : 0);
  const labelEvery = Math.max(1, Math.ceil(days.length / 7));
  return (
    <section class="chart" aria-labelledby="chart-title">
      <h2 id="chart-title">Blocked attempts per day (UTC), by gate</h2>
      <p id="chart-summary" class="summary" data-testid="chart-summary">
        {data.summary}
      </p>
      {days.length > 0 && (
        <>
          {/* biome-ignore lint/a11y/noSvgWithoutTitle: named by aria-labelledby, which the rule does not count (it accepts only aria-label or <title>) */}
          <svg role="img" aria-labelledby="chart-title chart-summary" viewBox={`0 0 ${W} ${H}`} class="chart-svg" data-testid="chart">
            <line x1={PAD.left} x2={W - PAD.right} y1={PAD.top + plotH} y2={PAD.top + plotH} class="axis" />
            <text x={PAD.left - 6} y={PAD.top + 4} class="tick" text-anchor="end">
              {formatCount(max)}
            </text>
            <text x={PAD.left - 6} y={PAD.top + plotH} class="tick" text-anchor="end">
              0
            </text>
            {days.map((d, i) => {
              let top = PAD.top + plotH;
              const x = PAD.left + i * slot + (slot - barW) / 2;
              return (
                <g key={d.day}>
                  {gates
                    .filter((g) => d.counts[g])
                    .map((g) => {
                      const h = y(d.counts[g]);
                      top -= h;
                      return (
                        <rect key={g} x={x} y={top} width={barW} height={h} fill={color(g)}>
                          <title>{`${d.day} · ${g}: ${d.counts[g]}`}</title>
                        </rect>
                      );
                    })}
                  {i % labelEvery === 0 && (
                    <text x={x + barW / 2} y={H - 8} class="tick" text-anchor="middle">
                      {d.day.slice(5)}
                    </text>
                  )}
                </g>
              );
            })}
          </svg>
          <ul class="legend" aria-label="Gates">
            {gates.map((g) => (
              <li key={g}>
                <span class="swatch" style={{ background: color(g) }} aria-hidden="true" />
                {g}
              </li>
            ))}
          </ul>
          <details>
            <summary>Show the numbers as a table</summary>
            <div class="table-wrap">
              <table data-testid="chart-table">
                <caption>Blocked attempts per day (UTC) and gate</caption>
                <thead>
                  <tr>
                    <th scope="col">Day</th>
                    <th scope="col">Attempts</th>
                    {gates.map((g) => (
                      <th scope="col" key={g}>
                        {g}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {days
                    .filter((d) => d.total > 0)
                    .map((d) => (
                      <tr key={d.day}>
                        <th scope="row">{d.day}</th>
                        <td>{formatCount(d.total)}</td>
                        {gates.map((g) => (
                          <td key={g}>{formatCount(d.counts[g] ?? 0)}</td>
                        ))}
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
