/**
 * Early content script (document_start, all frames): holds the lock before the page's own scripts run.
 * It must import nothing that another entry imports, so the build emits it as one classic script
 * (crxjs turns a script with imports into an async loader that runs too late); a test checks that.
 * The content script that decides and explains (main.ts) finds this guard on the shared isolated world.
 */
import { frameUrl, matchesUrl } from '../sites/match-url';
import type { SiteProfile } from '../sites/types';
import type { GuardKey } from './guard-api';
import { startGuard } from './lock';

const profiles = Object.values(import.meta.glob<SiteProfile>('../../rules/sites/*.json', { eager: true, import: 'default' }));
const KEY: GuardKey = '__finalizeGuard';
const world = globalThis as unknown as Record<string, unknown>;
// Frames without a URL of their own (srcdoc, about:blank written by script, blob:, data:) by the origin they inherit.
const url = frameUrl(location, document.baseURI);
const profile = profiles.find((p) => matchesUrl(p.urlPatterns, url));
if (profile && !world[KEY]) world[KEY] = startGuard(document, window, profile);
