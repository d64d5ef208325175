/**
 * Import users or insurances from a CSV file (a spreadsheet saved as CSV): the columns it may have, then a
 * preview of what would be added and updated, or every problem by line and column. Nothing changes in the
 * draft until the admin applies the preview; an invalid file changes nothing at all.
 */
import { useState } from 'preact/hooks';
import type { Directory } from '../../../policy/types';
import { plural } from '../../shared/format';
import { COLUMNS, planImport, type ImportKind, type ImportPlan } from './csv-import';
import './setup.css';

/** A spreadsheet export of a few thousand rows is well under this. */
const MAX_FILE_BYTES = 1024 * 1024;
const NOUN: Record<ImportKind, [string, string]> = { users: ['user', 'users'], insurances: ['insurance', 'insurances'] };

const required = (kind: ImportKind) =>
  COLUMNS[kind]
    .filter((c) => c.required)
    .map((c) => `"${c.name}"`)
    .join(' and ');

interface Props {
  kind: ImportKind;
  directory: Directory;
  disabled?: boolean;
  onApply(next: Directory): void;
}

export function CsvImport({ kind, directory, disabled, onApply }: Props) {
  const [file, setFile] = useState('');
  const [plan, setPlan] = useState<ImportPlan | null>(null);
  const [error, setError] = useState('');
  const [done, setDone] = useState('');
  const [one, many] = NOUN[kind];
  const inputId = `csv-${kind}`;

  const choose = async (input: HTMLInputElement) => {
    const f = input.files?.[0];
    input.value = ''; // choosing the same file again (after fixing it) reads it again
    setPlan(null);
    setError('');
    setDone('');
    if (!f) return;
    setFile(f.name);
    if (f.size > MAX_FILE_BYTES) return setError(`${f.name} is larger than 1 MB: is it the right file? Nothing was imported.`);
    try {
      setPlan(planImport(kind, await f.text(), directory));
    } catch {
      setError(`${f.name} could not be read. Nothing was imported.`);
    }
  };
  const apply = () => {
    if (!plan?.ok) return;
    onApply(plan.directory);
    setDone(`Imported ${plural(plan.rows.length, one)} from ${file} into the draft. Publish to make it count.`);
    setPlan(null);
  };

  return (
    <section class="csv-import" aria-labelledby={`${inputId}-title`} data-testid={`csv-import-${kind}`}>
      <h4 id={`${inputId}-title`}>Import {many} from a spreadsheet (CSV)</h4>
      <details>
        <summary>Columns</summary>
        <p class="hint">
          A header row, then one row per {one}. Column names ignore case and order; required: {required(kind)}. A cell holding a comma goes in double quotes. A
          row whose id is already in the directory updates it.
        </p>
        <table class="csv-columns">
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Required</th>
              <th scope="col">Meaning</th>
              <th scope="col">Example</th>
            </tr>
          </thead>
          <tbody>
            {COLUMNS[kind].map((c) => (
              <tr key={c.name}>
                <td class="mono">{c.name}</td>
                <td>{c.required ? 'yes' : 'no'}</td>
                <td>{c.meaning}</td>
                <td class="mono">{c.example}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <label class="field" for={inputId}>
        <span class="label">CSV file of {many}</span>
      </label>
      <input id={inputId} type="file" accept=".csv,text/csv" disabled={disabled} onChange={(e) => void choose(e.currentTarget)} />
      <div role="status" aria-live="polite">
        {error && <p class="error">{error}</p>}
        {done && (
          <p class="ok" data-testid="csv-done">
            {done}
          </p>
        )}
      </div>
      {plan && !plan.ok && (
        <div class="csv-problems" role="alert" data-testid="csv-problems">
          <p class="error">
            Nothing was imported: {file} has {plural(plan.problems.length, 'problem')}. Fix {plan.problems.length === 1 ? 'it' : 'them'} in the spreadsheet,
            save it as CSV again and choose it again.
          </p>
          <ul class="problems" aria-label="Problems in the CSV file">
            {plan.problems.map((p, i) => (
              <li key={i}>
                Line {p.line}
                {p.column && (
                  <>
                    , column <span class="mono">{p.column}</span>
                  </>
                )}
                : {p.message}. <span class="hint">How to fix: {p.fix}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
      {plan?.ok && (
        <div class="csv-preview" data-testid="csv-preview">
          <p>
            {file}: {plural(plan.rows.filter((r) => r.action === 'add').length, `new ${one}`)},{' '}
            {plural(plan.rows.filter((r) => r.action === 'update').length, 'update')}. Check them, then apply.
          </p>
          <table aria-label={`${many} to import`}>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col">What happens</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {plan.rows.map((r) => (
                <tr key={r.line}>
                  <td>{r.line}</td>
                  <td class="mono">{r.id}</td>
                  <td>{r.name}</td>
                  <td>{r.action === 'add' ? 'added' : 'updated'}</td>
                  <td>{r.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {plan.unconfirmed.length > 0 && (
            <p class="does-not-count" data-testid="csv-unconfirmed">
              "Finish SOAP Notes" comes in <strong>unconfirmed</strong> for {plural(plan.unconfirmed.length, one)}: a spreadsheet cannot answer "Yes, I
              understand" for you. It does not count until you confirm it for each of them below (Confirm… on the {one}).
            </p>
          )}
          <p>
            <button type="button" class="primary" onClick={apply} disabled={disabled}>
              Apply import ({plural(plan.rows.length, one)})
            </button>{' '}
            <button type="button" onClick={() => setPlan(null)}>
              Cancel
            </button>
          </p>
        </div>
      )}
    </section>
  );
}
