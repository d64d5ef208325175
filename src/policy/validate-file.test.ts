import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProblem, validateText } from './validate-file';

const packText = readFileSync(new URL('../../rules/packs/webpt-default.json', import.meta.url), 'utf8');

describe('validateText', () => {
  it('places a semantic error at the line and column of the offending value', () => {
    const text = packText.replace('"type": "block"', '"type": "blok"');
    const line = text.split('\n').findIndex((l) => l.includes('"blok"')) + 1;
    const column = text.split('\n')[line - 1].indexOf('"blok"') + 1;
    const r = validateText('packs/x.json', text);
    expect(r.ok).toBe(false);
    expect(r.problems[0]).toMatchObject({ line, column, where: 'rules[0].event.type' });
    expect(formatProblem(r.problems[0])).toBe(`packs/x.json:${line}:${column} error rules[0].event.type: Unknown event type "blok". Did you mean 'block'?`);
  });

  it('places an unknown key at the key itself', () => {
    const text = '{\n  "name": "p",\n  "versoin": "1.0.0"\n}';
    const r = validateText('p.json', text, 'pack');
    const unknown = r.problems.find((p) => p.message.includes('versoin'));
    expect(unknown).toMatchObject({ line: 3, column: 3, hint: "Did you mean 'version'?" });
  });

  it('reports malformed JSON with its line and column', () => {
    const text = '{\n  "name": "p"\n  "version": "1.0.0"\n}';
    const r = validateText('p.json', text);
    expect(r.ok).toBe(false);
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatchObject({ line: 2, column: 14, hint: "Add a comma here, between this value and the next one (or end with '}')." });
    expect(r.problems[0].message).toMatch(/^Invalid JSON: /);
  });

  it('reports a duplicate key, which JSON.parse would silently drop', () => {
    const r = validateText('p.json', '{"name": "a", "name": "b"}');
    expect(r.problems[0]).toMatchObject({ line: 1, column: 15 });
    expect(r.problems[0].message).toContain('Duplicate key "name"');
    // Not the syntax hint (no comma or quote is missing): say which key, where the first one is, and what to do.
    expect(r.problems[0].hint).not.toContain('missing comma');
    expect(r.problems[0].hint).toBe(
      '"name" is already given at line 1, column 2 of this object: keep one of the two and delete the other (JSON allows each key once in an object).',
    );
  });

  it('rejects files over 256 KB before parsing them', () => {
    const r = validateText('big.json', `{"rules": [], "description": "${'x'.repeat(256 * 1024)}"}`);
    expect(r.problems.map((p) => p.message)).toEqual(['File is 257 KB; at most 256 KB is allowed']);
  });

  it('tells the kind by $schema or by shape, and says how to mark a file it cannot tell', () => {
    expect(validateText('d.json', JSON.stringify({ $schema: '../schema/directory.schema.json', clinics: [], insurances: [], users: [] })).kind).toBe(
      'directory',
    );
    expect(validateText('c.json', JSON.stringify({ userId: 'u1' })).kind).toBe('context');
    const unknown = validateText('x.json', '{"hello": 1}');
    expect(unknown.ok).toBe(false);
    expect(unknown.problems[0].hint).toContain('$schema');
  });
});
