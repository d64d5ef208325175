/**
 * CSV as spreadsheets save it (RFC 4180): comma-separated, fields in double quotes may hold commas, quotes
 * (doubled) and line breaks; CRLF or LF line ends; an optional UTF-8 byte order mark (Excel writes one).
 * Pure. Cells are kept as plain text, exactly as written: a cell like `=HYPERLINK(…)` is a name here, never
 * a formula (nothing here evaluates anything).
 */

/** One record: the line it starts on (1-based, as a spreadsheet numbers rows) and its cells. */
export interface CsvRow {
  line: number;
  cells: string[];
}
/** Where the text is not CSV, and how to fix it. */
interface CsvSyntaxError {
  line: number;
  message: string;
  fix: string;
}

type CsvResult = { ok: true; rows: CsvRow[] } | { ok: false; error: CsvSyntaxError };

/** Parses the whole text; blank lines are skipped. Unquoted cells are trimmed; quoted ones are kept as they are. */
export function parseCsv(text: string): CsvResult {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false; // the current cell was quoted (kept untrimmed)
  let line = 1;
  let rowLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push(quoted ? cell : cell.trim());
    cell = '';
    quoted = false;
  };
  const endRow = () => {
    endCell();
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
  };
  while (i < s.length) {
    const c = s[i];
    if (c === '"' && cell.trim() === '' && !quoted) {
      // A quoted field: up to the next quote that is not doubled.
      const start = line;
      cell = '';
      quoted = true;
      i++;
      for (;;) {
        if (i >= s.length) {
          return {
            ok: false,
            error: {
              line: start,
              message: 'A quoted cell is never closed',
              fix: 'Add the closing double quote ("), or write a quote inside a quoted cell as two ("").',
            },
          };
        }
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (s[i] === '\n') line++;
        cell += s[i++];
      }
      // Only spaces may follow the closing quote before the next comma or line end.
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
        return {
          ok: false,
          error: {
            line,
            message: 'Text follows a closing double quote in the same cell',
            fix: 'Put the whole cell in quotes and double any quote inside it, e.g. "Acme ""Gold"" PPO".',
          },
        };
      }
      continue;
    }
    if (c === ',') {
      endCell();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && s[i + 1] === '\n' ? 2 : 1;
      line++;
      rowLine = line;
      continue;
    }
    cell += c;
    i++;
  }
  if (cell !== '' || quoted || cells.length) endRow();
  return { ok: true, rows };
}
