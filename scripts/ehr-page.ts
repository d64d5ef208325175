/**
 * Page objects for the real-browser tests: the demo EHR with the built extension loaded.
 * The overlay lives in a closed shadow root, which page scripts (and Playwright locators) cannot
 * enter: read it the way assistive technology does, through the DevTools protocol's pierced DOM.
 */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { contentHash } from '../src/policy/hash';
import type { NoteContext } from '../src/policy/types';
import { CONFIG_KEY } from '../src/shared/storage-keys';

/**
 * A demo EHR scenario (URL query or `__setScenario`). `caseTherapist` also sets "Supervised by" unless `supervisor`
 * is given; `services` is "code:assistantMinutes:therapistMinutes,…" or "none"; `preset` names one of the demo's
 * PRESETS (demo/ehr/app.js), the other fields applying on top.
 */
export interface Scenario {
  user?: string;
  clinic?: string;
  insurance?: string;
  noteType?: string;
  supervisor?: string;
  caseTherapist?: string;
  treatmentDay?: string;
  services?: string;
  preset?: string;
}

/** The demo's (and the test EHRs') one therapist: an assistant's note names them as supervising therapist. */
const THERAPIST = 'u-pt-avery';

/**
 * The note context a test's note screen shows for a row (a daily note, dated as the test pages are): what decide()
 * is given to know what the guard must show there.
 */
export function noteContextOf(row: { user: string; clinic: string; insurance: string; supervisor?: string }, noteId = 'note-20001'): NoteContext {
  return {
    userId: row.user,
    clinicId: row.clinic,
    insuranceIds: [row.insurance],
    noteType: 'daily',
    noteId,
    dateOfService: '2026-11-27',
    ...(row.user === THERAPIST ? {} : { supervisingTherapistId: row.supervisor ?? THERAPIST }),
  };
}

/** The demo note screen's address for a scenario (any browser). */
export function noteUrl(base: string, s: Scenario = {}, path = '/ehr/index.html'): string {
  const q = new URLSearchParams(Object.entries(s).filter(([, v]) => v !== undefined) as Array<[string, string]>);
  return `${base}${path}?${q}`;
}

export async function openNote(context: BrowserContext, base: string, s: Scenario = {}, path = '/ehr/index.html'): Promise<Page> {
  const page = await context.newPage();
  await page.goto(noteUrl(base, s, path));
  // The iframe variant holds the note screen in its first child frame.
  const frame = path.includes('frame')
    ? page.frameLocator('#ehr-frame').locator('[data-action=finalize]').first()
    : page.locator('[data-action=finalize]').first();
  await frame.waitFor();
  return page;
}

/** Switches the demo's scenario inside the SPA (no reload), like the demo controls do. */
export async function setScenario(page: Page, s: Scenario): Promise<void> {
  await page.evaluate((x) => (window as unknown as { __setScenario(s: Scenario): void }).__setScenario(x), s);
}

/** Picks a note type in the note screen's own "Note type" select, as a person would. */
export async function chooseNoteType(page: Page, noteType: string): Promise<void> {
  await page.locator('select#note-type-select').selectOption(noteType);
  await page.locator(`.note-type[data-note-type="${noteType}"]`).waitFor();
}

/** Waits until the guard has decided (no longer "loading") and returns whether Finalize is locked. */
export async function lockState(page: Page): Promise<'locked' | 'open'> {
  await page.waitForFunction(everyControlMarked);
  // "loading" looks locked on the page: ask the guard itself.
  const deadline = Date.now() + DECISION_TIMEOUT_MS;
  let guard = await guardState(page);
  while (guard?.reason === 'loading' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20)); // between polls of the condition
    guard = await guardState(page);
  }
  if (!guard || guard.reason === 'loading')
    throw new Error(`the guard did not decide within ${DECISION_TIMEOUT_MS / 1000} s (its state: ${JSON.stringify(guard)})`);
  const state = controlsSay(await page.evaluate(controlMarks));
  if (state !== (guard.locked ? 'locked' : 'open')) throw new Error(`the controls say ${state}, the guard ${JSON.stringify(guard)}`);
  return state;
}

