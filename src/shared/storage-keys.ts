/** storage.local keys that the worker, the content scripts and the extension pages share: each written once, here. */

/** The active configuration note tabs decide with (only ever written after validation). */
export const CONFIG_KEY = 'activeConfig';
/** Prefix of a content script's copy of an attempt the worker has not acknowledged yet (the worker collects them). */
export const PENDING_ATTEMPT_PREFIX = 'attempt:';
/**
 * Why the content scripts could not be registered for the allowed hosts ({ at, error }), absent when they were: the
 * worker writes it (background/content-scripts.ts), the console's host list shows it.
 */
export const HOST_REGISTRATION_KEY = 'hostRegistrationError';
