/**
 * First run: Finalize Guard installed but never set up for a clinic. Its directory is empty (nobody in it),
 * so no note could ever be allowed; instead of a list of "unknown user / unknown clinic" reasons, every note
 * says plainly that nothing is set up and who can fix it. The words live here only: the note screen, the
 * popup, the admin console and the review page all show these.
 */
import type { Directory } from './types';

export const NOT_SET_UP = {
  rule: 'finalize-guard:not-set-up',
  message: 'Finalize Guard is not set up for your clinic yet, so Finalize stays locked.',
  remedy: "Ask your clinic's administrator to set it up (Finalize Guard → Options).",
} as const;

/** The directory a fresh install starts with: no clinics, insurances or users. */
export const EMPTY_DIRECTORY: Directory = { clinics: [], insurances: [], users: [] };

/** True while the directory has no clinic or no user: nobody could be allowed to finalize anything yet. */
export function isNotSetUp(directory: Pick<Directory, 'clinics' | 'users'>): boolean {
  return directory.clinics.length === 0 || directory.users.length === 0;
}
