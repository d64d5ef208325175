import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Pack } from '../../../policy/types';
import { formatEditorProblem, lineStarts, lintPack, offsetOf, packText, tokenEnd } from './lint';

const text = readFileSync(new URL('../../../../rules/packs/webpt-default.json', import.meta.url), 'utf8');
const webpt = JSON.parse(text) as Pack;

/** 1-based line and column of the first occurrence of `needle`. */
function where(t: string, needle: string) {
  const i = t.indexOf(needle);
  const before = t.slice(0, i).split('\n');
  return { offset: i, line: before.length, column: before[before.length - 1].length + 1 };
}

describe('lintPack', () => {
  it('accepts the default pack and returns it', () => {
    const r = lintPack(text);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.pack).toEqual(webpt);
  });

  it('places a semantic error at its line:column and underlines the whole value', () => {
    const bad = text.replace('"type": "block"', '"type": "blok"');
    const at = where(bad, '"blok"');
    const r = lintPack(bad);
    expect(r.ok).toBe(false);
    expect(r.pack).toBeNull();
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({
      line: at.line,
      column: at.column,
      from: at.offset,
      to: at.offset + '"blok"'.length,
      where: 'rules[0].event.type',
      severity: 'error',
    });
    expect(formatEditorProblem(r.problems[0])).toBe(`${at.line}:${at.column} error rules[0].event.type: Unknown event type "blok". Did you mean 'block'?`);
  });

  it('places a missing comma where it goes: right after the value before it', () => {
    const bad = text.replace('"version": "1.0.0",', '"version": "1.0.0"');
    const r = lintPack(bad);
    expect(r.ok).toBe(false);
    const at = where(bad, '\n  "mode"');
    expect(r.problems[0]).toMatchObject({ line: at.line, column: at.column, from: at.offset });
    expect(r.problems[0].message).toMatch(/^Invalid JSON/);
    expect(r.problems[0].hint).toMatch(/^Add a comma here/);
  });

  it('points an unknown key at the key, with the suggestion as hint', () => {
    const bad = text.replace('"remedy":', '"remdy":');
    const r = lintPack(bad);
    const p = r.problems.find((x) => x.message.includes('remdy'))!;
    const at = where(bad, '"remdy"');
    expect(p).toMatchObject({ line: at.line, column: at.column, from: at.offset, to: at.offset + 7, hint: "Did you mean 'remedy'?" });
  });

  it("rejects a pack whose name or rule names clash with the draft's other packs, at the clashing name", () => {
    const other: Pack = { ...webpt, name: 'other-pack' };
    const r = lintPack(text, [other]);
    expect(r.ok).toBe(false);
    const first = r.problems[0];
    expect(first.where).toBe('rules[0].name');
    expect(first.message).toBe("Rule 'clinic-allows-assistants' is in both 'other-pack' and 'webpt-default'");
    expect(text.slice(first.from, first.to)).toBe('"clinic-allows-assistants"');
    const sameName = lintPack(text, [{ ...webpt, rules: [{ ...webpt.rules[0], name: 'x-rule' }] }]);
    expect(sameName.problems.map((p) => p.where)).toContain('name');
  });

  it('shows a pack with its keys in the usual order, even when storage sorted them', () => {
    const sorted = JSON.parse(
      JSON.stringify(webpt, (_, v) =>
        v && typeof v === 'object' && !Array.isArray(v)
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, v[k]]),
            )
          : v,
      ),
    ) as Pack;
    expect(Object.keys(sorted)[0]).toBe('$schema');
    expect(Object.keys(sorted)[1]).toBe('description');
    expect(packText(sorted)).toBe(text);
    expect(lintPack(packText(sorted)).pack).toEqual(webpt);
  });

  it('never throws on anything typed', () => {
    for (const t of ['', '{', '[]', '"x"', '{"rules": [}', '\u{feff}{"name": 1}', 'null', '{"__proto__": {}}']) {
      const r = lintPack(t);
      expect(r.ok).toBe(false);
      for (const p of r.problems) {
        expect(p.from).toBeGreaterThanOrEqual(0);
        expect(p.to).toBeGreaterThanOrEqual(p.from);
        expect(p.to).toBeLessThanOrEqual(t.length);
      }
    }
  });
});

describe('offsets', () => {
  it('map line:column to offsets, after a byte-order mark on line 1', () => {
    const t = '\u{feff}{\n  "a": 1\n}';
    const starts = lineStarts(t);
    expect(starts).toEqual([0, 3, 12]);
    expect(offsetOf(t, starts, { line: 1, column: 1 })).toBe(1);
    expect(offsetOf(t, starts, { line: 2, column: 3 })).toBe(5);
    expect(offsetOf(t, starts, { line: 99, column: 99 })).toBe(t.length);
  });

  it('span strings (with escapes), words and single punctuation', () => {
    const t = '{"a\\"b": true, "n": -1.5e3}';
    expect(tokenEnd(t, 1)).toBe(7);
    expect(tokenEnd(t, 9)).toBe(13);
    expect(tokenEnd(t, 0)).toBe(1);
    expect(tokenEnd(t, t.indexOf('-'))).toBe(t.length - 1);
  });
});
