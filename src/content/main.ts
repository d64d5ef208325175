/** Content script (loaded after the early guard): decides and explains on the note screen. */
import type { ControllerKey, GuardApi, GuardKey } from './guard-api';
import { runController } from './controller';
import { listenForSiteProbes } from './site-probe-listen';

const KEY: GuardKey = '__finalizeGuard';
const CONTROLLER: ControllerKey = '__finalizeGuardController';
const world = globalThis as unknown as Record<string, unknown>;
const guard = world[KEY] as GuardApi | undefined;
// A host both the manifest and a run-time registration cover gets these scripts twice: one controller per frame.
if (!world[CONTROLLER]) {
  world[CONTROLLER] = true;
  if (guard) runController(guard, document, window);
  listenForSiteProbes(); // the admin console's "test against the current tab" (any page this script runs on)
}
