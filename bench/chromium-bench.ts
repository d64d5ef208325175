/**
 * Real-browser figures for `npm run bench`: the built extension (dist/extension) in Chromium on the demo
 * EHR. Everything is timed inside the page (performance.now(), MutationObserver, PerformanceObserver),
 * so Playwright's round trips never enter a figure. Needs `npm run build:ext` first and a Chromium.
 * playwright-core and the launch helper are imported lazily: the Node figures run without a browser.
 */
import type { Browser, Page } from 'playwright-core';
import { formatMs, percentile, type Row } from './measure';

const EXTENSION_DIR = 'dist/extension';
const ALLOWED = { user: 'u-pta-jamie', clinic: 'clinic-north', insurance: 'ins-acme-ppo' };
const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
const GAP_INSERTIONS = 200;
const GAP_TRANSITIONS = 40;
const COLD_PAGES = 15;
const WARM_TOGGLES = 30;
const BIG_NODES = 50_000;
const COMMITS = 200;
const COMMIT_WARMUP = 20;
const CHURN_ROUNDS = 4;

const noteUrl = (base: string, s: Record<string, string>) => `${base}/ehr/index.html?${new URLSearchParams(s)}`;
const sorted = (xs: number[]) => xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);

/** The service worker has stored the configuration the content scripts read. */
async function waitForConfig(sw: { evaluate<R>(fn: () => Promise<R>): Promise<R> }): Promise<boolean> {
  return sw.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
    for (let i = 0; i < 200; i++) {
      if ((await api.storage.local.get('activeConfig')).activeConfig) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  });
}

/** Every Finalize control carries the guard's verdict `state`. */
async function waitForGuard(page: Page, state: 'locked' | 'open'): Promise<void> {
  await page.waitForFunction(
    (s) => {
      const els = [...document.querySelectorAll('[data-action=finalize]')];
      return els.length > 0 && els.every((e) => e.getAttribute('data-finalize-guard') === s);
    },
    state,
    { timeout: 10_000 },
  );
}

// ---- 1. Lock gap -------------------------------------------------------------------------------

async function lockGap(page: Page, base: string, server: { finalizeRequests(): string[] }): Promise<Row[]> {
  await page.goto(noteUrl(base, BLOCKED));
  await waitForGuard(page, 'locked');
  await page.waitForTimeout(300); // the configuration is loaded and the decision (blocked) is taken
  const posts0 = server.finalizeRequests().length;
  let trustedOnTarget = 0;
  for (let i = 0; i < GAP_INSERTIONS; i++) {
    const at = await page.evaluate((n) => {
      document.querySelectorAll('.fg-bench-gap').forEach((el) => el.remove());
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'fg-bench-gap';
      b.dataset.action = 'finalize';
      b.textContent = `Finalize ${n}`;
      b.style.cssText = 'position:fixed;top:60px;left:40%;width:160px;height:44px;z-index:2147483647';
      document.querySelector('#app main')!.appendChild(b);
      // Same task as the insertion: the guard's MutationObserver has not run yet.
      b.click();
      b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      requestAnimationFrame(() => {
        b.click();
        b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      });
      const r = b.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return { x, y, hit: document.elementFromPoint(x, y) === b };
    }, i);
    if (at.hit) trustedOnTarget++;
    await page.mouse.click(at.x, at.y); // trusted, right after the insertion's evaluate returns
  }
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.waitForTimeout(300); // let any finalize fetch reach the server
  const calls = await page.evaluate(() => (window as unknown as { __finalizeCalls: number }).__finalizeCalls);
  const posts = server.finalizeRequests().length - posts0;
  const attempts = GAP_INSERTIONS * 5;
  const rows: Row[] = [
    {
      name: `lock gap: clicks reaching the EHR before a decision (${attempts} on ${GAP_INSERTIONS} new buttons, ${trustedOnTarget} trusted on target)`,
      value: `${calls} calls, ${posts} POSTs`,
      budget: '0',
      ok: calls === 0 && posts === 0,
    },
  ];

  // The same, when the page re-renders from an allowed user to a blocked one: the new buttons are born
  // while the guard is still open, so only the click-time re-check stands between them and the EHR.
  const calls1 = calls;
  let onTarget = 0;
  for (let i = 0; i < GAP_TRANSITIONS; i++) {
    await page.evaluate((s) => (window as unknown as { __setScenario(s: object): void }).__setScenario(s), ALLOWED);
    await waitForGuard(page, 'open');
    const at = await page.evaluate((s) => {
      (window as unknown as { __setScenario(s: object): void }).__setScenario(s);
      const buttons = [...document.querySelectorAll<HTMLButtonElement>('#app main [data-action=finalize]')];
      for (const b of buttons) {
        b.click();
        b.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      }
      requestAnimationFrame(() => {
        for (const b of buttons) b.click();
      });
      const b = buttons[0];
      b.scrollIntoView({ block: 'center' });
      const r = b.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      return { x, y, hit: document.elementFromPoint(x, y) === b };
    }, BLOCKED);
    if (at.hit) onTarget++;
    await page.mouse.click(at.x, at.y);
    await waitForGuard(page, 'locked');
  }
  await page.waitForTimeout(300);
  const calls2 = (await page.evaluate(() => (window as unknown as { __finalizeCalls: number }).__finalizeCalls)) - calls1;
  const posts2 = server.finalizeRequests().length - posts0 - posts;
  rows.push({
    name: `lock gap, allowed → blocked re-render (${GAP_TRANSITIONS * 7} clicks on ${GAP_TRANSITIONS} re-renders, ${onTarget} trusted on target)`,
    value: `${calls2} calls, ${posts2} POSTs`,
    budget: '0',
    ok: calls2 === 0 && posts2 === 0,
  });
  return rows;
}

