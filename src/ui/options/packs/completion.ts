/**
 * What the pack editor offers at the cursor: fact names, each fact's paths, operators that fit the
 * path's type, event types, gates, audiences, modes, scopes, enumeration values, keys, and {{fact.path}}
 * placeholders in messages — all from the policy core's catalog, so the editor can only suggest what
 * validation accepts. Pure: a small tolerant scan of the JSON text (it is usually half-typed).
 */
import { EVENT_TYPES, FACTS, GATES, OPERATORS, factType } from '../../../policy/catalog';

export interface Suggestion {
  label: string;
  /** What is inserted (defaults to the label, quoted when the cursor is not inside a string). */
  apply?: string;
  detail?: string;
  kind: 'fact' | 'path' | 'operator' | 'gate' | 'keyword' | 'value' | 'property' | 'placeholder';
}
export interface Completions {
  from: number;
  to: number;
  options: Suggestion[] /** The cursor is inside a string (a value or key being typed). */;
  inString: boolean;
}

/** The gates a pack may name; `facts` and `policy` are Finalize Guard's own. */
export const PACK_GATES = GATES.filter((g) => g !== 'facts' && g !== 'policy');

const KEYS = {
  root: ['$schema', 'name', 'version', 'mode', 'description', 'scope', 'jurisdiction', 'effective', 'lastChecked', 'sources', 'rules'],
  rule: ['name', 'description', 'conditions', 'event'],
  condition: ['fact', 'path', 'operator', 'value', 'priority', 'name', 'all', 'any', 'not'],
  event: ['type', 'params'],
  params: ['gate', 'message', 'remedy', 'source', 'audience'],
  effective: ['from', 'until'],
} as const;

interface Frame {
  type: 'object' | 'array';
  /** The key this object or array sits under in its parent ('' for the root or an array item). */
  under: string;
  /** Objects: the key whose value comes next, once its ':' is read. */
  key: string | null;
  afterColon: boolean;
  /** Objects: string values of simple members (fact, path, …). */
  props: Record<string, string>;
}

interface Cursor {
  stack: Frame[];
  /** Inside a string at the cursor: where its content starts, and the content typed so far. */
  string: { start: number; text: string } | null;
}

/** Reads JSON text up to `pos`, tolerating anything unfinished, and says where the cursor is. */
function scan(text: string, pos: number): Cursor {
  const stack: Frame[] = [];
  const top = () => stack[stack.length - 1];
  let i = 0;
  while (i < pos) {
    const c = text[i];
    if (c === '"') {
      const start = i + 1;
      let j = start;
      let value = '';
      let closed = false;
      while (j < text.length) {
        const d = text[j];
        if (d === '\\') {
          value += text[j + 1] ?? '';
          j += 2;
          continue;
        }
        if (d === '"') {
          closed = true;
          break;
        }
        if (d === '\n') break;
        value += d;
        j++;
      }
      if (j >= pos) {
        // The cursor is inside this string.
        return { stack, string: { start, text: text.slice(start, pos) } };
      }
      const f = top();
      if (f?.type === 'object') {
        if (!f.afterColon) f.key = value;
        else if (f.key !== null) {
          f.props[f.key] = value;
          f.key = null;
          f.afterColon = false;
        }
      }
      i = closed ? j + 1 : j; // an unfinished string ends at its line
      continue;
    }
    const f = top();
    if (c === '{' || c === '[') {
      const under = f?.type === 'object' && f.afterColon && f.key !== null ? f.key : f?.type === 'array' ? f.under : '';
      stack.push({ type: c === '{' ? 'object' : 'array', under, key: null, afterColon: false, props: {} });
    } else if (c === '}' || c === ']') {
      stack.pop();
      const p = top();
      if (p?.type === 'object') {
        p.key = null;
        p.afterColon = false;
      }
    } else if (c === ':' && f?.type === 'object') {
      f.afterColon = true;
    } else if (c === ',' && f?.type === 'object') {
      f.key = null;
      f.afterColon = false;
    }
    i++;
  }
  return { stack, string: null };
}

/** String members of the object the cursor is in that come after the cursor (e.g. "fact" after "path"). */
function propsAfter(text: string, pos: number, into: Record<string, string>): void {
  let depth = 0;
  let key: string | null = null;
  let afterColon = false;
  for (let i = pos; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') {
        if (text[j] === '\\') j++;
        value += text[j] ?? '';
        j++;
      }
      if (depth === 0) {
        if (!afterColon) key = value;
        else if (key !== null) {
          if (!(key in into)) into[key] = value;
          key = null;
          afterColon = false;
        }
      }
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (depth === 0) return;
      depth--;
    } else if (depth === 0 && c === ':') afterColon = true;
    else if (depth === 0 && c === ',') {
      key = null;
      afterColon = false;
    }
  }
}

/** Just after the string whose content starts at `start` (at the line's end when it is unfinished). */
function stringEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text[i] === '"') return i + 1;
    if (text[i] === '\n') return i;
  }
  return text.length;
}

/** Which kind of object the innermost frame is, from the keys it sits under. */
function objectKind(stack: Frame[]): keyof typeof KEYS | null {
  const depth = stack.length;
  const f = stack[depth - 1];
  if (f?.type !== 'object') return null;
  if (depth === 1) return 'root';
  if (f.under === 'rules' && stack[depth - 2]?.type === 'array' && depth === 3) return 'rule';
  if (f.under === 'event') return 'event';
  if (f.under === 'params') return 'params';
  if (f.under === 'effective') return 'effective';
  if (['conditions', 'all', 'any', 'not'].includes(f.under)) return 'condition';
  return null;
}

