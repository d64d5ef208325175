// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { OFFSCREEN_TARGET } from '../shared/offscreen-messages';
import { OFFSCREEN_PAGE } from '../shared/offscreen-page';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { selectorChecker, type OffscreenApi } from './selector-checker';

const OK = { ok: true, problems: [] };
/** Something to check (an empty list is answered without a document). */
const SITES = [SHIPPED_PROFILES[0]];

function fakeOffscreen(opts: { exists?: boolean; createFails?: string; createdMeanwhile?: boolean } = {}) {
  let exists = opts.exists ?? false;
  const calls: string[] = [];
  const api: OffscreenApi = {
    hasDocument: async () => exists,
    createDocument: async (p) => {
      calls.push(`create ${p.url} ${p.reasons.join()}`);
      if (opts.createdMeanwhile) exists = true;
      if (opts.createFails || opts.createdMeanwhile) throw new Error(opts.createFails ?? 'Only a single offscreen document may be created.');
      exists = true;
    },
    closeDocument: async () => {
      calls.push('close');
      exists = false;
    },
  };
  return { api, calls };
}

describe('selectorChecker', () => {
  it("runs in the worker's own document where it has one (Firefox's event page)", async () => {
    const check = selectorChecker({ document, sendMessage: () => Promise.reject(new Error('not used')) });
    expect(await check([{ ...SHIPPED_PROFILES[0], noteScreen: 'main[' }])).toEqual({
      ok: true,
      problems: [expect.objectContaining({ path: 'noteScreen', message: expect.stringMatching(/^This browser rejects/) })],
    });
  });

  it('a check that throws there refuses, in the same words as one the offscreen document could not run', async () => {
    // The engine accepts the selectors; building the large page throws.
    const broken = {
      createDocumentFragment: () => document.createDocumentFragment(),
      createElement: () => {
        throw new Error('boom');
      },
    } as unknown as Document;
    expect(await selectorChecker({ document: broken, sendMessage: async () => OK })(SITES)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^Finalize Guard could not check the site profiles' selectors in this browser \(the check failed: boom\)/),
    });
  });

  it('otherwise asks its offscreen document with a targeted request: one for the checks in progress, closed after the last', async () => {
    const { api, calls } = fakeOffscreen();
    const sent: unknown[] = [];
    const check = selectorChecker({
      offscreen: api,
      sendMessage: async (m) => {
        sent.push(m);
        return OK;
      },
    });
    expect(await Promise.all([check(SHIPPED_PROFILES), check(SITES)])).toEqual([OK, OK]);
    expect(await check(SITES)).toEqual(OK);
    await expect.poll(() => calls).toEqual([`create ${OFFSCREEN_PAGE} DOM_PARSER`, 'close', `create ${OFFSCREEN_PAGE} DOM_PARSER`, 'close']);
    expect(sent[0]).toEqual({ target: OFFSCREEN_TARGET, type: 'offscreen:check-selectors', sites: SHIPPED_PROFILES });
  });

  it('uses an offscreen document an earlier worker left, or one created meanwhile', async () => {
    for (const opts of [{ exists: true }, { createdMeanwhile: true }]) {
      const { api } = fakeOffscreen(opts);
      expect(await selectorChecker({ offscreen: api, sendMessage: async () => OK })(SITES)).toEqual(OK);
    }
  });

  it.each([
    [
      'no offscreen document can be opened',
      { offscreen: fakeOffscreen({ createFails: 'no permission' }).api, sendMessage: async () => OK },
      /could not be opened: no permission/,
    ],
    ['no answer', { offscreen: fakeOffscreen().api, sendMessage: async () => undefined }, /gave no valid answer/],
    ['a malformed answer', { offscreen: fakeOffscreen().api, sendMessage: async () => ({ ok: true, problems: [{ where: 1 }] }) }, /gave no valid answer/],
    [
      'no receiver',
      { offscreen: fakeOffscreen().api, sendMessage: () => Promise.reject(new Error('Receiving end does not exist.')) },
      /did not answer: Receiving end/,
    ],
    ['neither a document nor chrome.offscreen', { sendMessage: async () => OK }, /neither a document nor an offscreen document/],
  ])('fails closed with a plain reason on %s', async (_, deps, why) => {
    const reply = await selectorChecker(deps)(SITES);
    expect(reply).toEqual({ ok: false, reason: expect.stringMatching(why) });
    expect(!reply.ok && reply.reason).toMatch(
      /^Finalize Guard could not check the site profiles' selectors in this browser \(.*\), so nothing was accepted\. Try again/,
    );
  });

  it('fails closed in time when opening the document never settles (the worker\u2019s queue is not held)', async () => {
    const api: OffscreenApi = { hasDocument: () => new Promise(() => undefined), createDocument: async () => undefined, closeDocument: async () => undefined };
    const check = selectorChecker({ offscreen: api, sendMessage: async () => OK, timeoutMs: 20 });
    expect(await check(SITES)).toEqual({ ok: false, reason: expect.stringMatching(/did not finish within 1 s/) });
  });

  it('fails closed when the check does not finish in time, and starts the next one on a fresh document', async () => {
    const { api, calls } = fakeOffscreen();
    // The first check never answers; the next one does.
    const answers = [new Promise<unknown>(() => undefined), Promise.resolve(OK)];
    const sendMessage = () => answers.shift() ?? Promise.resolve(OK);
    const check = selectorChecker({ offscreen: api, sendMessage, timeoutMs: 20 });
    expect(await check(SITES)).toEqual({ ok: false, reason: expect.stringMatching(/did not finish within 1 s/) });
    await expect.poll(() => calls).toEqual([`create ${OFFSCREEN_PAGE} DOM_PARSER`, 'close']);
    expect(await check(SITES)).toEqual(OK);
    await expect.poll(() => calls).toEqual([`create ${OFFSCREEN_PAGE} DOM_PARSER`, 'close', `create ${OFFSCREEN_PAGE} DOM_PARSER`, 'close']);
  });
});
