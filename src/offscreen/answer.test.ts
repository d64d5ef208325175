// @vitest-environment happy-dom
import type { Runtime } from 'webextension-polyfill';
import { describe, expect, it } from 'vitest';
import { selectorCheckRequest } from '../shared/offscreen-messages';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { answer } from './answer';

const own = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const worker: Runtime.MessageSender = { id: 'ext-id', url: 'chrome-extension://ext-id/service-worker-loader.js' };
const broken = { ...SHIPPED_PROFILES[0], finalizeControls: ['button[name='] };

describe('the offscreen document answers', () => {
  it('no message that is not addressed to it (the console asks the worker on the same channel)', () => {
    expect(answer(own, document, { type: 'config:access' }, worker)).toBeUndefined();
    expect(answer(own, document, { ...selectorCheckRequest([]), target: 'worker' }, worker)).toBeUndefined();
    expect(answer(own, document, null, worker)).toBeUndefined();
  });

  it('a refusal to another extension, a content script or a web page', () => {
    for (const sender of [
      { id: 'other-ext', url: 'chrome-extension://other-ext/page.html' },
      { id: 'ext-id', url: 'https://ehr.example.com/note', tab: { id: 4 } },
      { url: 'https://ehr.example.com/' },
    ] as Runtime.MessageSender[])
      expect(answer(own, document, selectorCheckRequest([]), sender)).toEqual({ ok: false, reason: expect.stringMatching(/Only Finalize Guard/) });
  });

  it('a refusal to a malformed request', () => {
    for (const bad of [
      { ...selectorCheckRequest([]), extra: 1 },
      { ...selectorCheckRequest([]), sites: 'webpt' },
      selectorCheckRequest([{ ...SHIPPED_PROFILES[0], noteScreen: 42 } as never]),
      selectorCheckRequest([{ ...SHIPPED_PROFILES[0], facts: { userId: [{ attribute: 'x' }] } } as never]),
    ])
      expect(answer(own, document, bad, worker)).toEqual({ ok: false, reason: 'The selector check request was not well-formed.' });
  });

  it("the check's problems, from the worker", () => {
    const reply = answer(own, document, selectorCheckRequest([broken]), worker);
    expect(reply).toEqual({
      ok: true,
      problems: [
        expect.objectContaining({ where: `site ${broken.name}`, path: 'finalizeControls[0]', message: expect.stringMatching(/^This browser rejects/) }),
      ],
    });
  });
});
