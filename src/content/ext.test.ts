/** The content scripts' extension API without the polyfill: Chrome's onMessage answers only through sendResponse. */
import { afterEach, describe, expect, it } from 'vitest';
import { ext, onRequest } from './ext';

type Listener = (m: unknown, s: unknown, sendResponse: (r: unknown) => void) => unknown;
const globals = globalThis as unknown as { chrome?: unknown; browser?: unknown };

function fakeRuntime() {
  const listeners: Listener[] = [];
  globals.chrome = { runtime: { onMessage: { addListener: (l: Listener) => listeners.push(l) } } };
  /** What Chrome does: a listener that returned true keeps the channel open until sendResponse. */
  const deliver = (m: unknown) =>
    new Promise<{ kept: unknown; reply?: unknown }>((resolve) => {
      let kept: unknown;
      kept = listeners[0](m, {}, (reply) => resolve({ kept, reply }));
      if (kept !== true) resolve({ kept });
    });
  return { deliver };
}

describe('ext', () => {
  afterEach(() => {
    delete globals.chrome;
    delete globals.browser;
  });

  it("is Firefox's browser.* where it exists, else Chrome's chrome.*", () => {
    globals.chrome = { id: 'chrome' };
    expect(ext()).toBe(globals.chrome);
    globals.browser = { id: 'browser' };
    expect(ext()).toBe(globals.browser);
  });

  it('answers an accepted request through sendResponse, keeping the channel open', async () => {
    const { deliver } = fakeRuntime();
    onRequest((m) => ((m as { q?: number }).q === 1 ? Promise.resolve({ a: 2 }) : undefined));
    expect(await deliver({ q: 1 })).toEqual({ kept: true, reply: { a: 2 } });
  });

  it('leaves other requests to other listeners, and answers undefined when the handler fails', async () => {
    const { deliver } = fakeRuntime();
    onRequest((m) => ((m as { q?: number }).q === 1 ? Promise.reject(new Error('x')) : undefined));
    expect(await deliver({ q: 2 })).toEqual({ kept: undefined });
    expect(await deliver({ q: 1 })).toEqual({ kept: true, reply: undefined });
  });
});
