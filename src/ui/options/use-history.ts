/** The published history for the console, kept current: read from its index and one key per version (config/history.ts). */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { loadHistory } from '../../config/history';
import type { PublishedVersion } from '../../config/types';
import { HISTORY_INDEX_KEY, LEGACY_HISTORY_KEY } from '../../shared/storage-keys';

/** undefined until read. */
export function useHistory(): PublishedVersion[] | undefined {
  const [history, setHistory] = useState<PublishedVersion[] | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () =>
      void loadHistory(browser.storage.local as unknown as Parameters<typeof loadHistory>[0]).then(
        (h) => live && setHistory(h),
        () => live && setHistory([]),
      );
    load();
    // The index is written in the same set as each new version: its change means the history changed.
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && (HISTORY_INDEX_KEY in changes || LEGACY_HISTORY_KEY in changes)) load();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, []);
  return history;
}
