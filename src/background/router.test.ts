import { describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { routeMessage, type Handlers } from './router';

const handled: string[] = [];
const handlers: Handlers = {
  attempt: async (m, tab) => { handled.push(`attempt ${tab}`); return { ok: true, id: m.attempt.id }; },
  lockState: async (m, tab) => { handled.push(`lock ${m.locked} ${tab}`); return { ok: true }; },
};
const fromTab = { id: 'own', tab: { id: 7 } } as Runtime.MessageSender;

describe('routeMessage', () => {
  it('routes a valid message from our own content script', async () => {
    expect(await routeMessage('own', handlers, { type: 'lock-state', locked: true }, fromTab)).toEqual({ ok: true });
    expect(handled).toContain('lock true 7');
  });

  it('refuses other extensions, extension pages without a tab, and malformed messages', async () => {
    handled.length = 0;
    expect(await routeMessage('own', handlers, { type: 'lock-state', locked: false }, { id: 'other', tab: { id: 7 } } as Runtime.MessageSender)).toEqual({ ok: false, error: 'sender' });
    expect(await routeMessage('own', handlers, { type: 'lock-state', locked: false }, { id: 'own' } as Runtime.MessageSender)).toEqual({ ok: false, error: 'sender' });
    expect(await routeMessage('own', handlers, { type: 'lock-state', locked: 'no' }, fromTab)).toEqual({ ok: false, error: 'invalid message' });
    expect(handled).toEqual([]);
  });
});
