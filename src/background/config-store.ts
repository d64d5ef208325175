/**
 * The configuration's only writer (service worker): the admin console's passcode and session, validated
 * atomic publishes and rollbacks with their history, and browser policy (storage.managed) merged over the
 * published configuration. Storage areas are injected, so tests run it on in-memory areas.
 *
 * storage.local: 'activeConfig' (what note tabs decide with; written first on publish), 'configVersions' and
 * 'configVersion:<n>' (published versions, one key each: config/history.ts),
 * 'adminPasscode' ({ salt, hash, iterations }), 'managedSeen' (policy set configuration items before),
 * 'configStatus' (read by content scripts, which cannot read storage.session).
 * storage.session: 'adminSession' ({ author, until }), 'unlockFailures', 'managedCheckingSince'.
 * Every configuration written (publish, import, rollback, browser policy) has passed validateBundle and then
 * the selector check (deps.checkSelectors), which the worker runs where a DOM is.
 */
import { activeOf, bundleOf, hasErrors, sameActive, validateBundle } from '../config/bundle';
import { appendVersion, findVersion, historyWrites, latestVersion, loadHistory, loadNewest, migrationWrites } from '../config/history';
import { localPart, mergeManaged, readManaged, type ManagedState } from '../config/managed';
import { hashPasscode, isStoredPasscode, passcodeProblem, verifyPasscode } from '../config/passcode';
import { NOT_SET_UP_STATUS, STATUS_KEY, type ConfigStatus } from '../config/status';
import { isNotSetUp } from '../policy/not-set-up';
import type { Access, ActiveConfig, AdminSession, BundleProblem, ConfigBundle, PublishedVersion } from '../config/types';
import { canonicalJson } from '../policy/hash';
import type { Directory, Pack } from '../policy/types';
import type { SiteProfile } from '../sites/types';
import type { ConfigMessage } from '../shared/config-messages';
import { CONFIG_KEY, HISTORY_INDEX_KEY, LEGACY_HISTORY_KEY } from '../shared/storage-keys';
import { isObject as isObj } from '../policy/json';
import type { SelectorChecker } from './selector-checker';

export const PASSCODE_KEY = 'adminPasscode';
export const SEEN_KEY = 'managedSeen';
export const SESSION_KEY = 'adminSession';
const FAILURES_KEY = 'unlockFailures';
const CHECKING_KEY = 'managedCheckingSince';

const STATUS_OK: ConfigStatus = { state: 'ok' };
/** What note tabs are told about a configuration that may be used: ok, or not set up yet (its directory has nobody in it). */
const statusOf = (directory: Directory): ConfigStatus => (isNotSetUp(directory) ? NOT_SET_UP_STATUS : STATUS_OK);
/** What note tabs show when the organisation's managed configuration did not arrive (after 30 s) or is invalid. */
const MANAGED_MISSING = {
  reason: "Your organisation's Finalize Guard settings (set by IT through browser policy) did not arrive on this computer, so Finalize stays locked.",
  remedy: "Contact your IT department: Finalize Guard's managed configuration is missing. Restarting the browser may help.",
} as const;
const MANAGED_INVALID_REMEDY = "Contact your IT department: Finalize Guard's managed configuration (browser policy) needs to be fixed.";

export const SESSION_MS = 30 * 60 * 1000;
/** Wrong passcodes allowed before unlocking pauses; each further one doubles the pause (at most 15 minutes). */
const FREE_FAILURES = 5;
const FIRST_PAUSE_MS = 30_000;
const MAX_PAUSE_MS = 15 * 60 * 1000;
/** Fewer versions are kept when storage.local is too full for all of them. */
const HISTORY_FALLBACKS = [20, 5, 2];

