/**
 * Strict JSON (RFC 8259) parser that also records where every value and property name
 * sits in the source, so validation problems can point at a line and column.
 * Hand-written because JSON.parse reports no positions, silently keeps the last of
 * duplicate keys, and the extension's CSP rules out generated (eval-based) parsers.
 */

/** Both 1-based; columns count UTF-16 code units. */
export interface Position {
  line: number;
  column: number;
}

export interface ParsedJson {
  value: unknown;
  /** JSON-pointer-style key ("" for root, "/rules/0/event/type") -> position of that value's first character. */
  valueAt: Map<string, Position>;
  /** Same keys -> position of the property NAME (the opening quote of the key) for object members; absent for array items/root. */
  keyAt: Map<string, Position>;
}

export class JsonSyntaxError extends Error {
  override name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: Position,
    /** How to fix it, in one sentence: every place that shows a JSON error shows this. */
    readonly hint = 'Fix the JSON syntax here (a missing comma or quote is the usual cause).',
  ) {
    super(message);
  }
}

/** A key given twice in one object: JSON.parse would silently keep the last one. */
export class JsonDuplicateKeyError extends JsonSyntaxError {
  override name = 'JsonDuplicateKeyError';
  constructor(key: string, position: Position, first: Position) {
    super(
      `Duplicate key ${JSON.stringify(key)}`,
      position,
      `${JSON.stringify(key)} is already given at line ${first.line}, column ${first.column} of this object: keep one of the two and delete the other (JSON allows each key once in an object).`,
    );
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
const LITERALS: Array<[string, unknown]> = [
  ['true', true],
  ['false', false],
  ['null', null],
];
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const escapeSegment = (s: string): string => (/[~/]/.test(s) ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);

export function parseJsonWithPositions(text: string, maxDepth = 64): ParsedJson {
  const valueAt = new Map<string, Position>();
  const keyAt = new Map<string, Position>();
  const n = text.length;
  // Start columns after a BOM so they match what editors show.
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;

  // Tokens never contain a raw newline, so the current line is right for any index since the last skipWs().
  const at = (index: number): Position => ({ line, column: index - lineStart + 1 });
  function fail(message: string, position = at(i), hint?: string): never {
    throw new JsonSyntaxError(message, position, hint);
  }
  function failHere(message: string, position = at(i), hint?: string): never {
    return i >= n ? fail('Unexpected end of input') : fail(message, position, hint);
  }
  /** After an item, where its comma goes: right after it, not where the next item starts (often the next line). */
  function missingComma(end: Position, close: string): never {
    return failHere(
      `Expected ',' or '${close}' after ${close === '}' ? 'a property value' : 'an array item'}`,
      end,
      `Add a comma here, between this value and the next one (or end with '${close}').`,
    );
  }
  const trailingComma = (close: string, comma: Position): never =>
    fail(`Trailing comma before '${close}'`, comma, 'Delete this comma: JSON allows none after the last item.');
  const eat = (ch: string): boolean => {
    if (text[i] !== ch) return false;
    i++;
    return true;
  };

  function skipWs(): void {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line++;
        lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) {
        // '/' can never start a token, so name the likely mistake instead of "Unexpected character".
        if (c === 0x2f) fail('Comments are not allowed in JSON');
        return;
      }
    }
  }

