/** What the documenter sees: lock badges on Finalize, why it is locked, billing warnings, initials. */
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Decision, Finding } from '../../policy/types';
import type { GuardState } from '../guard-api';
import { at, keepInside, placeBanner, placePanel, type Rect } from './place';
import { finalizedBy, forwardTo, headline, TEXT } from './strings';
import { keepTabOrder } from './tab-order';

export interface OverlayProps {
  state: GuardState;
  /** null while loading. */
  decision: Decision | null;
  /** Viewport rects of the Finalize controls, measured by the caller. */
  controls: Array<{ id: string; rect: Rect; el?: Element }>;
  /** The control whose explanation is open (hover, focus or an attempted click). */
  openFor: string | null;
  onOpen(id: string | null): void;
  initials: { assistant: string; supervisor: string } | null;
  /** Finalize was allowed but held: the note will not reach billing, for these reasons. Asked beside control `id`. */
  confirm: { id: string; reasons: Finding[] } | null;
  /** "Finalize anyway" (true) or Cancel/Escape (false). */
  onConfirm(ok: boolean): void;
  /** The EHR's own Forward control is on the page (the site profile names it): offer it, to this supervisor. */
  forward: { supervisor: string } | null;
  onForward(): void;
  /** Text for the aria-live region. */
  announce: string;
}

/** Where a finding comes from (a regulation, the clinic's policy), when its pack says. */
const Source = ({ f }: { f: Finding }) =>
  f.source ? (
    <small class="fg-src">
      {TEXT.source}
      {f.source}
    </small>
  ) : null;

/** A warning in the banner's details, with how to fix it and its source. */
function Warning({ f }: { f: Finding }) {
  return (
    <li>
      <span>{f.message}</span>
      <span class="fg-fix">
        {`${TEXT.howToFix}: `}
        {f.remedy}
      </span>
      <Source f={f} />
    </li>
  );
}

/** One reason on one line; its fix (and source) on demand, behind a disclosure button. */
function Reason({ f, id, onToggle }: { f: Finding; id: string; onToggle: () => void }) {
  const [open, setOpen] = useState(false);
  return (
    <li class="fg-reason">
      <span class="fg-reason-line">{f.message}</span>{' '}
      <button
        type="button"
        class="fg-more"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => {
          setOpen(!open);
          onToggle();
        }}
      >
        {TEXT.howToFix}
      </button>
      {open && (
        <div id={id} class="fg-fix">
          {`${TEXT.howToFix}: `}
          {f.remedy}
          <Source f={f} />
        </div>
      )}
    </li>
  );
}

/** The right edge of what sits on a control's row in its container (an EHR's toolbar): the banner goes after it. */
function rowEnd(el: Element): number {
  const r = el.getBoundingClientRect();
  let end = r.right;
  for (const s of el.parentElement?.children ?? []) {
    const b = s.getBoundingClientRect();
    if (b.width > 0 && b.top < r.bottom && b.bottom > r.top) end = Math.max(end, b.right);
  }
  return end;
}

const LockIcon = () => (
  <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
    <path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z" />
  </svg>
);

