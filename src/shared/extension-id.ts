/**
 * Finalize Guard's extension id, fixed by the manifest's `key` (Chrome derives it from the key; a test checks
 * the two agree). Browser policies name the extension by it.
 */
export const EXTENSION_ID = 'cmdglhmfnkbhacgnclbkicikolhidgjb';

/**
 * Its Firefox add-on id (`browser_specific_settings.gecko.id` in dist/firefox): Firefox has no manifest key, and
 * its enterprise policy ("3rdparty" → "extensions", ExtensionSettings) names the add-on by this id.
 */
export const GECKO_ID = 'finalize-guard@finalize-guard.org';