  function parseValue(path: string, depth: number): unknown {
    skipWs();
    valueAt.set(path, at(i));
    const c = text[i];
    if (c === '{') return parseObject(path, depth + 1);
    if (c === '[') return parseArray(path, depth + 1);
    if (c === '"') return parseString();
    if (c === '-' || isDigit(text.charCodeAt(i))) return parseNumber();
    for (const [word, value] of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    return failHere(c === "'" ? 'Strings must use double quotes' : `Unexpected character '${c}'`);
  }

  function parseObject(path: string, depth: number): Record<string, unknown> {
    if (depth > maxDepth) fail(`Nesting deeper than ${maxDepth} levels`);
    const obj: Record<string, unknown> = {};
    i++;
    skipWs();
    if (eat('}')) return obj;
    for (;;) {
      if (text[i] !== '"') {
        failHere(text[i] === "'" ? 'Strings must use double quotes' : 'Expected a property name in double quotes');
      }
      const keyPos = at(i);
      const key = parseString();
      const childPath = `${path}/${escapeSegment(key)}`;
      if (Object.hasOwn(obj, key)) throw new JsonDuplicateKeyError(key, keyPos, keyAt.get(childPath)!);
      keyAt.set(childPath, keyPos);
      skipWs();
      if (!eat(':')) failHere("Expected ':' after a property name");
      // defineProperty, not assignment: a "__proto__" key must stay an own property for the validator to reject.
      const value = parseValue(childPath, depth);
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      const end = at(i);
      skipWs();
      if (eat('}')) return obj;
      if (text[i] !== ',') missingComma(end, '}');
      const comma = at(i++);
      skipWs();
      if (text[i] === '}') trailingComma('}', comma);
    }
  }

  function parseArray(path: string, depth: number): unknown[] {
    if (depth > maxDepth) fail(`Nesting deeper than ${maxDepth} levels`);
    const arr: unknown[] = [];
    i++;
    skipWs();
    if (eat(']')) return arr;
    for (;;) {
      arr.push(parseValue(`${path}/${arr.length}`, depth));
      const end = at(i);
      skipWs();
      if (eat(']')) return arr;
      if (text[i] !== ',') missingComma(end, ']');
      const comma = at(i++);
      skipWs();
      if (text[i] === ']') trailingComma(']', comma);
    }
  }

  function parseString(): string {
    const start = at(i++);
    let out = '';
    let chunk = i; // copy unescaped runs in slices rather than char by char
    for (;;) {
      if (i >= n) fail('Unterminated string', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(chunk, i++);
        return out;
      }
      if (c < 0x20) fail('Control characters in strings must be escaped');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(chunk, i);
      const e = text[i + 1];
      if (e === undefined) fail('Unterminated string', start);
      if (e === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('Invalid \\u escape: expected four hex digits');
        // Surrogate pairs need no special care: two escaped code units concatenate into one code point.
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        if (!Object.hasOwn(ESCAPES, e)) fail(`Invalid escape '\\${e}' in string`);
        out += ESCAPES[e];
        i += 2;
      }
      chunk = i;
    }
  }

  function parseNumber(): number {
    const start = i;
    eat('-');
    if (eat('0')) {
      if (isDigit(text.charCodeAt(i))) fail('Numbers cannot have leading zeros', at(i - 1));
    } else digits();
    if (eat('.')) digits();
    if (eat('e') || eat('E')) {
      if (!eat('+')) eat('-');
      digits();
    }
    return Number(text.slice(start, i));
  }

  function digits(): void {
    if (!isDigit(text.charCodeAt(i))) failHere('Expected a digit');
    while (isDigit(text.charCodeAt(i))) i++;
  }

  const value = parseValue('', 0);
  skipWs();
  if (i < n) fail('Trailing characters after the JSON value');
  return { value, valueAt, keyAt };
}

/** ["rules", 0, "event"] -> "/rules/0/event" (RFC 6901 escaping). */
export function pointer(segments: Array<string | number>): string {
  return segments.map((s) => `/${escapeSegment(String(s))}`).join('');
}

/**
 * Where to point for a path. preferKey asks for the property name of the exact path (for
 * unknown/forbidden keys); otherwise, or if absent, the value — and if the path does not
 * exist (e.g. a missing required property), the nearest ancestor that does.
 */
export function positionOf(parsed: ParsedJson, segments: Array<string | number>, preferKey = false): Position | undefined {
  const keyPos = preferKey ? parsed.keyAt.get(pointer(segments)) : undefined;
  if (keyPos) return keyPos;
  for (let len = segments.length; len >= 0; len--) {
    const pos = parsed.valueAt.get(pointer(segments.slice(0, len)));
    if (pos) return pos;
  }
  return undefined;
}
