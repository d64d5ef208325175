/**
 * Decides and explains on the note screen: reads the active configuration (and whether it may be used:
 * browser policy may still be loading), has the guard hold the site profiles of the page's host and reads with those whose URL patterns match the page (shipped,
 * published and policy ones, each under its own name: sites/select.ts), extracts the note context with them, decides synchronously, sets the guard's lock, renders
 * the overlay, and sends blocked attempts to the service worker. Every failure path leaves Finalize locked.
 */
import type { ActiveConfig } from '../config/types';
import { STATUS_KEY, statusNow } from '../config/status';
import { decideValidated } from '../policy/decide-validated';
import { policyError } from '../policy/decision';
import type { Decision, NoteContext } from '../policy/types';
import { MAX_ENDPOINTS } from '../shared/messages';
import { CONFIG_KEY, PENDING_ATTEMPT_PREFIX } from '../shared/storage-keys';
import { attributesRead, extractContext } from '../sites/extract';
import { frameUrl, matchesUrl } from '../sites/match-url';
import { profilesForHost } from '../sites/select';
import type { SiteProfile } from '../sites/types';
import { createAttemptSender } from './attempts';
import { attemptRecord, stateFor } from './decision-state';
import { ext } from './ext';
import type { GuardApi, GuardState } from './guard-api';
import { isOrphaned } from './orphaned';
import { controlKeys } from './overlay/control-keys';
import { mountOverlay, watchHost } from './overlay/mount';
import { renderOverlay } from './overlay/render';