export interface Area {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface ConfigStoreDeps {
  local: Area;
  session: Area;
  /** storage.managed; null where the browser has none (it then counts as empty). */
  managed: Pick<Area, 'get'> | null;
  bundledSites: SiteProfile[];
  /**
   * The checks that need a DOM (the browser's selector engine, the measured cost of each profile's selectors): run
   * on every configuration before it is written; one that cannot run refuses the configuration.
   */
  checkSelectors: SelectorChecker;
  /** The bundled default configuration (installed when none is). */
  defaults(): Promise<ActiveConfig>;
  now?: () => number;
  /** PBKDF2 iterations for new passcodes (tests may lower it to the minimum). */
  iterations?: number;
}

type Of<T> = Extract<ConfigMessage, { type: T }>;
type Failure = { ok: false; reason: string; problems?: BundleProblem[] };
type AccessReply = { ok: true; access: Access; author?: string };
type PublishReply = { ok: true; version: number } | Failure;

export interface ConfigHandlers {
  access(): Promise<AccessReply>;
  setPasscode(m: Of<'config:set-passcode'>): Promise<{ ok: true } | Failure>;
  unlock(m: Of<'config:unlock'>): Promise<AccessReply | Failure>;
  lock(): Promise<AccessReply>;
  publish(m: Of<'config:publish'>): Promise<PublishReply>;
  rollback(m: Of<'config:rollback'>): Promise<PublishReply>;
}

export interface ConfigStore extends ConfigHandlers {
  /** The unlocked admin session (the one publish requires), or null: other changes that need one ask here. */
  adminSession(): Promise<AdminSession | null>;
  /** Installs the default configuration if none is, and applies browser policy; at every start and on every storage.managed change. */
  refresh(): Promise<ConfigStatus>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function createConfigStore(deps: ConfigStoreDeps): ConfigStore {
  const now = deps.now ?? Date.now;
  const bundledNames = deps.bundledSites.map((s) => s.name);
  const validate = (bundle: unknown) => validateBundle(bundle, { bundledSites: bundledNames });

  // One change at a time: each reads what the one before it wrote (the worker runs handlers concurrently).
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  async function readManagedRaw(): Promise<unknown> {
    if (!deps.managed) return {};
    try {
      return await deps.managed.get(null);
    } catch {
      return {}; // no policy support (or no schema): nothing is managed
    }
  }
  const managedState = async () => readManaged(await readManagedRaw(), { bundledSites: bundledNames });

  async function currentSession(): Promise<AdminSession | null> {
    const s = (await deps.session.get(SESSION_KEY))[SESSION_KEY];
    if (!isObj(s) || typeof s.author !== 'string' || typeof s.until !== 'number') return null;
    return s.until > now() ? (s as unknown as AdminSession) : null;
  }

  async function access(): Promise<AccessReply> {
    const raw = await readManagedRaw();
    const [{ [PASSCODE_KEY]: passcode }, session] = await Promise.all([deps.local.get(PASSCODE_KEY), currentSession()]);
    // Read-only whenever policy says so, even if the rest of the managed configuration is invalid.
    if (isObj(raw) && raw.readOnly === true) {
      return {
        ok: true,
        access: {
          mode: 'read-only-policy',
          reason: "Your organisation's browser policy makes this console read-only. Changes are made by your IT department.",
        },
      };
    }
    if (!isStoredPasscode(passcode)) return { ok: true, access: { mode: 'no-passcode', reason: 'No passcode is set yet. Set one to start making changes.' } };
    if (session) {
      const minutes = Math.max(1, Math.ceil((session.until - now()) / 60_000));
      return {
        ok: true,
        access: { mode: 'unlocked', reason: `Unlocked by ${session.author}. It locks again in ${plural(minutes, 'minute')}.` },
        author: session.author,
      };
    }
    return { ok: true, access: { mode: 'locked', reason: 'Enter the passcode to make changes.' } };
  }

  // ---- passcode and session -------------------------------------------------------

  async function pausedFor(): Promise<number> {
    const f = (await deps.session.get(FAILURES_KEY))[FAILURES_KEY];
    return isObj(f) && typeof f.until === 'number' ? Math.max(0, f.until - now()) : 0;
  }

  async function recordFailure(): Promise<void> {
    const f = (await deps.session.get(FAILURES_KEY))[FAILURES_KEY];
    const count = (isObj(f) && typeof f.count === 'number' ? f.count : 0) + 1;
    const pause = count >= FREE_FAILURES ? Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** (count - FREE_FAILURES)) : 0;
    await deps.session.set({ [FAILURES_KEY]: { count, until: now() + pause } });
  }

