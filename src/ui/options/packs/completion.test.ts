import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, FACTS, OPERATORS } from '../../../policy/catalog';
import { completionsAt, PACK_GATES } from './completion';

/** Completions where `|` stands in the text. */
function at(textWithCursor: string) {
  const pos = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, pos) + textWithCursor.slice(pos + 1);
  const r = completionsAt(text, pos);
  return r && { ...r, labels: r.options.map((o) => o.label), typed: text.slice(r.from, r.to) };
}

const rule = (inner: string) => `{"name": "p", "rules": [{"name": "r", "conditions": {"all": [${inner}]}, "event": {"type": "block", "params": {}}}]}`;

describe('pack editor completion', () => {
  it('offers every fact name in a condition\'s "fact"', () => {
    const r = at(rule('{"fact": "us|"}'))!;
    expect(r.labels).toEqual(Object.keys(FACTS));
    expect(r.typed).toBe('us');
    expect(r.options.find((o) => o.label === 'user')!.detail).toContain('isAssistant');
  });

  it("offers the paths of the condition's own fact, before or after it", () => {
    expect(at(rule('{"fact": "clinic", "path": "|"}'))!.labels).toEqual(Object.keys(FACTS.clinic));
    expect(at(rule('{"path": "|", "fact": "supervisor"}'))!.labels).toEqual(Object.keys(FACTS.supervisor));
    // An unknown fact: every path, each naming its fact.
    const all = at(rule('{"fact": "nope", "path": "|"}'))!;
    expect(all.labels.length).toBe(Object.values(FACTS).reduce((n, p) => n + Object.keys(p).length, 0));
  });

  it("offers only the operators that fit the path's type", () => {
    expect(at(rule('{"fact": "user", "path": "isAssistant", "operator": "|"}'))!.labels).toEqual(['equal', 'notEqual']);
    expect(at(rule('{"fact": "billing", "path": "licenses", "operator": "|"}'))!.labels).toEqual(Object.keys(OPERATORS));
    expect(at(rule('{"fact": "user", "path": "credential", "operator": "|"}'))!.labels).toEqual(['equal', 'notEqual', 'in', 'notIn']);
  });

  it('offers enumeration values, also in lists, and true/false only outside quotes', () => {
    expect(at(rule('{"fact": "user", "path": "credential", "operator": "in", "value": ["PTA", "|"]}'))!.labels).toContain('COTA');
    expect(at(rule('{"fact": "note", "path": "type", "operator": "equal", "value": "|"}'))!.labels).toEqual([
      'evaluation',
      're-evaluation',
      'daily',
      'progress',
      'discharge',
      'recertification',
    ]);
    const bool = at(rule('{"fact": "user", "path": "isAssistant", "operator": "equal", "value": |}'))!;
    expect(bool.options.map((o) => o.apply)).toEqual(['true', 'false']);
    expect(at(rule('{"fact": "user", "path": "isAssistant", "operator": "equal", "value": "|"}'))).toBeNull();
  });

  it("offers gates (not Finalize Guard's own), event types, audiences, modes and scopes", () => {
    const gate = at(rule('{"fact": "user"}').replace('"params": {}', '"params": {"gate": "|"}'))!;
    expect(gate.labels).toEqual(PACK_GATES);
    expect(gate.labels).not.toContain('policy');
    expect(at(rule('{}').replace('"type": "block"', '"type": "|"'))!.labels).toEqual(EVENT_TYPES);
    expect(at(rule('{}').replace('"params": {}', '"params": {"audience": "|"}'))!.labels).toEqual(['documenter', 'admin']);
    expect(at('{"name": "p", "mode": "|"}')!.labels).toEqual(['enforce', 'monitor']);
    expect(at('{"name": "p", "scope": "c|"}')!.labels).toEqual(['organization', 'clinic']);
  });

  it('quotes what it inserts outside a string', () => {
    const r = at(rule('{"fact": |}'))!;
    expect(r.options[0].apply).toBe('"user"');
    expect(r.from).toBe(r.to);
    expect(r.inString).toBe(false);
    expect(at(rule('{"fact": "|"}'))!.inString).toBe(true);
  });

  it('offers the keys an object may still take', () => {
    expect(at(rule('{"fact": "user", "|"}'))!.labels).toEqual(['path', 'operator', 'value', 'priority', 'name', 'all', 'any', 'not']);
    expect(at(rule('{}').replace('"params": {}', '"params": {"gate": "user", |}'))!.options.map((o) => o.apply)).toEqual([
      '"message"',
      '"remedy"',
      '"source"',
      '"audience"',
    ]);
    expect(at('{"name": "p", "|"}')!.labels).toContain('rules');
  });

  it('completes {{fact.path}} placeholders in messages', () => {
    const r = at(rule('{}').replace('"params": {}', '"params": {"message": "{{clinic.na|"}'))!;
    expect(r.typed).toBe('clinic.na');
    expect(r.labels).toContain('clinic.name');
    expect(r.options.find((o) => o.label === 'clinic.name')!.apply).toBe('clinic.name}}');
    expect(at(rule('{}').replace('"params": {}', '"params": {"message": "plain |"}'))).toBeNull();
  });

  it('survives unfinished text: an unclosed string on an earlier line, nothing after the cursor', () => {
    expect(at('{"name": "p,\n "mode": "|')!.labels).toEqual(['enforce', 'monitor']);
    expect(at('|')).toBeNull();
    expect(at('{"rules": [{"conditions": {"any": [{"fact": "|')!.labels).toContain('insurance');
  });
});
