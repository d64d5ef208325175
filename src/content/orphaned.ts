/** An orphaned content script (the extension was updated or reloaded under the tab) has lost its runtime. */
export const isOrphaned = (): boolean => !(globalThis as { chrome?: { runtime?: { id?: string } } }).chrome?.runtime?.id;
