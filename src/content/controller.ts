/**
 * Decides and explains on the note screen: reads the active configuration (and whether it may be used:
 * browser policy may still be loading), has the guard hold the site profiles of the page's host (shipped, published
 * and policy ones, each under its own name: sites/select.ts), reads the page with those whose URL patterns match it,
 * extracts the note context, decides synchronously, sets the guard's lock, renders the overlay, and sends blocked
 * attempts to the service worker. Every failure path leaves Finalize locked.
 */
import type { ActiveConfig } from '../config/types';
import { NOT_SET_UP_STATUS, STATUS_KEY, statusNow } from '../config/status';
import { compiledConfig, decideValidated } from '../policy/decide-validated';
import { policyError } from '../policy/decision';
import { EMPTY_DIRECTORY } from '../policy/not-set-up';
import type { Decision, Finding, NoteContext } from '../policy/types';
import { MAX_ENDPOINTS } from '../shared/messages';
import { CONFIG_KEY, PENDING_ATTEMPT_PREFIX } from '../shared/storage-keys';
import { attributesRead, contentSelectors, extractContext } from '../sites/extract';
import { frameUrl, matchesUrl } from '../sites/match-url';
import { profilesForHost } from '../sites/select';
import type { SiteProfile } from '../sites/types';
import { createAttemptSender } from './attempts';
import { attemptRecord, noNoteScreen, notBilled, stateFor, undecidedContext } from './decision-state';
import { ext } from './ext';
import type { GuardApi, GuardState } from './guard-api';
import { isOrphaned } from './orphaned';
import { controlKeys } from './overlay/control-keys';
import { mountOverlay, watchHost } from './overlay/mount';
import { renderOverlay } from './overlay/overlay';
import { announcement, lockDescription } from './overlay/strings';

