/** Who may edit: the admin passcode, unlocking as a directory user, locking, changing the passcode. */
import type { Directory } from '../../../policy/types';
import { readOnlyReason } from './status';
import type { AccessState } from './use-access';

export function AccessSection({ access }: { access: AccessState | null; directory: Directory; onChanged(): void }) {
  return (
    <section aria-labelledby="fg-access-title" data-testid="access-section">
      <h2 id="fg-access-title">Access</h2>
      <p>{readOnlyReason(access) ?? 'Unlocked.'}</p>
    </section>
  );
}
