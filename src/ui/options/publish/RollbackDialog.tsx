/** "Roll back to version N?": what would change against what is in force, then confirm or cancel (a modal <dialog>). */
import { useMemo, useRef } from 'preact/hooks';
import { useModal } from '../../shared/use-modal';
import type { ConfigBundle } from '../../../config/types';
import { formatTime } from '../../shared/format';
import { ChangeList } from './ChangeList';
import { changesBetween } from './draft';
import type { HistoryRow } from './history-view';

interface Props {
  row: HistoryRow;
  inForce: ConfigBundle;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
}

export function RollbackDialog({ row, inForce, busy, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const v = row.version;
  const changes = useMemo(() => changesBetween(inForce, v.bundle), [inForce, v]);
  useModal(ref);
  return (
    <dialog
      ref={ref}
      aria-labelledby="rollback-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
      data-testid="rollback-dialog"
    >
      <h2 id="rollback-title">Roll back to version {v.version}?</h2>
      <p>
        Version {v.version} ({row.kindText.toLowerCase()}, {formatTime(v.publishedAt)}, by {row.authorText}) is published again as a new version, and every open
        note tab decides with it at once. Your unpublished draft changes, if any, stay in the draft.
      </p>
      <h3>What changes against the configuration in force</h3>
      <ChangeList changes={changes} label={`Changes if version ${v.version} is restored`} empty="Nothing: it is the same as the configuration in force." />
      <div class="actions">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" class="primary" disabled={busy} onClick={onConfirm}>
          Roll back
        </button>
      </div>
    </dialog>
  );
}
