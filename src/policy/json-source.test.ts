import { describe, it, expect } from 'vitest';
import { JsonDuplicateKeyError, JsonSyntaxError, parseJsonWithPositions, pointer, positionOf, type Position } from './json-source';

/** Runs the parser and returns the thrown error, failing the test if nothing was thrown. */
function errorOf(text: string, maxDepth?: number): JsonSyntaxError {
  try {
    parseJsonWithPositions(text, maxDepth);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

const pos = (line: number, column: number): Position => ({ line, column });

describe('parseJsonWithPositions: values', () => {
  const docs = [
    '{}',
    '[]',
    '{"a":{},"b":[],"c":""}',
    ' \t\r\n 42 \n',
    '"plain"',
    'true',
    'false',
    'null',
    '[0, -0, 1, -12, 3.25, -0.5, 1e3, 1E+2, 2.5e-3, -1.0E10, 123456789012]',
    '"esc \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u0041\\u00e9\\u4e2d"',
    '"\\ud83d\\ude00 and raw 😀 and é"',
    '{"rules":[{"id":"r1","when":{"all":[{"fact":"x","op":"eq","value":[1,[2,[3,{"deep":null}]]]}]}}],"n":-3.5e2}',
    '[[[[[]]]],{"":{"":""}}]',
  ];
  for (const doc of docs) {
    it(`matches JSON.parse for ${doc.slice(0, 40)}`, () => {
      expect(parseJsonWithPositions(doc).value).toEqual(JSON.parse(doc));
    });
  }

  it('decodes a surrogate pair escape into one code point', () => {
    const value = parseJsonWithPositions('"\\uD83D\\uDE00"').value as string;
    expect(value.codePointAt(0)).toBe(0x1f600);
    expect(value.length).toBe(2);
  });

  it('skips a leading BOM and counts columns after it', () => {
    const parsed = parseJsonWithPositions('\uFEFF{"a": 1}');
    expect(parsed.value).toEqual({ a: 1 });
    expect(parsed.valueAt.get('/a')).toEqual(pos(1, 7));
  });

  it('keeps key order like JSON.parse', () => {
    expect(Object.keys(parseJsonWithPositions('{"b":1,"a":2,"c":3}').value as object)).toEqual(['b', 'a', 'c']);
  });
});

describe('parseJsonWithPositions: positions', () => {
  const doc = [
    '{',
    '  "name": "pack",',
    '  "rules": [',
    '    { "id": "r1",',
    '      "event": { "type": "block" } },',
    '    7',
    '  ],',
    '  "a/b~c": true',
    '}',
  ].join('\r\n');
  const parsed = parseJsonWithPositions(doc);

  it('records where each value starts', () => {
    expect(parsed.valueAt.get('')).toEqual(pos(1, 1));
    expect(parsed.valueAt.get('/name')).toEqual(pos(2, 11));
    expect(parsed.valueAt.get('/rules')).toEqual(pos(3, 12));
    expect(parsed.valueAt.get('/rules/0')).toEqual(pos(4, 5));
    expect(parsed.valueAt.get('/rules/0/id')).toEqual(pos(4, 13));
    expect(parsed.valueAt.get('/rules/0/event')).toEqual(pos(5, 16));
    expect(parsed.valueAt.get('/rules/0/event/type')).toEqual(pos(5, 26));
    expect(parsed.valueAt.get('/rules/1')).toEqual(pos(6, 5));
    expect(parsed.valueAt.get('/a~1b~0c')).toEqual(pos(8, 12));
  });

  it('records where each property name starts, only for object members', () => {
    expect(parsed.keyAt.get('/name')).toEqual(pos(2, 3));
    expect(parsed.keyAt.get('/rules/0/event')).toEqual(pos(5, 7));
    expect(parsed.keyAt.get('/rules/0/event/type')).toEqual(pos(5, 18));
    expect(parsed.keyAt.get('/a~1b~0c')).toEqual(pos(8, 3));
    expect(parsed.keyAt.has('')).toBe(false);
    expect(parsed.keyAt.has('/rules/0')).toBe(false);
    expect(parsed.keyAt.has('/rules/1')).toBe(false);
  });

  it('counts a lone \\n the same as \\r\\n', () => {
    const lf = parseJsonWithPositions(doc.replace(/\r\n/g, '\n'));
    expect([...lf.valueAt]).toEqual([...parsed.valueAt]);
  });
});

describe('parseJsonWithPositions: syntax errors', () => {
  const cases: Array<[string, string, string, Position]> = [
    ['missing comma (where it goes: the end of the line before)', '{\n  "a": 1\n  "b": 2\n}', "Expected ',' or '}' after a property value", pos(2, 9)],
    ['missing comma in array', '[1 2]', "Expected ',' or ']' after an array item", pos(1, 3)],
    ['missing colon', '{"a" 1}', "Expected ':' after a property name", pos(1, 6)],
    ['trailing comma in object', '{\n  "a": 1,\n}', "Trailing comma before '}'", pos(2, 9)],
    ['trailing comma in array', '[1,\r\n 2, ]', "Trailing comma before ']'", pos(2, 3)],
    ['unterminated string', '{"a": "abc', 'Unterminated string', pos(1, 7)],
    ['bad escape', '["ok",\n "a\\x"]', "Invalid escape '\\x' in string", pos(2, 4)],
    ['short \\u escape', '"\\u12G4"', 'Invalid \\u escape: expected four hex digits', pos(1, 2)],
    ['control character', '"line\nbreak"', 'Control characters in strings must be escaped', pos(1, 6)],
    ['tab in string', '{"a":"x\ty"}', 'Control characters in strings must be escaped', pos(1, 8)],
    ['leading zero', '[1, 012]', 'Numbers cannot have leading zeros', pos(1, 5)],
    ['negative leading zero', '-00', 'Numbers cannot have leading zeros', pos(1, 2)],
    ['bare minus', '[-]', 'Expected a digit', pos(1, 3)],
    ['dangling decimal point', '1.', 'Unexpected end of input', pos(1, 3)],
    ['line comment', '{\n  // note\n  "a": 1\n}', 'Comments are not allowed in JSON', pos(2, 3)],
    ['block comment after value', '[1 /* x */]', 'Comments are not allowed in JSON', pos(1, 4)],
    ['trailing characters', '{"a": 1}\n}', 'Trailing characters after the JSON value', pos(2, 1)],
    ['two values', 'true false', 'Trailing characters after the JSON value', pos(1, 6)],
    ['empty input', '', 'Unexpected end of input', pos(1, 1)],
    ['whitespace only', '  \n ', 'Unexpected end of input', pos(2, 2)],
    ['unclosed object', '{"a": 1', 'Unexpected end of input', pos(1, 8)],
    ['single-quoted value', "['a']", 'Strings must use double quotes', pos(1, 2)],
    ['single-quoted key', "{'a': 1}", 'Strings must use double quotes', pos(1, 2)],
    ['unquoted key', '{a: 1}', 'Expected a property name in double quotes', pos(1, 2)],
    ['NaN', '[NaN]', "Unexpected character 'N'", pos(1, 2)],
    ['Infinity', '-Infinity', 'Expected a digit', pos(1, 2)],
    ['misspelled literal', 'tru', "Unexpected character 't'", pos(1, 1)],
  ];
  for (const [name, text, message, where] of cases) {
    it(`rejects ${name}`, () => {
      const err = errorOf(text);
      expect(err).toBeInstanceOf(JsonSyntaxError);
      expect(err).not.toBeInstanceOf(JsonDuplicateKeyError);
      expect(err.message).toBe(message);
      expect(err.position).toEqual(where);
    });
  }

  it('says how to fix a missing or a trailing comma, not the generic advice', () => {
    expect(errorOf('{"a": "x" "b": 1}').hint).toBe("Add a comma here, between this value and the next one (or end with '}').");
    expect(errorOf('[[1] [2]]').hint).toBe("Add a comma here, between this value and the next one (or end with ']').");
    expect(errorOf('{"a": 1,}').hint).toMatch(/^Delete this comma/);
    expect(errorOf('[1, ]').hint).toMatch(/^Delete this comma/);
    expect(errorOf('{"a" 1}').hint).toMatch(/missing comma or quote/);
  });

  it('rejects every input JSON.parse rejects in the table above', () => {
    for (const [, text] of cases) expect(() => JSON.parse(text), text).toThrow();
  });
});

describe('parseJsonWithPositions: objects', () => {
  it('reports a duplicate key at the second occurrence', () => {
    const err = errorOf('{\n  "name": "a",\n  "x": 1,\n  "name": "b"\n}');
    expect(err).toBeInstanceOf(JsonDuplicateKeyError);
    expect(err.name).toBe('JsonDuplicateKeyError');
    expect(err.message).toBe('Duplicate key "name"');
    expect(err.position).toEqual(pos(4, 3));
  });

  it('allows the same key in different objects', () => {
    expect(parseJsonWithPositions('{"a":{"a":1},"b":{"a":2}}').value).toEqual({ a: { a: 1 }, b: { a: 2 } });
  });

  it('makes __proto__, constructor and prototype ordinary own properties', () => {
    const { value } = parseJsonWithPositions('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "prototype": 1}');
    const obj = value as Record<string, unknown>;
    expect(Object.keys(obj)).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(obj, '__proto__')).toEqual({
      value: { polluted: true },
      enumerable: true,
      writable: true,
      configurable: true,
    });
    expect((obj as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  });

  it('treats a repeated __proto__ key as a duplicate', () => {
    expect(errorOf('{"__proto__": 1, "__proto__": 2}')).toBeInstanceOf(JsonDuplicateKeyError);
  });
});

describe('parseJsonWithPositions: nesting', () => {
  it('accepts exactly maxDepth levels and rejects one more at the opening bracket', () => {
    expect(() => parseJsonWithPositions('['.repeat(64) + ']'.repeat(64))).not.toThrow();
    const err = errorOf(`{"a":${'['.repeat(64)}${']'.repeat(64)}}`);
    expect(err.message).toBe('Nesting deeper than 64 levels');
    expect(err.position).toEqual(pos(1, 5 + 64));
  });

  it('honours a custom maxDepth', () => {
    expect(errorOf('[[[]]]', 2).message).toBe('Nesting deeper than 2 levels');
    expect(parseJsonWithPositions('[[]]', 2).value).toEqual([[]]);
  });

  it('rejects 100,000 nested brackets with a JsonSyntaxError, not a stack overflow', () => {
    let thrown: unknown;
    try {
      parseJsonWithPositions('['.repeat(100_000));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(JsonSyntaxError);
    expect((thrown as JsonSyntaxError).position).toEqual(pos(1, 65));
  });
});

describe('parseJsonWithPositions: large input', () => {
  it('parses a 256 KB document exactly (its time is in npm run bench)', () => {
    const rule = (i: number) => ({ id: `rule-${i}`, when: { all: [{ fact: 'note.plan', op: 'contains', value: 'f/u \u00e9 "x"' }] }, priority: i * 1.5 });
    const text = JSON.stringify({ rules: Array.from({ length: 1300 }, (_, i) => rule(i)) }, null, 2);
    expect(text.length).toBeGreaterThan(256 * 1024);
    const parsed = parseJsonWithPositions(text);
    expect(parsed.value).toEqual(JSON.parse(text));
    expect(parsed.valueAt.size).toBeGreaterThan(1300 * 6);
  });
});

describe('pointer', () => {
  it('joins segments and escapes ~ and / per RFC 6901', () => {
    expect(pointer([])).toBe('');
    expect(pointer(['rules', 0, 'event'])).toBe('/rules/0/event');
    expect(pointer(['a/b', 'm~n', '~/', ''])).toBe('/a~1b/m~0n/~0~1/');
    expect(pointer(['~1'])).toBe('/~01');
  });
});

describe('positionOf', () => {
  const parsed = parseJsonWithPositions('{\n  "rules": [\n    { "event": {} }\n  ],\n  "a/b": 1\n}');

  it('returns the value position, or the key position when preferKey is set', () => {
    expect(positionOf(parsed, ['rules', 0, 'event'])).toEqual(pos(3, 16));
    expect(positionOf(parsed, ['rules', 0, 'event'], true)).toEqual(pos(3, 7));
    expect(positionOf(parsed, ['a/b'], true)).toEqual(pos(5, 3));
  });

  it('uses the value position for array items even with preferKey', () => {
    expect(positionOf(parsed, ['rules', 0], true)).toEqual(pos(3, 5));
  });

  it('falls back to the nearest ancestor that exists', () => {
    expect(positionOf(parsed, ['rules', 0, 'event', 'type'])).toEqual(pos(3, 16));
    expect(positionOf(parsed, ['rules', 0, 'event', 'type', 'x'], true)).toEqual(pos(3, 16));
    expect(positionOf(parsed, ['rules', 5, 'id'])).toEqual(pos(2, 12));
    expect(positionOf(parsed, ['missing'])).toEqual(pos(1, 1));
  });

  it('returns undefined when nothing was parsed at all', () => {
    expect(positionOf({ value: null, valueAt: new Map(), keyAt: new Map() }, ['x'])).toBeUndefined();
  });
});
