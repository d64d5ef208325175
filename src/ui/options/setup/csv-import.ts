/**
 * Users and insurances from a spreadsheet (CSV): the columns an admin may use, each row checked, and the
 * directory the import would make. Pure. Nothing is imported when any row is invalid: the plan either has
 * problems (each naming its line, column and fix) or the records to add and update, never both.
 *
 * "Finish SOAP Notes" from a CSV is turned on UNCONFIRMED: its "Yes, I understand" confirmation records which
 * admin confirmed it for which user, so a spreadsheet cell cannot give it. An admin confirms each user
 * afterwards (Users step); until then the permission does not count, exactly as when ticked by hand.
 */
import { CREDENTIALS, PAYERS } from '../../../policy/catalog';
import { ID } from '../../../policy/facts';
import type { Credential, Directory, Insurance, Payer, User } from '../../../policy/types';
import { addInsurance, addUser, permissionState, suggestId, suggestUserId, updateInsurance, updateUser } from '../directory/edit';
import { parseCsv, type CsvRow } from './csv-parse';

interface Column {
  name: string;
  required: boolean;
  meaning: string;
  example: string;
}

export const USER_COLUMNS: Column[] = [
  { name: 'name', required: true, meaning: 'Full name, as the EHR shows it.', example: 'Jamie Rivera' },
  { name: 'credential', required: true, meaning: `One of ${CREDENTIALS.join(', ')}.`, example: 'PTA' },
  {
    name: 'id',
    required: false,
    meaning: "The user's id in the EHR (the note screen's user). Blank: made from the credential and first name, e.g. u-pta-jamie.",
    example: 'u-pta-jamie',
  },
  {
    name: 'initials',
    required: false,
    meaning: 'Initials on the chart, 1 to 4 capital letters. Blank: from the name (an existing user keeps theirs).',
    example: 'JR',
  },
  {
    name: 'finish_soap_notes',
    required: false,
    meaning: 'yes or no. "yes" turns the permission on but unconfirmed: it counts only once an admin confirms it for this user ("Yes, I understand").',
    example: 'yes',
  },
];

const INSURANCE_COLUMNS: Column[] = [
  { name: 'name', required: true, meaning: 'The insurance as the EHR shows it.', example: 'Acme Health PPO' },
  { name: 'id', required: false, meaning: "The insurance's id in the EHR. Blank: made from the name, e.g. ins-acme-health-ppo.", example: 'ins-acme-ppo' },
  {
    name: 'assistants_may_finalize',
    required: false,
    meaning: '"Allow therapist assistants to finalize notes": yes or no. Blank: no (an existing insurance keeps its setting).',
    example: 'yes',
  },
  {
    name: 'payer',
    required: false,
    meaning: `Which payer's rules apply: ${PAYERS.join(', ')}. Blank: none (an existing insurance keeps its payer).`,
    example: 'medicare-part-b',
  },
];

export type ImportKind = 'users' | 'insurances';
export const COLUMNS: Record<ImportKind, Column[]> = { users: USER_COLUMNS, insurances: INSURANCE_COLUMNS };

/** One problem: the spreadsheet line (1 is the header), the column, what is wrong and how to fix it. */
interface RowProblem {
  line: number;
  column: string;
  message: string;
  fix: string;
}
interface PlannedRow {
  line: number;
  id: string;
  name: string;
  action: 'add' | 'update';
  summary: string;
}
export type ImportPlan = { ok: true; rows: PlannedRow[]; directory: Directory; unconfirmed: string[] } | { ok: false; problems: RowProblem[] };

const MAX_ROWS = 2000;
const byLine = (p: RowProblem[]) => [...p].sort((a, b) => a.line - b.line);
const MAX_NAME = 200;
const YES = new Set(['yes', 'y', 'true', '1', 'on', 'x']);
const NO = new Set(['no', 'n', 'false', '0', 'off', '']);

/** "Finish SOAP Notes" → "finish_soap_notes": headers are matched ignoring case, spaces and dashes. */
const headerKey = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

type Table = { ok: true; rows: Array<{ line: number; cell: Record<string, string> }>; problems: RowProblem[] } | { ok: false; problems: RowProblem[] };

