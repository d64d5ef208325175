import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../shared/messages';
import { createAttemptSender } from './attempts';

const record = (id: string) => ({ id }) as AttemptRecord;
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('createAttemptSender', () => {
  it('keeps each record until the worker acknowledges the same id, retrying meanwhile', async () => {
    const timers: Array<() => void> = [];
    const kept = new Set<string>();
    let calls = 0;
    const sender = createAttemptSender(
      async (m) => {
        calls++;
        if (calls === 1) throw new Error('Could not establish connection');
        if (calls === 2) return { ok: true, id: 'someone-else' };
        return { ok: true, id: (m as { attempt: AttemptRecord }).attempt.id };
      },
      (fn) => timers.push(fn),
      {
        keep: async (r) => {
          kept.add(r.id);
        },
        drop: async (id) => {
          kept.delete(id);
        },
      },
    );
    sender.send(record('a'));
    await settle();
    expect(sender.pending().map((r) => r.id)).toEqual(['a']);
    expect([...kept]).toEqual(['a']);
    timers.shift()!();
    await settle();
    expect(sender.pending()).toHaveLength(1);
    timers.shift()!();
    await settle();
    expect(sender.pending()).toEqual([]);
    expect([...kept]).toEqual([]);
    expect(calls).toBe(3);
  });

  it('still sends when keeping the copy fails (storage full or unavailable)', async () => {
    const sent: string[] = [];
    const sender = createAttemptSender(
      async (m) => {
        const id = (m as { attempt: AttemptRecord }).attempt.id;
        sent.push(id);
        return { ok: true, id };
      },
      () => {},
      {
        keep: async () => {
          throw new Error('quota');
        },
        drop: async () => {},
      },
    );
    sender.send(record('b'));
    await settle();
    expect(sent).toEqual(['b']);
    expect(sender.pending()).toEqual([]);
  });

  it('keeps a copy without the raw note id (storage reaches disk), only that there was one; the message keeps it', async () => {
    const kept: AttemptRecord[] = [];
    const sent: AttemptRecord[] = [];
    const sender = createAttemptSender(
      async (m) => {
        sent.push((m as { attempt: AttemptRecord }).attempt);
        return { ok: false };
      },
      () => {},
      {
        keep: async (r) => {
          kept.push(r);
        },
        drop: async () => {},
      },
    );
    const onNote = { id: 'c', gates: ['clinic'], noteId: 'MRN-0042-note-7' } as AttemptRecord;
    sender.send(onNote);
    sender.send({ id: 'd', gates: ['clinic'] } as AttemptRecord);
    await settle();
    expect(kept).toEqual([
      { id: 'c', gates: ['clinic'], noteLost: true },
      { id: 'd', gates: ['clinic'] },
    ]);
    expect(JSON.stringify(kept)).not.toContain('MRN-0042');
    expect(sent[0]).toEqual(onNote);
    expect(sender.pending()[0]).toEqual(onNote);
  });
});
