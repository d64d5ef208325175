import { describe, expect, it } from 'vitest';
import type { AttemptRecord } from '../shared/messages';
import { createAttemptSender } from './attempts';

const record = (id: string) => ({ id } as AttemptRecord);

describe('createAttemptSender', () => {
  it('retries until the worker acknowledges the same id, then forgets the record', async () => {
    const timers: Array<() => void> = [];
    let calls = 0;
    const sender = createAttemptSender(async (m) => {
      calls++;
      if (calls === 1) throw new Error('Could not establish connection');
      if (calls === 2) return { ok: true, id: 'someone-else' };
      return { ok: true, id: (m as { attempt: AttemptRecord }).attempt.id };
    }, (fn) => timers.push(fn));
    sender.send(record('a'));
    await Promise.resolve(); await Promise.resolve();
    expect(sender.pending().map((r) => r.id)).toEqual(['a']);
    timers.shift()!();
    await Promise.resolve(); await Promise.resolve();
    expect(sender.pending()).toHaveLength(1);
    timers.shift()!();
    await Promise.resolve(); await Promise.resolve();
    expect(sender.pending()).toEqual([]);
    expect(calls).toBe(3);
  });
});
