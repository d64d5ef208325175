/** Content script (loaded after the early guard): decides and explains on the note screen. */
import type { GuardApi, GuardKey } from './guard-api';
import { runController } from './controller';
import { listenForSiteProbes } from './site-probe-listen';

const KEY: GuardKey = '__finalizeGuard';
const guard = (globalThis as unknown as Record<GuardKey, GuardApi | undefined>)[KEY];
if (guard) runController(guard, document, window);
listenForSiteProbes(); // the admin console's "test against the current tab" (any page this script runs on)