  /** Checks a passcode against the stored one, with a pause after repeated wrong ones. */
  async function check(passcode: string): Promise<{ ok: true } | Failure> {
    const paused = await pausedFor();
    if (paused > 0) return { ok: false, reason: `Too many wrong passcodes. Try again in ${plural(Math.ceil(paused / 1000), 'second')}.` };
    const stored = (await deps.local.get(PASSCODE_KEY))[PASSCODE_KEY];
    if (!isStoredPasscode(stored)) return { ok: false, reason: 'No passcode is set yet. Set one first.' };
    if (!(await verifyPasscode(passcode, stored))) {
      await recordFailure();
      return { ok: false, reason: 'That passcode is not right.' };
    }
    await deps.session.remove(FAILURES_KEY);
    return { ok: true };
  }

  const setPasscode: ConfigHandlers['setPasscode'] = (m) =>
    serial(async () => {
      if ((await access()).access?.mode === 'read-only-policy') {
        return { ok: false, reason: "Your organisation's browser policy makes this console read-only: no passcode can be set here." };
      }
      const problem = passcodeProblem(m.next);
      if (problem) return { ok: false, reason: problem };
      const stored = (await deps.local.get(PASSCODE_KEY))[PASSCODE_KEY];
      if (isStoredPasscode(stored)) {
        if (!m.current) return { ok: false, reason: 'Enter the current passcode to change it.' };
        const ok = await check(m.current);
        if (!ok.ok) return ok.reason === 'That passcode is not right.' ? { ok: false, reason: 'The current passcode is not right.' } : ok;
      }
      await deps.local.set({ [PASSCODE_KEY]: await hashPasscode(m.next, deps.iterations) });
      return { ok: true };
    });

  // Serialized: guesses sent in parallel must each meet the pause and count as failures.
  const unlock: ConfigHandlers['unlock'] = (m) =>
    serial(async () => {
      const ok = await check(m.passcode);
      if (!ok.ok) return ok;
      const session: AdminSession = { author: m.author.trim(), until: now() + SESSION_MS };
      await deps.session.set({ [SESSION_KEY]: session });
      return access();
    });

  const lock: ConfigHandlers['lock'] = async () => {
    await deps.session.remove(SESSION_KEY);
    return access();
  };

  // ---- the configuration ------------------------------------------------------------------

  /** What was published locally: the newest version, else what is in force without policy, else the default. */
  async function localBase(history: PublishedVersion[], active: ActiveConfig | undefined): Promise<ConfigBundle> {
    const latest = latestVersion(history);
    if (latest) return latest.bundle;
    if (active && Array.isArray(active.packs) && !active.managed) return bundleOf(active, deps.bundledSites);
    return bundleOf(await deps.defaults(), deps.bundledSites);
  }

  /** The history with the configuration in force before the first publish kept as version 0 (last known good). */
  function seeded(history: PublishedVersion[], base: ConfigBundle): PublishedVersion[] {
    if (history.length) return history;
    return appendVersion([], {
      publishedAt: new Date(now()).toISOString(),
      author: 'Finalize Guard',
      kind: 'publish',
      bundle: base,
      summary: 'The configuration in force before the first publish (the bundled default).',
    });
  }

  /** Why nothing can be published or applied while policy is unsettled; null when it is settled. */
  function policyUnsettled(state: ManagedState, seen: boolean): string | null {
    if (state.present && !state.items) return `${state.reason} Nothing was published.`;
    if (!state.present && seen)
      return "Finalize Guard is still waiting for your organisation's managed configuration (browser policy), so nothing can be published now.";
    return null;
  }

  const write = (items: Record<string, unknown>) => deps.local.set(items);

