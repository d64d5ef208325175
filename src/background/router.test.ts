import { beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { routeMessage, type Handlers } from './router';

const handled: string[] = [];
const documents: string[] = [];
const handlers: Handlers = {
  attempt: async (m, tab) => {
    handled.push(`attempt ${tab}`);
    return { ok: true, id: m.attempt.id };
  },
  refusedAttempt: async () => {
    handled.push('refused attempt');
    return { ok: false, error: 'invalid message' };
  },
  lockState: async (m, tab, frame, document) => {
    handled.push(`lock ${m.locked} ${tab} ${frame}`);
    documents.push(document);
    return { ok: true };
  },
  review: async (m) => {
    handled.push(`review ${m.reviewOf}`);
    return { ok: true, id: 'r' };
  },
  importEntries: async (m) => {
    handled.push(`import ${m.fileName} ${m.entries.length}`);
    return { ok: true, imported: 0, skipped: 0 };
  },
  setRetention: async (m) => {
    handled.push(`retention ${m.days}`);
    return { ok: true, removed: 0 };
  },
  signExport: async () => ({ ok: true }),
  checkSignature: async () => ({ ok: true }),
  checkHead: async () => {
    handled.push('check head');
    return { ok: true, head: { state: 'ok', seq: 1 } };
  },
  dismissNotice: async () => {
    handled.push('dismiss notice');
    return { ok: true };
  },
};
const own = { id: 'own', origin: 'chrome-extension://own/' };
const fromTab = { id: 'own', tab: { id: 7 }, frameId: 2, url: 'http://127.0.0.1:8080/ehr/index.html' } as Runtime.MessageSender;
const page = (over: Partial<Runtime.MessageSender> = {}) =>
  ({ id: 'own', url: 'chrome-extension://own/src/ui/review/index.html', ...over }) as Runtime.MessageSender;
const review = { type: 'audit:review', reviewOf: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b', reviewer: 'u-pt-avery', note: 'Discussed with the assistant.' };
const importPart = { type: 'audit:import-entries', fileName: 'log.json', entries: [{}, {}], last: true };

beforeEach(() => {
  handled.length = 0;
  documents.length = 0;
});

describe('routeMessage', () => {
  it('routes a valid message from our own content script, with its tab and frame', async () => {
    expect(await routeMessage(own, handlers, { type: 'lock-state', locked: true }, fromTab)).toEqual({ ok: true });
    expect(handled).toEqual(['lock true 7 2']);
  });

  it("tells a lock state's page by the browser's document id, or by the page's own mark where the browser gives none (Firefox before 153)", async () => {
    await routeMessage(own, handlers, { type: 'lock-state', locked: true, page: 0.5 }, { ...fromTab, documentId: 'D1' } as Runtime.MessageSender);
    await routeMessage(own, handlers, { type: 'lock-state', locked: true, page: 0.5 }, fromTab);
    await routeMessage(own, handlers, { type: 'lock-state', locked: true, page: 0.75 }, fromTab);
    expect(documents).toEqual(['D1', 'page 0.5', 'page 0.75']);
  });

  it('refuses other extensions, extension pages without a tab, and malformed messages', async () => {
    expect(await routeMessage(own, handlers, { type: 'lock-state', locked: false }, { id: 'other', tab: { id: 7 } } as Runtime.MessageSender)).toEqual({
      ok: false,
      error: 'sender',
    });
    expect(await routeMessage(own, handlers, { type: 'lock-state', locked: false }, { id: 'own' } as Runtime.MessageSender)).toEqual({
      ok: false,
      error: 'sender',
    });
    expect(await routeMessage(own, handlers, { type: 'lock-state', locked: 'no' }, fromTab)).toEqual({ ok: false, error: 'invalid message' });
    expect(handled).toEqual([]);
  });

  it('hands a malformed attempt from our content script to refusedAttempt (which shows it), never silently', async () => {
    expect(await routeMessage(own, handlers, { type: 'attempt', attempt: { id: 'x' } }, fromTab)).toEqual({ ok: false, error: 'invalid message' });
    expect(handled).toEqual(['refused attempt']);
  });

  it('routes audit requests from our own extension pages, in a tab or not', async () => {
    expect(await routeMessage(own, handlers, review, page())).toEqual({ ok: true, id: 'r' });
    expect(await routeMessage(own, handlers, { type: 'audit:set-retention', days: 30 }, page({ tab: { id: 3 } as Runtime.MessageSender['tab'] }))).toEqual({
      ok: true,
      removed: 0,
    });
    expect(await routeMessage(own, handlers, importPart, page({ origin: 'chrome-extension://own' } as Partial<Runtime.MessageSender>))).toMatchObject({
      ok: true,
    });
    expect(await routeMessage(own, handlers, { type: 'audit:check-head' }, page())).toMatchObject({ ok: true });
    expect(await routeMessage(own, handlers, { type: 'audit:check-head' }, fromTab)).toMatchObject({ ok: false, error: 'sender' });
    expect(await routeMessage(own, handlers, { type: 'audit:dismiss-notice' }, page())).toMatchObject({ ok: true });
    expect(await routeMessage(own, handlers, { type: 'audit:dismiss-notice' }, fromTab)).toMatchObject({ ok: false, error: 'sender' });
    // The popup (an assistant's) shows what the log lost but cannot take it down.
    const popup = page({ url: 'chrome-extension://own/src/ui/popup/index.html' });
    expect(await routeMessage(own, handlers, { type: 'audit:dismiss-notice' }, popup)).toMatchObject({ ok: false, error: 'sender' });
    const lookalike = page({ url: 'chrome-extension://own/src/ui/popup/index.html?src/ui/review/index.html' });
    expect(await routeMessage(own, handlers, { type: 'audit:dismiss-notice' }, lookalike)).toMatchObject({ ok: false, error: 'sender' });
    expect(await routeMessage(own, handlers, { type: 'audit:dismiss-notice', all: true }, page())).toMatchObject({ ok: false, error: 'invalid message' });
    expect(handled).toEqual([`review ${review.reviewOf}`, 'retention 30', 'import log.json 2', 'check head', 'dismiss notice']);
  });

  it.each([
    ['a content script (a tab on a web page)', fromTab],
    ["another extension's page", { id: 'other', url: 'chrome-extension://other/page.html' } as Runtime.MessageSender],
    ['a page of another extension claiming our id', page({ url: 'chrome-extension://other/page.html' })],
    ['a look-alike origin', page({ url: 'chrome-extension://own.evil/page.html' })],
    ['a sender without a URL', page({ url: undefined })],
    ['a sender whose origin disagrees with its URL', page({ origin: 'https://evil.example' } as Partial<Runtime.MessageSender>)],
    ['a web page (no id)', { url: 'https://evil.example/', tab: { id: 1 } } as Runtime.MessageSender],
  ])('refuses audit requests from %s', async (_, sender) => {
    expect(await routeMessage(own, handlers, review, sender)).toMatchObject({ ok: false, error: 'sender' });
    expect(await routeMessage(own, handlers, importPart, sender)).toMatchObject({ ok: false, error: 'sender' });
    expect(handled).toEqual([]);
  });

  it('refuses content-script messages from an extension page without a tab', async () => {
    expect(await routeMessage(own, handlers, { type: 'lock-state', locked: true }, page())).toEqual({ ok: false, error: 'sender' });
  });

  it('refuses malformed audit requests from our own pages', async () => {
    expect(await routeMessage(own, handlers, { ...review, reviewer: 'not a reviewer!' }, page())).toMatchObject({ ok: false, error: 'invalid message' });
    expect(await routeMessage(own, handlers, { type: 'audit:delete-all' }, page())).toMatchObject({ ok: false, error: 'invalid message' });
    expect(await routeMessage(own, handlers, { ...importPart, entries: [] }, page())).toMatchObject({ ok: false, error: 'invalid message' });
    expect(await routeMessage(own, handlers, { type: 'audit:import', fileName: 'log.json', text: '{}' }, page())).toMatchObject({
      ok: false,
      error: 'invalid message',
    });
    expect(handled).toEqual([]);
  });
});
