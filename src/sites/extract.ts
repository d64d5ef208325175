/**
 * Reads a note context from the page with a site profile. Pure DOM (happy-dom or a real page, no extension APIs).
 * Values are not validated here — decide() does that and fails closed — but nothing here throws: a selector
 * the browser rejects, an unmatched capture, an unmapped word or an unknown name simply reads nothing.
 */
import type { Directory, NoteContext } from '../policy/types';
import { FIELD_KINDS, type FieldKind } from './fields';
import type { Extractor, SiteProfile } from './types';

/** Digits (at most 5), and for minutes an optional minute word: "25", "25 min", "25 minutes". Not "2 units", "2.5" or "-3". */
const WHOLE = /^(\d{1,5})(\s*min(?:ute)?s?\.?)?$/i;

const LOOKUPS = ['users', 'clinics', 'insurances'] as const;
const DOCUMENT_POSITION_FOLLOWING = 4;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isElement = (n: unknown): n is Element => isRecord(n) && typeof (n as { matches?: unknown }).matches === 'function';

/** Matches of a selector in scope, the scope element itself included (first); [] when the selector throws. */
function query(scope: ParentNode, selector: unknown, all: boolean): Element[] {
  if (typeof selector !== 'string') return [];
  try {
    const self = isElement(scope) && scope.matches(selector) ? [scope] : [];
    if (all) return [...self, ...Array.from(scope.querySelectorAll(selector))];
    const first = self[0] ?? scope.querySelector(selector);
    return first ? [first] : [];
  } catch {
    return [];
  }
}

function findScreen(root: ParentNode, profile: SiteProfile): Element | null {
  return isRecord(profile) ? (query(root, profile.noteScreen, false)[0] ?? null) : null;
}