  /**
   * The profiles the selector check must measure: those not in force exactly so, nor shipped. One in force passed
   * when it was written, and measuring it again could refuse a change that does not touch it (a directory edit) on
   * a busy machine's noise.
   */
  const notInForce = (sites: SiteProfile[], active: ActiveConfig | undefined): SiteProfile[] => {
    const known = new Set([...(active?.sites ?? []), ...deps.bundledSites].map(canonicalJson));
    return sites.filter((site) => !known.has(canonicalJson(site)));
  };

  /** A history stored as one list (older versions) moves to one key per version; once. */
  async function migrateHistory(): Promise<void> {
    const got = await deps.local.get([LEGACY_HISTORY_KEY, HISTORY_INDEX_KEY]);
    if (got[LEGACY_HISTORY_KEY] === undefined) return;
    // Both present: a migration stopped after its set; the index and versions are already written.
    if (got[HISTORY_INDEX_KEY] === undefined) await deps.local.set(migrationWrites(got[LEGACY_HISTORY_KEY]).set);
    await deps.local.remove(LEGACY_HISTORY_KEY);
  }

  /**
   * Adds `added` (new versions, oldest first) to the stored history: one key per version and the index, in
   * one set; versions beyond the newest 50 are removed after. Writes O(1) whatever the history's length.
   */
  async function writeHistory(numbers: number[], added: PublishedVersion[]): Promise<void> {
    let w = historyWrites(numbers, added);
    try {
      await deps.local.set(w.set);
    } catch (error) {
      // Most likely storage.local is full: make room by keeping fewer old versions (a failed set wrote nothing).
      let done = false;
      for (const keep of HISTORY_FALLBACKS) {
        w = historyWrites(numbers, added, keep);
        await deps.local.remove(w.remove).catch(() => undefined);
        try {
          await deps.local.set(w.set);
          done = true;
          break;
        } catch {
          /* try fewer */
        }
      }
      if (!done) throw error;
    }
    if (w.remove.length) await deps.local.remove(w.remove);
  }

  /**
   * `from`: the version a rollback restores. `baseVersion`: the version a publish or import was made from; when
   * a newer one was published since, nothing is published (a rollback names its target and has none).
   */
  async function publishBundle(
    bundle: unknown,
    kind: PublishedVersion['kind'],
    summary: string,
    { from, baseVersion }: { from?: number; baseVersion?: number } = {},
  ): Promise<PublishReply> {
    // Policy first: under a read-only policy, unlocking would not help, so do not suggest it.
    const { access: now_ } = await access();
    if (now_.mode === 'read-only-policy') return { ok: false, reason: `${now_.reason} Nothing was published.` };
    const session = await currentSession();
    if (!session) return { ok: false, reason: 'The console is locked: unlock it with the passcode, then publish again. Nothing was published.' };
    const problems = validate(bundle);
    if (hasErrors(problems)) return refused(problems);
    return serial(async () => {
      const state = await managedState();
      await migrateHistory();
      const got = await deps.local.get([CONFIG_KEY, SEEN_KEY]);
      const unsettled = policyUnsettled(state, got[SEEN_KEY] === true);
      if (unsettled) return { ok: false, reason: unsettled };
      const active = got[CONFIG_KEY] as ActiveConfig | undefined;
      // Only the newest version is read (the others are not needed to publish): O(1) whatever the history's length.
      const { numbers, newest } = await loadNewest(deps.local);
      const stored = newest ? [newest] : [];
      const base = await localBase(stored, active);
      const history = seeded(stored, base);
      const stale = baseVersion === undefined ? null : staleBase(latestVersion(history)!.version, baseVersion);
      if (stale) return { ok: false, reason: stale };
      const current = mergeManaged(base, state.items);
      // Items policy sets are shown locked and come back as they are: the local versions of them stay.
      const local = kind === 'rollback' ? (bundle as ConfigBundle) : localPart(bundle as ConfigBundle, base, current.managed);
      const merged = mergeManaged(local, state.items);
      const mergedProblems = validate(merged.bundle);
      if (hasErrors(mergedProblems)) return refused(mergedProblems, 'together with the configuration your organisation sets through browser policy');
      const checked = await deps.checkSelectors(notInForce(merged.bundle.sites, active));
      if (!checked.ok) return { ok: false, reason: `Nothing was published: ${checked.reason}` };
      if (hasErrors(checked.problems)) return refused(checked.problems);
      const next = appendVersion(history, {
        publishedAt: new Date(now()).toISOString(),
        author: session.author,
        summary: summary.trim(),
        kind,
        ...(from !== undefined ? { from } : {}),
        bundle: local,
      });
      const version = latestVersion(next)!.version;
      const activeConfig = await activeOf(merged.bundle, {
        installedAt: new Date(now()).toISOString(),
        version,
        managed: merged.managed,
        bundledSites: deps.bundledSites,
      });
      // The configuration the tabs read first, in one set (every note tab sees all of it or none of it, and
      // re-decides at once); then the history: the new version's own key and the index.
      try {
        await write({ [CONFIG_KEY]: activeConfig, [STATUS_KEY]: statusOf(activeConfig.directory) });
      } catch (e) {
        return { ok: false, reason: `Nothing was published: the browser refused to store the configuration (${(e as Error).message}).` };
      }
      const added = next.filter((v) => !stored.some((s) => s.version === v.version));
      try {
        await writeHistory(numbers, added);
      } catch (e) {
        return { ok: false, reason: `Version ${version} is in force, but its history entry could not be stored (${(e as Error).message}).` };
      }
      return { ok: true, version };
    });
  }

