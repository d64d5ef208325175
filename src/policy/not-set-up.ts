/**
 * First run: Finalize Guard installed but never set up for a clinic. Its directory is empty (nobody in it),
 * so no note could ever be allowed; instead of a list of "unknown user / unknown clinic" reasons, every note
 * says plainly that nothing is set up and who can fix it. The words live here only: decide() (CLI, console),
 * the service worker (which writes them into the status note tabs read: config/status.ts), note tabs (which say
 * them on a fresh profile before the worker has written anything), the popup, the admin console and the review page.
 */
import { policyError } from './decision';
import type { Decision, Directory } from './types';

export const NOT_SET_UP = {
  rule: 'finalize-guard:not-set-up',
  message: 'Finalize Guard is not set up for your clinic yet, so Finalize stays locked.',
  remedy: "Ask your clinic's administrator to set it up (Finalize Guard → Options).",
} as const;

/** The directory a fresh install starts with: no clinics, insurances or users. */
export const EMPTY_DIRECTORY: Directory = { clinics: [], insurances: [], users: [] };

/** The decision on any note while not set up. */
export function notSetUp(pack: Decision['pack'] = null): Decision {
  return policyError(NOT_SET_UP.message, NOT_SET_UP.remedy, pack, NOT_SET_UP.rule);
}

/** True while the directory has no clinic or no user: nobody could be allowed to finalize anything yet. */
export function isNotSetUp(directory: Pick<Directory, 'clinics' | 'users'>): boolean {
  return directory.clinics.length === 0 || directory.users.length === 0;
}
