/**
 * The extension API as content scripts use it, without webextension-polyfill: its ~2.8 KB gzip would be paid
 * on every EHR page, and both browsers no longer need it (Chrome's MV3 `chrome.*` returns promises; Firefox
 * has `browser.*` natively). The polyfill's types still describe both.
 * The one difference that matters here: a `runtime.onMessage` listener must answer through `sendResponse`
 * (Chrome ignores a returned promise), so listeners are added through `onRequest`.
 */
import type { Browser, Runtime } from 'webextension-polyfill';

const globals = globalThis as unknown as { browser?: Browser; chrome?: Browser };

/** Read at each call: an orphaned or test environment may replace the global. */
export const ext = (): Browser => (globals.browser ?? globals.chrome)!;

/** Answers requests that `answer` accepts (it returns a promise of the reply), and leaves the rest to other listeners. */
export function onRequest(answer: (message: unknown, sender: Runtime.MessageSender) => Promise<unknown> | undefined): void {
  const listener = (message: unknown, sender: Runtime.MessageSender, sendResponse: (reply: unknown) => void): true | undefined => {
    const reply = answer(message, sender);
    if (reply === undefined) return undefined;
    reply.then(sendResponse, () => sendResponse(undefined));
    return true; // keeps the channel open until sendResponse
  };
  (ext().runtime.onMessage.addListener as unknown as (l: typeof listener) => void)(listener);
}
