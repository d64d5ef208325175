import { beforeEach, describe, expect, it, vi } from 'vitest';

const runtime = vi.hoisted(() => ({ sent: [] as unknown[], reply: undefined as unknown, fail: false }));
vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: {
      sendMessage: async (m: unknown) => {
        runtime.sent.push(m);
        if (runtime.fail) throw new Error('Could not establish connection. Receiving end does not exist.');
        return runtime.reply;
      },
    },
  },
}));

const client = await import('./config-client');
const bundle = { format: 'finalize-guard-bundle' as const, packs: [], directory: { clinics: [], insurances: [], users: [] }, sites: [] };

beforeEach(() => {
  runtime.sent.length = 0;
  runtime.reply = undefined;
  runtime.fail = false;
});

describe('config-client', () => {
  it('sends each request in the shape the worker checks', async () => {
    runtime.reply = { ok: true, access: { mode: 'locked', reason: 'r' }, version: 1 };
    await client.getAccess();
    await client.setPasscode(null, 'correct horse');
    await client.setPasscode('correct horse', 'another one');
    await client.unlock('  Pat Morgan  ', 'correct horse');
    await client.lock();
    await client.publish(bundle, 'import', 'from a file', 4);
    await client.publish(bundle, 'publish', 'first', 0);
    await client.rollback(3);
    expect(runtime.sent).toEqual([
      { type: 'config:access' },
      { type: 'config:set-passcode', next: 'correct horse' },
      { type: 'config:set-passcode', current: 'correct horse', next: 'another one' },
      { type: 'config:unlock', author: 'Pat Morgan', passcode: 'correct horse' },
      { type: 'config:lock' },
      { type: 'config:publish', bundle, kind: 'import', summary: 'from a file', baseVersion: 4 },
      { type: 'config:publish', bundle, kind: 'publish', summary: 'first', baseVersion: 0 },
      { type: 'config:rollback', version: 3 },
    ]);
  });

  it('checks replies: access, versions, problems', async () => {
    runtime.reply = { ok: true, access: { mode: 'unlocked', reason: 'Unlocked by Pat.' }, author: 'Pat' };
    expect(await client.getAccess()).toEqual({ ok: true, access: { mode: 'unlocked', reason: 'Unlocked by Pat.' }, author: 'Pat' });
    runtime.reply = { ok: true, access: { mode: 'open', reason: 'x' } };
    expect(await client.getAccess()).toEqual({ ok: false, reason: 'The service worker answered something unexpected.' });
    runtime.reply = { ok: true, version: 7 };
    expect(await client.publish(bundle, 'publish', 's', 1)).toEqual({ ok: true, version: 7 });
    runtime.reply = {
      ok: false,
      reason: 'Nothing was published.',
      problems: [{ where: 'directory', path: 'users', message: 'm', hint: 'h', severity: 'error' }, 5],
    };
    expect(await client.publish(bundle, 'publish', 's', 1)).toEqual({
      ok: false,
      reason: 'Nothing was published.',
      problems: [{ where: 'directory', path: 'users', message: 'm', hint: 'h', severity: 'error' }],
    });
    runtime.reply = { ok: false, error: 'sender' };
    expect(await client.rollback(1)).toEqual({ ok: false, reason: 'sender' });
  });

  it('says when the worker did not answer (the request may or may not have been carried out)', async () => {
    runtime.fail = true;
    expect(await client.lock()).toEqual({ ok: false, unanswered: true, reason: expect.stringMatching(/did not answer/) });
    runtime.fail = false;
    runtime.reply = undefined;
    expect(await client.setPasscode('', 'correct horse')).toEqual({ ok: false, unanswered: true, reason: 'The service worker did not answer.' });
  });
});
