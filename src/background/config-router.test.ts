import { beforeEach, describe, expect, it } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { isConfigRequest, routeConfigMessage } from './config-router';
import type { ConfigHandlers } from './config-store';

const handled: string[] = [];
const access = { ok: true as const, access: { mode: 'locked' as const, reason: 'Enter the passcode to make changes.' } };
const handlers: ConfigHandlers = {
  access: async () => {
    handled.push('access');
    return access;
  },
  setPasscode: async (m) => {
    handled.push(`set ${m.current ?? '-'} ${m.next}`);
    return { ok: true };
  },
  unlock: async (m) => {
    handled.push(`unlock ${m.author}`);
    return access;
  },
  lock: async () => {
    handled.push('lock');
    return access;
  },
  publish: async (m) => {
    handled.push(`publish ${m.kind} ${m.summary} from ${m.baseVersion}`);
    return { ok: true, version: 1 };
  },
  rollback: async (m) => {
    handled.push(`rollback ${m.version}`);
    return { ok: true, version: 2 };
  },
};
const own = { id: 'own', origin: 'chrome-extension://own/' };
const page = (over: Partial<Runtime.MessageSender> = {}) =>
  ({ id: 'own', url: 'chrome-extension://own/src/ui/options/index.html', ...over }) as Runtime.MessageSender;

beforeEach(() => {
  handled.length = 0;
});

describe('routeConfigMessage', () => {
  it('routes each configuration request from our own extension pages', async () => {
    const bundle = { format: 'finalize-guard-bundle', packs: [], directory: {}, sites: [] };
    expect(await routeConfigMessage(own, handlers, { type: 'config:access' }, page())).toEqual(access);
    await routeConfigMessage(own, handlers, { type: 'config:set-passcode', next: 'correct horse' }, page());
    await routeConfigMessage(
      own,
      handlers,
      { type: 'config:set-passcode', current: 'correct horse', next: 'another one' },
      page({ tab: { id: 3 } as Runtime.MessageSender['tab'] }),
    );
    await routeConfigMessage(own, handlers, { type: 'config:unlock', author: 'Pat Morgan', passcode: 'x' }, page());
    await routeConfigMessage(own, handlers, { type: 'config:lock' }, page());
    expect(await routeConfigMessage(own, handlers, { type: 'config:publish', bundle, kind: 'import', summary: 'from file', baseVersion: 4 }, page())).toEqual({
      ok: true,
      version: 1,
    });
    await routeConfigMessage(own, handlers, { type: 'config:publish', bundle, kind: 'publish', summary: 'first', baseVersion: 0 }, page());
    await routeConfigMessage(own, handlers, { type: 'config:rollback', version: 0 }, page());
    expect(handled).toEqual([
      'access',
      'set - correct horse',
      'set correct horse another one',
      'unlock Pat Morgan',
      'lock',
      'publish import from file from 4',
      'publish publish first from 0',
      'rollback 0',
    ]);
  });

  it('refuses content scripts, web pages, other extensions and pages claiming another origin', async () => {
    const senders = [
      { id: 'own', tab: { id: 7 }, url: 'http://127.0.0.1:8080/ehr/index.html' },
      { id: 'own' },
      { id: 'other', url: 'chrome-extension://other/options.html' },
      { id: 'other', url: 'chrome-extension://own/src/ui/options/index.html' },
      { id: 'own', url: 'chrome-extension://own/src/ui/options/index.html', origin: 'https://evil.example' },
    ] as Runtime.MessageSender[];
    for (const s of senders) {
      expect(await routeConfigMessage(own, handlers, { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: 0 }, s)).toMatchObject({
        ok: false,
        error: 'sender',
      });
    }
    expect(handled).toEqual([]);
  });

  it('refuses malformed requests', async () => {
    const bad = [
      { type: 'config:unknown' },
      { type: 'config:access', extra: 1 },
      { type: 'config:set-passcode' },
      { type: 'config:set-passcode', next: 5 },
      { type: 'config:set-passcode', next: 'x'.repeat(257) },
      { type: 'config:unlock', author: '', passcode: 'x' },
      { type: 'config:unlock', author: '   ', passcode: 'x' },
      { type: 'config:unlock', author: 'x'.repeat(81), passcode: 'x' },
      { type: 'config:unlock', author: 'Pat\nMorgan', passcode: 'x' },
      { type: 'config:publish', bundle: [], kind: 'publish', summary: '', baseVersion: 0 },
      { type: 'config:publish', bundle: {}, kind: 'rollback', summary: '', baseVersion: 0 },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: 'x'.repeat(501), baseVersion: 0 },
      // baseVersion: the version the draft was made from, a non-negative integer, always given
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '' },
      { type: 'config:publish', bundle: {}, kind: 'import', summary: '', baseVersion: undefined },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: -1 },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: 1.5 },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: '2' },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: null },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: Number.NaN },
      { type: 'config:publish', bundle: {}, kind: 'publish', summary: '', baseVersion: 2 ** 53 },
      { type: 'config:rollback', version: -1 },
      { type: 'config:rollback', version: 1.5 },
      { type: 'config:rollback', version: '3' },
    ];
    for (const m of bad) {
      expect(await routeConfigMessage(own, handlers, m, page()), JSON.stringify(m).slice(0, 80)).toMatchObject({ ok: false, error: 'invalid message' });
    }
    expect(handled).toEqual([]);
  });

  it('claims only config:* messages', () => {
    expect(isConfigRequest({ type: 'config:access' })).toBe(true);
    expect(isConfigRequest({ type: 'audit:review' })).toBe(false);
    expect(isConfigRequest({ type: 'lock-state' })).toBe(false);
    expect(isConfigRequest('config:access')).toBe(false);
    expect(isConfigRequest(null)).toBe(false);
  });
});
