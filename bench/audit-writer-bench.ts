/**
 * Audit-writer figures for `npm run bench`: the built extension (dist/extension) in Chromium.
 *
 * How "durable append" is measured, honestly: the writer lives in the service worker and nothing extra is
 * exposed on the worker's global for a benchmark. So an extension page (the popup, which may send audit
 * requests) sends 500 'audit:review' requests one after another and times each round trip with
 * performance.now() in the page. The worker answers a review only after its entry was sealed (SHA-256)
 * and its readwrite transaction with durability 'strict' committed — the same path, and the same
 * acknowledge-after-commit rule, as a blocked attempt from a note screen (attempts themselves cannot be
 * timed end to end from outside: they start in the content script's isolated world). Each round trip
 * also carries one extension message each way, so the figure is an upper bound of the append itself; the
 * round trip of a message the worker refuses at once is printed beside it to show that share.
 * The note screen is used once, to put the attempt the reviews refer to into the log the real way.
 */
import type { Page, Worker } from 'playwright-core';
import { formatMs, percentile, type Row } from './measure';
import { EXTENSION_DIR } from '../scripts/bundle-files';

const BLOCKED = { user: 'u-pta-riley', clinic: 'clinic-south', insurance: 'ins-summit-wc' };
const APPENDS = 500;
const WARMUP = 20;
const BUDGET_MS = 10;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** The id of the newest attempt entry in the log (read in the worker; waits for one to arrive). */
async function newestAttemptId(sw: Worker): Promise<string> {
  return sw.evaluate(async () => {
    const read = () =>
      new Promise<Array<{ id: string; type: string; at: string }>>((resolve) => {
        const open = indexedDB.open('finalize-guard-audit');
        open.onupgradeneeded = () => open.transaction?.abort();
        open.onerror = () => resolve([]);
        open.onsuccess = () => {
          const db = open.result;
          const req = db.transaction('entries', 'readonly').objectStore('entries').getAll();
          req.onsuccess = () => {
            db.close();
            resolve(req.result);
          };
          req.onerror = () => {
            db.close();
            resolve([]);
          };
        };
      });
    for (let i = 0; i < 200; i++) {
      const attempts = (await read()).filter((e) => e.type === 'attempt').sort((a, b) => a.at.localeCompare(b.at));
      if (attempts.length) return attempts[attempts.length - 1].id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('no attempt reached the audit log');
  });
}

/** Times `count` sequential review requests from the extension page, and as many refused messages. */
async function timeReviews(page: Page, reviewOf: string, count: number, warmup: number) {
  return page.evaluate(
    async ({ reviewOf, count, warmup }) => {
      const send = (m: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok?: boolean }> } } }).chrome.runtime.sendMessage(m);
      const review = async (i: number) => {
        const reply = await send({ type: 'audit:review', reviewOf, reviewer: 'bench', note: `bench ${i}` });
        if (reply?.ok !== true) throw new Error(`review ${i} was not stored: ${JSON.stringify(reply)}`);
      };
      for (let i = 0; i < warmup; i++) await review(-i - 1);
      const appends: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        await review(i);
        appends.push(performance.now() - t0);
      }
      const refused: number[] = [];
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        await send({ type: 'audit:review' }); // malformed: answered at once, nothing written
        refused.push(performance.now() - t0);
      }
      // Throughput when requests pile up (as during a burst of attempts): all at once, serialized by the writer.
      const t0 = performance.now();
      await Promise.all(Array.from({ length: count }, (_, i) => review(count + i)));
      const concurrentMs = performance.now() - t0;
      return { appends, refused, concurrentMs };
    },
    { reviewOf, count, warmup },
  );
}

export async function auditWriterFigures(): Promise<Row[]> {
  const { launchWithExtension } = await import('../scripts/chromium');
  const { startDemoServer } = await import('../scripts/demo-server');
  const server = await startDemoServer();
  let ext: Awaited<ReturnType<typeof launchWithExtension>> | null = null;
  try {
    ext = await launchWithExtension(EXTENSION_DIR);
    await (await import('../scripts/seed-example')).seedExampleConfig(ext); // the demo's people: a fresh install is not set up
    const sw = ext.serviceWorker;
    // One real attempt through the note screen: the reviews' subject.
    const note = await ext.context.newPage();
    await note.goto(`${server.url}/ehr/index.html?${new URLSearchParams(BLOCKED)}`);
    await note.waitForFunction(() => document.querySelector('button.finalize.top')?.getAttribute('data-finalize-guard') === 'locked', undefined, {
      timeout: 15_000,
    });
    await note.locator('button.finalize.top').click({ force: true });
    const reviewOf = await newestAttemptId(sw);

    const manifest = JSON.parse(await (await import('node:fs/promises')).readFile(`${EXTENSION_DIR}/manifest.json`, 'utf8')) as {
      action: { default_popup: string };
    };
    const page = await ext.context.newPage();
    await page.goto(`chrome-extension://${ext.extensionId}/${manifest.action.default_popup}`);
    const { appends, refused, concurrentMs } = await timeReviews(page, reviewOf, APPENDS, WARMUP);
    const a = sorted(appends);
    const r = sorted(refused);
    const p95 = percentile(a, 95);
    return [
      {
        name: `durable append (strict commit, acknowledged), round trip from an extension page, p95 of ${APPENDS}`,
        value: formatMs(p95),
        budget: `≤ ${BUDGET_MS} ms`,
        ok: p95 <= BUDGET_MS,
      },
      { name: 'durable append, same, p50', value: formatMs(percentile(a, 50)), budget: '-', ok: null },
      { name: 'message round trip alone (refused at once, nothing written), p50', value: formatMs(percentile(r, 50)), budget: '-', ok: null },
      {
        name: `${APPENDS} appends sent at once, serialized by the writer`,
        value: `${Math.round(APPENDS / (concurrentMs / 1000))} entries/s`,
        budget: '-',
        ok: null,
      },
    ];
  } finally {
    await ext?.close().catch(() => undefined);
    await server.close().catch(() => undefined);
  }
}