/** Checks the header and maps each data row to { column: cell }; a row longer than the header is a problem of that row. */
function readTable(text: string, kind: ImportKind): Table {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, problems: [{ line: parsed.error.line, column: '', message: parsed.error.message, fix: parsed.error.fix }] };
  const [header, ...data] = parsed.rows;
  const columns = COLUMNS[kind];
  const names = columns.map((c) => c.name).join(', ');
  if (!header) return { ok: false, problems: [{ line: 1, column: '', message: 'The file is empty', fix: `Start with a header row: ${names}.` }] };
  const keys = header.cells.map(headerKey);
  const problems: RowProblem[] = [];
  keys.forEach((k, i) => {
    if (!columns.some((c) => c.name === k))
      problems.push({
        line: header.line,
        column: header.cells[i] || `column ${i + 1}`,
        message: `Unknown column "${header.cells[i]}"`,
        fix: `Use only these columns: ${names}.`,
      });
    else if (keys.indexOf(k) !== i)
      problems.push({ line: header.line, column: header.cells[i], message: `The column "${header.cells[i]}" appears twice`, fix: 'Keep one of them.' });
  });
  for (const c of columns) {
    if (c.required && !keys.includes(c.name))
      problems.push({
        line: header.line,
        column: c.name,
        message: `The required column "${c.name}" is missing`,
        fix: `Add a "${c.name}" column to the header row (${c.meaning})`,
      });
  }
  if (data.length === 0)
    problems.push({
      line: header.line + 1,
      column: '',
      message: 'There are no rows under the header',
      fix: `Add one row per ${kind === 'users' ? 'user' : 'insurance'}.`,
    });
  if (data.length > MAX_ROWS)
    problems.push({ line: data[MAX_ROWS].line, column: '', message: `More than ${MAX_ROWS} rows`, fix: 'Split the file and import it in parts.' });
  if (problems.length) return { ok: false, problems };
  const long = data.filter((r) => r.cells.length > keys.length && r.cells.slice(keys.length).some((c) => c !== ''));
  return {
    ok: true,
    rows: data.map((r: CsvRow) => ({ line: r.line, cell: Object.fromEntries(keys.map((k, i) => [k, r.cells[i] ?? ''])) })),
    problems: long.map((r) => ({
      line: r.line,
      column: '',
      message: `This row has ${r.cells.length} cells but the header has ${keys.length}`,
      fix: 'Remove the extra cells, or put a cell that holds a comma in double quotes.',
    })),
  };
}

function yesNo(v: string, line: number, column: string, problems: RowProblem[]): boolean | undefined {
  const k = v.trim().toLowerCase();
  if (YES.has(k)) return true;
  if (NO.has(k)) return k === '' ? undefined : false;
  problems.push({ line, column, message: `"${v}" is not yes or no`, fix: 'Write yes or no.' });
  return undefined;
}

function checkName(name: string, line: number, problems: RowProblem[]): void {
  if (!name) problems.push({ line, column: 'name', message: 'The name is empty', fix: 'Write the name, or delete the row.' });
  else if (name.length > MAX_NAME) problems.push({ line, column: 'name', message: `The name is longer than ${MAX_NAME} characters`, fix: 'Shorten it.' });
}

/** The id of a row: its own (checked), else a new one; an id twice in the file is a problem. */
function rowId(given: string, line: number, seen: Map<string, number>, make: () => string, problems: RowProblem[]): string {
  const id = given || make();
  if (given && !ID.test(given))
    problems.push({
      line,
      column: 'id',
      message: `"${given}" is not a valid id`,
      fix: 'An id is 1 to 64 letters, digits and . _ : - (no spaces), starting with a letter or digit.',
    });
  const first = seen.get(id);
  if (first !== undefined)
    problems.push({ line, column: 'id', message: `The id "${id}" is also on line ${first}`, fix: 'Give each row its own id, or merge the two rows.' });
  seen.set(id, line);
  return id;
}

