/**
 * What a site profile's selectors cost on a large note page: every selector of each shipped profile run once
 * with querySelectorAll, after a change, on a synthetic 50,000-element page in real Chromium. The tests only
 * hold a count-based proxy (selector-grammar.ts costProblem); the time is here. (A single querySelectorAll of a
 * refused `:has()` selector is not slow here: what froze the reported page was repeated matching on every SPA
 * commit, which this row does not reproduce.)
 */
import { chromium } from 'playwright-core';
import { BROWSER_ARGS, findChrome } from '../scripts/chromium';
import type { SiteProfile } from '../src/sites/types';
import { formatMs, type Row } from './measure';

const SITES: SiteProfile[] = Object.values(import.meta.glob<SiteProfile>('../rules/sites/*.json', { eager: true, import: 'default' }));
const ELEMENTS = 50_000;
const RUNS = 15;
const BUDGET_MS = 20;

function selectorsOf(site: SiteProfile): string[] {
  const out = [site.noteScreen, ...site.finalizeControls, ...(site.finalizeForms ?? [])];
  for (const list of Object.values(site.facts ?? {})) for (const ex of list as Array<{ selector: string }>) out.push(ex.selector);
  return out;
}

export async function selectorCostFigures(): Promise<Row[]> {
  const browser = await chromium.launch({ executablePath: findChrome(), args: [...BROWSER_ARGS, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])] });
  const rows: Row[] = [];
  try {
    const page = await browser.newPage();
    await page.setContent('<main id="app"></main>');
    await page.evaluate((n) => {
      const app = document.getElementById('app')!;
      for (let i = 0; i < n / 10; i++) {
        const row = document.createElement('div');
        row.className = `row r${i % 97}`;
        for (let k = 0; k < 9; k++) row.appendChild(document.createElement(k % 2 ? 'span' : 'p')).textContent = `cell ${k}`;
        app.appendChild(row);
      }
    }, ELEMENTS);
    const median = (selectors: string[]) =>
      page.evaluate(
        ({ selectors, runs }) => {
          const times: number[] = [];
          for (let r = 0; r < runs; r++) {
            // A change first, as on the note page: the browser cannot answer from what it matched before.
            document.getElementById('app')!.firstElementChild!.classList.toggle('changed');
            const t0 = performance.now();
            for (const s of selectors) document.querySelectorAll(s);
            times.push(performance.now() - t0);
          }
          return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
        },
        { selectors, runs: RUNS },
      );
    for (const site of SITES) {
      const ms = await median(selectorsOf(site));
      rows.push({
        name: `site profile ${site.name}: all ${selectorsOf(site).length} selectors once on a ${ELEMENTS.toLocaleString('en-US')}-element page, median of ${RUNS}`,
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
