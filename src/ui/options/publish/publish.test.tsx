// @vitest-environment happy-dom
/** Publish validates first (errors listed, nothing sent); the history lists versions newest first with their changes and rollback. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import example from '../../../../rules/directory.example.json';
import type { ConfigBundle, PublishedVersion } from '../../../config/types';
import type { Directory, Pack } from '../../../policy/types';
import { readOnlyReason, draftText } from '../access/status';
import { changesBetween } from './draft';
import { defaultSummary, historyRows, kindText } from './history-view';
import { PublishSection } from './PublishSection';

const client = vi.hoisted(() => ({
  publish: vi.fn(async () => ({ ok: true as const, version: 7 })),
  rollback: vi.fn(async () => ({ ok: true as const, version: 8 })),
}));
vi.mock('../../shared/config-client', () => client);
vi.mock('webextension-polyfill', () => ({ default: {} }));

const PACKS = Object.values(import.meta.glob<Pack>('../../../../rules/packs/*.json', { eager: true, import: 'default' }));
const bundle = (): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: PACKS.map((pack) => ({ pack: structuredClone(pack), enabled: true })),
  directory: structuredClone(example) as unknown as Directory,
  sites: [],
});
const version = (v: number, b: ConfigBundle, extra: Partial<PublishedVersion> = {}): PublishedVersion => ({
  version: v,
  publishedAt: `2026-11-2${v}T10:00:00Z`,
  author: 'u-admin-pat',
  summary: `summary ${v}`,
  kind: 'publish',
  bundle: b,
  ...extra,
});

let root: HTMLElement;
beforeEach(() => {
  client.publish.mockClear();
  client.rollback.mockClear();
});
afterEach(() => {
  render(null, root);
  root.remove();
});

function mount(
  draft: ConfigBundle,
  inForce: ConfigBundle,
  history: PublishedVersion[] = [],
  readOnly = false,
  activeVersion?: number,
  baseVersion = activeVersion ?? 0,
) {
  root = document.createElement('div');
  document.body.append(root);
  const active = { packs: [], directory: inForce.directory, installedAt: '', version: activeVersion };
  act(() =>
    render(
      <PublishSection
        draft={draft}
        onChange={() => undefined}
        active={active}
        readOnly={readOnly}
        managed={{ packs: [], directory: false, sites: [] }}
        inForce={inForce}
        baseVersion={baseVersion}
        changes={changesBetween(inForce, draft)}
        history={history}
        onDiscard={() => undefined}
      />,
      root,
    ),
  );
}
const button = (name: RegExp) => {
  const b = [...root.querySelectorAll('button')].find((x) => name.test(x.textContent ?? ''));
  if (!b) throw new Error(`no button ${name}`);
  return b;
};
const submit = async () => {
  await act(async () => {
    root.querySelector('form.publish-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
};
const result = () => root.querySelector('[data-testid=publish-result]')!.textContent ?? '';

describe('publishing', () => {
  it('lists the changes and publishes a valid draft with a summary made from them', async () => {
    const draft = bundle();
    draft.directory.insurances[0] = { ...draft.directory.insurances[0], assistantFinalization: false };
    mount(draft, bundle());
    expect(root.querySelector('ul.changes')!.textContent).toMatch(/Acme Health PPO.*on.*off/);
    await submit();
    expect(client.publish).toHaveBeenCalledTimes(1);
    const [sent, kind, summary, baseVersion] = client.publish.mock.calls[0] as unknown as [ConfigBundle, string, string, number];
    expect(sent).toBe(draft);
    expect(kind).toBe('publish');
    expect(summary).toContain('Acme Health PPO');
    expect(baseVersion).toBe(0); // made from the bundled default
    expect(result()).toContain('Published version 7');
  });

  it('an invalid draft is not sent: every error is listed with where, path, message and hint', async () => {
    const draft = bundle();
    draft.directory.users[0] = { ...draft.directory.users[0], credential: 'PTX' as never };
    draft.directory.insurances.push({ id: 'ins-new', name: 'New', assistantFinalization: 'yes' as never });
    mount(draft, bundle());
    await submit();
    expect(client.publish).not.toHaveBeenCalled();
    expect(result()).toContain('Not published: the draft has 2 problems to fix first. Nothing was changed.');
    const items = [...root.querySelectorAll('[data-testid=publish-problems] li.error')].map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(root.querySelector('[data-testid=publish-problems] li.warning')!.textContent).toMatch(/^Warning in directory.*never confirmed/);
    expect(items.join('\n')).toMatch(/Error in directory, users\[0\]\.credential: Unknown credential "PTX"How to fix:/);
    expect(items.join('\n')).toContain(`insurances[${draft.directory.insurances.length - 1}].assistantFinalization`);
  });

  it("shows the worker's refusal and its problems", async () => {
    client.publish.mockResolvedValueOnce({ ok: false, reason: 'The console is locked.', problems: [] } as never);
    const draft = bundle();
    draft.directory.organization = 'Renamed';
    mount(draft, bundle());
    await submit();
    expect(result()).toContain('Not published: The console is locked.');
  });

  it('sends the version the draft was made from, and shows why a publish from an older version is refused', async () => {
    const reason = 'Someone published version 5 after you started editing (version 4). Review their changes, then publish again.';
    client.publish.mockResolvedValueOnce({ ok: false, reason } as never);
    const draft = bundle();
    draft.directory.organization = 'Renamed';
    mount(draft, bundle(), [], false, 5, 4);
    await submit();
    expect((client.publish.mock.calls[0] as unknown[])[3]).toBe(4);
    expect(result()).toBe(`Not published: ${reason}`);
    expect(root.querySelector('[data-testid=publish-result] p.error')).not.toBeNull();
  });

  it('Publish is disabled while read-only or when nothing changed', () => {
    const draft = bundle();
    draft.directory.organization = 'Renamed';
    mount(draft, bundle(), [], true);
    expect(button(/^Publish$/).disabled).toBe(true);
    render(null, root);
    root.remove();
    mount(bundle(), bundle());
    expect(button(/^Publish$/).disabled).toBe(true);
  });
});

describe('history and rollback', () => {
  const v1 = bundle();
  const v2 = bundle();
  v2.directory.clinics[0] = { ...v2.directory.clinics[0], assistantFinalization: false };
  const history = [version(0, v1, { author: '', kind: 'publish', summary: 'Bundled default' }), version(1, v2), version(2, v1, { kind: 'rollback', from: 0 })];

  it('lists versions newest first, with author, kind and which is in force', () => {
    const rows = historyRows(history, 2);
    expect(rows.map((r) => r.version.version)).toEqual([2, 1, 0]);
    expect(rows.map((r) => r.kindText)).toEqual(['Rollback to version 0', 'Publish', 'Before the first publish']);
    expect(rows[0]).toMatchObject({ inForce: true, authorText: 'Pat Morgan (u-admin-pat)' });
    expect(rows[1].previous?.version).toBe(0);
    expect(rows[2].previous).toBeNull();
    expect(kindText({ kind: 'import', version: 3 })).toBe('Import');
  });

  it("shows a version's changes against its predecessor when opened", async () => {
    mount(v1, v1, history, false, 2);
    const item = root.querySelector('[data-testid=version-1]')!;
    const details = item.querySelector('details')!;
    await act(async () => {
      details.open = true;
      details.dispatchEvent(new Event('toggle'));
    });
    expect(item.querySelector('ul.changes')!.textContent).toMatch(/North Clinic.*on.*off/);
    expect(root.querySelector('[data-testid=version-2]')!.textContent).toContain('in force');
    expect(root.querySelector('[data-testid=version-2] button')).toBeNull();
  });

  it('rolls back only after the confirmation', async () => {
    mount(v1, v1, history, false, 2);
    await act(async () => {
      button(/Roll back to version 1/).click();
    });
    const dialog = root.querySelector('[data-testid=rollback-dialog]')!;
    expect(dialog.textContent).toContain('Roll back to version 1?');
    expect(dialog.querySelector('ul.changes')!.textContent).toMatch(/North Clinic.*on.*off/);
    expect(client.rollback).not.toHaveBeenCalled();
    await act(async () => {
      [...dialog.querySelectorAll('button')].find((b) => b.textContent === 'Roll back')!.click();
    });
    expect(client.rollback).toHaveBeenCalledWith(1);
    expect(result()).toContain('Rolled back to version 1, published as version 8');
  });

  it('cancelling the confirmation rolls nothing back', async () => {
    mount(v1, v1, history, false, 2);
    await act(async () => {
      button(/Roll back to version 1/).click();
    });
    await act(async () => {
      button(/^Cancel$/).click();
    });
    expect(root.querySelector('[data-testid=rollback-dialog]')).toBeNull();
    expect(client.rollback).not.toHaveBeenCalled();
  });
});

describe('words', () => {
  it('summarises many changes', () => {
    const changes = Array.from({ length: 5 }, (_, i) => ({ area: 'directory' as const, what: `Thing ${i}` }));
    expect(defaultSummary(changes)).toBe('Thing 0; Thing 1; Thing 2; and 2 more');
    expect(defaultSummary(changes, 10)).toHaveLength(10);
  });

  it('says why the console is read-only', () => {
    expect(readOnlyReason(null)).toMatch(/Checking/);
    expect(readOnlyReason({ mode: 'no-passcode', reason: '' })).toMatch(/no admin passcode/);
    expect(readOnlyReason({ mode: 'locked', reason: '' })).toMatch(/locked/);
    expect(readOnlyReason({ mode: 'read-only-policy', reason: 'Set read-only by policy.' })).toMatch(/browser policy.*Set read-only by policy\./);
    expect(readOnlyReason({ mode: 'unlocked', reason: '' })).toBeNull();
    expect(draftText(1)).toMatch(/1 unpublished change:/);
  });
});
