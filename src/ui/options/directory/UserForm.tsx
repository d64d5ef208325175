/** One user, as WebPT's User Manager: credential and the "Finish SOAP Notes" permission with its confirmation. */
import { useState } from 'preact/hooks';
import { CREDENTIALS } from '../../../policy/catalog';
import type { Credential, Directory, User } from '../../../policy/types';
import { formatTime } from '../../shared/format';
import { confirmFinishSoapNotes, isAssistant, permissionState, removeUser, removeUserBlocker, setFinishSoapNotes, updateUser } from './edit';
import { FinishSoapNotesDialog } from './FinishSoapNotesDialog';

interface Props {
  user: User;
  directory: Directory;
  author?: string;
  onChange(d: Directory): void;
}

export function UserForm({ user, directory, author, onChange }: Props) {
  const [confirming, setConfirming] = useState(false);
  const state = permissionState(user);
  const blocker = removeUserBlocker(directory, user.id);
  const confirmedBy = directory.users.find((u) => u.id === user.finishSoapNotes?.confirmedBy);
  const set = (patch: Partial<User>) => onChange(updateUser(directory, user.id, patch));

  const toggle = (on: boolean) => {
    onChange(setFinishSoapNotes(directory, user.id, on));
    setConfirming(on);
  };
  const confirm = (by: string) => {
    setConfirming(false);
    onChange(confirmFinishSoapNotes(setFinishSoapNotes(directory, user.id, true), user.id, by));
  };

  return (
    <fieldset class="record" data-testid={`user-${user.id}`}>
      <legend>
        {user.name || '(no name)'} <span class="id mono">{user.id}</span>
      </legend>
      <div class="fields">
        <label class="field">
          <span class="label">Name</span>
          <input value={user.name} maxLength={200} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="label">Credential</span>
          <select value={user.credential} onChange={(e) => set({ credential: e.currentTarget.value as Credential })}>
            {CREDENTIALS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">Initials on the chart</span>
          <input
            value={user.initials ?? ''}
            size={5}
            maxLength={4}
            placeholder="from the name"
            pattern="[A-Z]{1,4}"
            onInput={(e) => set({ initials: e.currentTarget.value.toUpperCase() || undefined })}
          />
        </label>
      </div>
      <label class="check">
        <input type="checkbox" checked={state !== 'off'} onChange={(e) => toggle(e.currentTarget.checked)} />
        <span>Finish SOAP Notes{!isAssistant(user) && <span class="hint"> (only assistants need it to finalize)</span>}</span>
      </label>
      {state === 'unconfirmed' && (
        <p class="does-not-count" data-testid="unconfirmed">
          On, but not confirmed: it does not count until someone answers "Yes, I understand".{' '}
          <button type="button" onClick={() => setConfirming(true)}>
            Confirm…
          </button>
        </p>
      )}
      {state === 'confirmed' && (
        <p class="hint" data-testid="confirmed">
          Confirmed by {confirmedBy ? `${confirmedBy.name} (${confirmedBy.id})` : user.finishSoapNotes?.confirmedBy} on{' '}
          {formatTime(user.finishSoapNotes?.confirmedAt ?? '')}.
        </p>
      )}
      <p>
        <button
          type="button"
          disabled={blocker !== null}
          aria-describedby={blocker ? `remove-why-${user.id}` : undefined}
          onClick={() => onChange(removeUser(directory, user.id))}
        >
          Remove user {user.name}
        </button>
        {blocker && (
          <span class="hint" id={`remove-why-${user.id}`}>
            {' '}
            {blocker}
          </span>
        )}
      </p>
      {confirming && <FinishSoapNotesDialog user={user} directory={directory} author={author} onConfirm={confirm} onCancel={() => setConfirming(false)} />}
    </fieldset>
  );
}