/** A fresh profile's configuration before the worker has written one: no packs, nobody in the directory. */
const NOTHING_INSTALLED: ActiveConfig = { packs: [], directory: EMPTY_DIRECTORY, installedAt: '', version: 0 };

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
  /** The control whose Finalize waits for "Finalize anyway": allowed, but the note will not reach billing. */
  let confirmFor: string | null = null;
  /** The billing warnings confirmed on this note (note id and rules): asked once, not on every click. */
  let billingConfirmed = '';
  const billingKey = () => `${context.noteId}\u0000${notBilled(decision).map((w) => w.rule)}`;
  const needsBillingConfirm = () => notBilled(decision).length > 0 && billingConfirmed !== billingKey();
  let initials: Decision['initials'] = null;
  let announce = '';
  let lastReported = '';
  let page = win.performance.timeOrigin; // when this page began: see LockStateMessage.page
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

  /**
   * Decides on the page as it is now and locks or unlocks accordingly. Cheap (~µs; a context seen before is a memo
   * hit): safe on every click. The overlay is drawn again only when the decision or the lock changed; layout changes
   * reach it through the ResizeObserver, scrolling and resizing, so typing that changes nothing forces no layout.
   */
  function decideNow(): void {
    if (config && pageUrl() !== profilesUrl) useProfiles(config); // the SPA went to another address: its profiles
    const shown = decision;
    const wasLocked = guard.state();
    const state = currentState();
    guard.setState(state.locked ? { ...state, description: lockDescription(state, decision) } : state);
    report(state);
    if (decision !== shown || JSON.stringify(state) !== JSON.stringify(wasLocked)) scheduleRender();
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
      // Finalize controls but no note screen: the profile does not fit this page; say so rather than "checking".
      const found = screens || (config && reading.length > 0 && guard.controls().length > 0 ? noNoteScreen(reading.map((p) => p.name).join(', ')) : null);
      const next = found && (s.kind === 'locked' ? policyError(s.message, s.remedy, null, s.rule) : found);
      if (!next) return undecided('loading'); // no configuration yet, or no note screen on the page
      const key = (d: Decision | null) => `${d?.outcome} ${d?.failures.map((f) => f.rule).join(' ')}`;
      if (key(next) !== key(decision)) {
        announce = announcement(next);
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
      page,
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

  // What the profile reads is inside the note screens (extract.ts queries only there): nodes replaced, text changed
  // and the attributes its extractors read, there and nowhere else, re-decide. Watching the whole document would
  // cost every SPA commit and every keystroke elsewhere on the page. Finalize controls appearing anywhere reach us
  // through guard.onChange, and every attempt re-decides with the page as it is (the verifier).
  const screenObserver = new MutationObserver((records) => {
    if (records.some(mayChangeFacts)) scheduleDecide();
  });
  /** Nodes replaced, or an attribute the profile reads, may; text only inside an element an extractor reads. */
  const mayChangeFacts = (r: MutationRecord) => r.type !== 'characterData' || within(r.target.parentElement, 'closest');
  // The overlay follows its controls when a screen's layout changes (a growing text box): observed after layout,
  // so it never forces one.
  const layoutObserver = typeof ResizeObserver === 'function' ? new ResizeObserver(() => scheduleRender()) : null;
  let watched: Element[] = [];
  let watchedAttributes: string[] = [];
  function watchScreens(screens: Element[], force = false): void {
    if (!force && screens.length === watched.length && screens.every((el, i) => el === watched[i])) return;
    screenObserver.disconnect();
    layoutObserver?.disconnect();
    const attributes = watchedAttributes.length > 0 ? { attributes: true, attributeFilter: watchedAttributes } : {};
    for (const el of screens) {
      screenObserver.observe(el, { subtree: true, childList: true, characterData: true, ...attributes });
      layoutObserver?.observe(el);
    }
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
        return { id: keys[i], el, rect: { top: r.top, left: r.left, width: r.width, height: r.height } };
      });
      renderOverlay(overlay.root, {
        state: guard.state(),
        decision,
        controls,
        openFor,
        confirm: confirmFor && !guard.state().locked && needsBillingConfirm() ? { id: confirmFor, reasons: notBilled(decision) } : null,
        onConfirm: (ok) => {
          const el = ok && confirmFor ? guard.controls().find((c) => keyOf(c) === confirmFor) : undefined;
          if (ok) billingConfirmed = billingKey();
          confirmFor = null;
          scheduleRender();
          (el as HTMLElement | undefined)?.click(); // the Finalize the person asked for, now confirmed
        },
        forward: forwardOffer(),
        onForward: () => {
          const el = forwardControl();
          openFor = null;
          scheduleRender();
          (el as HTMLElement | null)?.click(); // the EHR's own Forward: it does what forwarding means there
        },
        initials,
        announce,
        onOpen: (id) => {
          openFor = id;
          scheduleRender();
        },
      });
    });
  }

  /** The EHR's own Forward control, when the profile in use names one and it is on the page. */
  function forwardControl(): Element | null {
    const selector = (decidedBy ?? reading.find((p) => p.forwardControl))?.forwardControl;
    try {
      return selector ? doc.querySelector(selector) : null;
    } catch {
      return null; // a selector the browser rejects offers nothing
    }
  }
  /** Offered only to someone who has a supervising therapist the directory knows (not a therapist, not a clinic not set up). */
  function forwardOffer(): { supervisor: string } | null {
    const id = context.supervisingTherapistId;
    const supervisor = id ? config?.directory.users.find((u) => u.id === id)?.name : undefined;
    return supervisor && forwardControl() ? { supervisor } : null;
  }

  guard.setVerifier(() => {
    decideNow();
    return !guard.state().locked && !needsBillingConfirm();
  });

  guard.onAttempt((attempt) => {
    // A repeat (one gesture fires pointerdown and click; a second click within moments) was recorded already:
    // it is explained (or asked about) again, never recorded twice.
    if (!attempt.repeat) decideNow(); // record the attempt with the page as it is now, not as it was at the last decision
    const key = attempt.control && keyOf(attempt.control);
    const record = (held?: Finding[]) => {
      if (attempt.repeat || isOrphaned()) return;
      // Undecided (the configuration still loading): who and where are read from the page all the same.
      const profile = decidedBy ?? reading[0];
      const seen = decision || !profile ? context : undecidedContext(doc, profile, config);
      sender.send(attemptRecord(attempt, decision, seen, profile?.name ?? 'none', crypto.randomUUID(), held));
    };
    if (attempt.stopped && guard.state().locked) {
      if (key) openFor = key;
      record();
    } else if (attempt.stopped) {
      // Allowed, but held: the note will not reach billing. Ask, naming why, and record that it was asked.
      confirmFor = key ?? keysOf(guard.controls())[0] ?? null;
      openFor = null;
      record(notBilled(decision));
    } else if (decision?.outcome === 'would-block') {
      if (key) openFor = key;
      record();
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
      // Nothing stored: a fresh profile whose worker has not installed the shipped configuration yet. Not set up
      // (locked), said at once rather than "Checking permissions…"; the worker's write (and policy's) follows.
      if (!config && status === undefined) [config, status] = [NOTHING_INSTALLED, NOT_SET_UP_STATUS];
      useProfiles(config);
      if (config) compiledConfig(config.packs, config.directory); // here, and the decision in a task of its own: see below
      loadError = false;
    } catch {
      loadError = !isOrphaned();
    }
    // A large configuration's compiling and its first decision in one task could make a long task on the EHR's page.
    await new Promise((r) => setTimeout(r));
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

  // The attributes and the elements the profile in use reads (its extractors say which).
  let readSelectors: string[] = [];
  function watchFacts(profiles: readonly SiteProfile[]): void {
    readSelectors = profiles.flatMap(contentSelectors);
    const attributes = [...new Set(profiles.flatMap(attributesRead))].sort();
    if (attributes.join(' ') === watchedAttributes.join(' ')) return;
    watchedAttributes = attributes;
    watchScreens(watched, true);
  }

  /** Whether `el` is (matches) or is inside (closest) an element whose text or value the profile reads. */
  function within(el: Element | null, how: 'matches' | 'closest'): boolean {
    if (typeof el?.closest !== 'function') return false;
    return readSelectors.some((selector) => {
      try {
        return how === 'matches' ? el.matches(selector) : el.closest(selector) !== null;
      } catch {
        return false; // a selector the browser rejects reads nothing (extract.ts)
      }
    });
  }

  /** Typing re-decides only in a field the profile reads (a select, the supervising therapist), not in the note text. */
  function onInput(event: Event): void {
    const target = event.target as Element | null;
    if (within(target, 'matches') && watched.some((screen) => screen.contains(target))) scheduleDecide();
  }

  /**
   * Back to this page from the back/forward cache: the worker dropped this tab's lock when the page in between
   * reported, and nothing here changed, so say it again (the finalize request is blocked again).
   */
  function onPageShow(e: PageTransitionEvent): void {
    if (!e.persisted) return;
    page = Date.now(); // shown again, after what the tab showed meanwhile
    lastReported = '';
    decideNow();
  }

  /** Adds the page listeners (again after document.open(), which erases them; the browser ignores duplicates). */
  function listen(): void {
    doc.addEventListener('change', onInput, true);
    doc.addEventListener('input', onInput, true);
    win.addEventListener('scroll', scheduleRender, { capture: true, passive: true });
    win.addEventListener('resize', scheduleRender, { passive: true });
    win.addEventListener('pageshow', onPageShow);
  }
  guard.onChange(() => {
    listen();
    decideNow();
  });
  listen();
  watchFacts(reading);
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
