/**
 * CSV export of attempts for spreadsheets: RFC 4180 quoting, and formula-injection escaping, because
 * identifiers and review notes come from people and a cell like =HYPERLINK(...) would run in Excel.
 * Every non-empty cell is quoted: a spreadsheet may split on `;`, tab, `|` or a space as well as `,`, and an
 * unquoted `ok;=1+2` would then start a formula in its second part. Inside quotes nothing splits.
 * Built as one array join: 100,000 rows must not concatenate quadratically.
 */
import type { AttemptEntry, ReviewEntry } from './types';

const HEADER = [
  'at',
  'outcome',
  'kind',
  'userId',
  'credential',
  'clinicId',
  'insuranceIds',
  'noteType',
  'noteRef',
  'gates',
  'rules',
  'pack',
  'packHash',
  'profile',
  'reviewed',
  'reviewedBy',
  'reviewNote',
  'id',
];
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: a leading apostrophe when a spreadsheet would read it as a formula, then RFC 4180 quoting. */
export function csvCell(v: string): string {
  if (v === '') return '';
  const text = FORMULA_START.test(v) ? `'${v}` : v;
  return `"${text.replace(/"/g, '""')}"`;
}

function row(a: AttemptEntry, reviews: ReviewEntry[] | undefined): string {
  const done = reviews !== undefined && reviews.length > 0;
  const cells = [
    a.at,
    a.outcome,
    a.kind,
    a.userId ?? '',
    a.credential ?? '',
    a.clinicId ?? '',
    (a.insuranceIds ?? []).join(';'),
    a.noteType ?? '',
    a.noteRef ?? '',
    a.gates.join(';'),
    a.rules.join(';'),
    a.pack ? `${a.pack.name}@${a.pack.version}` : '',
    a.pack ? a.pack.hash.slice(0, 12) : '',
    a.profile,
    done ? 'yes' : 'no',
    // Every review, in log order: an auditor sees all of them, not only the latest.
    done ? reviews.map((r) => r.reviewer).join(';') : '',
    done
      ? reviews
          .map((r) => r.note)
          .filter((n) => n !== '')
          .join(' | ')
      : '',
    a.id,
  ];
  let line = csvCell(cells[0]);
  for (let i = 1; i < cells.length; i++) line += `,${csvCell(cells[i])}`;
  return line;
}

/** Header row, then one row per attempt in the given order; CRLF line endings, the last one included. */
export function toCsv(attempts: AttemptEntry[], reviews: Map<string, ReviewEntry[]>): string {
  const lines = new Array<string>(attempts.length + 1);
  lines[0] = HEADER.join(',');
  for (let i = 0; i < attempts.length; i++) lines[i + 1] = row(attempts[i], reviews.get(attempts[i].id));
  return `${lines.join('\r\n')}\r\n`;
}