/** In the page: whether the guard has marked every Finalize control (locked, or open once a decision allows). */
export const everyControlMarked = () => {
  const els = [...document.querySelectorAll('[data-action=finalize]')];
  return els.length > 0 && els.every((e) => e.hasAttribute('data-finalize-guard'));
};

/** In the page: each Finalize control's mark. */
export const controlMarks = () => [...document.querySelectorAll('[data-action=finalize]')].map((e) => e.getAttribute('data-finalize-guard'));

/** The one state the controls' marks agree on ("loading" looks locked: ask the guard where a browser lets us). */
export function controlsSay(marks: Array<string | null>): 'locked' | 'open' {
  if (new Set(marks).size !== 1) throw new Error(`controls disagree: ${marks.join(', ')}`);
  return marks[0] === 'locked' ? 'locked' : 'open';
}

/** A generous "give up" for a decision on a loaded machine (one takes milliseconds: npm run bench). */
const DECISION_TIMEOUT_MS = 30_000;

/**
 * The guard's own state in the page's top frame ({ locked, reason? }), read where the content scripts run:
 * the extension's isolated world, through the DevTools protocol. Undefined when no guard runs there.
 */
export async function guardState(page: Page): Promise<{ locked: boolean; reason?: string } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const worlds: Array<{ id: number; origin: string; auxData?: { frameId?: string } }> = [];
    cdp.on('Runtime.executionContextCreated', (e) => worlds.push(e.context));
    await cdp.send('Runtime.enable'); // reports the existing contexts before it returns
    const { frameTree } = await cdp.send('Page.getFrameTree');
    for (const world of worlds.filter((w) => w.origin.startsWith('chrome-extension://') && w.auxData?.frameId === frameTree.frame.id)) {
      const { result } = await cdp.send('Runtime.evaluate', { expression: 'globalThis.__finalizeGuard?.state()', contextId: world.id, returnByValue: true });
      if (result.value) return result.value as { locked: boolean; reason?: string };
    }
    return undefined;
  } finally {
    await cdp.detach().catch(() => undefined); // the page may have closed
  }
}

/** In the page: how often the demo EHR's own finalize handler ran. */
export const countFinalizeCalls = () => (window as unknown as { __finalizeCalls: number }).__finalizeCalls;
export const finalizeCalls = (page: Page) => page.evaluate(countFinalizeCalls);

/** A DOM tree with shadow roots, closed ones too, as the DevTools protocol (or WebDriver BiDi) pierces it. */
export interface PiercedNode {
  nodeType: number;
  nodeName: string;
  nodeValue?: string;
  attributes?: string[];
  children?: PiercedNode[];
  shadowRoots?: PiercedNode[];
  contentDocument?: PiercedNode;
}

/** All text inside the overlay's closed shadow root (empty when there is no overlay). */
export async function overlayText(page: Page): Promise<string> {
  return overlayTextIn(await piercedDocument(page));
}

/** The document, closed shadow roots included, through the DevTools protocol. */
async function piercedDocument(page: Page): Promise<PiercedNode> {
  const cdp = await page.context().newCDPSession(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: PiercedNode };
  await cdp.detach();
  return root;
}

/** All text inside the overlay hosts under root. */
export function overlayTextIn(root: PiercedNode): string {
  const hosts: PiercedNode[] = [];
  const find = (n: PiercedNode) => {
    if (n.nodeName === 'FINALIZE-GUARD-OVERLAY') hosts.push(n);
    [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])].forEach(find);
  };
  find(root);
  const parts: string[] = [];
  const collect = (n: PiercedNode) => {
    if (n.nodeType === 3 && n.nodeName === '#text' && n.nodeValue?.trim()) parts.push(n.nodeValue.trim());
    if (n.nodeName === 'STYLE') return;
    [...(n.shadowRoots ?? []), ...(n.children ?? []), ...(n.contentDocument ? [n.contentDocument] : [])].forEach(collect);
  };
  hosts.forEach(collect);
  return parts.join(' ');
}

