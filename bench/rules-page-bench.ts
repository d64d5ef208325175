/**
 * 2,000 rules in 10 packs on the note page, in Chromium with the built extension: published the way the console
 * publishes, then each note opened in a new tab, from the navigation to the guard's decision, under a trace (the
 * renderer's tasks) and a CPU profile (whose samples are the extension's script). The first decision of a tab
 * compiles the configuration, in a task of its own, then decides (policy-bench.ts times both in Node, where the
 * budget row is). The figure is the most of any one task of the page's main thread that was the extension's script,
 * against a long task's 50 ms; information, not a budget: a sample lasts until the next, so a thread preempted in the
 * extension's script counts as its time, and a new tab's page has long tasks of its own.
 */
import type { CDPSession } from 'playwright-core';
import type { Row } from './measure';
import { samplesOf } from './overhead-bench';
import { ALLOWED } from './chromium-bench';
import { manyRules } from './policy-bench';
import { EXTENSION_DIR } from '../scripts/bundle-files';

const TABS = 5;
const LONG_TASK_MS = 50;

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; args?: { name?: string } };

/** Until `stop` resolves, every trace event of the renderer's tasks (and the threads' names). */
async function traceTasks(cdp: CDPSession, stop: () => Promise<void>): Promise<TraceEvent[]> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['toplevel', '__metadata'] }, transferMode: 'ReportEvents' });
  await stop();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  return events;
}

/**
 * Per task of a renderer's main thread, the extension's script in it (ms): the main thread is the one whose tasks
 * hold the profile's samples (the profile is of this page's isolate).
 */
function extensionPerTask(events: TraceEvent[], samples: Array<{ at: number; us: number; ours: boolean }>): Array<{ task: number; ours: number }> {
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}/${e.tid}`));
  const tasks = events.filter((e) => e.ph === 'X' && e.dur !== undefined && /RunTask$/.test(e.name) && mains.has(`${e.pid}/${e.tid}`));
  const within = (t: TraceEvent, at: number) => at >= t.ts && at < t.ts + t.dur!;
  const byThread = new Map<string, TraceEvent[]>();
  for (const t of tasks) byThread.set(`${t.pid}/${t.tid}`, [...(byThread.get(`${t.pid}/${t.tid}`) ?? []), t]);
  const held = (list: TraceEvent[]) => samples.filter((s) => list.some((t) => within(t, s.at))).length;
  const page = [...byThread.values()].sort((a, b) => held(b) - held(a))[0] ?? [];
  return page.map((t) => ({
    task: t.dur! / 1000,
    ours: samples.filter((s) => s.ours && within(t, s.at)).reduce((sum, s) => sum + s.us, 0) / 1000,
  }));
}

export async function manyRulesPageFigures(): Promise<Row[]> {
  const { launchWithExtension } = await import('../scripts/chromium');
  const { startDemoServer } = await import('../scripts/demo-server');
  const { guardState, noteUrl } = await import('../scripts/ehr-page');
  const { seedExampleConfig } = await import('../scripts/seed-example');
  const server = await startDemoServer();
  const ext = await launchWithExtension(EXTENSION_DIR);
  try {
    await seedExampleConfig(ext, manyRules(2000, 10));
    const most: number[] = [];
    let longTasks = 0;
    let longWithOurs = 0;
    for (let tab = 0; tab < TABS; tab++) {
      const page = await ext.context.newPage();
      const cdp = await ext.context.newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
      let profile: Parameters<typeof samplesOf>[0] | undefined;
      const events = await traceTasks(cdp, async () => {
        await cdp.send('Profiler.start');
        await page.goto(noteUrl(server.url, ALLOWED));
        let state = await guardState(page);
        for (let i = 0; i < 300 && (!state || state.reason === 'loading'); i++) state = await guardState(page);
        profile = (await cdp.send('Profiler.stop')).profile;
        if (state?.locked !== false) throw new Error(`the 2,000-rule note should be open, the guard says ${JSON.stringify(state)}`);
      });
      const perTask = extensionPerTask(events, samplesOf(profile!, ext.extensionId));
      if (!perTask.some((t) => t.ours > 0)) throw new Error("the trace holds none of the extension's script: the bench cannot see the page's tasks");
      most.push(Math.max(...perTask.map((t) => t.ours)));
      longTasks += perTask.filter((t) => t.task >= LONG_TASK_MS).length;
      longWithOurs += perTask.filter((t) => t.task >= LONG_TASK_MS && t.ours > 0).length;
      await page.close();
    }
    return [
      {
        name: `2,000 rules in 10 packs on the note page (real Chromium, ${TABS} new tabs, published as the console publishes), navigation → decided: per tab, the most of one main-thread task that was the extension's script (trace + CPU profile)`,
        value: `${most.map((m) => m.toFixed(1)).join(', ')} ms; the page's long tasks (≥ ${LONG_TASK_MS} ms): ${longTasks}, ${longWithOurs} with any of its script`,
        budget: '-',
        ok: null,
      },
    ];
  } finally {
    await ext.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}
