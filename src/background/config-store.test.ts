import { describe, expect, it, vi } from 'vitest';
import { activeOf } from '../config/bundle';
import { clinicPack, clone, defaultBundle, DIRECTORY } from '../config/fixtures';
import { allProfiles, hostPatterns } from '../sites/select';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { MIN_ITERATIONS } from '../config/passcode';
import { STATUS_KEY } from '../config/status';
import { EMPTY_DIRECTORY, NOT_SET_UP } from '../policy/not-set-up';
import type { ActiveConfig, BundleProblem, ConfigBundle, PublishedVersion } from '../config/types';
import { CONFIG_KEY } from '../shared/storage-keys';
import { createConfigStore, PASSCODE_KEY, SEEN_KEY, SESSION_KEY, SESSION_MS } from './config-store';
import { HISTORY_INDEX_KEY, LEGACY_HISTORY_KEY } from '../shared/storage-keys';
import { memoryArea } from '../../test/support/memory-area';
import type { SelectorChecker } from './selector-checker';
import type { SiteProfile } from '../sites/types';

// PBKDF2 (at the minimum iteration count) for every passcode set or tried: up to ≈3 s a test on a busy
// 2-core machine, so a timeout at least 3× that.
vi.setConfig({ testTimeout: 20_000 });

const json = (v: unknown) => JSON.stringify(v);
const START = Date.UTC(2026, 10, 27, 9, 0, 0);

/** The selector check's answer in these tests (the real one needs a DOM: selector-check.test.ts, e2e/selector-budget.test.ts). */
const PASSES: SelectorChecker = async () => ({ ok: true, problems: [] });

function setup(opts: { managed?: Record<string, unknown>; local?: Record<string, unknown>; emptyDefault?: boolean; checkSelectors?: SelectorChecker } = {}) {
  const clock = { t: START };
  const checked: SiteProfile[][] = [];
  const local = memoryArea(opts.local);
  const session = memoryArea();
  const managedArea = memoryArea(opts.managed);
  const store = createConfigStore({
    local,
    session,
    managed: managedArea,
    bundledSites: SHIPPED_PROFILES,
    iterations: MIN_ITERATIONS,
    now: () => clock.t,
    checkSelectors: (sites) => {
      checked.push(sites);
      return (opts.checkSelectors ?? PASSES)(sites);
    },
    defaults: async () =>
      activeOf(opts.emptyDefault ? { ...defaultBundle(), directory: clone(EMPTY_DIRECTORY) } : defaultBundle(), {
        installedAt: new Date(START).toISOString(),
        version: 0,
        bundledSites: SHIPPED_PROFILES,
      }),
  });
  const active = () => local.data.get(CONFIG_KEY) as ActiveConfig;
  /** The stored history, from its index and one key per version; undefined when none is stored. */
  const history = () => {
    const index = local.data.get(HISTORY_INDEX_KEY) as number[] | undefined;
    return index?.map((n) => local.data.get(`configVersion:${n}`)) as PublishedVersion[];
  };
  return { store, local, session, managedArea, clock, active, history, checked };
}

async function unlocked(opts?: Parameters<typeof setup>[0]) {
  const env = setup(opts);
  await env.store.refresh();
  expect(await env.store.setPasscode({ type: 'config:set-passcode', next: 'correct horse' })).toEqual({ ok: true });
  expect(await env.store.unlock({ type: 'config:unlock', author: ' Pat Morgan ', passcode: 'correct horse' })).toMatchObject({
    ok: true,
    access: { mode: 'unlocked' },
    author: 'Pat Morgan',
  });
  return env;
}

/** `baseVersion`: the version the draft was made from (0: the bundled default). */
const publish = (bundle: ConfigBundle, summary = 'change', baseVersion = 0, kind: 'publish' | 'import' = 'publish') => ({
  type: 'config:publish' as const,
  bundle: bundle as unknown as Record<string, unknown>,
  kind,
  summary,
  baseVersion,
});

