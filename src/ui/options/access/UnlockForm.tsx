/**
 * Unlock: who you are (a user of the directory, recorded with what you publish and confirm) and the passcode.
 * On first run the directory has nobody in it yet: the admin types their name instead.
 */
import { useState } from 'preact/hooks';
import type { Directory } from '../../../policy/types';
import { isAuthor } from '../../../shared/config-messages';
import { unlock } from '../../shared/config-client';

export function UnlockForm({ directory, onDone }: { directory: Directory; onDone(): void }) {
  const [as, setAs] = useState(() => localStorage.getItem('fg-admin-as') ?? '');
  const [passcode, setPasscode] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const users = [...directory.users].sort((a, b) => a.name.localeCompare(b.name));
  const submit = async (e: Event) => {
    e.preventDefault();
    if (users.length === 0 ? !isAuthor(as) : !users.some((u) => u.id === as)) {
      return setMessage(users.length === 0 ? 'Type your name (1 to 80 characters).' : 'Choose who you are in the directory.');
    }
    setBusy(true);
    const reply = await unlock(as, passcode);
    setBusy(false);
    setPasscode('');
    if (!reply.ok) return setMessage(`Not unlocked: ${reply.reason}`);
    localStorage.setItem('fg-admin-as', as);
    setMessage('');
    onDone();
  };
  return (
    <form class="access-form" onSubmit={submit} data-testid="unlock-form" aria-labelledby="unlock-title">
      <h3 id="unlock-title" class="full">
        Unlock the console
      </h3>
      {users.length === 0 ? (
        <label class="field">
          <span class="label">I am (your name: the directory has no users yet)</span>
          <input value={as} maxLength={80} autocomplete="name" onInput={(e) => setAs(e.currentTarget.value)} />
        </label>
      ) : (
        <label class="field">
          <span class="label">I am</span>
          <select value={as} onChange={(e) => setAs(e.currentTarget.value)}>
            <option value="">Choose…</option>
            {users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name} ({u.credential}, {u.id})
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="field">
        <span class="label">Passcode</span>
        <input type="password" autocomplete="current-password" maxLength={256} value={passcode} onInput={(e) => setPasscode(e.currentTarget.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Unlock
      </button>
      <p class="hint full">Who you are is recorded with each version you publish and each "Finish SOAP Notes" you confirm.</p>
      {message && (
        <p class="error full" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
