/** Who may edit, as the service worker says (`getAccess`), kept current as the passcode or the session changes. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Access } from '../../../config/types';

export interface AccessState extends Access {
  /** The unlocked admin (a directory user id), when unlocked. */
  author?: string;
  /** When the session ends (epoch ms), when unlocked. */
  until?: number;
}

async function readAccess(): Promise<AccessState> {
  // Temporary until src/ui/shared/config-client.ts lands.
  const { adminPasscode } = await browser.storage.local.get('adminPasscode');
  if (!adminPasscode) return { mode: 'no-passcode', reason: 'No admin passcode has been set yet.' };
  const { adminSession } = await browser.storage.session.get('adminSession') as { adminSession?: { author: string; until: number } };
  if (adminSession && adminSession.until > Date.now()) return { mode: 'unlocked', reason: '', author: adminSession.author, until: adminSession.until };
  return { mode: 'locked', reason: 'The console is locked.' };
}

/** null while the first answer is on its way. */
export function useAccess(): { access: AccessState | null; refresh(): void } {
  const [access, setAccess] = useState<AccessState | null>(null);
  const refresh = useCallback(() => {
    readAccess().then(setAccess, (e: Error) => setAccess({ mode: 'locked', reason: `Finalize Guard could not tell who may edit (${e.message}).` }));
  }, []);
  useEffect(() => {
    refresh();
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if ((area === 'local' && 'adminPasscode' in changes) || (area === 'session' && 'adminSession' in changes) || area === 'managed') refresh();
    };
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, [refresh]);
  // A session ends on its own: ask again when it is due.
  useEffect(() => {
    if (access?.mode !== 'unlocked' || !access.until) return;
    const t = setTimeout(refresh, Math.max(0, Math.min(access.until - Date.now() + 500, 2 ** 31 - 1)));
    return () => clearTimeout(t);
  }, [access, refresh]);
  return { access, refresh };
}