describe('access, passcode and session', () => {
  it('starts without a passcode; the first may be set without one; changing needs the current one', async () => {
    const { store, local } = setup();
    expect(await store.access()).toMatchObject({ ok: true, access: { mode: 'no-passcode' } });
    expect(await store.setPasscode({ type: 'config:set-passcode', next: 'short' })).toEqual({
      ok: false,
      reason: 'The passcode must be at least 8 characters long (this one has 5).',
    });
    expect(await store.setPasscode({ type: 'config:set-passcode', next: 'correct horse' })).toEqual({ ok: true });
    const stored = local.data.get(PASSCODE_KEY) as Record<string, unknown>;
    expect(Object.keys(stored).sort()).toEqual(['hash', 'iterations', 'salt']);
    expect(await store.access()).toMatchObject({ access: { mode: 'locked' } });
    expect(await store.setPasscode({ type: 'config:set-passcode', next: 'another one' })).toEqual({
      ok: false,
      reason: 'Enter the current passcode to change it.',
    });
    expect(await store.setPasscode({ type: 'config:set-passcode', current: 'wrong passcode', next: 'another one' })).toEqual({
      ok: false,
      reason: 'The current passcode is not right.',
    });
    expect(await store.setPasscode({ type: 'config:set-passcode', current: 'correct horse', next: 'another one' })).toEqual({ ok: true });
    expect(await store.unlock({ type: 'config:unlock', author: 'Pat', passcode: 'another one' })).toMatchObject({ ok: true });
  });

  it('unlocks for 30 minutes under the author typed; lock ends it', async () => {
    const { store, session, clock } = await unlocked();
    expect(session.data.get(SESSION_KEY)).toEqual({ author: 'Pat Morgan', until: START + SESSION_MS });
    expect(await store.access()).toEqual({
      ok: true,
      access: { mode: 'unlocked', reason: 'Unlocked by Pat Morgan. It locks again in 30 minutes.' },
      author: 'Pat Morgan',
    });
    clock.t += SESSION_MS + 1;
    expect(await store.access()).toMatchObject({ access: { mode: 'locked' } });
    expect((await store.access()).author).toBeUndefined();
    clock.t = START;
    expect(await store.lock()).toMatchObject({ ok: true, access: { mode: 'locked' } });
    expect(session.data.has(SESSION_KEY)).toBe(false);
  });

  it('refuses a wrong passcode, and pauses after five in a row', async () => {
    const { store, clock } = await unlocked();
    for (let i = 0; i < 5; i++)
      expect(await store.unlock({ type: 'config:unlock', author: 'X', passcode: `wrong ${i}xxxx` })).toEqual({
        ok: false,
        reason: 'That passcode is not right.',
      });
    expect(await store.unlock({ type: 'config:unlock', author: 'X', passcode: 'correct horse' })).toEqual({
      ok: false,
      reason: 'Too many wrong passcodes. Try again in 30 seconds.',
    });
    clock.t += 30_001;
    expect(await store.unlock({ type: 'config:unlock', author: 'X', passcode: 'correct horse' })).toMatchObject({ ok: true });
  });

  it('counts wrong passcodes sent in parallel one by one: the pause still comes', async () => {
    const { store } = await unlocked();
    const guesses = await Promise.all(Array.from({ length: 8 }, (_, i) => store.unlock({ type: 'config:unlock', author: 'X', passcode: `guess ${i}xxxx` })));
    expect(guesses.filter((r) => !r.ok && r.reason.startsWith('Too many wrong passcodes')).length).toBe(3);
  });

  it('reports a read-only policy, whatever else holds, and no passcode can be set under it', async () => {
    const { store, managedArea } = await unlocked();
    await managedArea.set({ readOnly: true });
    expect(await store.access()).toMatchObject({
      access: { mode: 'read-only-policy', reason: expect.stringMatching(/browser policy makes this console read-only/) },
    });
    expect(await store.setPasscode({ type: 'config:set-passcode', current: 'correct horse', next: 'a new passcode' })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/read-only: no passcode can be set here/),
    });
  });
});

