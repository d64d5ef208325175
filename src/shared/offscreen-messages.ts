/**
 * The worker's request to its offscreen document (Chromium: a service worker has no DOM) to check site profiles'
 * selectors, and the reply; validated on both ends with tiny hand-written validators. The request names its
 * target, so no other extension page acts on it, and the offscreen document ignores every message without it
 * (the console's requests to the worker reach it too).
 */
import type { BundleProblem } from '../config/types';
import { isObject as isObj } from '../policy/json';
import { checkSiteSelectors, profileSelectors } from '../sites/selector-check';
import type { SiteProfile } from '../sites/types';

export const OFFSCREEN_TARGET = 'finalize-guard:offscreen';

export interface SelectorCheckRequest {
  target: typeof OFFSCREEN_TARGET;
  type: 'offscreen:check-selectors';
  sites: SiteProfile[];
}

/** What the check found (problems in the worker's format), or why it could not run. */
export type SelectorCheckReply = { ok: true; problems: BundleProblem[] } | { ok: false; reason: string };

export const selectorCheckRequest = (sites: SiteProfile[]): SelectorCheckRequest => ({ target: OFFSCREEN_TARGET, type: 'offscreen:check-selectors', sites });

/** Whether a message is addressed to the offscreen document (it answers no other). */
export const isForOffscreen = (m: unknown): boolean => isObj(m) && m.target === OFFSCREEN_TARGET;

const isText = (v: unknown): v is string => typeof v === 'string';

/** The parts of a profile the check reads: a name and every selector, as the check lists them (the worker validated the rest). */
function isProfileShape(v: unknown): boolean {
  if (!isObj(v) || !isText(v.name)) return false;
  try {
    return profileSelectors(v as unknown as SiteProfile).every((s) => isText(s.selector));
  } catch {
    return false; // a list that is not one, an entry that is not an object
  }
}

/** A well-formed check request, or null. */
export function parseSelectorCheckRequest(m: unknown): SelectorCheckRequest | null {
  if (!isObj(m) || Object.keys(m).length !== 3 || m.target !== OFFSCREEN_TARGET || m.type !== 'offscreen:check-selectors') return null;
  return Array.isArray(m.sites) && m.sites.every(isProfileShape) ? (m as unknown as SelectorCheckRequest) : null;
}

const isProblem = (p: unknown): p is BundleProblem =>
  isObj(p) && isText(p.where) && isText(p.path) && isText(p.message) && isText(p.hint) && (p.severity === 'error' || p.severity === 'warning');

/** The check run in `doc`, as a reply: the offscreen document's answer, and the Firefox event page's own. */
export function checkIn(doc: Document, sites: SiteProfile[]): SelectorCheckReply {
  try {
    return { ok: true, problems: checkSiteSelectors(doc, sites) };
  } catch (e) {
    return { ok: false, reason: `the check failed: ${(e as Error).message}` };
  }
}

/** A well-formed reply, or null (no reply, or anything else, counts as a check that did not run). */
export function parseSelectorCheckReply(m: unknown): SelectorCheckReply | null {
  if (!isObj(m)) return null;
  if (m.ok === true) return Array.isArray(m.problems) && m.problems.every(isProblem) ? { ok: true, problems: m.problems } : null;
  return m.ok === false && isText(m.reason) ? { ok: false, reason: m.reason } : null;
}
