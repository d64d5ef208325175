/** Change the admin passcode: the current one, then the new one twice. */
import { useState } from 'preact/hooks';
import { setPasscode } from '../../shared/config-client';
import { NewPasscodeFields, newPasscodeProblem } from './PasscodeFields';

export function ChangePasscodeForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!current) return setMessage({ ok: false, text: 'Type the current passcode.' });
    const problem = newPasscodeProblem(next, repeat);
    if (problem) return setMessage({ ok: false, text: problem });
    setBusy(true);
    const reply = await setPasscode(current, next);
    setBusy(false);
    setCurrent('');
    if (!reply.ok) return setMessage({ ok: false, text: `Not changed: ${reply.reason}` });
    setNext('');
    setRepeat('');
    setMessage({ ok: true, text: 'The passcode is changed.' });
  };
  return (
    <form class="access-form" onSubmit={submit} data-testid="change-passcode-form" aria-labelledby="change-passcode-title">
      <h3 id="change-passcode-title" class="full">
        Change the passcode
      </h3>
      <label class="field">
        <span class="label">Current passcode</span>
        <input type="password" autocomplete="current-password" maxLength={256} value={current} onInput={(e) => setCurrent(e.currentTarget.value)} />
      </label>
      <NewPasscodeFields next={next} repeat={repeat} onNext={setNext} onRepeat={setRepeat} />
      <button type="submit" disabled={busy}>
        Change passcode
      </button>
      {message && (
        <p class={message.ok ? 'ok full' : 'error full'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
