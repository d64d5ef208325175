/** Publish the draft (validated first) and the history of published versions, each with its changes and a rollback. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Change, ConfigBundle, PublishedVersion } from '../../../config/types';
import { rollback } from '../../shared/config-client';
import { plural } from '../../shared/format';
import type { SectionProps } from '../section';
import { ChangeList } from './ChangeList';
import { historyRows, type HistoryRow } from './history-view';
import { ProblemList } from './ProblemList';
import { PublishForm } from './PublishForm';
import type { ActionResult } from './result';
import { RollbackDialog } from './RollbackDialog';
import { VersionItem } from './VersionItem';

export interface PublishProps extends SectionProps {
  inForce: ConfigBundle;
  /** The published version the draft was made from (sent with the publish; see config-client's publish). */
  baseVersion: number;
  changes: Change[];
  history: PublishedVersion[];
  onDiscard(): void;
}

export function PublishSection({ draft, active, readOnly, inForce, baseVersion, changes, history, onDiscard }: PublishProps) {
  const [result, setResult] = useState<ActionResult | null>(null);
  const [confirming, setConfirming] = useState<HistoryRow | null>(null);
  const [busy, setBusy] = useState(false);
  const rows = useMemo(() => historyRows(history, active?.version), [history, active?.version]);
  // Publishing disables the Publish button (nothing left to publish), which drops keyboard focus to the body:
  // take it to the result, which says what happened.
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const focused = document.activeElement;
    if (result && (!focused || focused === document.body)) resultRef.current?.focus();
  }, [result]);

  const doRollback = async () => {
    if (!confirming) return;
    const target = confirming.version.version;
    setBusy(true);
    const reply = await rollback(target);
    setBusy(false);
    setConfirming(null);
    setResult(
      reply.ok
        ? { ok: true, text: `Rolled back to version ${target}, published as version ${reply.version}: every open note tab decides with it now.` }
        : { ok: false, text: `Not rolled back: ${reply.reason}`, problems: reply.problems },
    );
  };

  return (
    <section aria-labelledby="fg-publish-title" data-testid="publish-section">
      <h2 id="fg-publish-title">Publish and history</h2>
      <section aria-labelledby="fg-draft-title">
        <h3 id="fg-draft-title">Unpublished changes ({plural(changes.length, 'change')})</h3>
        <ChangeList changes={changes} label="Unpublished changes" empty="None: the draft is the same as the configuration in force." />
        <PublishForm
          draft={draft}
          baseVersion={baseVersion}
          changes={changes}
          readOnly={readOnly}
          onResult={setResult}
          onDiscard={() => {
            onDiscard();
            setResult(null);
          }}
        />
        <div data-testid="publish-result" role="status" aria-live="polite" tabIndex={-1} ref={resultRef}>
          {result && <p class={result.ok ? 'ok' : 'error'}>{result.text}</p>}
          {result?.problems && <ProblemList problems={result.problems} label="Problems found" />}
        </div>
      </section>
      <section aria-labelledby="fg-history-title">
        <h3 id="fg-history-title">History</h3>
        {rows.length === 0 ? (
          <p class="hint">Nothing has been published yet: the configuration in force is the one Finalize Guard ships with.</p>
        ) : (
          <ol class="history" reversed aria-label="Published versions, newest first">
            {rows.map((row) => (
              <VersionItem key={row.version.version} row={row} readOnly={readOnly} onRollback={() => setConfirming(row)} />
            ))}
          </ol>
        )}
      </section>
      {confirming && <RollbackDialog row={confirming} inForce={inForce} busy={busy} onConfirm={doRollback} onCancel={() => setConfirming(null)} />}
    </section>
  );
}
