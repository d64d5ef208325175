/**
 * Finalize Guard's extension id, fixed by the manifest's `key` (Chrome derives it from the key; a test checks
 * the two agree). Browser policies name the extension by it.
 */
export const EXTENSION_ID = 'cmdglhmfnkbhacgnclbkicikolhidgjb';
