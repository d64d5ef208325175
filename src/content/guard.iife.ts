/**
 * Early content script (document_start, all frames): holds the lock before the page's own scripts run.
 * As a `*.iife.ts` entry it is built as one classic script with its imports inlined (crxjs turns any other content
 * script into an async loader that runs too late, after the page's scripts); test/bundle.test.ts checks the output.
 * The content script that decides and explains (main.ts) finds this guard on the shared isolated world.
 *
 * It runs wherever a profile's host is (the manifest's hosts, and hosts registered at run time), starts pending
 * (every activation stopped: clicks, submits, activating keys; presses, focus and typing go through) and narrows the
 * lock to the profiles of the page's host as soon as it has read the published ones from storage (early-profiles.ts):
 * content scripts cannot read storage synchronously.
 */
import { frameUrl } from '../sites/match-url';
import { profilesForHost } from '../sites/select';
import { SHIPPED_PROFILES as shipped } from '../sites/shipped';
import type { GuardApi, GuardKey } from './guard-api';
import { settleFromStorage } from './early-profiles';
import { startGuard } from './lock';

const KEY: GuardKey = '__finalizeGuard';
const world = globalThis as unknown as Record<string, GuardApi | undefined>;
// Frames without a URL of their own (srcdoc, about:blank written by script, blob:, data:) by the origin they inherit.
const url = frameUrl(location, document.baseURI);

if (!world[KEY]) {
  const guard = startGuard(document, window, profilesForHost(url, shipped, []));
  world[KEY] = guard;
  settleFromStorage(guard, document, url, shipped);
}
