/** One published version: number, time, author, kind, summary; its changes against the one before (worked out when opened); rollback. */
import { useMemo, useState } from 'preact/hooks';
import { formatTime } from '../../shared/format';
import { ChangeList } from './ChangeList';
import { changesBetween } from './draft';
import type { HistoryRow } from './history-view';

export function VersionItem({ row, readOnly, onRollback }: { row: HistoryRow; readOnly: boolean; onRollback(): void }) {
  const [open, setOpen] = useState(false);
  const { version: v, previous } = row;
  const changes = useMemo(() => (open && previous ? changesBetween(previous.bundle, v.bundle) : []), [open, previous, v]);
  return (
    <li data-testid={`version-${v.version}`}>
      <div class="record-head">
        <span>
          <strong>Version {v.version}</strong> · {formatTime(v.publishedAt)} · {row.authorText} · {row.kindText}
          {row.inForce && <span class="in-force"> · in force</span>}
        </span>
        {!row.inForce && (
          <button type="button" disabled={readOnly} onClick={onRollback}>
            Roll back to version {v.version}
          </button>
        )}
      </div>
      {v.summary && <p class="summary">{v.summary}</p>}
      <details onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{previous ? `Changes from version ${previous.version}` : 'Changes'}</summary>
        {open &&
          (previous ? (
            <ChangeList changes={changes} label={`Changes in version ${v.version}`} empty={`The same as version ${previous.version}.`} />
          ) : (
            <p class="hint">The oldest version kept: there is nothing to compare it with.</p>
          ))}
      </details>
    </li>
  );
}
