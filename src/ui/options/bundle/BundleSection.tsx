/**
 * Admin console: export the draft or the configuration in force as one bundle file (rule packs with their
 * on/off switch, the directory, site profiles), and import one. An imported file is validated first (every
 * problem with its place in the file and a hint), then compared with what is in force; only a bundle without
 * errors, after a clear warning, replaces the configuration (published as an import, so it can be rolled back).
 */
import { useMemo, useRef, useState } from 'preact/hooks';
import { problemLine, type LocatedBundleProblem } from '../../../config/bundle-file';
import type { ConfigBundle } from '../../../config/types';
import { publish, type PublishReply } from '../../shared/config-client';
import { downloadText } from '../../shared/download';
import { localDate } from '../../shared/format';
import { SHIPPED_PROFILES } from '../../../sites/shipped';
import { changesBetween, draftOf } from '../publish/draft';
import type { SectionProps } from '../section';
import { bundleFileName, bundleText, canReplace, importSummary, problemsHeading, readBundleFile, summaryText, type ImportReport } from './import-flow';
import './bundle.css';

const SHOWN_CHANGES = 200;

export function BundleSection({ draft, onChange, active, readOnly }: SectionProps) {
  const inForce = useMemo(() => (active ? draftOf(active) : null), [active]);
  const draftChanges = useMemo(() => (inForce ? changesBetween(inForce, draft).length : 0), [inForce, draft]);
  const [report, setReport] = useState<ImportReport | null>(null);
  // The version in force when the file was checked (what its comparison shows): the import's base.
  const [checkedAgainst, setCheckedAgainst] = useState(0);
  const [reading, setReading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<PublishReply | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const save = (bundle: ConfigBundle, name: string) => downloadText(name, bundleText(bundle), 'application/json');

  const choose = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    setResult(null);
    setReport(null);
    if (!file) return;
    setReading(true);
    setCheckedAgainst(active?.version ?? 0);
    try {
      setReport(
        readBundleFile(
          file.name,
          await file.text(),
          inForce,
          SHIPPED_PROFILES.map((s) => s.name),
        ),
      );
    } catch (e) {
      setReport({
        fileName: file.name,
        ok: false,
        bundle: null,
        changes: [],
        counts: { pack: 0, directory: 0, site: 0 },
        problems: [
          { where: 'file', path: '(root)', severity: 'error', message: `The file could not be read (${(e as Error).message})`, hint: 'Choose the file again.' },
        ],
      });
    } finally {
      setReading(false);
    }
  };

  const replace = async () => {
    if (!report || !canReplace(report, readOnly, busy) || !report.bundle) return;
    setBusy(true);
    try {
      const reply = await publish(report.bundle, 'import', importSummary(report), checkedAgainst);
      setResult(reply);
      if (reply.ok) {
        onChange(report.bundle);
        setReport(null);
        if (picker.current) picker.current.value = '';
      }
    } finally {
      setBusy(false);
    }
  };

  const errors = report?.problems.filter((p) => p.severity === 'error') ?? [];
  const warnings = report?.problems.filter((p) => p.severity === 'warning') ?? [];
  const version = active?.version;

  return (
    <section aria-labelledby="fg-bundle-title" data-testid="bundle-section" class="fg-bundle">
      <h2 id="fg-bundle-title">Import and export</h2>
      <p class="hint">
        A bundle is the whole configuration in one file: rule packs (with whether each is on), the directory, and site profiles. Use it to copy a configuration
        to another browser or keep a copy outside the browser.
      </p>
      <h3>Export</h3>
      <p class="fg-bundle-actions">
        <button type="button" data-testid="export-draft" onClick={() => save(draft, bundleFileName('draft', localDate()))}>
          Export the draft
        </button>
        <button
          type="button"
          data-testid="export-active"
          disabled={!inForce}
          onClick={() => inForce && save(inForce, bundleFileName({ version: version ?? 0 }, localDate()))}
        >
          Export the configuration in force
        </button>
      </p>
      <p class="hint">
        {draftChanges > 0
          ? `The draft has ${draftChanges} unpublished ${draftChanges === 1 ? 'change' : 'changes'}; the configuration in force does not.`
          : 'The draft is the configuration in force.'}{' '}
        The file holds no audit entries and no passcode.
      </p>
      <h3>Import</h3>
      <label for="fg-bundle-file">Bundle file (JSON)</label>{' '}
      <input
        id="fg-bundle-file"
        ref={picker}
        type="file"
        accept=".json,application/json"
        data-testid="import-file"
        onChange={(e) => void choose(e.target as HTMLInputElement)}
      />
      {readOnly && <p class="hint">You can check a bundle here; unlock the console to import it.</p>}
      {reading && <p role="status">Reading the file…</p>}
      {report && (
        <div data-testid="import-report">
          {errors.length > 0 && (
            <div class="fg-problem" role="alert" data-testid="import-problems">
              <p>
                <strong>{problemsHeading(report)}</strong>
              </p>
              <ProblemList fileName={report.fileName} problems={errors} />
            </div>
          )}
          {warnings.length > 0 && (
            <div data-testid="import-warnings">
              <p>Warnings (they do not stop the import):</p>
              <ProblemList fileName={report.fileName} problems={warnings} />
            </div>
          )}
          {report.ok && (
            <>
              <p data-testid="import-summary">
                <strong>{report.fileName}</strong> is a valid bundle. Compared with the configuration in force{version ? ` (version ${version})` : ''}:{' '}
                {summaryText(report.counts)}
              </p>
              {report.changes.length > 0 && (
                <ul class="changes" data-testid="import-changes">
                  {report.changes.slice(0, SHOWN_CHANGES).map((c, i) => (
                    <li key={i}>
                      <span class="area">{c.area}</span>
                      {c.what}: <span class="before">{c.before ?? '(none)'}</span> → <span class="after">{c.after ?? '(none)'}</span>
                    </li>
                  ))}
                  {report.changes.length > SHOWN_CHANGES && <li>… and {report.changes.length - SHOWN_CHANGES} more.</li>}
                </ul>
              )}
              {report.changes.length > 0 && (
                <p class="warn" data-testid="import-warning">
                  <strong>Importing overwrites the current settings.</strong> The rule packs, directory and site profiles in force now are replaced by this
                  file's{draftChanges > 0 ? `, and your draft's ${draftChanges} unpublished ${draftChanges === 1 ? 'change is' : 'changes are'} discarded` : ''}
                  . Every open note tab decides with the imported configuration at once. It becomes a new version in the history, so you can roll back to the
                  current one.
                </p>
              )}
            </>
          )}
          <p class="fg-bundle-actions">
            <button type="button" class="primary" data-testid="import-apply" disabled={!canReplace(report, readOnly, busy)} onClick={() => void replace()}>
              {busy ? 'Replacing…' : 'Replace the configuration'}
            </button>
            <button
              type="button"
              onClick={() => {
                setReport(null);
                if (picker.current) picker.current.value = '';
              }}
            >
              Cancel
            </button>
          </p>
        </div>
      )}
      {result && (
        <div data-testid="import-result" role={result.ok ? 'status' : 'alert'} class={result.ok ? 'ok' : 'fg-problem'}>
          {result.ok ? `Imported: version ${result.version} is in force.` : `Not imported: ${result.reason}`}
          {!result.ok && result.problems && result.problems.length > 0 && <ProblemList fileName={report?.fileName ?? 'bundle'} problems={result.problems} />}
        </div>
      )}
    </section>
  );
}

function ProblemList({ fileName, problems }: { fileName: string; problems: LocatedBundleProblem[] }) {
  return (
    <ul class="problems">
      {problems.map((p, i) => (
        <li key={i}>{problemLine(fileName, p)}</li>
      ))}
    </ul>
  );
}
