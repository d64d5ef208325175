/**
 * What the extension costs the EHR page while it is used, in Chromium: main-thread time per frame (the DevTools
 * protocol's TaskDuration: every task of the renderer's main thread, the extension's isolated world included) on a
 * 50k-element note page, with the extension against without it, beside an A/A control (two pages without it) that
 * shows how far two identical pages differ on this machine now. Three kinds of frame: typing in the note's text,
 * a commit that changes text (and replaces a subtree), a commit that only replaces a subtree.
 */
import type { Page } from 'playwright-core';
import { median, type Row } from './measure';

const BIG_NODES = 50_000;
const FRAMES = 60;
const ROUNDS = 5;
const KINDS = ['typing in the note', 'text-changing commits', 'childList-only commits'] as const;
type Kind = (typeof KINDS)[number];

/** In the page: 50k elements outside the note screen, a subtree an SPA re-renders, and the note's own text box. */
function setup(nodes: number): void {
  const app = document.getElementById('app')!;
  const big = document.createElement('div');
  big.style.cssText = 'position:absolute;left:0;top:0;width:900px;visibility:hidden';
  const texts: Text[] = [];
  for (let i = 0; i < nodes / 10; i++) {
    const row = document.createElement('div');
    for (let j = 0; j < 9; j++) {
      const span = document.createElement('span');
      const text = document.createTextNode(`cell ${i}.${j} `);
      span.appendChild(text);
      row.appendChild(span);
      if (j === 0 && i % Math.floor(nodes / 100) === 0) texts.push(text);
    }
    big.appendChild(row);
  }
  app.appendChild(big);
  const spa = document.createElement('section');
  app.appendChild(spa);
  const note = document.querySelector('main[data-screen=soap-note] textarea') as HTMLTextAreaElement;
  const counter = document.createTextNode('0');
  note.after(counter); // the page's own character counter, in the note screen, which no extractor reads
  const longTasks: number[] = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.duration >= 50) longTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  } catch {
    /* not supported: reported as none */
  }
  (window as unknown as { __fgOverhead: object }).__fgOverhead = { spa, texts, note, counter, n: 0, longTasks };
}

/** In the page: one change of the given kind per animation frame, `frames` times, then two quiet frames. */
async function run({ kind, frames }: { kind: Kind; frames: number }): Promise<void> {
  const p = (window as unknown as { __fgOverhead: { spa: HTMLElement; texts: Text[]; note: HTMLTextAreaElement; counter: Text; n: number } }).__fgOverhead;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  for (let i = 0; i < frames; i++) {
    await frame();
    const n = p.n++;
    if (kind === 'typing in the note') {
      p.note.value += n % 7 === 6 ? ' ' : 'a';
      p.note.dispatchEvent(new InputEvent('input', { bubbles: true, data: 'a', inputType: 'insertText' }));
      p.counter.data = String(p.note.value.length);
      continue;
    }
    const sub = document.createElement('div');
    for (let j = 0; j < 200; j++) {
      const item = document.createElement('span');
      item.textContent = `row ${n}.${j}`;
      sub.appendChild(item);
    }
    p.spa.replaceChildren(sub);
    if (kind === 'text-changing commits') for (const t of p.texts) t.data = `cell ${n} `;
  }
  await frame();
  await frame();
}

/** Main-thread milliseconds per frame over one run. */
async function cpuPerFrame(page: Page, kind: Kind): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    const before = await task();
    await page.evaluate(run, { kind, frames: FRAMES });
    return (((await task()) - before) * 1000) / (FRAMES + 2);
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export async function openOverheadPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector('main[data-screen=soap-note] textarea');
  await page.evaluate(setup, BIG_NODES);
}

type ProfileNode = { id: number; callFrame: { url: string }; children?: number[] };
type CpuProfile = { nodes: unknown[]; startTime: number; samples?: number[]; timeDeltas?: number[] };

/** Each sample of a CPU profile: when it was taken (µs, the trace clock), how long it lasts (until the next), and whether its stack has a frame of the extension's scripts. */
export function samplesOf(profile: CpuProfile, extensionId: string): Array<{ at: number; us: number; ours: boolean }> {
  const nodes = profile.nodes as ProfileNode[];
  const parent = new Map<number, number>();
  for (const n of nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ours = new Map<number, boolean>();
  const isOurs = (id: number | undefined): boolean => {
    if (id === undefined) return false;
    let v = ours.get(id);
    if (v === undefined) ours.set(id, (v = byId.get(id)!.callFrame.url.includes(extensionId) || isOurs(parent.get(id))));
    return v;
  };
  const deltas = profile.timeDeltas ?? [];
  let at = profile.startTime;
  return (profile.samples ?? []).map((id, i) => {
    at += deltas[i] ?? 0;
    return { at, us: deltas[i + 1] ?? 0, ours: isOurs(id) };
  });
}

/**
 * In a CPU profile (the DevTools protocol's Profiler): the time of every sample whose stack has a frame of the
 * extension's scripts (its isolated world shares the page's V8 isolate), and its longest run of consecutive such
 * samples, the most it ran at one go (a sample of other code, a collection included, ends a run, so two of its
 * callbacks in one task count apart). A sample lasts until the next one, preemption included.
 */
function ownScriptIn(profile: CpuProfile, extensionId: string): { ownMs: number; longestMs: number } {
  let ownUs = 0;
  let runUs = 0;
  let longestUs = 0;
  for (const { us, ours } of samplesOf(profile, extensionId)) {
    runUs = ours ? runUs + us : 0;
    ownUs += ours ? us : 0;
    longestUs = Math.max(longestUs, runUs);
  }
  return { ownMs: ownUs / 1000, longestMs: longestUs / 1000 };
}
/** Milliseconds: the extension's own script per frame, the page's main-thread time per frame, and the extension's longest unbroken stretch. */
type OwnTime = { own: number; total: number; longest: number };

/**
 * The extension's own main-thread time per frame, from a CPU profile of one run on the page with it: every sample
 * whose stack has a frame of the extension's content script (the isolated world shares the page's V8 isolate), and
 * the page's whole main-thread time (TaskDuration) per frame in the same run. Precise where the with / without
 * comparison is not: two browsers differ by several per cent per frame from run to run (the A/A control). Also its
 * longest run (ownScriptIn).
 */
async function ownTimePerFrame(page: Page, kind: Kind, extensionId: string): Promise<OwnTime> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Performance.enable');
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
    const before = await task();
    await cdp.send('Profiler.start');
    await page.evaluate(run, { kind, frames: FRAMES });
    const { profile } = await cdp.send('Profiler.stop');
    const total = (((await task()) - before) * 1000) / (FRAMES + 2);
    const { ownMs, longestMs } = ownScriptIn(profile, extensionId);
    return { own: ownMs / (FRAMES + 2), total, longest: longestMs };
  } finally {
    await cdp.send('Profiler.disable').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
  }
}

