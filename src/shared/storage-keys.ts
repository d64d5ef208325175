/** storage.local keys that the worker, the content scripts and the extension pages share: each written once, here. */

/** The active configuration note tabs decide with (only ever written after validation). */
export const CONFIG_KEY = 'activeConfig';
/** Prefix of a content script's copy of an attempt the worker has not acknowledged yet (the worker collects them). */
export const PENDING_ATTEMPT_PREFIX = 'attempt:';
/** The published versions' numbers, oldest first (config/history.ts): each version is under its own key. */
export const HISTORY_INDEX_KEY = 'configVersions';
/** Prefix of one published version's key (`configVersion:<n>`). */
export const HISTORY_VERSION_PREFIX = 'configVersion:';
/** The whole history as one list, as versions before 2026-12 stored it: migrated to one key per version. */
export const LEGACY_HISTORY_KEY = 'configHistory';
/**
 * Why the content scripts could not be registered for the allowed hosts ({ at, error }), absent when they were: the
 * worker writes it (background/content-scripts.ts), the console's host list shows it.
 */
export const HOST_REGISTRATION_KEY = 'hostRegistrationError';
/** The banner the pages show while the audit log cannot be written: the worker writes it (background/audit-settings.ts). */
export const AUDIT_PROBLEM_KEY = 'auditProblem';
/**
 * Something the audit log lost (an attempt it could not read, removed without an entry): shown like the banner, but a
 * later good write does not clear it; it stays until it is dismissed on the review page (audit:dismiss-notice). Same shape.
 */
export const AUDIT_NOTICE_KEY = 'auditNotice';
export interface AuditProblem {
  at: string;
  message: string;
}
