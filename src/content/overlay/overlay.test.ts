// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Decision, Finding } from '../../policy/types';
import { mountOverlay } from './mount';
import { type OverlayProps, renderOverlay } from './overlay';
import { keepInside, placePanel } from './place';

const finding = (n: number, extra: Partial<Finding> = {}): Finding => ({
  gate: 'credential',
  rule: `r${n}`,
  type: 'block',
  message: `Message ${n}`,
  remedy: `Remedy ${n}`,
  audience: 'documenter',
  ...extra,
});
const decision = (d: Partial<Decision> = {}): Decision => ({
  outcome: 'blocked',
  failures: [],
  warnings: [],
  infos: [],
  initials: null,
  pack: null,
  packs: [],
  trace: [],
  rules: [],
  ...d,
});
const controls = [
  { id: 'a', rect: { top: 100, left: 200, width: 100, height: 30 } },
  { id: 'b', rect: { top: 400, left: 50, width: 80, height: 20 } },
];

function setup(props: Partial<OverlayProps> = {}) {
  const el = document.createElement('div');
  document.body.append(el);
  const onOpen = vi.fn();
  let current: OverlayProps = {
    state: { locked: true, reason: 'blocked' },
    decision: decision(),
    controls,
    openFor: null,
    onOpen,
    initials: null,
    announce: '',
    confirm: null,
    onConfirm: vi.fn(),
    forward: null,
    onForward: vi.fn(),
    ...props,
  };
  const draw = () => renderOverlay(el, current);
  draw();
  const rerender = (p: Partial<OverlayProps>) => {
    current = { ...current, ...p };
    draw();
  };
  return { el, onOpen, rerender };
}

afterEach(() => {
  document.body.replaceChildren();
});

