/**
 * Sends each attempt record to the service worker until it acknowledges it (at-least-once; the worker
 * deduplicates by id). The worker may be asleep or restarting: retry with backoff, never drop.
 */
import type { AttemptRecord } from '../shared/messages';

export type Send = (message: unknown) => Promise<unknown>;
const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

export function createAttemptSender(send: Send, schedule: (fn: () => void, ms: number) => void = setTimeout) {
  const pending = new Map<string, AttemptRecord>();

  async function deliver(record: AttemptRecord, tries: number): Promise<void> {
    let acked = false;
    try {
      const reply = (await send({ type: 'attempt', attempt: record })) as { ok?: boolean; id?: string } | undefined;
      acked = reply?.ok === true && reply.id === record.id;
    } catch {
      // The worker was stopped or is starting: try again below.
    }
    if (acked) pending.delete(record.id);
    else schedule(() => void deliver(record, tries + 1), BACKOFF_MS[Math.min(tries, BACKOFF_MS.length - 1)]);
  }

  return {
    send(record: AttemptRecord): void {
      pending.set(record.id, record);
      void deliver(record, 0);
    },
    /** Records not yet acknowledged. */
    pending: () => [...pending.values()],
  };
}