// ---- 2. Cold: insertion → decision shown -------------------------------------------------------

/** Init script: records when the first Finalize control appears and when its verdict first reads "open". */
function recordInsertionToOpen(): void {
  const rec = { inserted: NaN, open: NaN, el: null as Element | null };
  (window as unknown as { __fgBench: typeof rec }).__fgBench = rec;
  const inserted = new MutationObserver(() => {
    const el = document.querySelector('[data-action=finalize]');
    if (!el) return;
    rec.inserted = performance.now();
    rec.el = el;
    inserted.disconnect();
  });
  inserted.observe(document, { childList: true, subtree: true });
  const opened = new MutationObserver(() => {
    if (rec.el && rec.el.getAttribute('data-finalize-guard') === 'open') {
      rec.open = performance.now();
      opened.disconnect();
    }
  });
  opened.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-finalize-guard'] });
}

async function cold(context: { newPage(): Promise<Page> }, base: string): Promise<Row[]> {
  const gaps: number[] = [];
  for (let i = 0; i < COLD_PAGES; i++) {
    const page = await context.newPage();
    try {
      await page.addInitScript(recordInsertionToOpen);
      await page.goto(noteUrl(base, ALLOWED));
      await page.waitForFunction(() => !Number.isNaN((window as unknown as { __fgBench: { open: number } }).__fgBench.open), undefined, { timeout: 5_000 });
      gaps.push(
        await page.evaluate(() => {
          const r = (window as unknown as { __fgBench: { open: number; inserted: number } }).__fgBench;
          return r.open - r.inserted;
        }),
      );
    } catch {
      gaps.push(NaN);
    } finally {
      await page.close();
    }
  }
  const s = sorted(gaps);
  const missed = gaps.length - s.length;
  const p50 = percentile(s, 50);
  return [
    {
      name: `insertion → decision shown, cold (${COLD_PAGES} fresh pages${missed ? `, ${missed} never opened` : ''}), p50`,
      value: formatMs(p50),
      budget: '≤ 16 ms',
      ok: missed === 0 && p50 <= 16,
    },
    { name: 'insertion → decision shown, cold, p95', value: formatMs(percentile(s, 95)), budget: '-', ok: null },
  ];
}

// ---- 3. Warm: re-render → decision re-applied --------------------------------------------------