describe('Overlay', () => {
  it('lists every failure in order, one line each, its "How to fix:" remedy and source behind a disclosure', () => {
    const failures = [finding(1, { source: 'Payer manual §4' }), finding(2), finding(3)];
    const { el } = setup({ decision: decision({ failures }), openFor: 'a' });
    const items = [...el.querySelectorAll('[role="dialog"] li')];
    expect(items).toHaveLength(3);
    items.forEach((li, i) => {
      expect(li.querySelector('.fg-reason-line')?.textContent).toBe(`Message ${i + 1}`);
      expect(li.textContent).not.toContain('Remedy');
    });
    const more = items[0].querySelector('button')!;
    expect(more.getAttribute('aria-expanded')).toBe('false');
    more.click();
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(items[0].textContent).toContain('How to fix: Remedy 1');
    expect(items[0].querySelector('small')?.textContent).toBe('Source: Payer manual §4');
    expect(el.querySelector('[role="dialog"] h2')?.textContent).toBe('Finalize is locked — 3 reasons');
  });

  it('updates in place: a re-render that says the same keeps focus and an open fix; a new reason rebuilds the list', () => {
    const { el, rerender } = setup({ decision: decision({ failures: [finding(1), finding(2)] }), openFor: 'a' });
    const more = el.querySelector('[role="dialog"] li button') as HTMLButtonElement;
    more.click();
    more.focus();
    rerender({ controls: [{ ...controls[0], rect: { ...controls[0].rect, top: 120 } }, controls[1]] }); // the page moved
    expect(el.ownerDocument.activeElement).toBe(more);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    expect(el.querySelector('#fg-fix-0')?.textContent).toContain('Remedy 1');
    expect((el.querySelector('button.fg-lock') as HTMLElement).style.top).toBe('120px');
    rerender({ decision: decision({ failures: [finding(1), finding(3)] }) });
    expect([...el.querySelectorAll('.fg-reason-line')].map((n) => n.textContent)).toEqual(['Message 1', 'Message 3']);
  });

  it('renders markup in rule and page text as literal text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const { el } = setup({
      decision: decision({ failures: [finding(1, { message: evil, remedy: evil })] }),
      openFor: 'a',
      initials: { assistant: evil, supervisor: 'CD' },
    });
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('li')?.textContent).toContain(evil);
    expect(el.querySelector('.fg-initials')?.textContent).toContain(evil);
  });

  it('puts a lock badge button at the top-right corner of each control', () => {
    const { el } = setup();
    const badges = [...el.querySelectorAll('button.fg-lock')] as HTMLButtonElement[];
    expect(badges).toHaveLength(2);
    expect(badges.map((b) => b.getAttribute('aria-label'))).toEqual(Array(2).fill('Finalize is locked. Show why.'));
    expect([badges[0].style.top, badges[0].style.left]).toEqual(['100px', '300px']);
    expect([badges[1].style.top, badges[1].style.left]).toEqual(['400px', '130px']);
    expect(el.querySelector('[role="dialog"]')).toBeNull();
  });

  it('opens on focus and closes on Escape through onOpen', () => {
    const { el, onOpen, rerender } = setup({ decision: decision({ failures: [finding(1)] }) });
    (el.querySelector('button.fg-lock') as HTMLButtonElement).focus();
    expect(onOpen).toHaveBeenLastCalledWith('a');
    rerender({ openFor: 'a' });
    const dialog = el.querySelector('[role="dialog"]') as HTMLElement;
    expect(dialog.getAttribute('aria-label')).toBe('Why Finalize is locked');
    expect(el.querySelector('button.fg-lock')?.getAttribute('aria-expanded')).toBe('true');
    onOpen.mockClear();
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(onOpen).toHaveBeenCalledWith(null);
  });

  it('opens on hover and click, closes when the mouse leaves for the page', () => {
    const { el, onOpen } = setup();
    const badge = el.querySelectorAll('button.fg-lock')[1] as HTMLButtonElement;
    badge.dispatchEvent(new MouseEvent('mouseenter'));
    expect(onOpen).toHaveBeenLastCalledWith('b');
    badge.dispatchEvent(new MouseEvent('mouseleave', { relatedTarget: document.body }));
    expect(onOpen).toHaveBeenLastCalledWith(null);
    badge.click();
    expect(onOpen).toHaveBeenLastCalledWith('b');
  });

  it('shows documenter warnings in a dismissible banner even when allowed, never admin ones', () => {
    const warn = finding(7, { gate: 'billing', type: 'warn', message: 'No billing provider ID', remedy: 'Ask admin' });
    const admin = finding(8, { type: 'warn', message: 'Licenses exhausted', audience: 'admin' });
    const allowed = { state: { locked: false, monitor: false } as const };
    const { el, rerender } = setup({ ...allowed, decision: decision({ outcome: 'allowed', warnings: [warn, admin] }) });
    const banner = el.querySelector('[role="status"]');
    expect(banner?.textContent).toContain('No billing provider ID');
    expect(banner?.querySelector('h2')?.textContent).toBe('Billing warning (1)');
    expect(banner?.querySelector('ul')?.className).toContain('fg-sr'); // one line on screen, whole for a screen reader
    (banner!.querySelector('button.fg-more') as HTMLButtonElement).click();
    expect(banner?.querySelector('ul')?.className).not.toContain('fg-sr');
    expect(banner?.textContent).toContain('How to fix: Ask admin');
    expect(banner?.textContent).not.toContain('Licenses exhausted');
    expect(el.querySelector('button.fg-lock')).toBeNull();
    (banner!.querySelector('button.fg-dismiss') as HTMLButtonElement).click();
    expect(el.querySelector('[role="status"]')).toBeNull();
    rerender({ decision: decision({ outcome: 'allowed', warnings: [finding(9, { type: 'warn' })] }) });
    expect(el.querySelector('[role="status"]')?.textContent).toContain('Message 9');
    // Not every warning is about billing (e.g. Medicare's progress report due).
    expect(el.querySelector('[role="status"] h2')?.textContent).toBe('Before you finalize (1)');
    rerender({ decision: decision({ outcome: 'allowed', warnings: [admin] }) });
    expect(el.querySelector('[role="status"]')).toBeNull();
  });

  it('says nothing about billing while Finalize is locked for other reasons', () => {
    const warn = finding(7, { gate: 'billing', type: 'warn', message: 'Not a Therabill provider' });
    const { el } = setup({ decision: decision({ failures: [finding(1)], warnings: [warn] }), openFor: 'a' });
    expect(el.textContent).not.toContain('Not a Therabill provider');
    expect(el.querySelector('[role="status"]')).toBeNull();
  });

  it('asks before an allowed Finalize whose note will not reach billing, naming why; answers through onConfirm', () => {
    const warn = finding(7, { gate: 'billing', type: 'warn', message: 'Not a Therabill provider' });
    const onConfirm = vi.fn();
    const { el } = setup({
      state: { locked: false, monitor: false },
      decision: decision({ outcome: 'allowed', warnings: [warn] }),
      confirm: { id: 'a', reasons: [warn] },
      onConfirm,
    });
    const ask = el.querySelector('[role="alertdialog"]')!;
    expect(ask.querySelector('h2')?.textContent).toBe('This note will not reach billing');
    expect(ask.textContent).toContain('Not a Therabill provider');
    expect(el.querySelector('[role="status"]')).toBeNull(); // the banner gives way to the question
    (ask.querySelector('button.fg-primary') as HTMLButtonElement).click();
    expect(onConfirm).toHaveBeenLastCalledWith(true);
    (ask.querySelector('button.fg-dismiss') as HTMLButtonElement).click();
    expect(onConfirm).toHaveBeenLastCalledWith(false);
  });

  it('headlines the orphaned, loading and error states', () => {
    const { el, rerender } = setup({ state: { locked: true, reason: 'orphaned' }, openFor: 'b' });
    const h2 = () => el.querySelector('[role="dialog"] h2')?.textContent;
    expect(h2()).toBe('Finalize Guard was updated. Reload this page to finalize.');
    rerender({ state: { locked: true, reason: 'loading' }, decision: null });
    expect(h2()).toBe('Checking permissions…');
    rerender({ state: { locked: true, reason: 'error' } });
    expect(h2()).toBe('Finalize Guard could not check this note, so Finalize stays locked.');
  });

  it('notes monitor mode only when it would have blocked', () => {
    const { el, rerender } = setup({ state: { locked: false, monitor: true }, decision: decision({ outcome: 'would-block' }) });
    const notes = () => [...el.querySelectorAll('.fg-note')].map((n) => n.textContent);
    expect(notes()).toEqual(Array(2).fill('Monitor mode: this would be locked'));
    rerender({ decision: decision({ outcome: 'allowed' }) });
    expect(notes()).toEqual([]);
  });

  it('shows the initials badge and announces through a polite live region', () => {
    const { el, rerender } = setup({ initials: { assistant: 'JD', supervisor: 'AS' }, announce: 'Finalize is locked.' });
    expect(el.querySelector('.fg-initials')?.textContent).toBe('Finalized by JD · supervised by AS');
    expect(el.querySelector('[aria-live="polite"]')?.textContent).toBe('Finalize is locked.');
    rerender({ announce: 'Finalize is allowed.' });
    expect(el.querySelector('[aria-live="polite"]')?.textContent).toBe('Finalize is allowed.');
  });

  it('renders into the shadow root through renderOverlay', () => {
    const { root, unmount } = mountOverlay(document, { mode: 'open' });
    renderOverlay(root, {
      state: { locked: true, reason: 'blocked' },
      decision: null,
      controls,
      openFor: null,
      onOpen: () => {},
      initials: null,
      announce: 'hi',
      confirm: null,
      onConfirm: () => {},
      forward: null,
      onForward: () => {},
    });
    expect(root.querySelectorAll('button.fg-lock')).toHaveLength(2);
    expect(root.querySelector('style')?.textContent).toContain('.fg-panel');
    unmount();
  });
});

describe('placePanel', () => {
  it('sits right of the control when it fits, flips left and above when it would overflow', () => {
    expect(placePanel({ top: 100, left: 100, width: 100, height: 30 }, 1200, 800)).toMatchObject({ left: '208px', top: '100px' });
    const flipped = placePanel({ top: 700, left: 1000, width: 150, height: 30 }, 1200, 800);
    expect(flipped).toMatchObject({ right: '208px', bottom: '70px' });
    expect(flipped.left).toBeUndefined();
    const narrow = placePanel({ top: 50, left: 100, width: 100, height: 30 }, 320, 600);
    expect(narrow).toMatchObject({ left: '24px', top: '88px' });
  });

  it('keeps a panel of known height inside the viewport: moved up from the bottom edge, down from the top', () => {
    expect(keepInside(100, 200, 720)).toBeNull();
    expect(keepInside(600, 200, 720)).toBe(512);
    expect(keepInside(-30, 200, 720)).toBe(8);
    expect(keepInside(300, 800, 720)).toBe(8); // taller than the viewport: its top stays on screen, it scrolls
  });
});
