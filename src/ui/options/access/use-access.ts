/** Who may edit, as the service worker says (`getAccess`), kept current as the passcode, the session or policy changes. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Access } from '../../../config/types';
import { getAccess } from '../../shared/config-client';

export interface AccessState extends Access {
  /** Who unlocked the console (a directory user id when unlocked here), when unlocked. */
  author?: string;
}

/** A session ends on its own (30 minutes): ask again this often while unlocked. */
const RECHECK_MS = 30_000;

/** `access` is null while the first answer is on its way. */
export function useAccess(): { access: AccessState | null; refresh(): void } {
  const [access, setAccess] = useState<AccessState | null>(null);
  const refresh = useCallback(() => {
    void getAccess().then((r) =>
      setAccess(
        r.ok
          ? { ...r.access, ...(r.author ? { author: r.author } : {}) }
          : { mode: 'locked', reason: `Finalize Guard could not tell who may edit: ${r.reason}` },
      ),
    );
  }, []);
  useEffect(() => {
    refresh();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if ((area === 'local' && 'adminPasscode' in changes) || (area === 'session' && 'adminSession' in changes) || area === 'managed') refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [refresh]);
  useEffect(() => {
    if (access?.mode !== 'unlocked') return;
    const t = setInterval(refresh, RECHECK_MS);
    return () => clearInterval(t);
  }, [access?.mode, refresh]);
  return { access, refresh };
}