export function Overlay(p: OverlayProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const confirmBox = useRef<HTMLDivElement>(null);
  const badges = useRef<Record<string, HTMLButtonElement | null>>({});
  const skipFocus = useRef(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [details, setDetails] = useState(false);
  // A fix opened makes the explanation taller: render again, so that the layout effect below keeps it on screen.
  const [, fixToggled] = useState(0);
  const onFixToggle = () => fixToggled((n) => n + 1);
  const { state, decision, openFor, onOpen } = p;
  const latest = useRef(p);
  latest.current = p;

  // The badge, and the explanation it opens, come right after their control in the Tab order (tab-order.ts).
  useEffect(() => {
    const root = wrap.current?.getRootNode();
    if (!(root instanceof ShadowRoot)) return;
    const focusable = (el: HTMLElement | null) => (el ? [el, ...el.querySelectorAll<HTMLElement>('button,[href],[tabindex]:not([tabindex="-1"])')] : []);
    return keepTabOrder(window, root, {
      keys: () => (latest.current.state.locked ? latest.current.controls.map((c) => c.id) : []),
      keyOfControl: (el) => (latest.current.state.locked && latest.current.controls.find((c) => c.el && c.el === el)?.id) || null,
      control: (key) => (latest.current.controls.find((c) => c.id === key)?.el as HTMLElement | undefined) ?? null,
      stops: (key) => {
        const badge = badges.current[key];
        if (!badge) return [];
        return latest.current.openFor === key ? [badge, ...focusable(panel.current)] : [badge];
      },
    });
  }, []);

  const inside = (n: EventTarget | null | undefined) =>
    n instanceof Node && !!(panel.current?.contains(n) || (openFor && badges.current[openFor]?.contains(n)));
  const focused = () => (wrap.current?.getRootNode() as Document | ShadowRoot | undefined)?.activeElement;
  const leave = (e: FocusEvent | MouseEvent) => {
    if (inside(e.relatedTarget) || (e.type === 'mouseleave' && inside(focused()))) return;
    onOpen(null);
  };

  // Once its height is known, the explanation moves to stay inside the viewport (place.ts keepInside).
  useLayoutEffect(() => {
    for (const el of [panel.current, confirmBox.current]) {
      if (!el) continue;
      const r = el.getBoundingClientRect();
      const top = keepInside(r.top, r.height, innerHeight);
      if (top === null) continue;
      el.style.top = `${Math.round(top)}px`;
      el.style.bottom = 'auto';
    }
  });

  // The billing confirmation takes focus while it is open and gives it back to where it was (usually Finalize).
  const confirmId = p.confirm?.id ?? null;
  useEffect(() => {
    if (!confirmId) return;
    const root = wrap.current?.getRootNode();
    const before = root instanceof ShadowRoot && document.activeElement === root.host ? root.activeElement : document.activeElement;
    confirmBox.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') latest.current.onConfirm(false);
    };
    addEventListener('keydown', onKey, true);
    return () => {
      removeEventListener('keydown', onKey, true);
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [confirmId]);

  // Escape closes wherever focus is (the panel may have opened on a click on the page's own control). A layout
  // effect: listening from the moment the explanation is on screen, not after the next frame (useEffect's time).
  useLayoutEffect(() => {
    if (!openFor) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      const badge = badges.current[openFor];
      if (badge && panel.current?.contains(focused() ?? null)) {
        skipFocus.current = true; // give focus back to the badge without reopening
        badge.focus();
      }
      onOpen(null);
    };
    addEventListener('keydown', onKey, true);
    return () => removeEventListener('keydown', onKey, true);
  }, [openFor, onOpen]);

  const open = (id: string) => () => onOpen(id);
  const onFocus = (id: string) => () => {
    if (skipFocus.current) skipFocus.current = false;
    else onOpen(id);
  };

  const warnings = decision?.warnings.filter((w) => w.audience !== 'admin') ?? [];
  const warnKey = warnings.map((w) => `${w.rule}\u0000${w.message}`).join('\u0001');
  const monitorNote = !state.locked && state.monitor && decision?.outcome === 'would-block';
  const first = p.controls[0];
  const onScreen = p.controls.find((c) => c.rect.top >= 0 && c.rect.top + c.rect.height <= innerHeight);
  const confirmAt = p.confirm && p.controls.find((c) => c.id === p.confirm?.id);
  // Warnings are about finalizing: while Finalize is locked for other reasons they would only mislead.
  const showBanner = !state.locked && !p.confirm && warnings.length > 0 && dismissed !== warnKey;

  return (
    <div class="fg" ref={wrap}>
      {state.locked &&
        p.controls.map((c) => (
          <Fragment key={c.id}>
            <button
              type="button"
              class="fg-lock"
              aria-label={TEXT.badge}
              tabIndex={-1}
              aria-expanded={c.id === openFor}
              aria-controls={c.id === openFor ? 'fg-why' : undefined}
              style={at(c.rect.top, c.rect.left + c.rect.width)}
              ref={(el) => void (badges.current[c.id] = el)}
              onMouseEnter={open(c.id)}
              onFocus={onFocus(c.id)}
              onClick={open(c.id)}
              onMouseLeave={leave}
              onBlur={leave}
            >
              <LockIcon />
            </button>
            {c.id === openFor && (
              <div
                id="fg-why"
                class="fg-panel"
                role="dialog"
                aria-label={TEXT.panel}
                // biome-ignore lint/a11y/noNoninteractiveTabindex: Tab from the badge reaches the explanation (keyboard users read it there)
                tabIndex={0}
                ref={panel}
                style={placePanel(c.rect, innerWidth, innerHeight)}
                onMouseLeave={leave}
                onFocusOut={leave}
              >
                <h2>{headline(state, decision)}</h2>
                {(state.reason === 'blocked' || state.reason === 'error') && decision && decision.failures.length > 0 && (
                  <ul class="fg-reasons">
                    {decision.failures.map((f, i) => (
                      <Reason key={`${i}:${f.rule}`} f={f} id={`fg-fix-${i}`} onToggle={onFixToggle} />
                    ))}
                  </ul>
                )}
                {state.reason === 'blocked' && p.forward && (
                  <button type="button" class="fg-primary fg-forward" onClick={p.onForward}>
                    {forwardTo(p.forward.supervisor)}
                  </button>
                )}
              </div>
            )}
          </Fragment>
        ))}
      {monitorNote &&
        p.controls.map((c) => (
          <div key={c.id} class="fg-note" style={at(c.rect.top, c.rect.left + c.rect.width)}>
            {TEXT.monitor}
          </div>
        ))}
      {p.confirm && confirmAt && (
        <div
          class="fg-panel fg-confirm"
          role="alertdialog"
          aria-labelledby="fg-confirm-title"
          tabIndex={-1}
          ref={confirmBox}
          style={placePanel(confirmAt.rect, innerWidth, innerHeight)}
        >
          <h2 id="fg-confirm-title">{TEXT.billingConfirmTitle}</h2>
          <ul class="fg-reasons">
            {p.confirm.reasons.map((f, i) => (
              <Reason key={`${i}:${f.rule}`} f={f} id={`fg-confirm-fix-${i}`} onToggle={onFixToggle} />
            ))}
          </ul>
          <p class="fg-ask">{TEXT.billingConfirmAsk}</p>
          <div class="fg-actions">
            <button type="button" class="fg-primary" onClick={() => p.onConfirm(true)}>
              {TEXT.finalizeAnyway}
            </button>
            <button type="button" class="fg-dismiss" onClick={() => p.onConfirm(false)}>
              {TEXT.cancel}
            </button>
          </div>
        </div>
      )}
      {showBanner && (
        <div
          class="fg-banner"
          role="status"
          style={placeBanner(onScreen?.rect ?? null, onScreen?.el ? rowEnd(onScreen.el) : 0, innerWidth, innerHeight) ?? undefined}
        >
          <div class="fg-strip">
            <h2>{`${warnings.every((f) => f.gate === 'billing') ? TEXT.billingTitle : TEXT.warningTitle} (${warnings.length})`}</h2>
            <button type="button" class="fg-more" aria-expanded={details} aria-controls="fg-warnings" onClick={() => setDetails(!details)}>
              {details ? TEXT.hideDetails : TEXT.showDetails}
            </button>
            <button type="button" class="fg-dismiss" onClick={() => setDismissed(warnKey)}>
              {TEXT.dismiss}
            </button>
          </div>
          {/* Whole for a screen reader (the status region reads it out), on screen when asked for. */}
          <ul id="fg-warnings" class={details ? 'fg-reasons' : 'fg-reasons fg-sr'}>
            {warnings.map((f, i) => (
              <Warning key={`${i}:${f.rule}`} f={f} />
            ))}
          </ul>
        </div>
      )}
      {p.initials && (
        <div class={first ? 'fg-initials' : 'fg-initials fg-corner'} style={first ? at(first.rect.top + first.rect.height + 4, first.rect.left) : undefined}>
          {finalizedBy(p.initials)}
        </div>
      )}
      <div class="fg-sr" aria-live="polite">
        {p.announce}
      </div>
    </div>
  );
}
