/**
 * Decides and explains on the note screen: reads the active configuration (and whether it may be used:
 * browser policy may still be loading), switches to a published site profile that replaces the shipped
 * one, extracts the note context with the profile, decides synchronously, sets the guard's lock, renders
 * the overlay, and sends blocked attempts to the service worker. Every failure path leaves Finalize locked.
 */
import type { ActiveConfig } from '../config/types';
import { STATUS_KEY, statusNow } from '../config/status';
import { decideValidated } from '../policy/decide-validated';
import { policyError } from '../policy/decision';
import type { Decision, NoteContext } from '../policy/types';
import { CONFIG_KEY, PENDING_ATTEMPT_PREFIX } from '../shared/storage-keys';
import { attributesRead, contentSelectors, extractContext } from '../sites/extract';
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
  const shipped = guard.profile;
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
  const keysOf = (controls: Element[]) => controlKeys(controls, guard.profile.finalizeControls);
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
    const screens = Array.from(doc.querySelectorAll(guard.profile.noteScreen));
    watchScreens(screens);
    for (const screen of screens) {
      const screenContext = extractContext(screen, guard.profile, active.directory);
      const d = decideValidated(active.packs, active.directory, screenContext);
      if (!result || (result.outcome === 'allowed' && d.outcome !== 'allowed') || (result.outcome === 'would-block' && d.outcome === 'blocked')) {
        result = d;
        context = screenContext;
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
    const shown = decision;
    const wasLocked = guard.state();
    const state = currentState();
    guard.setState(state);
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
      ...(guard.profile.finalizeEndpoint && blocksRequests() ? { endpoint: guard.profile.finalizeEndpoint } : {}),
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
   * A frame without a URL of its own (an editor's about:blank, a srcdoc widget) is guarded because it inherits the
   * EHR's origin, but it holds the tab's finalize request only while it shows a note screen or a Finalize control:
   * an empty one must not block an allowed note. Frames with their own URL keep holding it (fail closed).
   */
  const inheritsUrl = !/^https?:$/.test(win.location.protocol);
  const blocksRequests = () => !inheritsUrl || watched.length > 0 || guard.controls().length > 0;

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
      if (!isOrphaned()) sender.send(attemptRecord(attempt, decision, context, guard.profile.name, crypto.randomUUID()));
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
      useProfile(config);
      loadError = false;
    } catch {
      loadError = !isOrphaned();
    }
    decideNow();
  }

  /** A published profile of the same name replaces the shipped one for deciding; the shipped one's controls stay locked too (lock.ts). */
  function useProfile(active: ActiveConfig | null): void {
    guard.setProfile(active?.sites?.find((p) => p.name === shipped.name) ?? shipped);
    watchFacts(guard.profile);
  }

  // The attributes and the elements the profile in use reads (its extractors say which).
  let readSelectors: string[] = [];
  function watchFacts(profile: SiteProfile): void {
    readSelectors = contentSelectors(profile);
    const attributes = attributesRead(profile);
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

  guard.onChange(decideNow);
  doc.addEventListener('change', onInput, true);
  doc.addEventListener('input', onInput, true);
  watchFacts(guard.profile);
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
