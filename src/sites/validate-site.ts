/**
 * Checks of a site profile (rules/sites/*.json). Runs in Node and under MV3's CSP, without a DOM: selectors get
 * a conservative syntax check here, and one that still throws in the page reads nothing (decide() fails closed).
 */
import { NOTE_TYPES } from '../policy/catalog';
import { Problems, checkKeys, checkText, isObject, suggest, type Json, type JsonPath, rootObject } from '../policy/problems';
import { CONTEXT_FIELDS, FIELD_KINDS, SERVICE_FIELDS } from './fields';
import { namesEverySite, parseMatchPattern } from './match-url';
import type { ContextField } from './types';
import { costProblem, grammarProblem } from './selector-grammar';

export { CONTEXT_FIELDS };
const SITE_KEYS = [
  '$schema',
  'name',
  'version',
  'description',
  'urlPatterns',
  'noteScreen',
  'finalizeControls',
  'finalizeForms',
  'shortcuts',
  'finalizeEndpoint',
  'forwardControl',
  'facts',
];
const EXTRACTOR_KEYS = ['selector', 'attribute', 'property', 'text', 'capture', 'all', 'map', 'lookup'];
const REGEX_KEYS = ['regex', 'regexp', 'pattern', 'match'];
const REQUIRED_FIELDS = ['userId', 'clinicId', 'insuranceIds', 'noteType'];
const LOOKUPS = ['users', 'clinics', 'insurances'];
const LOOKUP_FOR: Partial<Record<string, string>> = { userId: 'users', supervisingTherapistId: 'users', clinicId: 'clinics', insuranceIds: 'insurances' };
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const ATTRIBUTE = /^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/;
/** \d, .*, (?, [^, a leading ^ or trailing $, a quantified group: signs of a regular expression. */
const REGEX_LIKE = /\\[dDsSwWbB]|\.[*+?]|\(\?|\[\^|^\^|\$$|[)\]][*+?]/;
const NO_REGEX = 'Regular expressions are not supported (they can hang the page): "capture" is literal text around {value}, e.g. "Supervised by: {value}".';
const MAX_LIST = 50;

/** Why a selector is refused, or null. Conservative: no braces, "<", ";", "@", backslash-newline, unbalanced [ ( or quotes. */
export function selectorProblem(s: unknown): string | null {
  if (typeof s !== 'string' || s.trim() === '') return 'must be a non-empty CSS selector';
  if (s.length > 300) return 'is longer than 300 characters';
  const bad = /[{}<;@]/.exec(s);
  if (bad) return `contains '${bad[0]}', which a plain selector never needs`;
  const open: string[] = [];
  let quote = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (i + 1 >= s.length || '\n\r\f'.includes(s[i + 1])) return 'has a backslash at the end of a line';
      i++;
    } else if (quote) {
      if (c === quote) quote = '';
      else if ('\n\r\f'.includes(c)) return `has an unclosed ${quote} quote`;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') open.push(c === '[' ? ']' : ')');
    else if ((c === ']' || c === ')') && open.pop() !== c) return `has an unbalanced '${c}'`;
  }
  if (quote) return `has an unclosed ${quote} quote`;
  if (open.length) return `has an unclosed '${open.pop() === ']' ? '[' : '('}'`;
  return grammarProblem(s);
}

function checkSelector(value: unknown, at: JsonPath, out: Problems): void {
  const problem = selectorProblem(value);
  if (problem)
    out.error(
      at,
      `The selector ${problem}`,
      "Write a plain CSS selector such as \"[data-action='finalize']\" and try it with document.querySelector in the page's console.",
    );
  const cost = problem ? null : costProblem(value as string);
  if (cost)
    out.error(
      at,
      `The selector ${cost}`,
      'Selectors run on every change of the note page: name the element by an id, class or attribute instead, e.g. "[data-action=\'finalize\']".',
    );
}

