/** Export the current filter (CSV, JSON) and import JSON exports (several files at once). */
import { useRef, useState } from 'preact/hooks';
import { toCsv } from '../../audit/csv';
import { toExport } from '../../audit/export-import';
import type { AttemptEntry, AuditEntry, ReviewEntry } from '../../audit/types';
import { downloadText } from '../shared/download';
import { localDate } from '../shared/format';
import { sendImportEntries } from '../shared/worker';
import { importFile, progressText } from './import-chunks';
import { importMessage } from './import-message';

interface Props {
  entries: AuditEntry[];
  filtered: AttemptEntry[];
  reviews: Map<string, ReviewEntry[]>;
  filtering: boolean;
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

export function Transfer({ entries, filtered, reviews, filtering, onImported, disabled = false }: Props) {
  const [results, setResults] = useState<Array<{ ok: boolean; text: string }>>([]);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState('');
  const picker = useRef<HTMLInputElement>(null);
  const name = (ext: string) => `finalize-guard-audit-${filtering ? 'filtered-' : ''}${localDate()}.${ext}`;

  const exportCsv = () => downloadText(name('csv'), toCsv(filtered, reviews), 'text/csv;charset=utf-8');
  const exportJson = () => {
    const file = toExport(exportEntries(entries, filtered, reviews, filtering), new Date().toISOString());
    downloadText(name('json'), JSON.stringify(file), 'application/json');
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
        out.push(importMessage(f.name, await importFile(f, sendImportEntries, (p) => setProgress(progressText(f.name, p)))));
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
        <button type="button" onClick={exportJson} disabled={disabled || entries.length === 0}>
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
      <p class="hint">Exports hold the current filter{filtering ? '' : ' (everything)'}, reviews included.</p>
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
