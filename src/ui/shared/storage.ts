/** Storage keys the pages read, and a hook that follows a key as it changes. */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';

type AreaName = 'local' | 'session';

/** The value under `key` in storage.<area> (undefined until read, null when absent), kept current. */
export function useStorageValue<T>(area: AreaName, key: string): T | null | undefined {
  const [value, setValue] = useState<T | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const store = browser.storage[area];
    void store.get(key).then(
      (r) => {
        if (live) setValue((r[key] as T | undefined) ?? null);
      },
      () => live && setValue(null),
    );
    const onChanged = (changes: Record<string, { newValue?: unknown }>, name: string) => {
      if (name === area && key in changes) setValue((changes[key].newValue as T | undefined) ?? null);
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => {
      live = false;
      browser.storage.onChanged.removeListener(onChanged);
    };
  }, [area, key]);
  return value;
}
