import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv';
import { attempt, CHAIN_A, sealAll, uuid } from './fixtures';
import type { AttemptEntry, ReviewEntry } from './types';

describe('csvCell', () => {
  it.each([
    ['=SUM(A1)', `"'=SUM(A1)"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@cmd', `"'@cmd"`],
    ['\t=x', `"'\t=x"`],
    ['\r=x', `"'\r=x"`],
    ['=1,2', `"'=1,2"`],
  ])('escapes a formula start in %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  it.each([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['cr\rhere', '"cr\rhere"'],
    ['plain', '"plain"'],
    ['', ''],
    ['a=b', '"a=b"'],
  ])('quotes %j per RFC 4180', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });

  // A spreadsheet told to split on ; (or tab, |, space) would read an unquoted "ok;=1+2" as two cells, the second a formula.
  it.each(['ok;=1+2', 'ok\t=1+2', 'ok|@cmd', 'ok -1+2'])('keeps %j in one quoted cell, whatever the separator', (input) => {
    expect(csvCell(input)).toBe(`"${input}"`);
  });
});

describe('toCsv', async () => {
  const [a, b] = await sealAll([
    attempt(CHAIN_A, 0, { userId: 'u-1', noteRef: 'cd'.repeat(32) }),
    attempt(CHAIN_A, 1, { gates: [], insuranceIds: ['ins-a', 'ins-b'], pack: null }),
  ]);
  const [review] = await sealAll(
    [{ id: uuid(), chainId: CHAIN_A, at: '2026-11-27T12:00:00.000Z', type: 'review', reviewOf: a.id, reviewer: 'sup-1', note: '=cmd, "urgent"' }],
    b,
  );
  const attempts = [a, b] as AttemptEntry[];
  const reviews = new Map([[a.id, [review as ReviewEntry]]]);

  it('writes the header and one CRLF-terminated row per attempt', () => {
    const lines = toCsv(attempts, reviews).split('\r\n');
    expect(lines[0]).toBe(
      'at,outcome,kind,userId,credential,clinicId,insuranceIds,noteType,noteRef,gates,rules,pack,packHash,profile,reviewed,reviewedBy,reviewNote,id',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });

  it('fills each column, with lists joined by ; and the review shown', () => {
    const rows = toCsv(attempts, reviews).split('\r\n');
    const quoted = (cells: string[]) => cells.map((c) => (c === '' ? '' : `"${c}"`)).join(',');
    expect(rows[1]).toBe(
      `${quoted([a.at, 'blocked', 'click', 'u-1', 'PTA', 'clinic-south', 'ins-summit-wc', 'daily', 'cd'.repeat(32), 'clinic;insurance', 'clinic-allows-assistants', 'webpt-default@1.0.0', 'ab'.repeat(6), 'demo-ehr', 'yes', 'sup-1'])},"'=cmd, ""urgent""",${quoted([a.id])}`,
    );
    expect(rows[2]).toBe(
      quoted([
        b.at,
        'blocked',
        'click',
        'u-pta-riley',
        'PTA',
        'clinic-south',
        'ins-a;ins-b',
        'daily',
        '',
        '',
        'clinic-allows-assistants',
        '',
        '',
        'demo-ehr',
        'no',
        '',
        '',
        b.id,
      ]),
    );
  });

  it('lists every review of an attempt, in order', () => {
    const second = { ...review, reviewer: 'sup-2', note: 'agreed' } as ReviewEntry;
    const cells = toCsv([a as AttemptEntry], new Map([[a.id, [review as ReviewEntry, second]]]))
      .split('\r\n')[1]
      .split(',');
    expect(cells.slice(14, 16)).toEqual(['"yes"', '"sup-1;sup-2"']);
    expect(cells.slice(16, 18).join(',')).toBe(`"'=cmd, ""urgent"" | agreed"`);
  });

  it('writes only the header for no attempts', () => {
    expect(toCsv([], new Map())).toBe(
      'at,outcome,kind,userId,credential,clinicId,insuranceIds,noteType,noteRef,gates,rules,pack,packHash,profile,reviewed,reviewedBy,reviewNote,id\r\n',
    );
  });
});