/** What importing `text` as users would change in `directory`, or every problem in it. */
export function planUserImport(text: string, directory: Directory): ImportPlan {
  const table = readTable(text, 'users');
  if (!table.ok) return table;
  const problems: RowProblem[] = [...table.problems];
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  let next = directory;
  for (const { line, cell } of table.rows) {
    const name = cell.name.trim();
    checkName(name, line, problems);
    const credential = cell.credential.trim().toUpperCase() as Credential;
    if (!CREDENTIALS.includes(credential))
      problems.push({
        line,
        column: 'credential',
        message: cell.credential ? `"${cell.credential}" is not a credential Finalize Guard knows` : 'The credential is empty',
        fix: `Write one of ${CREDENTIALS.join(', ')}.`,
      });
    const initials = (cell.initials ?? '').trim();
    if (initials && !/^[A-Z]{1,4}$/.test(initials))
      problems.push({ line, column: 'initials', message: `"${initials}" are not 1 to 4 capital letters`, fix: 'Write e.g. JR, or leave it blank.' });
    const finish = 'finish_soap_notes' in cell ? yesNo(cell.finish_soap_notes, line, 'finish_soap_notes', problems) : undefined;
    const id = rowId(cell.id?.trim() ?? '', line, seen, () => suggestUserId(next, name, CREDENTIALS.includes(credential) ? credential : 'PT'), problems);
    if (problems.length) continue;
    const existing = next.users.find((u) => u.id === id);
    // A blank optional cell keeps what an existing record has: a spreadsheet without initials must not erase them.
    const fields: Partial<User> = { name, credential, initials: initials || existing?.initials };
    if (existing) {
      next = updateUser(next, id, fields);
      // "yes" keeps a confirmation already given; "no" turns it off; blank leaves the permission as it is.
      if (finish === false || (finish === true && permissionState(existing) === 'off')) next = updateUser(next, id, { finishSoapNotes: { enabled: finish } });
    } else {
      next = addUser(next, { id, ...fields, ...(finish !== undefined ? { finishSoapNotes: { enabled: finish } } : {}) } as User);
    }
    rows.push({
      line,
      id,
      name,
      action: existing ? 'update' : 'add',
      summary: `${credential}${initials ? `, ${initials}` : ''}${finish === true ? ', Finish SOAP Notes on' : finish === false ? ', Finish SOAP Notes off' : ''}`,
    });
  }
  if (problems.length) return { ok: false, problems: byLine(problems) };
  const unconfirmed = next.users.filter((u) => rows.some((r) => r.id === u.id) && permissionState(u) === 'unconfirmed').map((u) => u.id);
  return { ok: true, rows, directory: next, unconfirmed };
}

/** What importing `text` as insurances would change in `directory`, or every problem in it. */
export function planInsuranceImport(text: string, directory: Directory): ImportPlan {
  const table = readTable(text, 'insurances');
  if (!table.ok) return table;
  const problems: RowProblem[] = [...table.problems];
  const seen = new Map<string, number>();
  const rows: PlannedRow[] = [];
  let next = directory;
  for (const { line, cell } of table.rows) {
    const name = cell.name.trim();
    checkName(name, line, problems);
    const allows = 'assistants_may_finalize' in cell ? yesNo(cell.assistants_may_finalize, line, 'assistants_may_finalize', problems) : undefined;
    const payer = (cell.payer ?? '').trim().toLowerCase();
    if (payer && !PAYERS.includes(payer as Payer))
      problems.push({
        line,
        column: 'payer',
        message: `"${cell.payer}" is not a payer Finalize Guard knows`,
        fix: `Write one of ${PAYERS.join(', ')}, or leave it blank.`,
      });
    const id = rowId(
      cell.id?.trim() ?? '',
      line,
      seen,
      () =>
        suggestId(
          'ins',
          name,
          next.insurances.map((x) => x.id),
        ),
      problems,
    );
    if (problems.length) continue;
    const existing = next.insurances.find((x) => x.id === id);
    const fields: Omit<Insurance, 'id'> = {
      name,
      assistantFinalization: allows ?? existing?.assistantFinalization ?? false,
      payer: (payer || existing?.payer) as Payer | undefined,
    };
    next = existing ? updateInsurance(next, id, fields) : addInsurance(next, { id, ...fields });
    rows.push({
      line,
      id,
      name,
      action: existing ? 'update' : 'add',
      summary: `assistants may finalize: ${fields.assistantFinalization ? 'yes' : 'no'}${payer ? `, payer ${payer}` : ''}`,
    });
  }
  if (problems.length) return { ok: false, problems: byLine(problems) };
  return { ok: true, rows, directory: next, unconfirmed: [] };
}

export const planImport = (kind: ImportKind, text: string, directory: Directory): ImportPlan =>
  (kind === 'users' ? planUserImport : planInsuranceImport)(text, directory);
