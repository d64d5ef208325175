/**
 * The content script (document_start, all frames), built as one classic script (the `.iife` naming: crxjs would
 * turn a module content script into an async loader that runs too late and needs its chunks web-accessible to the
 * page). It holds the lock before the page's own scripts run, then decides and explains (controller.ts) and answers
 * the admin console's site probe (site-probe.ts).
 *
 * It runs wherever a profile's host is (the manifest's hosts, and hosts registered at run time), starts pending
 * (every activation stopped: clicks, submits, activating keys; presses, focus and typing go through) and narrows the
 * lock to the profiles of the page's host as soon as it has read the published ones from storage (early-profiles.ts):
 * content scripts cannot read storage synchronously.
 */
import { frameUrl } from '../sites/match-url';
import { profilesForHost } from '../sites/select';
import { SHIPPED_PROFILES_FOR_PAGES as shipped } from '../sites/shipped';
import { runController } from './controller';
import { settleFromStorage } from './early-profiles';
import { CONTROLLER_KEY, GUARD_KEY, type GuardApi } from './guard-api';
import { startGuard } from './lock';
import { listenForSiteProbes } from './site-probe';

const world = globalThis as unknown as Record<string, unknown>;
// Frames without a URL of their own (srcdoc, about:blank written by script, blob:, data:) by the origin they inherit.
const url = frameUrl(location, document.baseURI);

// Own properties only: an element with id="__finalizeGuard" is a named property of the window, not ours.
if (!Object.hasOwn(world, GUARD_KEY)) {
  const guard = startGuard(document, window, profilesForHost(url, shipped, []));
  world[GUARD_KEY] = guard;
  settleFromStorage(guard, document, url, shipped);
}

// A host both the manifest and a run-time registration cover gets this script twice: one controller per frame.
// Only in HTML: an XML or SVG document has no shadow roots for the overlay (its lock still holds).
if (!Object.hasOwn(world, CONTROLLER_KEY) && document.documentElement?.namespaceURI === 'http://www.w3.org/1999/xhtml') {
  world[CONTROLLER_KEY] = true;
  listenForSiteProbes(); // the admin console's "test against open tabs" (any page this script runs on)
  const guard = world[GUARD_KEY] as GuardApi;
  try {
    runController(guard, document, window);
  } catch {
    guard.setState({ locked: true, reason: 'error' }); // fail closed, with the plain "could not check" reason
  }
}