export function runController(guard: GuardApi, doc: Document, win: Window): void {
  let config: ActiveConfig | null = null;
  let status: unknown;
  let statusTimer: number | undefined;
  /** The address profiles are matched by (a frame without a URL of its own: the one it inherits), now: an SPA navigates. */
  const pageUrl = () => frameUrl(win.location, doc.baseURI);
  let profilesUrl = '';
  /**
   * The profiles that read this page: those of the guard's (every profile of this host: the lock holds them all,
   * an SPA moves between paths) whose URL patterns, path included, match the page now.
   */
  let reading: readonly SiteProfile[] = [];
  /** The profile whose note screen the decision in force came from (its name goes into the audit entry). */
  let decidedBy: SiteProfile | null = null;
  let loadError = false;
  let decision: Decision | null = null;
  let context: Partial<NoteContext> = {};
  let openFor: string | null = null;
  let initials: Decision['initials'] = null;
  let announce = '';
  let lastReported = '';
  // async: an orphaned script's API call throws, and the sender expects a rejection.
  const send = async (m: unknown) => ext().runtime.sendMessage(m);
  const sender = createAttemptSender(send, setTimeout, {
    keep: (r) => ext().storage.local.set({ [`${PENDING_ATTEMPT_PREFIX}${r.id}`]: r }),
    drop: (id) => ext().storage.local.remove(`${PENDING_ATTEMPT_PREFIX}${id}`),
  });
  const overlay = mountOverlay(doc);
  watchHost(overlay.host, () => {
    overlay.remount();
    scheduleRender();
  });
  /** Overlay keys of the controls, by their place in the profile (control-keys.ts): a re-rendered button keeps its key. */
  const keysOf = (controls: Element[]) =>
    controlKeys(
      controls,
      guard.profiles.flatMap((p) => p.finalizeControls),
    );
  const keyOf = (el: Element): string | null => {
    const controls = guard.controls();
    const i = controls.indexOf(el);
    return i < 0 ? null : keysOf(controls)[i];
  };

  /**
   * Each note screen on the page is decided on its own (an SPA may keep a cached or side-by-side note);
   * the strictest decision holds for every Finalize control: any screen that is not allowed locks them all.
   */
  function decideScreens(active: ActiveConfig): Decision | null {
    let result: Decision | null = null;
    const found = reading.flatMap((profile) => Array.from(doc.querySelectorAll(profile.noteScreen), (screen) => ({ profile, screen })));
    watchScreens([...new Set(found.map((f) => f.screen))]);
    for (const { profile, screen } of found) {
      const screenContext = extractContext(screen, profile, active.directory);
      const d = decideValidated(active.packs, active.directory, screenContext);
      if (!result || (result.outcome === 'allowed' && d.outcome !== 'allowed') || (result.outcome === 'would-block' && d.outcome === 'blocked')) {
        result = d;
        context = screenContext;
        decidedBy = profile;
      }
    }
    return result;
  }

  /** Decides on the page as it is now and locks or unlocks accordingly. Cheap (~µs): safe on every click. */
  function decideNow(): void {
    if (config && pageUrl() !== profilesUrl) useProfiles(config); // the SPA went to another address: its profiles
    const state = currentState();
    guard.setState(state);
    report(state);
    scheduleRender();
  }

  function currentState(): GuardState {
    const undecided = (reason: 'orphaned' | 'error' | 'loading'): GuardState => {
      decision = null;
      return { locked: true, reason };
    };
    if (isOrphaned()) return undecided('orphaned');
    if (loadError) return undecided('error');
    try {
      // Browser policy still loading: "Checking permissions…" until it arrives or the wait is over; missing or
      // invalid: locked with the reason the worker wrote, never decided with the local configuration instead.
      const s = statusNow(status, Date.now());
      if (s.kind === 'checking') {
        if (statusTimer === undefined)
          statusTimer = win.setTimeout(
            () => {
              statusTimer = undefined;
              decideNow();
            },
            s.until - Date.now() + 50,
          );
        return undecided('loading');
      }
      const screens = config && decideScreens(config);
      const next = screens && (s.kind === 'locked' ? policyError(s.message, s.remedy, null, s.rule) : screens);
      if (!next) return undecided('loading'); // no configuration yet, or no note screen on the page
      const key = (d: Decision | null) => `${d?.outcome} ${d?.failures.map((f) => f.rule).join(' ')}`;
      if (key(next) !== key(decision)) {
        announce =
          next.outcome === 'allowed'
            ? 'Finalize is available.'
            : next.outcome === 'would-block'
              ? 'Monitor mode: Finalize would be locked, but is not.'
              : `Finalize is locked: ${next.failures.map((f) => f.message).join(' ')}`;
        initials = null;
      }
      decision = next;
      return stateFor(next);
    } catch {
      return undecided('error'); // e.g. a profile selector the browser rejects: never unlock on an error
    }
  }

  /** Tells the worker when the lock or the reasons change: it blocks the finalize request and the popup shows it. */
  function report(state: GuardState): void {
    const message = {
      type: 'lock-state',
      locked: state.locked,
      ...(endpoints().length > 0 && blocksRequests() ? { endpoints: endpoints() } : {}),
      ...(decision ? { outcome: decision.outcome, reasons: decision.failures.slice(0, 10).map((f) => f.message.slice(0, 300)) } : {}),
    };
    const key = JSON.stringify(message);
    if (key === lastReported || isOrphaned()) return;
    lastReported = key;
    send(message).catch(() => {
      lastReported = '';
    });
  }

  /**
   * The finalize requests to block: every one the shipped profiles of this host and the profiles in use name. A
   * published profile with another endpoint, or none, adds to the shipped one's, never releases it.
   */
  const endpoints = () =>
    [...new Set([...guard.shipped, ...guard.profiles].flatMap((p) => (p.finalizeEndpoint ? [p.finalizeEndpoint] : [])))].slice(0, MAX_ENDPOINTS);

  /**
   * The tab's finalize request is held by the frames that show a note screen or a Finalize control (the worker
   * blocks while any of them is locked: the strictest wins). Any other frame — a portal page hosting the note in an
   * iframe, an editor's about:blank, a srcdoc widget — never holds it: it must not block an allowed note.
   */
  const showsNoteScreen = () =>
    reading.some((p) => {
      try {
        return doc.querySelector(p.noteScreen) !== null;
      } catch {
        return false;
      }
    });
  const blocksRequests = () => showsNoteScreen() || guard.controls().length > 0;

  // Nodes replaced inside a note screen (a React-style re-render of the header) re-decide too. Only the note
  // screens are watched for that: watching the whole document's child lists costs every SPA commit.
  const screenObserver = new MutationObserver(scheduleDecide);
  let watched: Element[] = [];
  function watchScreens(screens: Element[]): void {
    if (screens.length === watched.length && screens.every((el, i) => el === watched[i])) return;
    screenObserver.disconnect();
    for (const el of screens) screenObserver.observe(el, { subtree: true, childList: true });
    watched = screens;
  }

  let decidePending = false;
  function scheduleDecide(): void {
    if (decidePending) return;
    decidePending = true;
    win.requestAnimationFrame(() => {
      decidePending = false;
      decideNow();
    });
  }

  let renderPending = false;
  function scheduleRender(): void {
    if (renderPending) return;
    renderPending = true;
    win.requestAnimationFrame(() => {
      renderPending = false;
      // Measuring here, in the frame callback, never forces an extra layout in a mutation callback.
      const elements = guard.controls();
      const keys = keysOf(elements);
      const controls = elements.map((el, i) => {
        const r = el.getBoundingClientRect();
        return { id: keys[i], rect: { top: r.top, left: r.left, width: r.width, height: r.height } };
      });
      renderOverlay(overlay.root, {
        state: guard.state(),
        decision,
        controls,
        openFor,
        initials,
        announce,
        onOpen: (id) => {
          openFor = id;
          scheduleRender();
        },
      });
    });
  }

  guard.setVerifier(() => {
    decideNow();
    return !guard.state().locked;
  });

  guard.onAttempt((attempt) => {
    decideNow(); // record the attempt with the page as it is now, not as it was at the last decision
    const monitored = !attempt.stopped && decision?.outcome === 'would-block';
    if (attempt.stopped || monitored) {
      if (attempt.control) openFor = keyOf(attempt.control) ?? openFor;
      if (!isOrphaned()) sender.send(attemptRecord(attempt, decision, context, (decidedBy ?? reading[0])?.name ?? 'none', crypto.randomUUID()));
    } else if (decision?.outcome === 'allowed' && decision.initials) {
      initials = decision.initials;
    }
    scheduleRender();
  });

  async function loadConfig(): Promise<void> {
    try {
      const stored = await ext().storage.local.get([CONFIG_KEY, STATUS_KEY]);
      config = (stored[CONFIG_KEY] as ActiveConfig | undefined) ?? null;
      status = stored[STATUS_KEY];
      useProfiles(config);
      loadError = false;
    } catch {
      loadError = !isOrphaned();
    }
    decideNow();
  }

  /**
   * The lock holds every profile of this host (the shipped ones' controls stay locked too: lock.ts); those whose URL
   * patterns match the page now read it. Called again whenever the SPA has gone to another address.
   */
  function useProfiles(active: ActiveConfig | null): void {
    profilesUrl = pageUrl();
    guard.setProfiles(profilesForHost(profilesUrl, guard.shipped, active?.sites));
    reading = guard.profiles.filter((p) => matchesUrl(p.urlPatterns, profilesUrl));
    if (decidedBy && !reading.includes(decidedBy)) decidedBy = null;
    watchFacts(reading);
  }

  // Text changes anywhere, and changes of the attributes the profile in use reads (its extractors say which), re-decide.
  const factObserver = new MutationObserver(scheduleDecide);
  let watchedAttributes: string | null = null;
  function watchFacts(profiles: readonly SiteProfile[]): void {
    const attributes = [...new Set(profiles.flatMap(attributesRead))].sort();
    if (attributes.join(' ') === watchedAttributes) return;
    watchedAttributes = attributes.join(' ');
    factObserver.disconnect();
    factObserver.observe(doc, { subtree: true, characterData: true, ...(attributes.length > 0 ? { attributes: true, attributeFilter: attributes } : {}) });
  }

  guard.onChange(decideNow);
  doc.addEventListener('change', scheduleDecide, true);
  doc.addEventListener('input', scheduleDecide, true);
  watchFacts(reading);
  win.addEventListener('scroll', scheduleRender, { capture: true, passive: true });
  win.addEventListener('resize', scheduleRender, { passive: true });
  ext().storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && (CONFIG_KEY in changes || STATUS_KEY in changes)) void loadConfig();
  });
  // An updated or reloaded extension leaves this script orphaned: notice it even without interaction.
  const orphanCheck = win.setInterval(() => {
    if (!isOrphaned()) return;
    win.clearInterval(orphanCheck);
    decideNow();
  }, 1000);
  void loadConfig();
}
