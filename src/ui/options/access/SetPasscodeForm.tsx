/** The first admin passcode (no one can edit until it is set). */
import { useState } from 'preact/hooks';
import { setPasscode } from '../../shared/config-client';
import { NewPasscodeFields, newPasscodeProblem } from './PasscodeFields';

export function SetPasscodeForm({ onDone }: { onDone(): void }) {
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const problem = newPasscodeProblem(next, repeat);
    if (problem) return setMessage(problem);
    setBusy(true);
    const reply = await setPasscode(null, next);
    setBusy(false);
    if (!reply.ok) return setMessage(`Not set: ${reply.reason}`);
    setNext('');
    setRepeat('');
    setMessage('');
    onDone();
  };
  return (
    <form class="access-form" onSubmit={submit} data-testid="set-passcode-form" aria-labelledby="set-passcode-title">
      <h3 id="set-passcode-title" class="full">
        Set the admin passcode
      </h3>
      <p class="hint full">
        Until an admin passcode is set, the console is read-only for everyone. Share it only with the people who administer Finalize Guard; assistants keep
        seeing why a note is blocked, but cannot change settings.
      </p>
      <NewPasscodeFields next={next} repeat={repeat} onNext={setNext} onRepeat={setRepeat} />
      <button type="submit" disabled={busy}>
        Set passcode
      </button>
      {message && (
        <p class="error full" role="alert">
          {message}
        </p>
      )}
    </form>
  );
}