const quoted = (s: string) => JSON.stringify(s);

function valueSuggestions(key: string, kind: keyof typeof KEYS | null, props: Record<string, string>, inArray: boolean): Suggestion[] {
  if (kind === 'condition') {
    if (key === 'fact' && !inArray) {
      return Object.keys(FACTS).map((f) => ({ label: f, kind: 'fact', detail: Object.keys(FACTS[f]).join(', ') }));
    }
    if (key === 'path' && !inArray) {
      const fact = props.fact;
      const facts = fact && Object.hasOwn(FACTS, fact) ? [fact] : Object.keys(FACTS);
      return facts.flatMap((f) =>
        Object.entries(FACTS[f]).map(([p, t]) => ({
          label: p,
          kind: 'path' as const,
          detail: `${facts.length > 1 ? `${f}.` : ''}${Array.isArray(t) ? t.join(' | ') : t}`,
        })),
      );
    }
    if (key === 'operator' && !inArray) {
      const t = factType(props.fact ?? '', props.path);
      const kindOfType = t === undefined ? null : typeof t === 'string' ? t : 'enum';
      return Object.entries(OPERATORS)
        .filter(([, o]) => kindOfType === null || o.types.includes(kindOfType))
        .map(([op, o]) => ({ label: op, kind: 'operator', detail: o.list ? 'a list of values' : o.types.join(', ') }));
    }
    if (key === 'value') {
      const t = factType(props.fact ?? '', props.path);
      if (Array.isArray(t)) return t.map((v) => ({ label: v, kind: 'value' }));
      if (t === 'boolean' && !inArray)
        return [
          { label: 'true', apply: 'true', kind: 'value' },
          { label: 'false', apply: 'false', kind: 'value' },
        ];
    }
    return [];
  }
  if (inArray) return [];
  if (kind === 'params' && key === 'gate') return PACK_GATES.map((g) => ({ label: g, kind: 'gate' }));
  if (kind === 'params' && key === 'audience') return ['documenter', 'admin'].map((a) => ({ label: a, kind: 'keyword' }));
  if (kind === 'event' && key === 'type') {
    const detail: Record<string, string> = { block: 'locks Finalize', warn: 'shows a warning', info: 'a note' };
    return EVENT_TYPES.map((t) => ({ label: t, kind: 'keyword', detail: detail[t] }));
  }
  if (kind === 'root' && key === 'mode')
    return [
      { label: 'enforce', kind: 'keyword', detail: 'locks Finalize' },
      { label: 'monitor', kind: 'keyword', detail: 'records would-block only' },
    ];
  if (kind === 'root' && key === 'scope')
    return [
      { label: 'organization', kind: 'keyword', detail: 'every clinic' },
      { label: 'clinic', kind: 'keyword', detail: "only clinics listing it in 'packs'" },
    ];
  return [];
}

/** {{fact.path}} inside a message, remedy or source: the placeholder typed so far. */
const PLACEHOLDER_PREFIX = /\{\{\s*([A-Za-z]*(?:\.[A-Za-z]*)?)$/;

function placeholderSuggestions(): Suggestion[] {
  return Object.entries(FACTS).flatMap(([f, paths]) =>
    Object.keys(paths).map((p) => ({
      label: `${f}.${p}`,
      apply: `${f}.${p}}}`,
      kind: 'placeholder' as const,
    })),
  );
}

/**
 * The suggestions at `pos` in `text`, or null where there is nothing to suggest. Inside a string, `from`
 * is where its content starts (what is typed so far gets replaced); outside, suggestions come quoted.
 */
export function completionsAt(text: string, pos: number): Completions | null {
  const { stack, string } = scan(text, pos);
  const frame = stack[stack.length - 1];
  if (!frame) return null;
  const inArray = frame.type === 'array';
  const owner = inArray ? stack[stack.length - 2] : frame;
  const ownerStack = inArray ? stack.slice(0, -1) : stack;
  const kind = objectKind(ownerStack);
  const props = { ...(owner?.props ?? {}) };
  if (!inArray) propsAfter(text, string ? stringEnd(text, string.start) : pos, props);

  // A property name.
  if (!inArray && !frame.afterColon) {
    if (!kind) return null;
    const present = new Set(Object.keys(frame.props));
    const options = KEYS[kind].filter((k) => !present.has(k)).map((k): Suggestion => ({ label: k, kind: 'property' }));
    if (string) return { from: string.start, to: string.start + string.text.length, options, inString: true };
    return options.length ? { from: pos, to: pos, options: options.map((o) => ({ ...o, apply: quoted(o.label) })), inString: false } : null;
  }

  const key = inArray ? frame.under : frame.key;
  if (!key) return null;
  if (string && kind === 'params' && ['message', 'remedy', 'source'].includes(key)) {
    const m = PLACEHOLDER_PREFIX.exec(string.text);
    if (!m) return null;
    return { from: string.start + string.text.length - m[1].length, to: string.start + string.text.length, options: placeholderSuggestions(), inString: true };
  }
  const options = valueSuggestions(key, kind, props, inArray);
  if (options.length === 0) return null;
  if (string) {
    // true / false are not strings: offering them inside quotes would write "true".
    const strings = options.filter((o) => o.apply === undefined);
    return strings.length ? { from: string.start, to: string.start + string.text.length, options: strings, inString: true } : null;
  }
  return { from: pos, to: pos, options: options.map((o) => ({ ...o, apply: o.apply ?? quoted(o.label) })), inString: false };
}