/** The extension's own share of the page's main-thread time per frame, for each kind of frame (median of ROUNDS runs). */
async function ownTimeRows(withExt: Page, extensionId: string): Promise<Row[]> {
  const rows: Row[] = [];
  let longest = 0;
  for (const kind of KINDS) {
    const runs: OwnTime[] = [];
    for (let round = 0; round < ROUNDS; round++) runs.push(await ownTimePerFrame(withExt, kind, extensionId));
    longest = Math.max(longest, ...runs.map((r) => r.longest));
    const share = median(runs.map((r) => r.own / r.total));
    rows.push({
      name: `${kind}, 50k-element note page: the extension's own script per frame (CPU profile) / the page's main-thread time per frame, same run, median of ${ROUNDS} runs × ${FRAMES} frames`,
      value: `${median(runs.map((r) => r.own)).toFixed(3)} / ${median(runs.map((r) => r.total)).toFixed(2)} ms: ${(share * 100).toFixed(1)}%`,
      budget: '≤ 2%',
      ok: share <= 0.02,
    });
  }
  rows.push({
    name: `the extension's longest unbroken run of its own script (CPU profile; a sample of other code ends a run) over the ${ROUNDS * KINDS.length * FRAMES} profiled frames above, against a long task's 50 ms`,
    value: `${longest.toFixed(2)} ms`,
    budget: '< 50 ms',
    ok: longest < 50,
  });
  return rows;
}

/**
 * `withExt`: a note page with the extension (decided, allowed); `a`, `b`: the same page in browsers without it;
 * `extensionId`: to find the extension's own frames in a CPU profile.
 */
export async function overheadRows(withExt: Page, a: Page, b: Page, extensionId: string): Promise<Row[]> {
  const times = new Map<string, number[]>();
  const add = (key: string, v: number) => times.set(key, [...(times.get(key) ?? []), v]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of KINDS) {
      // Rotated each round, so drift on a shared machine hits all three alike.
      const order: Array<[string, Page]> = [
        ['ext', withExt],
        ['a', a],
        ['b', b],
      ];
      for (let i = 0; i < round % 3; i++) order.push(order.shift()!);
      for (const [key, page] of order) add(`${kind} ${key}`, await cpuPerFrame(page, kind));
    }
  }
  const longTasks = async (page: Page) => page.evaluate(() => (window as unknown as { __fgOverhead: { longTasks: number[] } }).__fgOverhead.longTasks.length);
  const [longExt, longA] = [await longTasks(withExt), await longTasks(a)];
  const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
  const rows: Row[] = KINDS.map((kind) => {
    const [ext, a0, b0] = ['ext', 'a', 'b'].map((k) => times.get(`${kind} ${k}`)!);
    const overhead = median(ext) / median(a0) - 1;
    const control = median(b0) / median(a0) - 1;
    // Information only, never pass or fail: each browser has a bias of its own for the whole run (two browsers
    // without the extension have differed by −22% to +13% between runs), and one A/A pair cannot bound the bias of
    // the third browser, the one with the extension (a run with A/A −0.5% put it at +12.7% on text commits while its
    // own script was 0.2% of the frame). The ≤ 2% budget is judged on the CPU-profile rows below.
    return {
      name: `${kind}, 50k-element note page: main-thread time per frame with / without extension (A/A control: two pages without), median of ${ROUNDS} runs × ${FRAMES} frames; one browser each, so it cannot resolve 2%`,
      value: `${median(ext).toFixed(2)} / ${median(a0).toFixed(2)} ms (min ${Math.min(...ext).toFixed(2)} / ${Math.min(...a0).toFixed(2)}): ${pct(overhead)}, A/A ${pct(control)}`,
      budget: '-',
      ok: null,
    };
  });
  rows.push({
    // Information: a count cannot say whose script ran in a long task (a collection of the page's garbage counts
    // too); the CPU-profile row below bounds how long the extension's script runs at one go.
    name: `long tasks ≥ 50 ms during those ${ROUNDS * KINDS.length * FRAMES} frames (with / without extension)`,
    value: `${longExt} / ${longA}`,
    budget: '-',
    ok: null,
  });
  rows.push(...(await ownTimeRows(withExt, extensionId)));
  return rows;
}
