import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv-parse';

const rows = (text: string) => {
  const r = parseCsv(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.rows;
};

describe('parseCsv', () => {
  it("reads a header and rows, with each record's line number", () => {
    expect(rows('name,credential\nJamie Rivera,PTA\nAvery Kim,PT\n')).toEqual([
      { line: 1, cells: ['name', 'credential'] },
      { line: 2, cells: ['Jamie Rivera', 'PTA'] },
      { line: 3, cells: ['Avery Kim', 'PT'] },
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells; the next record counts its lines', () => {
    expect(rows('name,note\n"Rivera, Jamie","said ""hi""\nand left"\nKim,x')).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['Rivera, Jamie', 'said "hi"\nand left'] },
      { line: 4, cells: ['Kim', 'x'] },
    ]);
  });

  it('drops a byte order mark, reads CRLF, skips blank lines, keeps empty cells', () => {
    expect(rows('\uFEFFid,name\r\n\r\nu-1,,\r\n')).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 3, cells: ['u-1', '', ''] },
    ]);
  });

  it('trims unquoted cells, keeps quoted ones as written', () => {
    expect(rows(' a , " b "')).toEqual([{ line: 1, cells: ['a', ' b '] }]);
  });

  it('keeps formula-looking cells as plain text', () => {
    const cells = ['=HYPERLINK("http://x","y")', '+1', '-2', '@SUM(A1)'];
    expect(rows(`"=HYPERLINK(""http://x"",""y"")",+1,-2,@SUM(A1)`)[0].cells).toEqual(cells);
  });

  it('names the line of an unclosed quote, and of text after a closing quote', () => {
    expect(parseCsv('a\n"b,c\nd')).toEqual({ ok: false, error: expect.objectContaining({ line: 2, message: 'A quoted cell is never closed' }) });
    expect(parseCsv('a\nb\n"c"d')).toEqual({
      ok: false,
      error: expect.objectContaining({ line: 3, message: expect.stringContaining('follows a closing double quote') }),
    });
  });

  it('reads an empty text as no rows', () => {
    expect(rows('')).toEqual([]);
    expect(rows('\uFEFF\r\n')).toEqual([]);
  });
});