function checkList(obj: Json, key: string, example: string, out: Problems, required: boolean): unknown[] | null {
  const v = obj[key];
  if (v === undefined && !required) return null;
  if (Array.isArray(v) && v.length > 0 && v.length <= MAX_LIST) return v;
  out.error(
    [key],
    `'${key}' must be a non-empty list (at most ${MAX_LIST} items)`,
    `Write e.g. "${key}": [${example}]${required ? '' : `, or leave "${key}" out`}.`,
  );
  return null;
}

export function validateSite(value: unknown): Problems {
  const out = new Problems();
  const site = rootObject(value, SITE_KEYS, out, 'A site profile', 'Start from rules/sites/demo-ehr.json.');
  if (!site) return out;
  checkText(site, 'name', [], out, { required: true, max: 64, pattern: NAME, example: '"webpt"' });
  checkText(site, 'version', [], out, { required: true, max: 32, pattern: /^\d+\.\d+\.\d+$/, example: '"1.0.0"' });
  checkText(site, '$schema', [], out, { required: false, max: 500, example: '"../schema/site.schema.json"' });
  checkText(site, 'description', [], out, { required: false, max: 2000, example: '"Built from ..."' });
  checkList(site, 'urlPatterns', '"https://*.example.com/*"', out, true)?.forEach((p, i) => {
    const parsed = typeof p === 'string' ? parseMatchPattern(p) : null;
    if (!parsed)
      out.error(
        ['urlPatterns', i],
        `${JSON.stringify(p)} is not a supported match pattern`,
        'Write scheme://host/path such as "https://*.example.com/*": scheme http, https or *, host *, *.domain or a host with an optional :port, and a path starting with /.',
      );
    else if (namesEverySite(parsed))
      out.error(
        ['urlPatterns', i],
        `${p} matches every site${parsed.host === '*' ? '' : ` under .${parsed.host}`}: the guard would run, and ask for access, everywhere`,
        'Name the EHR\'s host instead, e.g. "https://*.webpt.com/*" or "https://ehr.example.com/*".',
      );
  });
  if (site.noteScreen !== undefined) checkSelector(site.noteScreen, ['noteScreen'], out);
  else out.error(['noteScreen'], "Missing 'noteScreen'", 'Add "noteScreen": a selector found only on the note screen, e.g. "main[data-screen=\'soap-note\']".');
  checkList(site, 'finalizeControls', '"[data-action=\'finalize\']"', out, true)?.forEach((s, i) => checkSelector(s, ['finalizeControls', i], out));
  checkList(site, 'finalizeForms', '"form#note-form"', out, false)?.forEach((s, i) => checkSelector(s, ['finalizeForms', i], out));
  checkList(site, 'shortcuts', '{ "key": "Enter", "ctrl": true }', out, false)?.forEach((s, i) => checkShortcut(s, ['shortcuts', i], out));
  const ep = site.finalizeEndpoint;
  const core = typeof ep === 'string' ? ep.replace(/^\|\|?/, '').replace(/\|$/, '') : '';
  if (
    ep !== undefined &&
    (core === '' || (ep as string).length > 300 || /[^\x21-\x7e]/.test(ep as string) || core.includes('|') || (ep as string).startsWith('||*'))
  ) {
    out.error(
      ['finalizeEndpoint'],
      "'finalizeEndpoint' must be a declarativeNetRequest urlFilter",
      'Write e.g. "/api/notes/*/finalize": ASCII without spaces, "*" as wildcard, "|" or "||" only at the start and "|" at the end.',
    );
  }
  if (site.forwardControl !== undefined) checkSelector(site.forwardControl, ['forwardControl'], out);
  checkFacts(site.facts, out);
  return out;
}

