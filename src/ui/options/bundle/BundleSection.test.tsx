// @vitest-environment happy-dom
/** Import publishes the checked file with the version in force when it was checked; a refusal is shown with its reason. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import example from '../../../../rules/directory.example.json';
import { activeOf } from '../../../config/bundle';
import type { ActiveConfig, ConfigBundle } from '../../../config/types';
import type { Directory, Pack } from '../../../policy/types';
import { SHIPPED_PROFILES } from '../../../sites/shipped';
import { draftOf } from '../publish/draft';
import { BundleSection } from './BundleSection';
import { bundleText } from './import-flow';

const client = vi.hoisted(() => ({
  publish: vi.fn(async (..._args: unknown[]): Promise<{ ok: true; version: number } | { ok: false; reason: string }> => ({ ok: true, version: 9 })),
}));
vi.mock('../../shared/config-client', () => client);
vi.mock('webextension-polyfill', () => ({ default: {} }));

const PACKS = Object.values(import.meta.glob<Pack>('../../../../rules/packs/*.json', { eager: true, import: 'default' }));
const bundle = (): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: PACKS.map((pack) => ({ pack: structuredClone(pack), enabled: true })),
  directory: structuredClone(example) as unknown as Directory,
  sites: structuredClone(SHIPPED_PROFILES),
});
/** `changed`: another admin's change (the last insurance's assistant permission turned off). */
const activeAt = (version: number, changed = false): Promise<ActiveConfig> => {
  const b = bundle();
  if (changed) b.directory.insurances.at(-1)!.assistantFinalization = false;
  return activeOf(b, { installedAt: '2026-11-27T10:00:00Z', version, bundledSites: SHIPPED_PROFILES });
};

let root: HTMLElement;
beforeEach(() => {
  client.publish.mockClear();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const show = async (active: ActiveConfig) => {
  await act(async () => {
    render(
      <BundleSection
        draft={draftOf(active)}
        onChange={() => undefined}
        active={active}
        readOnly={false}
        managed={{ packs: [], directory: false, sites: [] }}
      />,
      root,
    );
  });
};
const chooseFile = async (b: ConfigBundle) => {
  const input = root.querySelector<HTMLInputElement>('[data-testid=import-file]')!;
  Object.defineProperty(input, 'files', { configurable: true, value: [new File([bundleText(b)], 'other-browser.json', { type: 'application/json' })] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
};
const apply = async () => {
  await act(async () => {
    root.querySelector<HTMLButtonElement>('[data-testid=import-apply]')!.click();
  });
};

describe('import', () => {
  it('publishes the file made from the version in force when it was checked', async () => {
    const v3 = await activeAt(3);
    await show(v3);
    const file = structuredClone(draftOf(v3));
    file.directory.insurances[0].assistantFinalization = !file.directory.insurances[0].assistantFinalization;
    await chooseFile(file);
    expect(root.querySelector('[data-testid=import-summary]')!.textContent).toContain('(version 3)');
    await apply();
    expect(client.publish).toHaveBeenCalledTimes(1);
    expect((client.publish.mock.calls[0] as unknown[])[1]).toBe('import');
    expect((client.publish.mock.calls[0] as unknown[])[3]).toBe(3);
    expect(root.querySelector('[data-testid=import-result]')!.textContent).toBe('Imported: version 9 is in force.');
  });

  it('someone publishes after the file was checked: the import still names the version it was checked against, and the refusal is shown', async () => {
    const reason = 'Someone published version 4 after you started editing (version 3). Review their changes, then publish again.';
    client.publish.mockResolvedValueOnce({ ok: false, reason });
    const v3 = await activeAt(3);
    await show(v3);
    const file = structuredClone(draftOf(v3));
    file.directory.insurances[0].assistantFinalization = !file.directory.insurances[0].assistantFinalization;
    await chooseFile(file);
    await show(await activeAt(4, true));
    await apply();
    expect((client.publish.mock.calls[0] as unknown[])[3]).toBe(3);
    const shown = root.querySelector('[data-testid=import-result]')!;
    expect(shown.textContent).toBe(`Not imported: ${reason}`);
    expect(shown.getAttribute('role')).toBe('alert');
  });

  it('before the first publish the version in force is 0 (the bundled default)', async () => {
    const fresh = await activeAt(0);
    delete fresh.version;
    await show(fresh);
    const file = structuredClone(draftOf(fresh));
    file.directory.insurances[0].assistantFinalization = !file.directory.insurances[0].assistantFinalization;
    await chooseFile(file);
    await apply();
    expect((client.publish.mock.calls[0] as unknown[])[3]).toBe(0);
  });
});
