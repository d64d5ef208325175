/**
 * The worker's way to a DOM for the selector check (sites/selector-check.ts) of every bundle it would accept.
 * Firefox runs the worker as an event page, which has a document: the check runs there. A Chromium service worker
 * has none: it asks its offscreen document, opened for the checks in progress (one left by an earlier worker is
 * used too) and closed after the last: it is a renderer process with a 50,000-element page, and publishing is rare.
 * Fails closed: when the check cannot run or does not answer in time, the reply says why and nothing is accepted.
 */
import { checkIn, parseSelectorCheckReply, selectorCheckRequest, type SelectorCheckReply } from '../shared/offscreen-messages';
import { OFFSCREEN_PAGE } from '../shared/offscreen-page';
import type { SiteProfile } from '../sites/types';

export type SelectorChecker = (sites: SiteProfile[]) => Promise<SelectorCheckReply>;

/** chrome.offscreen, as far as it is used. */
export interface OffscreenApi {
  createDocument(p: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument(): Promise<boolean>;
}

export interface SelectorCheckerDeps {
  /** The worker's own document (Firefox's event page); undefined in a Chromium service worker. */
  document?: Document;
  /** chrome.offscreen; undefined where the browser has none. */
  offscreen?: OffscreenApi;
  sendMessage(message: unknown): Promise<unknown>;
  /** How long a check may take (a large fixture on a loaded machine takes seconds). */
  timeoutMs?: number;
}

const TIMEOUT_MS = 30_000;
const AGAIN = 'Try again in a minute; if it keeps failing, restart the browser.';
const cannot = (why: string): SelectorCheckReply => ({
  ok: false,
  reason: `Finalize Guard could not check the site profiles' selectors in this browser (${why}), so nothing was accepted. ${AGAIN}`,
});

/** A reply that says the check could not run, in the words the admin (or the locked note) is shown. */
const plain = (reply: SelectorCheckReply): SelectorCheckReply => (reply.ok ? reply : cannot(reply.reason));

export function selectorChecker(deps: SelectorCheckerDeps): SelectorChecker {
  const timeoutMs = deps.timeoutMs ?? TIMEOUT_MS;
  let ready: Promise<void> | null = null;
  let inFlight = 0;
  let closing: Promise<void> = Promise.resolve();

  /** The offscreen document, created when none is (concurrent checks wait for the same creation). */
  function ensureDocument(offscreen: OffscreenApi): Promise<void> {
    ready ??= (async () => {
      await closing;
      if (await offscreen.hasDocument()) return;
      try {
        await offscreen.createDocument({
          url: OFFSCREEN_PAGE,
          reasons: ['DOM_PARSER'],
          justification: "Checks site profiles' CSS selectors with the browser's engine and measures their cost before a configuration is accepted.",
        });
      } catch (e) {
        // Created meanwhile by a check of an earlier worker: use it.
        if (!(await offscreen.hasDocument())) throw e;
      }
    })().catch((e) => {
      ready = null;
      throw e;
    });
    return ready;
  }

  async function viaOffscreen(offscreen: OffscreenApi, sites: SiteProfile[]): Promise<SelectorCheckReply> {
    inFlight++;
    try {
      return await askOffscreen(offscreen, sites);
    } finally {
      if (--inFlight === 0) {
        ready = null;
        closing = offscreen.closeDocument().catch(() => undefined);
      }
    }
  }

  /** Opening the document and the check, within one time limit: a call that never settles must not hold the worker's queue. */
  async function askOffscreen(offscreen: OffscreenApi, sites: SiteProfile[]): Promise<SelectorCheckReply> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const ask = async () => {
      try {
        await ensureDocument(offscreen);
      } catch (e) {
        return cannot(`its offscreen document could not be opened: ${(e as Error).message}`);
      }
      return deps.sendMessage(selectorCheckRequest(sites));
    };
    try {
      const answer = await Promise.race([ask(), late]);
      // The document, still busy, is closed after it (viaOffscreen): the next check starts afresh.
      if (answer === 'late') return cannot(`the check did not finish within ${Math.ceil(timeoutMs / 1000)} s`);
      const reply = parseSelectorCheckReply(answer);
      return reply ? plain(reply) : cannot('its offscreen document gave no valid answer');
    } catch (e) {
      return cannot(`its offscreen document did not answer: ${(e as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  return async (sites) => {
    if (sites.length === 0) return { ok: true, problems: [] }; // nothing to check: no document opened
    if (deps.document) return plain(checkIn(deps.document, sites));
    if (deps.offscreen) return viaOffscreen(deps.offscreen, sites);
    return cannot('it offers neither a document nor an offscreen document');
  };
}