  /** Why a publish made from `baseVersion` would undo what was published since; null when `newest` is its base. */
  function staleBase(newest: number, baseVersion: number): string | null {
    if (newest === baseVersion) return null;
    return newest > baseVersion
      ? `Someone published version ${newest} after you started editing (version ${baseVersion}). Review their changes, then publish again.`
      : `You started editing from version ${baseVersion}, but the newest published version is ${newest}. Review the configuration in force, then publish again.`;
  }

  function refused(problems: BundleProblem[], context = ''): Failure {
    const errors = problems.filter((p) => p.severity === 'error');
    const first = errors[0];
    const at = `${first.where}${first.path === '(root)' ? '' : ` ${first.path}`}`;
    return {
      ok: false,
      problems,
      reason: `Nothing was published: the configuration${context ? ` ${context}` : ''} has ${plural(errors.length, 'problem')} (first: ${at}: ${first.message}).`,
    };
  }

  const publish: ConfigHandlers['publish'] = (m) => publishBundle(m.bundle, m.kind, m.summary, { baseVersion: m.baseVersion });

  const rollback: ConfigHandlers['rollback'] = async (m) => {
    const target = findVersion(await loadHistory(deps.local), m.version);
    if (!target) return { ok: false, reason: `Version ${m.version} is not in the history (the newest 50 versions are kept). Nothing was published.` };
    return publishBundle(structuredClone(target.bundle), 'rollback', `Rolled back to version ${m.version}.`, { from: m.version });
  };

  // ---- browser policy -------------------------------------------------------------------------

  /** The stored active configuration; the bundled default when there is none (a single-pack one from before packs combined is kept). */
  async function storedOrDefault(value: unknown): Promise<{ active: ActiveConfig; installed: boolean }> {
    if (isObj(value) && Array.isArray(value.packs)) return { active: value as unknown as ActiveConfig, installed: false };
    if (isObj(value) && isObj(value.pack) && isObj(value.directory) && typeof value.hash === 'string') {
      const legacy = value as { pack: Pack; hash: string; directory: Directory; installedAt?: string };
      return {
        active: {
          packs: [{ pack: legacy.pack, hash: legacy.hash, enabled: true }],
          directory: legacy.directory,
          installedAt: legacy.installedAt ?? new Date(now()).toISOString(),
        },
        installed: true,
      };
    }
    return { active: await deps.defaults(), installed: true };
  }

