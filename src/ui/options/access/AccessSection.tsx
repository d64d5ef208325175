/** Who may edit: the admin passcode, unlocking as a directory user, locking, changing the passcode; why it is read-only. */
import { useState } from 'preact/hooks';
import type { Directory } from '../../../policy/types';
import { lock } from '../../shared/config-client';
import { ChangePasscodeForm } from './ChangePasscodeForm';
import { SetPasscodeForm } from './SetPasscodeForm';
import { readOnlyReason, unlockedText } from './status';
import { UnlockForm } from './UnlockForm';
import type { AccessState } from './use-access';

export function AccessSection({ access, directory, onChanged }: { access: AccessState | null; directory: Directory; onChanged(): void }) {
  const [message, setMessage] = useState('');
  const doLock = async () => {
    const reply = await lock();
    setMessage(reply.ok ? '' : `Not locked: ${reply.reason}`);
    onChanged();
  };
  return (
    <section aria-labelledby="fg-access-title" data-testid="access-section">
      <h2 id="fg-access-title">Access</h2>
      <p>
        Everyone who opens this console can read the configuration, and an assistant whose note is blocked can see why here. Only an admin who unlocks it with
        the admin passcode can change anything; the session locks itself after 30 minutes. Your organisation can also make the console read-only, or set items,
        through browser policy.
      </p>
      <p class={access?.mode === 'unlocked' ? 'ok' : 'read-only'} data-testid="access-explanation">
        {readOnlyReason(access) ?? unlockedText(access, directory)}
      </p>
      {access?.mode === 'no-passcode' && <SetPasscodeForm onDone={onChanged} />}
      {access?.mode === 'locked' && <UnlockForm directory={directory} onDone={onChanged} />}
      {access?.mode === 'unlocked' && (
        <>
          <p>
            <button type="button" onClick={doLock}>
              Lock the console
            </button>
          </p>
          <ChangePasscodeForm />
        </>
      )}
      {access?.mode === 'read-only-policy' && (
        <p class="hint">Ask whoever manages your organisation's browsers (the ExtensionSettings / 3rdparty policy for Finalize Guard) to change it.</p>
      )}
      {message && (
        <p class="error" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}
