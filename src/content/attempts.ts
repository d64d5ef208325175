/**
 * Sends each attempt record to the service worker until it acknowledges it (at-least-once; the worker
 * deduplicates by id). The worker may be asleep or restarting: retry with backoff, never drop. Each record
 * is also kept in extension storage until acknowledged (without the note id: pendingCopy), so a tab closed
 * meanwhile loses nothing: the worker collects what is left there when a tab closes and when it starts.
 */
import type { AttemptRecord } from '../shared/messages';

export type Send = (message: unknown) => Promise<unknown>;
export interface PendingStore {
  keep(record: AttemptRecord): Promise<void>;
  drop(id: string): Promise<void>;
}
const noStore: PendingStore = { keep: async () => {}, drop: async () => {} };

/**
 * The copy kept in storage. storage.local is written to disk as it is, and an EHR's note id may embed a
 * record number, so the copy never holds it: only that there was one (`noteLost`). The trade-off: an attempt
 * the worker collects from storage (its tab closed before it was acknowledged) has no note reference, so it
 * does not group with other attempts on the same note. The message sent holds the note id (the worker keeps
 * only its salted hash), so every attempt delivered from an open tab keeps its reference.
 */
function pendingCopy({ noteId, ...rest }: AttemptRecord): AttemptRecord {
  return noteId === undefined ? rest : { ...rest, noteLost: true };
}
const BACKOFF_MS = [100, 250, 500, 1000, 2000, 5000];

export function createAttemptSender(send: Send, schedule: (fn: () => void, ms: number) => void = setTimeout, store: PendingStore = noStore) {
  const pending = new Map<string, AttemptRecord>();

  async function deliver(record: AttemptRecord, tries: number): Promise<void> {
    let acked = false;
    try {
      const reply = (await send({ type: 'attempt', attempt: record })) as { ok?: boolean; id?: string } | undefined;
      acked = reply?.ok === true && reply.id === record.id;
    } catch {
      // The worker was stopped or is starting: try again below.
    }
    if (acked) {
      pending.delete(record.id);
      void store.drop(record.id).catch(() => {});
    } else schedule(() => void deliver(record, tries + 1), BACKOFF_MS[Math.min(tries, BACKOFF_MS.length - 1)]);
  }

  return {
    send(record: AttemptRecord): void {
      pending.set(record.id, record);
      // Kept first, then sent: the worker stores each id once, whichever copy reaches it.
      void store
        .keep(pendingCopy(record))
        .catch(() => {})
        .then(() => deliver(record, 0));
    },
    /** Records not yet acknowledged. */
    pending: () => [...pending.values()],
  };
}
