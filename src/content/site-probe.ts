/**
 * "Test against the current tab" from the admin console: evaluates an edited (unsaved) site profile against
 * this frame's page and answers with counts and yes/no only — never a value read from the page (fact values
 * can be patient data). Selectors only: nothing is clicked, locked or changed. The profile is validated
 * (validateSite) before any of its selectors runs.
 *
 * Loaded on demand by site-probe-listen.ts (which checks that the request comes from our own page), so the
 * validator is never part of what an EHR page loads.
 */
import { canonicalJson } from '../policy/hash';
import type { Directory } from '../policy/types';
import { CONFIG_KEY } from '../shared/storage-keys';
import type { extractContext, findControls, isNoteScreen } from '../sites/extract';
import { matchesUrl } from '../sites/match-url';
import type { SiteProfile } from '../sites/types';
import { validateSite } from '../sites/validate-site';
import { ext } from './ext';

export interface SiteProbeRequest {
  type: 'site:probe';
  profile: unknown;
  /** The directory that name lookups resolve against (the console's draft); the active one when absent. */
  directory?: unknown;
}

export type SiteProbeResult =
  | {
      ok: true;
      /** location.host of the frame that answered. */
      host: string;
      /** true for the tab's page, false for a frame inside it that shows the note screen. */
      top: boolean;
      /** The guard on this page: the profiles it runs with, and whether the one under test is among them as edited. */
      guard: GuardUse | null;
      urlMatches: boolean;
      noteScreen: boolean;
      controls: number;
      /** The profile's fields, in its order, and whether each read a value. Never the value. */
      fields: Array<{ field: string; read: boolean }>;
    }
  | { ok: false; host: string; reason: string };

/**
 * Whether the guard on the page runs with the profile under test: `this` (the same name and content), `other-version`
 * (a profile of its name, but not as edited: publish it first), `no` (none of its name). Names only, never page content.
 */
export interface GuardUse {
  profiles: string[];
  runs: 'this' | 'other-version' | 'no';
}

/** What the guard of this frame (the early script's, on the shared isolated world) runs with, for the profile under test. */
export function guardUse(guard: { profiles?: unknown } | undefined, tested: unknown): GuardUse | null {
  if (!guard || !Array.isArray(guard.profiles)) return null;
  const profiles = guard.profiles as SiteProfile[];
  const name = isRecord(tested) ? tested.name : undefined;
  const same = profiles.find((p) => p.name === name);
  return { profiles: profiles.map((p) => p.name), runs: !same ? 'no' : canonicalJson(same) === canonicalJson(tested) ? 'this' : 'other-version' };
}

/** The extraction functions, handed over by the listener (they are part of the content script already). */
export interface Extract {
  extractContext: typeof extractContext;
  findControls: typeof findControls;
  isNoteScreen: typeof isNoteScreen;
}

/** How long a page without the note screen waits before answering, so a frame inside it that shows one answers first. */
const TOP_WAIT_MS = 300;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hostOf(href: string): string {
  try {
    return new URL(href).host;
  } catch {
    return '';
  }
}

/** Whether a field's value was read: extractContext stores NaN or [] for a field on screen but unreadable. */
const usable = (v: unknown) => v !== undefined && !Number.isNaN(v) && !(Array.isArray(v) && !v.length);

/** Evaluates the profile against doc; the answer carries no value read from the page. */
export function probeDocument(
  doc: Document,
  href: string,
  profile: unknown,
  directory: unknown,
  x: Extract,
  top = true,
  guard: GuardUse | null = null,
): SiteProbeResult {
  const host = hostOf(href);
  const problems = validateSite(profile).list.filter((p) => p.severity === 'error');
  if (problems.length)
    return {
      ok: false,
      host,
      reason: `The profile has ${problems.length === 1 ? 'an error' : `${problems.length} errors`}: fix ${problems.length === 1 ? 'it' : 'them'} before testing`,
    };
  const site = profile as SiteProfile;
  const context = x.extractContext(doc, site, (isRecord(directory) ? directory : {}) as unknown as Directory) as Record<string, unknown>;
  return {
    ok: true,
    host,
    top,
    guard,
    urlMatches: matchesUrl(site.urlPatterns, href),
    noteScreen: x.isNoteScreen(doc, site),
    controls: x.findControls(doc, site).length,
    fields: Object.keys(site.facts).map((field) => ({ field, read: Object.hasOwn(context, field) && usable(context[field]) })),
  };
}

async function activeDirectory(): Promise<unknown> {
  try {
    const { [CONFIG_KEY]: active } = await ext().storage.local.get(CONFIG_KEY);
    return isRecord(active) ? active.directory : undefined;
  } catch {
    return undefined;
  }
}

/** One request from the console, in this frame. */
export async function answerProbe(message: { profile?: unknown; directory?: unknown }, doc: Document, win: Window, x: Extract): Promise<SiteProbeResult> {
  const top = win === win.top;
  const valid = !validateSite(message.profile).hasErrors;
  if (top && !(valid && x.isNoteScreen(doc, message.profile as SiteProfile))) await new Promise((r) => setTimeout(r, TOP_WAIT_MS));
  const directory = isRecord(message.directory) ? message.directory : await activeDirectory();
  const guard = guardUse((globalThis as { __finalizeGuard?: { profiles?: unknown } }).__finalizeGuard, message.profile);
  return probeDocument(doc, win.location.href, message.profile, directory, x, top, guard);
}
