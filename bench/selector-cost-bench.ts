/**
 * What a site profile's selectors cost on a large note page: every selector of each shipped profile run once
 * with querySelectorAll, after a change, on the synthetic 50,000-element page the worker measures profiles on
 * (sites/selector-check.ts: there as a ratio to a control query, refused over COST_BUDGET; here in ms, in real
 * Chromium). (A single querySelectorAll of a refused `:has()` selector is not slow here: what froze the reported
 * page was repeated matching on every SPA commit, which this row does not reproduce.)
 */
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, findChrome } from '../scripts/chromium';
import { buildFixture, FIXTURE_ELEMENTS, profileSelectors } from '../src/sites/selector-check';
import type { SiteProfile } from '../src/sites/types';
import { formatMs, type Row } from './measure';

const SITES: SiteProfile[] = Object.values(import.meta.glob<SiteProfile>('../rules/sites/*.json', { eager: true, import: 'default' }));
const RUNS = 15;
const BUDGET_MS = 20;

const selectorsOf = (site: SiteProfile) => profileSelectors(site).map((s) => s.selector);

export async function selectorCostFigures(): Promise<Row[]> {
  const browser = await chromium.launch({ executablePath: findChrome(), args: [...BROWSER_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])] });
  const rows: Row[] = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<p>fixture</p>');
    // The worker's fixture, built by the same function (it uses only its arguments, so it runs here as text).
    await page.evaluate(`globalThis.fixture = (${buildFixture.toString()})(document, ${FIXTURE_ELEMENTS})`);
    const median = (selectors: string[]) =>
      page.evaluate(
        ({ selectors, runs }) => {
          const times: number[] = [];
          for (let r = 0; r < runs; r++) {
            // A change first, as on the note page: the browser cannot answer from what it matched before.
            const root = (globalThis as unknown as { fixture: Element }).fixture;
            root.firstElementChild!.classList.toggle('changed');
            const t0 = performance.now();
            for (const s of selectors) root.querySelectorAll(s);
            times.push(performance.now() - t0);
          }
          return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
        },
        { selectors, runs: RUNS },
      );
    for (const site of SITES) {
      const ms = await median(selectorsOf(site));
      rows.push({
        name: `site profile ${site.name}: all ${selectorsOf(site).length} selectors once on a ${FIXTURE_ELEMENTS.toLocaleString('en-US')}-element page, median of ${RUNS}`,
        value: formatMs(ms),
        budget: `≤ ${BUDGET_MS} ms`,
        ok: ms <= BUDGET_MS,
      });
    }
  } finally {
    await browser.close();
  }
  return rows;
}