async function warm(page: Page, base: string): Promise<Row[]> {
  await page.goto(noteUrl(base, ALLOWED));
  await waitForGuard(page, 'open');
  const times: number[] = [];
  for (let i = 0; i < WARM_TOGGLES + 2; i++) {
    const target = i % 2 === 0 ? BLOCKED : ALLOWED;
    const expected = i % 2 === 0 ? 'locked' : 'open';
    const ms = await page.evaluate(
      ({ target, expected }) =>
        new Promise<number>((resolve) => {
          const app = document.getElementById('app')!;
          const done = () => {
            const els = [...app.querySelectorAll('[data-action=finalize]')];
            return els.length > 0 && els.every((e) => e.getAttribute('data-finalize-guard') === expected);
          };
          const timeout = setTimeout(() => {
            mo.disconnect();
            resolve(NaN);
          }, 2_000);
          const mo = new MutationObserver(() => {
            if (!done()) return;
            const t = performance.now() - t0;
            mo.disconnect();
            clearTimeout(timeout);
            resolve(t);
          });
          mo.observe(app, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-finalize-guard'] });
          const t0 = performance.now();
          (window as unknown as { __setScenario(s: object): void }).__setScenario(target);
        }),
      { target, expected },
    );
    if (i >= 2) times.push(ms); // the first round trip of each direction is warm-up
    await page.waitForTimeout(20);
  }
  const s = sorted(times);
  const missed = times.length - s.length;
  const p50 = percentile(s, 50);
  return [
    {
      name: `re-render → decision re-applied, warm (${WARM_TOGGLES} user toggles${missed ? `, ${missed} never applied` : ''}), p50`,
      value: formatMs(p50),
      budget: '≤ 4 ms',
      ok: missed === 0 && p50 <= 4,
    },
    { name: 're-render → decision re-applied, warm, p95', value: formatMs(percentile(s, 95)), budget: '-', ok: null },
  ];
}

// ---- 4. Observer overhead on a 50k-node SPA ----------------------------------------------------

interface ChurnResult {
  commit: number[];
  frameWork: number[];
  longTasks: number[];
}
interface ChurnPage {
  big: HTMLElement;
  root: HTMLElement;
  texts: Text[];
  n: number;
}

/** In the page: 50k rendered elements inside #app (outside main), in rows of 10, like a long table or feed. */
function setupChurn(nodes: number): void {
  const app = document.getElementById('app')!;
  const big = document.createElement('div');
  big.id = 'fg-bench-big';
  big.style.cssText = 'visibility:hidden;position:absolute;left:0;top:0;width:900px';
  const texts: Text[] = [];
  for (let i = 0; i < nodes / 10; i++) {
    const row = document.createElement('div');
    for (let j = 0; j < 9; j++) {
      const span = document.createElement('span');
      const text = document.createTextNode(`cell ${i}.${j} `);
      span.appendChild(text);
      row.appendChild(span);
      if (j === 0 && i % Math.floor(nodes / 100) === 0) texts.push(text); // 10 texts, spread over the page
    }
    big.appendChild(row);
  }
  app.appendChild(big);
  const root = document.createElement('section');
  root.id = 'fg-bench-spa';
  app.appendChild(root);
  root.getBoundingClientRect();
  (window as unknown as { __fgChurn: ChurnPage }).__fgChurn = { big, root, texts, n: 0 };
}

/**
 * In the page: one SPA "commit" per frame: replace a 200-element subtree, update 10 text nodes in place
 * (characterData, as frameworks do), force style and layout, await a microtask (so MutationObserver
 * callbacks have run). Also measures, per frame, the time between a rAF callback registered a frame ahead
 * and one registered after the commit: the work others (the extension) deferred to that frame.
 */
async function churnRound({ commits, warmup }: { commits: number; warmup: number }): Promise<ChurnResult> {
  const page = (window as unknown as { __fgChurn: ChurnPage }).__fgChurn;
  const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
  for (let i = 0; i < 3; i++) await frame();
  const longTasks: number[] = [];
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push(e.duration);
  });
  try {
    po.observe({ type: 'longtask' });
  } catch {
    /* not supported: reported as 0 */
  }
  let preAt = 0;
  let running = true;
  const pre = () => {
    preAt = performance.now();
    if (running) requestAnimationFrame(pre);
  };
  requestAnimationFrame(pre);
  await frame();
  const commit: number[] = [];
  const frameWork: number[] = [];
  for (let i = 0; i < warmup + commits; i++) {
    await frame();
    const deferred = performance.now() - preAt;
    const n = page.n++;
    const t0 = performance.now();
    const sub = document.createElement('div');
    for (let j = 0; j < 200; j++) {
      const item = document.createElement('span');
      item.className = 'row';
      item.textContent = `row ${n}.${j}`;
      sub.appendChild(item);
    }
    page.root.replaceChildren(sub);
    for (const t of page.texts) t.data = `cell ${n} `;
    page.root.getBoundingClientRect();
    await Promise.resolve();
    const t = performance.now() - t0;
    if (i >= warmup) {
      commit.push(t);
      if (i > warmup) frameWork.push(deferred);
    }
  }
  await frame();
  frameWork.push(performance.now() - preAt);
  running = false;
  await new Promise((r) => setTimeout(r, 100)); // long-task entries are delivered late
  po.disconnect();
  return { commit, frameWork, longTasks };
}

async function openChurnPage(page: Page, base: string): Promise<void> {
  await page.goto(noteUrl(base, ALLOWED));
  await page.waitForSelector('#app main [data-action=finalize]');
  await page.waitForTimeout(100);
  await page.evaluate(setupChurn, BIG_NODES);
}

