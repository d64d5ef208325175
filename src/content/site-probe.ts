/**
 * "Test against open tabs" from the admin console: evaluates an edited (unsaved) site profile against this frame's
 * page and answers with counts and yes/no only — never a value read from the page (fact values can be patient data).
 * Selectors only: nothing is clicked, locked or changed. It uses only what the content script has anyway (the
 * extraction functions): the console validates the profile before it sends it (ui/options/sites/probe.ts), and only
 * this extension's own pages are answered. A profile that still cannot be evaluated gets a plain "not tested".
 */
import type { Runtime } from 'webextension-polyfill';
import type { Directory } from '../policy/types';
import { fromExtensionPage } from '../shared/senders';
import { CONFIG_KEY } from '../shared/storage-keys';
import { extractContext, findControls, isNoteScreen } from '../sites/extract';
import { matchesUrl } from '../sites/match-url';
import type { SiteProfile } from '../sites/types';
import { ext, onRequest } from './ext';
import { GUARD_KEY } from './guard-api';

export interface SiteProbeRequest {
  type: 'site:probe';
  profile: unknown;
  /** The directory that name lookups resolve against (the console's draft); the active one when absent. */
  directory?: unknown;
}

/** `G`: the guard on the page as the content script sends it (GuardOnPage), or as the console reads it (ui/options/sites/probe.ts). */
export type SiteProbeResult<G = GuardOnPage> =
  | {
      ok: true;
      /** location.host of the frame that answered. */
      host: string;
      /** true for the tab's page, false for a frame inside it that shows the note screen. */
      top: boolean;
      /** The guard on this page: the profiles it runs with, and the one of the tested profile's name among them. */
      guard: G | null;
      urlMatches: boolean;
      noteScreen: boolean;
      controls: number;
      /** The profile's fields, in its order, and whether each read a value. Never the value. */
      fields: Array<{ field: string; read: boolean }>;
    }
  | { ok: false; host: string; reason: string };

/**
 * The guard on the page: the names of the profiles it runs with, and the one named like the profile under test, as
 * the page runs it (configuration, never page content). The console says whether that is the profile as edited
 * (ui/options/sites/probe.ts): the comparison stays out of what every EHR page loads.
 */
export interface GuardOnPage {
  profiles: string[];
  same: SiteProfile | null;
}

/** What the guard of this frame (published on the shared isolated world: guard-api.ts) runs with, for the profile under test. */
export function guardOnPage(guard: { profiles?: unknown } | undefined, tested: unknown): GuardOnPage | null {
  if (!guard || !Array.isArray(guard.profiles)) return null;
  const profiles = guard.profiles as SiteProfile[];
  const name = isRecord(tested) ? tested.name : undefined;
  return { profiles: profiles.map((p) => p.name), same: profiles.find((p) => p.name === name) ?? null };
}

const SITE_PROBE: SiteProbeRequest['type'] = 'site:probe';

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

/**
 * Evaluates the profile (validated by the console) against doc; the answer carries no value read from the page.
 * A profile that is malformed after all (a selector the page's engine rejects, a missing field) is not tested.
 */
export function probeDocument(
  doc: Document,
  href: string,
  profile: unknown,
  directory: unknown,
  top = true,
  guard: GuardOnPage | null = null,
): SiteProbeResult {
  const host = hostOf(href);
  try {
    const site = profile as SiteProfile;
    const context = extractContext(doc, site, (isRecord(directory) ? directory : {}) as unknown as Directory) as Record<string, unknown>;
    return {
      ok: true,
      host,
      top,
      guard,
      urlMatches: matchesUrl(site.urlPatterns, href),
      noteScreen: isNoteScreen(doc, site),
      controls: findControls(doc, site).length,
      fields: Object.keys(site.facts).map((field) => ({ field, read: Object.hasOwn(context, field) && usable(context[field]) })),
    };
  } catch {
    return { ok: false, host, reason: 'the profile could not be evaluated on this page (check its selectors)' };
  }
}

async function activeDirectory(): Promise<unknown> {
  try {
    const { [CONFIG_KEY]: active } = await ext().storage.local.get(CONFIG_KEY);
    return isRecord(active) ? active.directory : undefined;
  } catch {
    return undefined;
  }
}

/** One request from the console, in this frame. isNoteScreen only queries, and never throws on a malformed profile. */
async function answerProbe(message: { profile?: unknown; directory?: unknown }, doc: Document, win: Window): Promise<SiteProbeResult> {
  const top = win === win.top;
  if (top && !isNoteScreen(doc, message.profile as SiteProfile)) await new Promise((r) => setTimeout(r, TOP_WAIT_MS));
  const directory = isRecord(message.directory) ? message.directory : await activeDirectory();
  const guard = guardOnPage((globalThis as unknown as Record<string, { profiles?: unknown } | undefined>)[GUARD_KEY], message.profile);
  return probeDocument(doc, win.location.href, message.profile, directory, top, guard);
}

/** Messages from this extension's own pages only: not from content scripts (they have a tab), not from others. */
export function fromOurPage(sender: Runtime.MessageSender, ownId: string, ownOrigin: string): boolean {
  return !sender.tab && fromExtensionPage({ id: ownId, origin: ownOrigin }, sender);
}

export function listenForSiteProbes(doc: Document = document, win: Window = window): void {
  onRequest((message, sender): Promise<SiteProbeResult> | undefined => {
    const m = message as { type?: unknown; profile?: unknown } | null;
    if (m?.type !== SITE_PROBE || !fromOurPage(sender, ext().runtime.id, ext().runtime.getURL(''))) return undefined;
    // The console hears the first frame that answers: the tab's page, or a frame inside it that shows the note
    // screen. Other frames stay silent.
    if (win !== win.top && !isNoteScreen(doc, m.profile as never)) return undefined;
    return answerProbe(m, doc, win);
  });
}