function checkShortcut(s: unknown, at: JsonPath, out: Problems): void {
  if (!isObject(s)) return out.error(at, 'A shortcut must be an object', 'Write { "key": "Enter", "ctrl": true }.');
  checkKeys(s, ['key', 'ctrl', 'meta', 'alt', 'shift'], at, out);
  checkText(s, 'key', at, out, { required: true, max: 32, example: '"Enter" (a KeyboardEvent.key value)' });
  for (const m of ['ctrl', 'meta', 'alt', 'shift']) {
    if (s[m] !== undefined && typeof s[m] !== 'boolean') out.error([...at, m], `'${m}' must be true or false`, `Write "${m}": true without quotes.`);
  }
  // Until the page's profiles are known (a few ms after load) the guard stops only keys with a modifier and Enter/Space
  // (lock.ts): a plain "F9" or "Shift+S" shortcut would get through then, and would catch typing once known.
  if (s.ctrl !== true && s.meta !== true && s.alt !== true)
    out.error(
      at,
      'A shortcut without ctrl, meta or alt',
      'The guard cannot hold it while the page loads, and it would catch ordinary typing: add the modifier the EHR uses.',
    );
}

function checkFacts(facts: unknown, out: Problems): void {
  if (!isObject(facts)) {
    return out.error(
      ['facts'],
      "'facts' must be an object: for each note-context field, how to read it",
      'Write "facts": { "userId": [ { "selector": ".current-user", "attribute": "data-user-id" } ] }.',
    );
  }
  checkKeys(facts, CONTEXT_FIELDS, ['facts'], out);
  for (const field of REQUIRED_FIELDS) {
    if (!Object.hasOwn(facts, field))
      out.warn(
        ['facts'],
        `No extractors for '${field}'`,
        `Every decision fails closed until the page's ${field} can be read: add "${field}": [ { "selector": ... } ].`,
      );
  }
  const services = SERVICE_FIELDS.filter((f) => Object.hasOwn(facts, f));
  if (services.length > 0 && services.length < SERVICE_FIELDS.length) {
    const missing = SERVICE_FIELDS.filter((f) => !services.includes(f));
    out.warn(
      ['facts'],
      `'${services.join("', '")}' without '${missing.join("', '")}'`,
      `Services and minutes are read together, one value per row of the same table: add ${missing.map((f) => `"${f}"`).join(' and ')}, or every decision that needs the services fails closed.`,
    );
  }
  for (const field of CONTEXT_FIELDS.filter((f) => Object.hasOwn(facts, f))) {
    const list = facts[field];
    if (!Array.isArray(list) || list.length === 0 || list.length > 10) {
      out.error(
        ['facts', field],
        `'${field}' must be a non-empty list of extractors (at most 10)`,
        'List the ways to read it, best first: [ { "selector": ..., "attribute": ... } ].',
      );
    } else list.forEach((ex, i) => checkExtractor(field, ex, ['facts', field, i], out));
  }
}