/** The overlay as a person reads it: headings, each reason with its fix, badges (not the screen-reader echo). */
export async function overlayLines(page: Page): Promise<string[]> {
  return overlayLinesIn(await piercedDocument(page));
}

/** The overlay's lines under root (see overlayLines). */
export function overlayLinesIn(root: PiercedNode): string[] {
  const text = (n: PiercedNode): string => (n.nodeType === 3 ? (n.nodeValue ?? '') : (n.children ?? []).map(text).join(''));
  const cls = (n: PiercedNode) => {
    const a = n.attributes ?? [];
    const i = a.indexOf('class');
    return i >= 0 ? a[i + 1] : '';
  };
  // An open fix is its text, then its source on a line of its own (as on screen: the source is a block).
  const partsOf = (c: PiercedNode): string[] =>
    c.nodeName === 'DIV' && cls(c).includes('fg-fix')
      ? [
          (c.children ?? [])
            .filter((k) => k.nodeName !== 'SMALL')
            .map(text)
            .join(''),
          ...(c.children ?? []).filter((k) => k.nodeName === 'SMALL').map(text),
        ]
      : [text(c)];
  const lines: string[] = [];
  let inside = false;
  const walk = (n: PiercedNode) => {
    const host = n.nodeName === 'FINALIZE-GUARD-OVERLAY';
    if (host) inside = true;
    if (inside && n.nodeName === 'H2') lines.push(text(n).trim());
    else if (inside && n.nodeName === 'LI')
      lines.push(
        `  - ${(n.children ?? [])
          .flatMap(partsOf)
          .map((t) => t.trim())
          .filter(Boolean)
          .join('\n    ')}`,
      );
    else if (inside && /fg-initials|fg-note/.test(cls(n))) lines.push(text(n).trim());
    else [...(n.shadowRoots ?? []), ...(n.children ?? []), ...(n.contentDocument ? [n.contentDocument] : [])].forEach(walk);
    if (host) inside = false;
  };
  walk(root);
  return lines;
}

/** Element names inside the overlay (to prove rule text never became markup). */
export async function overlayElements(page: Page): Promise<string[]> {
  const root = await piercedDocument(page);
  const names: string[] = [];
  let inside = false;
  const walk = (n: PiercedNode) => {
    const host = n.nodeName === 'FINALIZE-GUARD-OVERLAY';
    if (host) inside = true;
    if (inside && n.nodeType === 1) names.push(n.nodeName);
    [...(n.shadowRoots ?? []), ...(n.children ?? []), ...(n.contentDocument ? [n.contentDocument] : [])].forEach(walk);
    if (host) inside = false;
  };
  walk(root);
  return names;
}

/** Replaces the active configuration's pack of the same name the way a publish does (the service worker's storage). */
export async function setActiveConfig(sw: Worker, change: { pack?: Record<string, unknown> & { name?: unknown }; remove?: boolean }): Promise<void> {
  const hash = change.pack ? await contentHash(change.pack) : undefined;
  await sw.evaluate(
    async (c) => {
      const api = (
        globalThis as unknown as {
          chrome: { storage: { local: { get(k: string): Promise<Record<string, any>>; set(v: object): Promise<void>; remove(k: string): Promise<void> } } };
        }
      ).chrome;
      if (c.remove) return api.storage.local.remove(c.key);
      const { [c.key]: activeConfig } = await api.storage.local.get(c.key);
      const packs = (activeConfig.packs as Array<{ pack: { name: string } }>).map((e) =>
        c.pack && e.pack.name === c.pack.name ? { ...e, pack: c.pack, hash: c.hash } : e,
      );
      await api.storage.local.set({ [c.key]: { ...activeConfig, packs } });
    },
    { ...change, hash, key: CONFIG_KEY },
  );
}

/** Until the service worker has installed its configuration (it lives beside the seed: see seed-example.ts). */
export { waitForConfig } from './seed-example';