describe('publish and rollback', () => {
  it('refuses while locked, and changes nothing', async () => {
    const { store, local } = setup();
    await store.refresh();
    const before = json([...local.data]);
    expect(await store.publish(publish(defaultBundle()))).toMatchObject({ ok: false, reason: expect.stringMatching(/console is locked/) });
    expect(json([...local.data])).toBe(before);
  });

  it('refuses an invalid bundle with every problem, and changes nothing', async () => {
    const { store, local } = await unlocked();
    const bad = defaultBundle();
    (bad.packs[0].pack.rules[0].event as { type: string }).type = 'blok';
    bad.directory.clinics[0].packs = ['state-oh'];
    const before = json([...local.data]);
    const reply = await store.publish(publish(bad));
    expect(reply).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Nothing was published: the configuration has 2 problems \(first: pack webpt-default rules\[0\]\.event\.type: /),
    });
    expect(!reply.ok && reply.problems?.map((p) => p.where)).toEqual(['pack webpt-default', 'directory']);
    expect(json([...local.data])).toBe(before);
  });

  it('writes the configuration the tabs read first, then the new version under its own key; the previous configuration stays as version 0', async () => {
    const { store, local, active, history } = await unlocked();
    const bundle = defaultBundle();
    bundle.directory.insurances[1].assistantFinalization = true;
    local.sets.length = 0;
    expect(await store.publish(publish(bundle, 'Summit allows assistants'))).toEqual({ ok: true, version: 1 });
    expect(local.sets.map((s) => Object.keys(s).sort())).toEqual([
      [CONFIG_KEY, 'configStatus'],
      ['configVersion:0', 'configVersion:1', HISTORY_INDEX_KEY],
    ]);
    expect(history().map((v) => [v.version, v.kind, v.author])).toEqual([
      [0, 'publish', 'Finalize Guard'],
      [1, 'publish', 'Pat Morgan'],
    ]);
    expect(history()[1]).toMatchObject({ summary: 'Summit allows assistants', bundle });
    expect(active()).toMatchObject({ version: 1, directory: bundle.directory });
    expect(active()).not.toHaveProperty('sites'); // identical to the shipped profiles
    expect(await store.publish(publish(defaultBundle(), 'change', 1))).toEqual({ ok: true, version: 2 });
  });

  it('refuses a publish or import made from an older version than the newest, and changes nothing; accepts one from the newest', async () => {
    const { store, local, active, history } = await unlocked();
    // Admin A turns an insurance's assistant permission off (it is on in both drafts below) and publishes.
    const drafted = defaultBundle();
    drafted.directory.insurances[1].assistantFinalization = true;
    expect(await store.publish(publish(drafted, 'Summit allows assistants'))).toEqual({ ok: true, version: 1 });
    const fromA = clone(drafted);
    fromA.directory.insurances[1].assistantFinalization = false;
    expect(await store.publish(publish(fromA, 'Summit stops', 1))).toEqual({ ok: true, version: 2 });
    // Admin B started from version 1 (permission on) and changed something else: publishing would turn it on again.
    const fromB = clone(drafted);
    fromB.directory.organization = 'Renamed by B';
    const before = json([...local.data]);
    const stale = 'Someone published version 2 after you started editing (version 1). Review their changes, then publish again.';
    expect(await store.publish(publish(fromB, 'B', 1))).toEqual({ ok: false, reason: stale });
    expect(await store.publish(publish(fromB, 'B imports', 1, 'import'))).toEqual({ ok: false, reason: stale });
    expect(await store.publish(publish(fromB, 'B', 0))).toEqual({
      ok: false,
      reason: 'Someone published version 2 after you started editing (version 0). Review their changes, then publish again.',
    });
    expect(await store.publish(publish(fromB, 'B', 3))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^You started editing from version 3, but the newest published version is 2\. /),
    });
    expect(json([...local.data])).toBe(before);
    expect(active().directory.insurances[1].assistantFinalization).toBe(false);
    // Made from the newest version, it is published.
    fromB.directory.insurances[1].assistantFinalization = false;
    expect(await store.publish(publish(fromB, 'B', 2))).toEqual({ ok: true, version: 3 });
    expect(await store.publish(publish(defaultBundle(), 'B imports', 3, 'import'))).toEqual({ ok: true, version: 4 });
    expect(history().map((v) => [v.version, v.kind])).toEqual([
      [0, 'publish'],
      [1, 'publish'],
      [2, 'publish'],
      [3, 'publish'],
      [4, 'import'],
    ]);
  });

  it('the first publish is made from version 0, the configuration in force before it', async () => {
    const plain = await unlocked();
    expect(await plain.store.publish(publish(defaultBundle(), 'x', 1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/newest published version is 0/),
    });
    expect(plain.history()).toBeUndefined();
    expect(await plain.store.publish(publish(defaultBundle(), 'x', 0))).toEqual({ ok: true, version: 1 });
  });

  it('rolls back by publishing an earlier version again, as a new version', async () => {
    const { store, active, history } = await unlocked();
    const changed = defaultBundle();
    changed.packs[0].enabled = false;
    changed.packs.push({ pack: clinicPack(), enabled: true });
    await store.publish(publish(changed));
    expect(active().packs).toHaveLength(2);
    expect(await store.rollback({ type: 'config:rollback', version: 0 })).toEqual({ ok: true, version: 2 });
    expect(history().at(-1)).toMatchObject({ version: 2, kind: 'rollback', from: 0, summary: 'Rolled back to version 0.' });
    expect(active().packs.map((p) => p.pack.name)).toEqual(['webpt-default']);
    // A rollback names its target, not a base: it works whatever was published since. Drafts then start from it.
    expect(await store.rollback({ type: 'config:rollback', version: 1 })).toEqual({ ok: true, version: 3 });
    expect(await store.publish(publish(changed, 'from before the rollback', 1))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Someone published version 3 after you started editing \(version 1\)/),
    });
    expect(await store.publish(publish(defaultBundle(), 'after the rollback', 3))).toEqual({ ok: true, version: 4 });
    expect(await store.rollback({ type: 'config:rollback', version: 42 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/Version 42 is not in the history/),
    });
  });

  it('refuses under a read-only policy', async () => {
    const { store, managedArea } = await unlocked();
    await managedArea.set({ readOnly: true });
    expect(await store.publish(publish(defaultBundle()))).toMatchObject({ ok: false, reason: expect.stringMatching(/read-only/) });
  });

  it('keeps fewer old versions when storage is full, and removes their keys', async () => {
    const { store, local, history } = await unlocked();
    for (let i = 0; i < 25; i++) expect(await store.publish(publish(defaultBundle(), `v${i + 1}`, i))).toEqual({ ok: true, version: i + 1 });
    local.failNextSetWithKey = HISTORY_INDEX_KEY;
    expect(await store.publish(publish(defaultBundle(), 'last', 25))).toEqual({ ok: true, version: 26 });
    expect(history()).toHaveLength(20);
    expect(history()!.at(-1)?.summary).toBe('last');
    expect([...local.data.keys()].filter((k) => k.startsWith('configVersion:'))).toHaveLength(20);
  });

  it('publishes nothing when the browser refuses the configuration itself', async () => {
    const { store, local, active } = await unlocked();
    const before = active();
    local.failNextSet = 1;
    expect(await store.publish(publish(defaultBundle(), 'x', 0))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^Nothing was published: the browser refused/),
    });
    expect(active()).toEqual(before);
  });

  it('writes O(1) per publish with 50 versions: one version and the index, the oldest key removed', async () => {
    const { store, local, history } = await unlocked();
    for (let i = 0; i < 55; i++) await store.publish(publish(defaultBundle(), `v${i + 1}`, i));
    expect(history()!.map((v) => v.version)).toEqual(Array.from({ length: 50 }, (_, i) => i + 6));
    local.sets.length = 0;
    expect(await store.publish(publish(defaultBundle(), 'v56', 55))).toEqual({ ok: true, version: 56 });
    expect(local.sets.map((s) => Object.keys(s).sort())).toEqual([
      [CONFIG_KEY, 'configStatus'],
      ['configVersion:56', HISTORY_INDEX_KEY],
    ]);
    expect(local.data.has('configVersion:6')).toBe(false);
    expect([...local.data.keys()].filter((k) => k.startsWith('configVersion:'))).toHaveLength(50);
  });

  it('migrates a history stored as one list to one key per version, at the next start, and publishes on from it', async () => {
    const old = [0, 1, 2].map((version) => ({
      version,
      publishedAt: '2026-11-01T00:00:00.000Z',
      author: 'Pat',
      kind: 'publish',
      summary: `s${version}`,
      bundle: defaultBundle(),
    }));
    const env = setup();
    await env.local.set({ [LEGACY_HISTORY_KEY]: old });
    await env.store.refresh();
    expect(env.local.data.has(LEGACY_HISTORY_KEY)).toBe(false);
    expect(env.history()).toEqual(old);
    // Stored the old way again (an older worker wrote it): migrated before the next publish numbers its version.
    const { store, local, history } = await unlocked();
    await local.set({ [LEGACY_HISTORY_KEY]: old });
    expect(await store.publish(publish(defaultBundle(), 'after', 2))).toEqual({ ok: true, version: 3 });
    expect(history().map((v) => [v.version, v.summary])).toEqual([
      [0, 's0'],
      [1, 's1'],
      [2, 's2'],
      [3, 'after'],
    ]);
    expect(local.data.has(LEGACY_HISTORY_KEY)).toBe(false);
  });

  it('serialises concurrent publishes: of those made from the same version only the first is published', async () => {
    const { store, history } = await unlocked();
    const replies = await Promise.all([1, 2, 3].map((i) => store.publish(publish(defaultBundle(), `p${i}`, 0))));
    expect(replies[0]).toEqual({ ok: true, version: 1 });
    expect(replies.slice(1)).toEqual(
      [1, 2].map(() => ({ ok: false, reason: 'Someone published version 1 after you started editing (version 0). Review their changes, then publish again.' })),
    );
    expect(history().map((v) => [v.version, v.summary])).toEqual([
      [0, expect.any(String)],
      [1, 'p1'],
    ]);
  });

  it('serialises concurrent rollbacks (they name their target, not a base): each gets its own version', async () => {
    const { store, history } = await unlocked();
    expect(await store.publish(publish(defaultBundle(), 'p', 0))).toEqual({ ok: true, version: 1 });
    const replies = await Promise.all([0, 1, 0].map((version) => store.rollback({ type: 'config:rollback', version })));
    expect(replies.map((r) => r.ok && r.version).sort()).toEqual([2, 3, 4]);
    expect(history().map((v) => v.version)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('first run', () => {
  it('an empty default directory is "not set up" for note tabs, in the status they read; publishing people makes it ok, publishing nobody not', async () => {
    const env = await unlocked({ emptyDefault: true });
    expect(env.local.data.get(STATUS_KEY)).toEqual({ state: 'not-set-up', rule: NOT_SET_UP.rule, reason: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy });
    expect(await env.store.publish(publish(defaultBundle()))).toEqual({ ok: true, version: 1 });
    expect(env.local.data.get(STATUS_KEY)).toEqual({ state: 'ok' });
    expect(await env.store.publish(publish({ ...defaultBundle(), directory: clone(EMPTY_DIRECTORY) }, 'nobody', 1))).toEqual({ ok: true, version: 2 });
    expect(env.local.data.get(STATUS_KEY)).toMatchObject({ state: 'not-set-up' });
  });

  it('a directory set by browser policy is set up, whatever was published', async () => {
    const { store, local } = setup({ emptyDefault: true, managed: { directory: JSON.stringify(DIRECTORY) } });
    expect(await store.refresh()).toEqual({ state: 'ok' });
    expect([undefined, { state: 'ok' }]).toContainEqual(local.data.get(STATUS_KEY));
  });
});

describe('browser policy (storage.managed)', () => {
  const managedDir = () => {
    const d = clone(DIRECTORY);
    d.insurances[1].assistantFinalization = true;
    d.organization = 'Managed Org';
    return d;
  };

  it('installs the default when nothing is installed, and writes nothing more when nothing changed', async () => {
    const { store, local, active } = setup();
    expect(await store.refresh()).toEqual({ state: 'ok' });
    expect(active().packs[0].pack.name).toBe('webpt-default');
    const writes = local.sets.length;
    await store.refresh();
    expect(local.sets.length).toBe(writes);
  });

  it('on a fresh profile, decides before storage.managed answers: the shipped configuration (locked: not set up) first, then policy', async () => {
    const env = setup({ emptyDefault: true });
    let answer: (v: Record<string, unknown>) => void = () => undefined;
    const slowManaged = new Promise<Record<string, unknown>>((resolve) => {
      answer = resolve;
    });
    env.managedArea.get = () => slowManaged; // a fresh profile's storage.managed can take seconds
    const refreshed = env.store.refresh();
    await vi.waitFor(() => expect(env.local.data.get(STATUS_KEY)).toMatchObject({ state: 'not-set-up' }), { timeout: 15_000, interval: 5 });
    expect(env.active().directory.users).toEqual([]);
    answer({ directory: json(managedDir()) });
    expect(await refreshed).toEqual({ state: 'ok' });
    expect(env.active().directory.organization).toBe('Managed Org');
  });

  it('merges managed items over the published configuration and records which', async () => {
    const { store, active, local, history } = setup({ managed: { directory: json(managedDir()), packs: [json(clinicPack())] } });
    await store.refresh();
    expect(active().directory.organization).toBe('Managed Org');
    expect(active().packs.map((p) => [p.pack.name, p.enabled])).toEqual([
      ['webpt-default', true],
      ['state-oh', true],
    ]);
    expect(active().managed).toEqual({ packs: ['state-oh'], directory: true, sites: [] });
    expect(local.data.get(SEEN_KEY)).toBe(true);
    expect(history().map((v) => v.version)).toEqual([0]); // the local configuration, recoverable
    expect(history()[0].bundle.directory.organization).not.toBe('Managed Org');
  });

  it("a site profile set by policy for the clinic's own EHR is in force under its own name: its host is what the worker registers once granted", async () => {
    const own = { ...clone(SHIPPED_PROFILES[0]), name: 'clinic-ehr', urlPatterns: ['https://ehr.clinic.example/notes/*'] };
    const { store, active } = setup({ managed: { sites: [json(own)] } });
    await store.refresh();
    expect(active().managed).toEqual({ packs: [], directory: false, sites: ['clinic-ehr'] });
    const inForce = allProfiles(SHIPPED_PROFILES, active().sites); // what background/main.ts hands the syncer
    expect(inForce.map((p) => p.name)).toContain('clinic-ehr');
    expect(hostPatterns(inForce)).toContain('https://ehr.clinic.example/*');
  });

  it('managed items win over a publish, and the local versions of them stay in the history', async () => {
    const env = await unlocked({ managed: { directory: json(managedDir()) } });
    const submitted = defaultBundle();
    submitted.directory = clone(env.active().directory); // the console sends the managed directory back, locked
    submitted.packs[0].pack.version = '1.0.1';
    expect(await env.store.publish(publish(submitted))).toEqual({ ok: true, version: 1 });
    expect(env.active().directory.organization).toBe('Managed Org');
    expect(env.active().packs[0].pack.version).toBe('1.0.1');
    expect(env.history().at(-1)?.bundle.directory.organization).toBe(DIRECTORY.organization);
    // The policy stops setting the directory: the local one applies again.
    await env.managedArea.remove('directory');
    await env.managedArea.set({ readOnly: false });
    await env.store.refresh();
    expect(env.active().directory.organization).toBe(DIRECTORY.organization);
    expect(env.active()).not.toHaveProperty('managed');
    expect(env.active().packs[0].pack.version).toBe('1.0.1');
    expect(env.local.data.get(SEEN_KEY)).toBe(false);
  });

  it('an invalid managed item is not applied: the status says why, and the local configuration is not used silently', async () => {
    const { store, local, active } = setup({ managed: { directory: '{ "clinics": "none" }' } });
    await store.refresh();
    expect(local.data.get('configStatus')).toEqual({
      state: 'invalid',
      reason: expect.stringMatching(/^The configuration your organisation sets through browser policy is invalid \(managed directory /),
      remedy: expect.stringMatching(/IT department/),
    });
    expect(active()).not.toHaveProperty('managed');
    expect(local.data.get(SEEN_KEY)).toBe(true);
  });

  it('managed items that do not fit the published configuration are not applied either', async () => {
    const dir = managedDir();
    dir.clinics[0].packs = ['state-oh']; // not installed
    const { store, local } = setup({ managed: { directory: json(dir) } });
    await store.refresh();
    expect(local.data.get('configStatus')).toMatchObject({
      state: 'invalid',
      reason: expect.stringMatching(/does not fit the published one \(directory clinics\[0\]\.packs\[0\]/),
    });
  });

  it('while policy was seen before but storage.managed is empty (browser start): checking, then ok when it arrives', async () => {
    const env = setup({ managed: { directory: json(managedDir()) } });
    await env.store.refresh();
    const merged = env.active();
    await env.managedArea.remove('directory');
    env.clock.t += 1000;
    const checking = {
      state: 'checking',
      since: START + 1000,
      reason: expect.stringMatching(/did not arrive on this computer, so Finalize stays locked\.$/),
      remedy: expect.stringMatching(/IT department/),
    };
    expect(await env.store.refresh()).toEqual(checking);
    expect(env.local.data.get('configStatus')).toEqual(checking);
    expect(env.active()).toEqual(merged); // not replaced by the local configuration
    env.clock.t += 5000;
    expect(await env.store.refresh()).toEqual(checking); // the wait started once
    await env.managedArea.set({ directory: json(managedDir()) });
    expect(await env.store.refresh()).toEqual({ state: 'ok' });
    expect(env.local.data.get('configStatus')).toEqual({ state: 'ok' });
  });

  it('refuses to publish while policy is missing or invalid', async () => {
    const env = await unlocked({ managed: { directory: json(managedDir()) } });
    await env.managedArea.remove('directory');
    await env.store.refresh();
    expect(await env.store.publish(publish(defaultBundle()))).toMatchObject({ ok: false, reason: expect.stringMatching(/still waiting/) });
    await env.managedArea.set({ packs: ['not json'] });
    expect(await env.store.publish(publish(defaultBundle()))).toMatchObject({ ok: false, reason: expect.stringMatching(/invalid .*Nothing was published/) });
  });

  it('leaves a configuration it did not write alone when nothing is managed', async () => {
    const custom = await activeOf(defaultBundle(), { installedAt: 'x' });
    custom.packs[0].hash = 'not-recomputed';
    const { store, local } = setup({ local: { [CONFIG_KEY]: custom } });
    await store.refresh();
    expect(local.data.get(CONFIG_KEY)).toEqual(custom);
    expect(local.sets).toEqual([]);
  });

  it('keeps a configuration from before packs combined, as its single pack', async () => {
    const pack = defaultBundle().packs[0].pack;
    const { store, active } = setup({ local: { [CONFIG_KEY]: { pack, hash: 'h', directory: DIRECTORY, installedAt: 'then' } } });
    await store.refresh();
    expect(active()).toEqual({ packs: [{ pack, hash: 'h', enabled: true }], directory: DIRECTORY, installedAt: 'then' });
  });
});

describe('the selector check (needs a DOM: run on every configuration before it is written)', () => {
  const OVER: BundleProblem = {
    where: 'site demo-ehr',
    path: 'noteScreen',
    severity: 'error',
    message: "Site profile 'demo-ehr': its selectors take 340× as long as a plain query (budget 40×)",
    hint: 'Use ids.',
  };
  const refuses: SelectorChecker = async () => ({ ok: true, problems: [OVER] });
  const cannotRun: SelectorChecker = async () => ({ ok: false, reason: 'Finalize Guard could not check the selectors (no answer).' });
  const managedDir = () => ({ ...clone(DIRECTORY), organization: 'Managed Org' });

  it('publish, import and rollback check the sites that would be in force; a problem refuses, nothing written', async () => {
    let checker = PASSES;
    const env = await unlocked({ checkSelectors: (sites) => checker(sites) });
    // The shipped profiles need no check; one of them changed does.
    expect(await env.store.publish(publish(defaultBundle()))).toEqual({ ok: true, version: 1 });
    expect(env.checked.at(-1)).toEqual([]);
    const changed = defaultBundle();
    changed.sites[0] = { ...changed.sites[0], noteScreen: 'main.note-screen' };
    expect(await env.store.publish(publish(changed, 'x', 1))).toEqual({ ok: true, version: 2 });
    expect(env.checked.at(-1)).toEqual([changed.sites[0]]);
    // In force now: a change elsewhere (the directory) does not measure it again.
    const directoryOnly = structuredClone(changed);
    directoryOnly.directory.clinics[0].name = 'North Clinic (renamed)';
    expect(await env.store.publish(publish(directoryOnly, 'x', 2))).toEqual({ ok: true, version: 3 });
    expect(env.checked.at(-1)).toEqual([]);
    checker = refuses;
    const before = json([...env.local.data]);
    const replies = [
      await env.store.publish(publish(defaultBundle(), 'x', 3)),
      await env.store.publish(publish(defaultBundle(), 'x', 3, 'import')),
      await env.store.rollback({ type: 'config:rollback', version: 1 }),
    ];
    for (const reply of replies)
      expect(reply).toEqual({
        ok: false,
        problems: [OVER],
        reason: `Nothing was published: the configuration has 1 problem (first: site demo-ehr noteScreen: ${OVER.message}).`,
      });
    expect(env.checked).toHaveLength(6);
    expect(json([...env.local.data])).toBe(before);
  });

  it('a check that cannot run refuses (fail closed) with its reason', async () => {
    const env = await unlocked({ checkSelectors: cannotRun });
    const before = json([...env.local.data]);
    expect(await env.store.publish(publish(defaultBundle()))).toEqual({
      ok: false,
      reason: 'Nothing was published: Finalize Guard could not check the selectors (no answer).',
    });
    expect(json([...env.local.data])).toBe(before);
  });

  it('browser policy over the budget, or unchecked, is not applied: locked, with the reason', async () => {
    for (const [checker, why, again] of [
      [refuses, `site demo-ehr noteScreen: ${OVER.message}.`, {}],
      // Could not run: no refusal, so the worker tries again.
      [cannotRun, 'Finalize Guard could not check the selectors (no answer).', { retry: true }],
    ] as const) {
      const env = setup({ managed: { directory: json(managedDir()) }, checkSelectors: checker });
      expect(await env.store.refresh()).toEqual({
        state: 'invalid',
        reason: `The configuration your organisation sets through browser policy is not applied, so Finalize stays locked: ${why}`,
        remedy: expect.stringMatching(/IT department/),
        ...again,
      });
      expect(env.active()).not.toHaveProperty('managed');
    }
  });

  it('a policy configuration already in force is not checked again at every start', async () => {
    const env = setup({ managed: { directory: json(managedDir()) } });
    await env.store.refresh();
    expect(env.checked).toHaveLength(1);
    expect(await env.store.refresh()).toEqual({ state: 'ok' });
    expect(env.checked).toHaveLength(1);
  });
});

describe('adminSession (what other changes that need the console unlocked ask)', () => {
  it('is the unlocked session publish uses: null while locked, after locking and once it has expired', async () => {
    const env = await unlocked();
    expect(await env.store.adminSession()).toEqual({ author: 'Pat Morgan', until: START + SESSION_MS });
    env.clock.t = START + SESSION_MS;
    expect(await env.store.adminSession()).toBeNull();
    env.clock.t = START;
    await env.store.lock();
    expect(await env.store.adminSession()).toBeNull();
    expect(await setup().store.adminSession()).toBeNull();
  });
});