/** What the screen shows: text with whitespace collapsed; for a <select>, its selected option's text. */
function shownText(el: Element): string {
  let node: Node | null | undefined = el;
  if (el.tagName.toUpperCase() === 'SELECT') {
    const select = el as HTMLSelectElement;
    node = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
  }
  return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

function read(el: Element, ex: Extractor): unknown {
  if (ex.attribute !== undefined) return typeof ex.attribute === 'string' ? el.getAttribute(ex.attribute) : undefined;
  if (ex.property === 'value') return (el as HTMLInputElement).value;
  if (ex.property === 'textContent') return el.textContent;
  return ex.property === undefined ? shownText(el) : undefined;
}

/** "Supervised by: {value}": the text after the first "Supervised by: ", up to the suffix (or the end). */
function capture(text: string, template: string): string | undefined {
  const [prefix, suffix, extra] = template.split('{value}');
  if (suffix === undefined || extra !== undefined) return undefined;
  const start = text.indexOf(prefix);
  if (start < 0) return undefined;
  const from = start + prefix.length;
  const end = suffix === '' ? text.length : text.indexOf(suffix, from);
  return end < 0 ? undefined : text.slice(from, end);
}

/** Exact, case-sensitive name; a name two entries share is ambiguous and reads nothing. */
function lookup(directory: Directory, kind: unknown, name: string): string | undefined {
  const list: unknown = LOOKUPS.includes(kind as never) && isRecord(directory) ? directory[kind as (typeof LOOKUPS)[number]] : undefined;
  const hits = Array.isArray(list) ? list.filter((e) => isRecord(e) && e.name === name && typeof e.id === 'string') : [];
  return hits.length === 1 ? (hits[0].id as string) : undefined;
}

function transform(raw: unknown, ex: Extractor, directory: Directory): string | undefined {
  let v = typeof raw === 'string' && raw !== '' ? raw : undefined;
  if (v !== undefined && ex.capture !== undefined) v = typeof ex.capture === 'string' ? capture(v, ex.capture) : undefined;
  if (v !== undefined && ex.map !== undefined) {
    const mapped = isRecord(ex.map) && Object.hasOwn(ex.map, v) ? ex.map[v] : undefined;
    v = typeof mapped === 'string' ? mapped : undefined;
  }
  if (v !== undefined && ex.lookup !== undefined) v = lookup(directory, ex.lookup, v);
  return v === '' ? undefined : v;
}

/**
 * The values one extractor reads; undefined when it reads nothing, null when it found a number or rows of a row list
 * (services, minutes) but could not read them all. With "all", every match must yield a value: a partial list could
 * leave out the very insurance that does not allow assistants, or shift a row's minutes onto another service. Sets
 * keep each value once; row lists keep every row, in document order. Number fields read a whole number (WHOLE).
 */
function run(screen: Element, ex: unknown, kind: FieldKind, directory: Directory): Array<string | number> | null | undefined {
  if (!isRecord(ex)) return undefined;
  const extractor = ex as unknown as Extractor,
    values: Array<string | number> = [];
  const rows = kind === 'list' || kind === 'minutes';
  for (const el of query(screen, extractor.selector, extractor.all === true)) {
    let v: string | number | undefined = transform(read(el, extractor), extractor, directory);
    if (v !== undefined && (kind === 'number' || kind === 'minutes')) {
      const m = WHOLE.exec(v.trim());
      v = m && (kind === 'minutes' || !m[2]) ? Number(m[1]) : undefined;
    }
    if (v === undefined) return kind === 'text' || kind === 'set' ? undefined : null;
    if (rows || !values.includes(v)) values.push(v);
  }
  return values.length ? values : undefined;
}

/**
 * The note context the screen shows ({} off the note screen); each field from its first extractor that reads a
 * value. A field that cannot be read is left out, and decide() fails closed when a rule needs it — except the
 * optional counts: a treatment day or services rows that are on screen but cannot be read (or disagree) read as NaN
 * or an empty list, which no fact accepts, so that an unreadable count is never taken for one the screen does not show.
 */
export function extractContext(root: ParentNode, profile: SiteProfile, directory: Directory): Partial<NoteContext> {
  const context: Record<string, unknown> = {};
  try {
    const screen = findScreen(root, profile);
    const facts: unknown = screen ? profile.facts : undefined;
    if (!screen || !isRecord(facts)) return {};
    for (const [field, kind] of Object.entries(FIELD_KINDS)) {
      const extractors = Object.hasOwn(facts, field) ? facts[field] : undefined;
      if (!Array.isArray(extractors)) continue;
      const single = kind === 'text' || kind === 'number';
      let unread = false;
      for (const ex of extractors) {
        const values = run(screen, ex, kind, directory);
        if (values && (!single || values.length === 1)) {
          context[field] = single ? values[0] : values;
          break;
        } // several different values for a single-valued field: ambiguous, try the next extractor
        unread ||= values !== undefined;
      }
      if (unread && kind !== 'text' && kind !== 'set' && !Object.hasOwn(context, field)) context[field] = kind === 'number' ? NaN : [];
    }
  } catch {
    // a hostile or broken page: keep what was read; decide() fails closed on the rest
  }
  return context as Partial<NoteContext>;
}

export function isNoteScreen(root: ParentNode, profile: SiteProfile): boolean {
  return findScreen(root, profile) !== null;
}

/** Every element matching any finalizeControls selector, anywhere under root, in document order, each once. */
export function findControls(root: ParentNode, profile: SiteProfile): Element[] {
  const selectors: unknown = isRecord(profile) ? profile.finalizeControls : undefined;
  const found = new Set<Element>();
  if (Array.isArray(selectors)) for (const s of selectors) for (const el of query(root, s, true)) found.add(el);
  return [...found].sort((a, b) => (a.compareDocumentPosition(b) & DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/**
 * The attributes whose change can change what the profile reads: every extractor's attribute, and for the others
 * (a DOM property or text) "value" and "selected", which a script changes on a <select> or an input without an
 * input event. A page that only changes one of these (no text, no node replaced) must still be re-decided.
 */
export function attributesRead(profile: SiteProfile): string[] {
  const names = new Set<string>();
  const facts = isRecord(profile) && isRecord(profile.facts) ? profile.facts : {};
  for (const extractors of Object.values(facts)) {
    if (!Array.isArray(extractors)) continue;
    for (const ex of extractors) {
      if (!isRecord(ex)) continue;
      if (typeof ex.attribute === 'string') names.add(ex.attribute);
      else names.add('value').add('selected');
    }
  }
  return [...names];
}

/**
 * The selectors of the extractors that read an element's text or value rather than an attribute: typing re-decides
 * only in an element one of them matches, and text changes only inside one.
 */
export function contentSelectors(profile: SiteProfile): string[] {
  const facts = isRecord(profile) && isRecord(profile.facts) ? profile.facts : {};
  const selectors = new Set<string>();
  for (const extractors of Object.values(facts)) {
    if (!Array.isArray(extractors)) continue;
    for (const ex of extractors) if (isRecord(ex) && typeof ex.selector === 'string' && ex.attribute === undefined) selectors.add(ex.selector);
  }
  return [...selectors];
}