/**
 * The attempt entries of the audit log (IndexedDB, read in the service worker, the log's only writer),
 * oldest first. An entry keeps the note id only as a salted hash (`noteRef`); this helper matches it back
 * against the note ids given (the demo's by default) with the browser's salt, and adds that `noteId`, so a
 * test can say which note an attempt was on.
 */
export async function storedAttempts(sw: Worker, noteIds: string[] = ['note-20001']): Promise<Array<Record<string, unknown>>> {
  return sw.evaluate(readAttempts, await attemptsQuery(noteIds));
}

/** What readAttempts needs: the audit database's name and store, and the note ids to match back. */
export async function attemptsQuery(noteIds: string[] = ['note-20001']): Promise<{ db: { name: string; store: string }; noteIds: string[] }> {
  const { AUDIT_DB } = await import('../src/audit/types');
  return { db: { name: AUDIT_DB.name, store: AUDIT_DB.store }, noteIds };
}

/** In the extension (its worker, or one of its pages: same origin, same IndexedDB): the attempts, see storedAttempts. */
export const readAttempts = async ({ db: { name, store }, noteIds }: Awaited<ReturnType<typeof attemptsQuery>>): Promise<Array<Record<string, unknown>>> => {
  const api = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, { salt?: string } | undefined>> } } } }).chrome;
  const entries = await new Promise<Array<Record<string, unknown>>>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.transaction?.abort(); // no log yet: never create it here
    open.onerror = () => resolve([]);
    open.onsuccess = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        return resolve([]);
      }
      const req = db.transaction(store, 'readonly').objectStore(store).getAll();
      req.onsuccess = () => {
        db.close();
        resolve(req.result as Array<Record<string, unknown>>);
      };
      req.onerror = () => {
        db.close();
        reject(req.error);
      };
    };
  });
  const salt = (await api.storage.local.get('auditIdentity')).auditIdentity?.salt ?? '';
  const hex = (b: ArrayBuffer) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
  const refs = new Map<string, string>();
  for (const id of noteIds) refs.set(hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${id}`))), id);
  return entries
    .filter((e) => e.type === 'attempt')
    .sort((a, b) => String(a.at).localeCompare(String(b.at)))
    .map((e) => (typeof e.noteRef === 'string' && refs.has(e.noteRef) ? { ...e, noteId: refs.get(e.noteRef) } : e));
};
/**
 * What has keyboard focus, as assistive technology sees it (the overlay's closed shadow root included):
 * the focused node's accessible role and name, read through the DevTools protocol's accessibility tree.
 */
export async function focused(page: Page): Promise<{ role: string; name: string } | undefined> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ role?: { value?: string }; name?: { value?: string }; properties?: Array<{ name: string; value: { value?: unknown } }> }>;
    };
    const node = nodes.find((n) => n.properties?.some((p) => p.name === 'focused' && p.value.value === true) && n.role?.value !== 'RootWebArea');
    return node ? { role: String(node.role?.value ?? ''), name: String(node.name?.value ?? '') } : undefined;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Where the open explanation sits and where each of its reasons' lines is, in CSS pixels of the viewport
 * (read through the DevTools protocol: the overlay's shadow root is closed), with the viewport's size.
 * A reason scrolled out of the panel's view is reported where it is, outside the panel's box.
 */
export async function explanationBoxes(page: Page): Promise<{ viewport: { width: number; height: number }; panel: Box | null; reasons: Box[] }> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: PiercedNode & { nodeId: number } };
    type N = PiercedNode & { nodeId: number; children?: N[]; shadowRoots?: N[] };
    const cls = (n: N) => {
      const a = n.attributes ?? [];
      const i = a.indexOf('class');
      return i >= 0 ? a[i + 1].split(' ') : [];
    };
    const kids = (n: N): N[] => [...(n.shadowRoots ?? []), ...(n.children ?? [])];
    const find = (n: N, ok: (n: N) => boolean): N[] => (ok(n) ? [n] : kids(n).flatMap((c) => find(c, ok)));
    const panel = find(root as N, (n) => cls(n).includes('fg-panel'))[0];
    const box = async (n: N): Promise<Box> => {
      const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: n.nodeId })) as { model: { border: number[] } };
      const [x1, y1, , , x3, y3] = model.border;
      return { x: x1, y: y1, width: x3 - x1, height: y3 - y1 };
    };
    const lines = panel ? find(panel, (n) => n.nodeName === 'LI') : [];
    const viewport = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
    return { viewport, panel: panel ? await box(panel) : null, reasons: await Promise.all(lines.map(box)) };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** The boxes (CSS pixels of the viewport) of the overlay's elements with this class, in document order. */
export async function overlayBoxes(page: Page, className: string): Promise<Box[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    type N = PiercedNode & { nodeId: number; children?: N[]; shadowRoots?: N[] };
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: N };
    const has = (n: N) => {
      const a = n.attributes ?? [];
      const i = a.indexOf('class');
      return i >= 0 && a[i + 1].split(' ').includes(className);
    };
    const found: N[] = [];
    const walk = (n: N) => {
      if (has(n)) found.push(n);
      [...(n.shadowRoots ?? []), ...(n.children ?? [])].forEach(walk);
    };
    walk(root);
    return Promise.all(
      found.map(async (n) => {
        const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: n.nodeId })) as { model: { border: number[] } };
        const [x1, y1, , , x3, y3] = model.border;
        return { x: x1, y: y1, width: x3 - x1, height: y3 - y1 };
      }),
    );
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** What of a lock's explanation is open under root: the explanation itself, and how many reasons show their fix. */
export function explanationOpenIn(root: PiercedNode): { explanation: boolean; fixes: number } {
  const seen = { explanation: false, fixes: 0 };
  const walk = (n: PiercedNode) => {
    const a = n.attributes ?? [];
    const attr = (name: string) => {
      for (let i = 0; i + 1 < a.length; i += 2) if (a[i] === name) return a[i + 1];
      return undefined;
    };
    if (attr('id') === 'fg-why') seen.explanation = true;
    if (String(attr('aria-controls')).startsWith('fg-fix-') && attr('aria-expanded') === 'true') seen.fixes++;
    [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])].forEach(walk);
  };
  walk(root);
  return seen;
}

/** A browser page as openAllFixes drives it, in Chromium or Firefox: focus, a key press, and what of the explanation is open. */
export interface KeyboardPage {
  focus(selector: string): Promise<void>;
  press(key: string): Promise<void>;
  opened(): Promise<{ explanation: boolean; fixes: number }>;
}

/** Polls until the explanation shows what `done` asks (each step waits for the overlay to render, not for a fixed time). */
async function until(page: KeyboardPage, what: string, done: (o: { explanation: boolean; fixes: number }) => boolean): Promise<void> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    if (done(await page.opened())) return;
  }
  throw new Error(`openAllFixes: ${what} did not happen (${JSON.stringify(await page.opened())})`);
}

/**
 * Opens the explanation of the top Finalize from the keyboard and every reason's fix ("How to fix" is a
 * disclosure): Finalize, Enter; Tab to its badge, to the explanation, then Tab and Enter on each reason's fix.
 */
export async function openAllFixesWith(page: KeyboardPage, reasons: number): Promise<void> {
  await page.focus('button.finalize.top');
  await page.press('Enter');
  await until(page, 'the explanation opening', (o) => o.explanation);
  for (const key of ['Tab', 'Tab']) await page.press(key);
  for (let i = 0; i < reasons; i++) {
    await page.press('Tab');
    await page.press('Enter');
    await until(page, `fix ${i + 1} of ${reasons} opening`, (o) => o.fixes === i + 1);
  }
}

/** openAllFixesWith in Chromium. */
export const openAllFixes = (page: Page, reasons: number): Promise<void> =>
  openAllFixesWith(
    {
      focus: (selector) => page.focus(selector),
      press: (key) => page.keyboard.press(key),
      opened: () => explanationOpened(page),
    },
    reasons,
  );

/** What of the explanation is open in a Chromium page (explanationOpenIn). */
export const explanationOpened = async (page: Page) => explanationOpenIn(await piercedDocument(page));
