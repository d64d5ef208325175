/** Export the current filter (CSV, JSON) and import JSON exports (several files at once). */
import { useRef, useState } from 'preact/hooks';
import { toCsv } from '../../audit/csv';
import type { AuditFilter } from '../../audit/filter';
import { exportDigest, toExport } from '../../audit/export-import';
import type { AttemptEntry, AuditEntry, ReviewEntry } from '../../audit/types';
import { downloadText } from '../shared/download';
import { localDate } from '../shared/format';
import { checkExportSignature, sendImportEntries, signExport } from '../shared/worker';
import { importFile, progressText } from './import-chunks';
import { importMessage } from './import-message';

interface Props {
  entries: AuditEntry[];
  filtered: AttemptEntry[];
  reviews: Map<string, ReviewEntry[]>;
  filtering: boolean;
  /** The filter in force (written into a filtered export). */
  filter: AuditFilter;
  onImported: () => void;
  /** Export waits for the whole log (import does not need it). */
  disabled?: boolean;
}

/** The JSON export of the current filter: its attempts and their reviews (the whole log when nothing is filtered). */
function exportEntries(entries: AuditEntry[], filtered: AttemptEntry[], reviews: Map<string, ReviewEntry[]>, filtering: boolean): AuditEntry[] {
  if (!filtering) return entries;
  const out: AuditEntry[] = [...filtered];
  for (const a of filtered) {
    const r = reviews.get(a.id);
    if (r) out.push(...r);
  }
  return out;
}

/** The filter as the export file carries it: only the fields set. */
const filterRecord = (filter: AuditFilter): Record<string, string> =>
  Object.fromEntries(Object.entries(filter).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== ''));

export function Transfer({ entries, filtered, reviews, filtering, filter, onImported, disabled = false }: Props) {
  const [results, setResults] = useState<Array<{ ok: boolean; text: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const picker = useRef<HTMLInputElement>(null);
  const name = (ext: string) => `finalize-guard-audit-${filtering ? 'filtered-' : ''}${localDate()}.${ext}`;

  const exportCsv = () => downloadText(name('csv'), toCsv(filtered, reviews), 'text/csv;charset=utf-8');
  const exportJson = async () => {
    const file = toExport(exportEntries(entries, filtered, reviews, filtering), new Date().toISOString(), filtering ? filterRecord(filter) : undefined);
    // Signed by the worker (the organisation's key from policy, else this browser's); unsigned if it cannot.
    const signature = await signExport(await exportDigest(file));
    downloadText(name('json'), JSON.stringify(signature ? { ...file, signature } : file), 'application/json');
  };
  const importFiles = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    if (!files.length) return;
    setBusy(true);
    setResults([]);
    const out: Array<{ ok: boolean; text: string }> = [];
    try {
      // One file after another: each is read, verified and sent in parts before the next is read.
      for (const f of files) {
        out.push(importMessage(f.name, await importFile(f, sendImportEntries, (p) => setProgress(progressText(f.name, p)), checkExportSignature)));
        setResults([...out]);
      }
    } finally {
      input.value = '';
      setProgress('');
      setBusy(false);
      onImported();
    }
  };

  return (
    <div class="transfer">
      <div class="buttons">
        <button type="button" onClick={exportCsv} disabled={disabled || filtered.length === 0}>
          Export CSV
        </button>
        <button type="button" onClick={() => void exportJson()} disabled={disabled || entries.length === 0}>
          Export JSON
        </button>
        <button type="button" onClick={() => picker.current?.click()} disabled={busy}>
          {busy ? 'Importing…' : 'Import JSON…'}
        </button>
        <input
          ref={picker}
          id="import-files"
          aria-label="JSON audit exports to import"
          type="file"
          accept=".json,application/json"
          multiple
          hidden
          onChange={(e) => void importFiles(e.currentTarget)}
        />
      </div>
      <p class="hint">
        Exports hold the current filter{filtering ? ' (a JSON export says it is filtered, and by what)' : ' (everything: a whole export)'}, reviews included.
      </p>
      {progress && (
        <p class="hint" data-testid="import-progress">
          {progress}
        </p>
      )}
      <ul class="import-results" role="status" data-testid="import-results">
        {results.map((r, i) => (
          <li key={i} class={r.ok ? 'ok' : 'bad'}>
            {r.text}
          </li>
        ))}
      </ul>
    </div>
  );
}
