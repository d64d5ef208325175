/**
 * Where the service worker keeps blocked attempts until the durable audit log lands: one storage key
 * per attempt (concurrent read-modify-write of one list loses entries), written before the sender is
 * acknowledged. Writing the same id twice stores it once: senders retry until acknowledged.
 */
import type { Storage } from 'webextension-polyfill';
import type { AttemptRecord } from '../shared/messages';

export const ATTEMPT_PREFIX = 'attempt:';

export async function storeAttempt(area: Storage.StorageArea, record: AttemptRecord): Promise<void> {
  await area.set({ [`${ATTEMPT_PREFIX}${record.id}`]: record });
}

export async function listAttempts(area: Storage.StorageArea): Promise<AttemptRecord[]> {
  const all = await area.get(null);
  return Object.entries(all)
    .filter(([k]) => k.startsWith(ATTEMPT_PREFIX))
    .map(([, v]) => v as AttemptRecord)
    .sort((a, b) => b.at.localeCompare(a.at));
}