  /**
   * A fresh profile decides at once: the shipped configuration (not set up, so every Finalize stays locked) is
   * written before storage.managed is read, which on a fresh profile can take seconds to answer. Browser policy,
   * when it arrives, replaces it in the same refresh; the lock holds throughout.
   */
  async function installFirst(): Promise<void> {
    const got = await deps.local.get([CONFIG_KEY, SEEN_KEY]);
    if (got[CONFIG_KEY] !== undefined || got[SEEN_KEY] === true) return;
    const active = await deps.defaults();
    await write({ [CONFIG_KEY]: active, [STATUS_KEY]: statusOf(active.directory) });
  }

  const refresh: ConfigStore['refresh'] = () =>
    serial(async () => {
      await installFirst();
      const state = await managedState();
      await migrateHistory();
      const got = await deps.local.get([CONFIG_KEY, SEEN_KEY, STATUS_KEY]);
      const { active, installed } = await storedOrDefault(got[CONFIG_KEY]);
      const seen = got[SEEN_KEY] === true;
      const status = got[STATUS_KEY] as ConfigStatus | undefined;
      const statusOk = status === undefined || (isObj(status) && status.state === 'ok');
      const writes: Record<string, unknown> = installed ? { [CONFIG_KEY]: active } : {};
      const finish = async (next: ConfigStatus) => {
        if (next.state === 'ok' ? !statusOk : canonicalJson(next) !== canonicalJson(status ?? null)) writes[STATUS_KEY] = next;
        if (Object.keys(writes).length) await write(writes);
        return next;
      };

      if (!state.present && seen) {
        // At browser start storage.managed may be empty for a few seconds: wait, locked, rather than fall back.
        let since = (await deps.session.get(CHECKING_KEY))[CHECKING_KEY];
        if (typeof since !== 'number') {
          since = now();
          await deps.session.set({ [CHECKING_KEY]: since });
        }
        return finish({ state: 'checking', since: since as number, ...MANAGED_MISSING });
      }
      await deps.session.remove(CHECKING_KEY);
      if (seen !== state.hasItems) writes[SEEN_KEY] = state.hasItems || (seen && !state.items);

      if (!state.items) return finish({ state: 'invalid', reason: `${state.reason!} Finalize stays locked.`, remedy: MANAGED_INVALID_REMEDY });
      // Nothing managed, now or before: the published configuration stays exactly as written.
      if (!state.hasItems && !active.managed) return finish(statusOf(active.directory));

      const history = await loadHistory(deps.local);
      const base = await localBase(history, active);
      const merged = mergeManaged(base, state.items);
      const problems = validate(merged.bundle);
      if (hasErrors(problems)) {
        const first = problems.find((p) => p.severity === 'error')!;
        return finish({
          state: 'invalid',
          remedy: MANAGED_INVALID_REMEDY,
          reason: `The configuration your organisation sets through browser policy does not fit the published one (${first.where} ${first.path}: ${first.message}), so it is not applied. Finalize stays locked.`,
        });
      }
      const version = latestVersion(history)?.version ?? active.version;
      const next = await activeOf(merged.bundle, {
        installedAt: new Date(now()).toISOString(),
        version,
        managed: merged.managed,
        bundledSites: deps.bundledSites,
      });
      if (installed || !sameActive(active, next)) {
        // Only a configuration not written before is checked: one in force passed when it was written.
        const checked = await deps.checkSelectors(notInForce(merged.bundle.sites, active));
        const error = checked.ok ? checked.problems.find((p) => p.severity === 'error') : undefined;
        const why = !checked.ok ? checked.reason : error && `${error.where} ${error.path}: ${error.message}.`;
        if (why)
          return finish({
            state: 'invalid',
            remedy: MANAGED_INVALID_REMEDY,
            reason: `The configuration your organisation sets through browser policy is not applied, so Finalize stays locked: ${why}`,
            // A check that could not run (a busy machine, a stuck document) is no refusal: the worker tries again.
            ...(checked.ok ? {} : { retry: true as const }),
          });
        writes[CONFIG_KEY] = next;
      }
      // The local configuration stays recoverable when policy goes away: keep it as version 0.
      if (state.hasItems && !history.length) await writeHistory([], seeded(history, base));
      return finish(statusOf(next.directory));
    });

  return { access, setPasscode, unlock, lock, publish, rollback, refresh, adminSession: currentSession };
}
