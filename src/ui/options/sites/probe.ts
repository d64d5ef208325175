/**
 * "Test against the current tab": asks every open tab where the content script runs to evaluate an edited
 * profile, and words the answers. Tabs are found with tabs.query({}), which needs no "tabs" permission (it
 * then gives no URLs: each answer carries its own host). Answers hold counts and yes/no only, never a value
 * read from the page. The profile is validated here, before any tab runs its selectors: the content script
 * carries no validator (it would weigh on every EHR page).
 */
import type { SiteProbeRequest, SiteProbeResult as ProbeAnswer } from '../../../content/site-probe';
import { canonicalJson } from '../../../policy/hash';
import { forPages } from '../../../sites/for-pages';
import { validateSite } from '../../../sites/validate-site';
import { plural } from '../../shared/format';
import { isObject as isObj } from '../../../policy/json';

const SITE_PROBE: SiteProbeRequest['type'] = 'site:probe';

export interface ProbeApi {
  /** Ids of the open tabs. */
  tabIds(): Promise<number[]>;
  send(tabId: number, message: SiteProbeRequest): Promise<unknown>;
}

/**
 * Whether the guard on the page runs with the profile under test: `this` (the same name and content), `other-version`
 * (a profile of its name, but not as edited: publish it first), `no` (none of its name). Names only, never page content.
 */
export interface GuardUse {
  profiles: string[];
  runs: 'this' | 'other-version' | 'no';
}

/** A tab's answer as the console words it: whether its guard runs with the profile as edited is worked out here. */
export type SiteProbeResult = ProbeAnswer<GuardUse>;

export interface TabAnswer {
  tabId: number;
  result: SiteProbeResult;
}

/**
 * An answer as the content script sends it, for the profile under test (`tested`); anything else (an old content
 * script, a page that is not ours) is dropped.
 */
export function toResult(v: unknown, tested: unknown): SiteProbeResult | null {
  if (!isObj(v) || typeof v.host !== 'string') return null;
  if (v.ok === false) return typeof v.reason === 'string' ? { ok: false, host: v.host, reason: v.reason } : null;
  if (v.ok !== true || typeof v.urlMatches !== 'boolean' || typeof v.noteScreen !== 'boolean' || !Number.isSafeInteger(v.controls) || !Array.isArray(v.fields))
    return null;
  const fields = v.fields.filter((f): f is { field: string; read: boolean } => isObj(f) && typeof f.field === 'string' && typeof f.read === 'boolean');
  return {
    ok: true,
    host: v.host,
    top: v.top !== false,
    guard: guardOf(v.guard, tested),
    urlMatches: v.urlMatches,
    noteScreen: v.noteScreen,
    controls: v.controls as number,
    fields: fields.map(({ field, read }) => ({ field, read })),
  };
}

/**
 * The guard on the page (content/site-probe.ts: GuardOnPage), and whether its profile of the tested name is the one
 * under test as edited. A description or $schema changes nothing the guard does (pages carry shipped profiles without them).
 */
export function guardOf(v: unknown, tested: unknown): GuardUse | null {
  if (!isObj(v) || !Array.isArray(v.profiles) || !(v.same === null || isObj(v.same))) return null;
  const same = (p: unknown) => canonicalJson(forPages(p as never));
  const runs = !v.same ? 'no' : isObj(tested) && same(v.same) === same(tested) ? 'this' : 'other-version';
  return { profiles: v.profiles.filter((n): n is string => typeof n === 'string'), runs };
}

/** Whether the tab's guard runs with the profile under test, and with which profiles. */
function guardText(g: GuardUse | null, tested: string): string {
  if (!g) return 'Finalize Guard is not guarding it';
  const using = g.profiles.length ? `guarded with ${g.profiles.join(', ')}` : 'no profile guards it';
  if (g.runs === 'this') return `${using}: runs with this profile ✓`;
  if (g.runs === 'other-version') return `${using}: runs with the published ${tested}, not this edited version ✗ (publish to use it)`;
  return `${using}: not with this profile ✗`;
}

function within<T>(ms: number, p: Promise<T>): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      () => {
        clearTimeout(timer);
        resolve(undefined);
      },
    );
  });
}

/** Why the profile cannot be tested (its errors), or null: no tab is asked to run an invalid profile's selectors. */
export function probeProblem(profile: unknown): string | null {
  const errors = validateSite(profile).list.filter((p) => p.severity === 'error').length;
  if (!errors) return null;
  return `The profile has ${errors === 1 ? 'an error' : `${errors} errors`}: fix ${errors === 1 ? 'it' : 'them'} before testing`;
}

/**
 * Every tab that answered, in tab order. Tabs without our content script fail to connect and are left out.
 * Throws (asking no tab) when the profile has errors: probeProblem.
 */
export async function probeTabs(api: ProbeApi, profile: unknown, directory: unknown, timeoutMs = 3000): Promise<TabAnswer[]> {
  const problem = probeProblem(profile);
  if (problem) throw new Error(problem);
  let ids: number[];
  try {
    ids = await api.tabIds();
  } catch {
    return [];
  }
  const message: SiteProbeRequest = { type: SITE_PROBE, profile, directory };
  const answers = await Promise.all(
    ids.map(async (tabId) => {
      const result = toResult(await within(timeoutMs, api.send(tabId, message)), profile);
      return result ? { tabId, result } : null;
    }),
  );
  return answers.filter((a): a is TabAnswer => a !== null);
}

const mark = (yes: boolean) => (yes ? '✓' : '✗');

/**
 * "Page (127.0.0.1:5173): guarded with demo-ehr: runs with this profile ✓. URL matches ✓, note screen ✓, 2 Finalize
 * controls, 6 of 7 fields read (dateOfService not read)". `tested`: the name of the profile under test.
 */
export function answerText(r: SiteProbeResult, tested: string): string {
  const where = r.host || 'a page without an address';
  if (!r.ok) return `Tab (${where}): not tested: ${r.reason}`;
  const label = `Page${r.top ? '' : ', in a frame'} (${where}): ${guardText(r.guard, tested)}`;
  const unread = r.fields.filter((f) => !f.read).map((f) => f.field);
  const read = r.fields.length - unread.length;
  const fields =
    r.fields.length === 0
      ? 'the profile reads no fields'
      : `${read} of ${plural(r.fields.length, 'field')} read${unread.length ? ` (${unread.join(', ')} not read)` : ''}`;
  return `${label}. URL ${r.urlMatches ? 'matches ✓' : 'does not match ✗'}, note screen ${mark(r.noteScreen)}, ${plural(r.controls, 'Finalize control')}, ${fields}`;
}

/** What to say when no tab answered. `hosts`: the hosts the profiles name (where Finalize Guard runs once allowed). */
export function noAnswerText(hosts: readonly string[]): string {
  return `No open tab answered. Open the EHR's note screen in a tab${hosts.length ? ` (Finalize Guard runs on ${hosts.join(', ')}, where allowed)` : ''}, reload it if it was open before the extension was installed, updated or allowed there, and test again.`;
}
