/**
 * The early guard's first profiles: read from storage right after document_start (content scripts cannot read it
 * synchronously). Until then the guard is pending and stops every activation, so a failed read must not be the end:
 * it is retried, a configuration written meanwhile is read at once, and if the profiles are still unknown after a
 * while the page says why in plain words (activations stay stopped: fail closed). The controller (controller.ts) sets the
 * profiles again on every configuration change; this is only the first time, before it has loaded.
 */
import { CONFIG_KEY } from '../shared/storage-keys';
import { profilesForHost } from '../sites/select';
import type { SiteProfile } from '../sites/types';
import { ext } from './ext';
import type { GuardApi } from './guard-api';
import { showPendingNotice } from './pending-notice';

/** How long the guard may stay pending before the page says why; the retries go on after it. */
export const NOTICE_AFTER_MS = 2000;
const RETRY_MS = [50, 200, 500, 1000, 2000];

type Storage = {
  storage: { local: { get(key: string): Promise<Record<string, unknown>> }; onChanged: { addListener(l: Listener): void; removeListener(l: Listener): void } };
};
type Listener = (changes: Record<string, unknown>, area: string) => void;

export function settleFromStorage(
  guard: GuardApi & { onSettled(listener: () => void): void },
  doc: Document,
  url: string,
  shipped: readonly SiteProfile[],
  api: () => Storage = ext as unknown as () => Storage,
): void {
  let tries = 0;
  const load = (): void => {
    Promise.resolve()
      .then(() => api().storage.local.get(CONFIG_KEY))
      .then((stored) => {
        if (guard.pending()) guard.setProfiles(profilesForHost(url, shipped, (stored[CONFIG_KEY] as { sites?: SiteProfile[] } | undefined)?.sites));
      })
      .catch(() => {
        if (guard.pending()) setTimeout(load, RETRY_MS[Math.min(tries++, RETRY_MS.length - 1)]);
      });
  };
  const onStored: Listener = (changes, area) => {
    if (area === 'local' && CONFIG_KEY in changes && guard.pending()) load();
  };
  const listening = attempt(() => api().storage.onChanged.addListener(onStored));
  let hideNotice: (() => void) | undefined;
  const noticeTimer = setTimeout(() => {
    if (guard.pending()) hideNotice = showPendingNotice(doc);
  }, NOTICE_AFTER_MS);
  guard.onSettled(() => {
    clearTimeout(noticeTimer);
    hideNotice?.();
    if (listening) attempt(() => api().storage.onChanged.removeListener(onStored));
  });
  load();
}

/** An orphaned script's API calls throw: the retries still run, and the notice says why nothing goes through. */
function attempt(call: () => void): boolean {
  try {
    call();
    return true;
  } catch {
    return false;
  }
}
