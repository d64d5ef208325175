/** The console's status line, in words: may this person edit, and why not; the draft against what is in force. */
import type { Directory } from '../../../policy/types';
import { plural } from '../../shared/format';
import type { AccessState } from './use-access';

/** Why the console is read-only (null: it is not). */
export function readOnlyReason(access: AccessState | null): string | null {
  if (!access) return 'Checking who may edit…';
  switch (access.mode) {
    case 'unlocked':
      return null;
    case 'no-passcode':
      return 'Read-only: no admin passcode has been set yet. An admin sets one under Access.';
    case 'locked':
      return 'Read-only: the console is locked. An admin unlocks it under Access with the admin passcode.';
    case 'read-only-policy':
      return `Read-only: your organisation's browser policy does not allow changes here.${access.reason ? ` ${access.reason}` : ''}`;
    default:
      return `Read-only: ${access.reason || 'Finalize Guard could not tell who may edit.'}`;
  }
}

/** "Pat Morgan (u-admin-pat)" for a directory user id, the id itself otherwise. */
export function userLabel(directory: Directory | null | undefined, id: string): string {
  const user = directory?.users.find((u) => u.id === id);
  return user ? `${user.name} (${user.id})` : id;
}

export function unlockedText(access: AccessState | null, directory: Directory | null | undefined): string | null {
  if (access?.mode !== 'unlocked') return null;
  return access.author ? `Unlocked as ${userLabel(directory, access.author)}.` : 'Unlocked.';
}

export function draftText(changes: number): string {
  return changes === 0
    ? 'The draft is the same as the configuration in force.'
    : `The draft has ${plural(changes, 'unpublished change')}: note tabs do not see ${changes === 1 ? 'it' : 'them'} until published (Publish & history).`;
}