/** Alternates rounds between the two pages, so drift on a shared machine hits both alike. */
async function churnBoth(withPage: Page, withoutPage: Page): Promise<[ChurnResult, ChurnResult]> {
  const merged = (): ChurnResult => ({ commit: [], frameWork: [], longTasks: [] });
  const out: [ChurnResult, ChurnResult] = [merged(), merged()];
  const per = COMMITS / CHURN_ROUNDS;
  for (let round = 0; round < CHURN_ROUNDS; round++) {
    for (const [k, page] of (round % 2
      ? [
          [1, withoutPage],
          [0, withPage],
        ]
      : [
          [0, withPage],
          [1, withoutPage],
        ]) as Array<[0 | 1, Page]>) {
      const r = await page.evaluate(churnRound, { commits: per, warmup: round === 0 ? COMMIT_WARMUP : 5 });
      out[k].commit.push(...r.commit);
      out[k].frameWork.push(...r.frameWork);
      out[k].longTasks.push(...r.longTasks);
    }
  }
  return out;
}

/** Mean of the middle 80%: the timer ticks in 0.1 ms steps, too coarse for a median to resolve 5%. */
function trimmedMean(xs: number[]): number {
  const s = sorted(xs);
  const cut = Math.floor(s.length * 0.1);
  const mid = s.slice(cut, s.length - cut);
  return mid.reduce((a, b) => a + b, 0) / mid.length;
}

function overheadRows(withExt: ChurnResult, without: ChurnResult): Row[] {
  const w = percentile(sorted(withExt.commit), 50);
  const wo = percentile(sorted(without.commit), 50);
  const tw = trimmedMean(withExt.commit);
  const two = trimmedMean(without.commit);
  const pct = ((tw - two) / two) * 100;
  const longWith = withExt.longTasks.filter((d) => d >= 50).length;
  const longWithout = without.longTasks.filter((d) => d >= 50).length;
  const extLong = Math.max(0, longWith - longWithout);
  const fw = percentile(sorted(withExt.frameWork), 50);
  const fwo = percentile(sorted(without.frameWork), 50);
  const k = `${BIG_NODES / 1000}k-element page`;
  return [
    { name: `SPA commit on a ${k}, with extension, median (trimmed mean)`, value: `${formatMs(w)} (${formatMs(tw)})`, budget: '-', ok: null },
    { name: `SPA commit on a ${k}, without extension, median (trimmed mean)`, value: `${formatMs(wo)} (${formatMs(two)})`, budget: '-', ok: null },
    { name: 'observer overhead per commit (trimmed means)', value: `${pct >= 0 ? '+' : ''}${pct.toFixed(1)}%`, budget: '≤ 5%', ok: pct <= 5 },
    { name: 'work deferred to the next frame per commit (with / without ext), median', value: `${formatMs(fw)} / ${formatMs(fwo)}`, budget: '-', ok: null },
    {
      name: `long tasks ≥ 50 ms during ${COMMITS} commits (with / without ext)`,
      value: `${longWith} / ${longWithout}`,
      budget: '0 from ext',
      ok: extLong === 0,
    },
  ];
}

// ---- Entry -------------------------------------------------------------------------------------

/** Launches Chromium with the built extension and the demo EHR; returns the rows for the bench table. */
export async function chromiumFigures(): Promise<Row[]> {
  const { BROWSER_ARGS, findChrome, launchWithExtension } = await import('../scripts/chromium');
  const { startDemoServer } = await import('../scripts/demo-server');
  const executablePath = findChrome(); // throws the install hint when there is none
  const rows: Row[] = [];
  const server = await startDemoServer();
  let plain: Browser | null = null;
  let ext: Awaited<ReturnType<typeof launchWithExtension>> | null = null;
  try {
    ext = await launchWithExtension(EXTENSION_DIR);
    if (!(await waitForConfig(ext.serviceWorker))) throw new Error('the extension never stored its configuration (activeConfig)');
    await (await import('../scripts/seed-example')).seedExampleConfig(ext); // the demo's people: a fresh install is not set up

    const gapPage = await ext.context.newPage();
    rows.push(...(await lockGap(gapPage, server.url, server)));
    await gapPage.close();

    rows.push(...(await cold(ext.context, server.url)));

    const warmPage = await ext.context.newPage();
    rows.push(...(await warm(warmPage, server.url)));
    await warmPage.close();

    const { chromium } = await import('playwright-core');
    plain = await chromium.launch({ executablePath, headless: false, args: ['--headless=new', '--no-sandbox', ...BROWSER_ARGS] }); // the extension's switches, without the extension
    const withPage = await ext.context.newPage();
    const withoutPage = await plain.newPage();
    await openChurnPage(withPage, server.url);
    await openChurnPage(withoutPage, server.url);
    rows.push(...overheadRows(...(await churnBoth(withPage, withoutPage))));
  } finally {
    await plain?.close().catch(() => undefined);
    await ext?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
  return rows;
}