function checkExtractor(field: ContextField, ex: unknown, at: JsonPath, out: Problems): void {
  const kind = FIELD_KINDS[field];
  if (!isObject(ex)) return out.error(at, 'An extractor must be an object', 'Write { "selector": ".current-user", "attribute": "data-user-id" }.');
  for (const key of REGEX_KEYS.filter((k) => Object.hasOwn(ex, k))) out.error([...at, key], `'${key}' is not supported`, NO_REGEX, true);
  checkKeys(ex, [...EXTRACTOR_KEYS, ...REGEX_KEYS], at, out);
  if (ex.selector === undefined) out.error([...at, 'selector'], "Missing 'selector'", 'Add "selector": the element to read, searched inside the note screen.');
  else checkSelector(ex.selector, [...at, 'selector'], out);
  const reads = ['attribute', 'property', 'text'].filter((k) => Object.hasOwn(ex, k));
  if (reads.length > 1) out.error(at, `Use only one of ${reads.join(', ')}`, "An extractor reads one thing: an attribute, a property, or the element's text.");
  if (ex.attribute !== undefined && !(typeof ex.attribute === 'string' && ex.attribute.length <= 100 && ATTRIBUTE.test(ex.attribute))) {
    out.error(
      [...at, 'attribute'],
      `${JSON.stringify(ex.attribute)} is not an attribute name`,
      'Write the bare name, e.g. "data-user-id" (no brackets, quotes or selector).',
    );
  }
  if (ex.property !== undefined && ex.property !== 'value' && ex.property !== 'textContent') {
    out.error([...at, 'property'], `Unsupported property ${JSON.stringify(ex.property)}`, suggest(String(ex.property), ['value', 'textContent']));
  }
  for (const key of ['text', 'all']) {
    if (ex[key] !== undefined && ex[key] !== true) out.error([...at, key], `'${key}' can only be true`, `Write "${key}": true, or leave it out.`);
  }
  checkCapture(ex.capture, [...at, 'capture'], out);
  if (ex.map !== undefined) {
    const entries = isObject(ex.map) ? Object.entries(ex.map) : [];
    if (entries.length === 0 || !entries.every(([, v]) => typeof v === 'string' && v !== '')) {
      out.error([...at, 'map'], "'map' must be an object of page words to values (text)", 'Write e.g. "map": { "Daily Note": "daily" }.');
    } else if (field === 'noteType') {
      for (const [k, v] of entries)
        if (!NOTE_TYPES.includes(v as never)) out.error([...at, 'map', k], `Unknown note type ${JSON.stringify(v)}`, suggest(String(v), NOTE_TYPES));
    } else if (kind === 'number' || kind === 'minutes') {
      for (const [k, v] of entries) {
        if (!/^\d{1,5}$/.test(v as string))
          out.error(
            [...at, 'map', k],
            `${JSON.stringify(v)} is not a whole number`,
            `'${field}' holds whole numbers: map page words to digits, e.g. "map": { "—": "0" }.`,
          );
      }
    }
  } else if (field === 'noteType' && ex.attribute === undefined && ex.property === undefined) {
    out.warn(at, "The screen's words are read as the note type", `Add "map": { "Daily Note": "daily", ... }: only ${NOTE_TYPES.join(', ')} are note types.`);
  }
  if (ex.lookup !== undefined) {
    if (typeof ex.lookup !== 'string' || !LOOKUPS.includes(ex.lookup))
      out.error([...at, 'lookup'], `Unknown lookup ${JSON.stringify(ex.lookup)}`, suggest(String(ex.lookup), LOOKUPS));
    else if (LOOKUP_FOR[field] !== ex.lookup) {
      out.error(
        [...at, 'lookup'],
        `'${field}' cannot be looked up in ${ex.lookup}`,
        LOOKUP_FOR[field] ? `Use "lookup": "${LOOKUP_FOR[field]}".` : `Remove "lookup": ${field} is not a directory id.`,
      );
    }
  }
  if (field === 'insuranceIds' && ex.all !== true)
    out.warn(
      at,
      'An \'insuranceIds\' extractor without "all": true reads only the first insurance',
      'Add "all": true, so that a second insurance that does not allow assistants is not missed.',
    );
  if ((kind === 'list' || kind === 'minutes') && ex.all !== true)
    out.warn(
      at,
      `A '${field}' extractor without "all": true reads only the first service`,
      'Add "all": true and select one element per row of the services table, so that every service and its minutes are read, aligned.',
    );
  if ((kind === 'text' || kind === 'number') && ex.all === true)
    out.warn(
      [...at, 'all'],
      `'all' on '${field}', which holds one value`,
      'When the matches disagree nothing is read (the decision fails closed): remove "all" to read the first match.',
    );
}

function checkCapture(capture: unknown, at: JsonPath, out: Problems): void {
  if (capture === undefined) return;
  if (typeof capture !== 'string' || capture.length > 300)
    return out.error(at, "'capture' must be text (at most 300 characters)", 'Write e.g. "capture": "Supervised by: {value}".');
  const count = capture.split('{value}').length - 1;
  const regexLike = REGEX_LIKE.test(capture) || /\(.*\)/.test(capture);
  if (count !== 1) {
    out.error(
      at,
      `'capture' must contain {value} exactly once (found ${count})`,
      regexLike ? NO_REGEX : 'Write the text around the value with one {value}, e.g. "Supervised by: {value}".',
    );
  } else if (REGEX_LIKE.test(capture)) {
    out.warn(at, "'capture' looks like a regular expression, but it is matched as literal text", NO_REGEX);
  }
}
