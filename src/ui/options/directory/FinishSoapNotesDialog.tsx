/**
 * The "Yes, I understand" confirmation of "Finish SOAP Notes" (a modal <dialog>). It records who confirmed,
 * a user of the directory: the admin who unlocked the console, or the one chosen here when that is unknown.
 */
import { useRef, useState } from 'preact/hooks';
import { useModal } from '../../shared/use-modal';
import type { Directory, User } from '../../../policy/types';

interface Props {
  user: User;
  directory: Directory;
  /** Who unlocked the console (a directory user id, when they picked themselves). */
  author?: string;
  onConfirm(confirmedBy: string): void;
  onCancel(): void;
}

export function FinishSoapNotesDialog({ user, directory, author, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const known = directory.users.find((u) => u.id === author && u.id !== user.id);
  const [by, setBy] = useState(known?.id ?? '');
  useModal(ref);
  const titleId = `fsn-title-${user.id}`;

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={`fsn-text-${user.id}`}
      data-testid="finish-soap-notes-dialog"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (by) onConfirm(by);
        }}
      >
        <h2 id={titleId}>Give {user.name} the Finish SOAP Notes permission?</h2>
        <div id={`fsn-text-${user.id}`}>
          <p>
            With this permission, {user.name} ({user.credential}) can finalize SOAP notes without forwarding them to a therapist for a co-signature, wherever
            the clinic and the patient's insurance also allow assistants to finalize notes.
          </p>
          <p>
            By selecting <strong>Yes, I understand</strong>, you confirm that finalizing notes by therapist assistants is permitted by your state's practice act
            and by the payers involved, that each note names the supervising therapist, and that your billing integration has a provider license for this
            assistant where notes must reach billing.
          </p>
        </div>
        {known ? (
          <p class="hint">
            Recorded as confirmed by {known.name} ({known.id}), now.
          </p>
        ) : (
          <label class="field">
            <span class="label">Confirmed by (you, as a user of the directory)</span>
            <select value={by} required onChange={(e) => setBy(e.currentTarget.value)}>
              <option value="">Choose…</option>
              {directory.users
                .filter((u) => u.id !== user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name} ({u.id})
                  </option>
                ))}
            </select>
          </label>
        )}
        <div class="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" class="primary" disabled={!by}>
            Yes, I understand
          </button>
        </div>
      </form>
    </dialog>
  );
}
