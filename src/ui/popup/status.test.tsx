// @vitest-environment happy-dom
/** The popup's configuration lines: "not set up" on a fresh install, and what browser policy manages. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import example from '../../../rules/directory.example.json';
import pack from '../../../rules/packs/webpt-default.json';
import type { ActiveConfig } from '../../config/types';
import { EMPTY_DIRECTORY, NOT_SET_UP } from '../../policy/not-set-up';
import type { Directory, Pack } from '../../policy/types';
import { PopupStatus } from './status';

let root: HTMLElement;
afterEach(() => {
  render(null, root);
  root.remove();
});
const config = (directory: Directory, managed?: ActiveConfig['managed']): ActiveConfig => ({
  packs: [{ pack: pack as unknown as Pack, hash: 'ab12', enabled: true }],
  directory,
  installedAt: '2026-12-07T00:00:00Z',
  version: 0,
  ...(managed ? { managed } : {}),
});
async function mount(c: ActiveConfig) {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<PopupStatus config={c} />, root);
  });
}
const byId = (id: string) => root.querySelector(`[data-testid=${id}]`)?.textContent ?? null;

describe('the popup status', () => {
  it('says a fresh install is not set up, with who to ask', async () => {
    await mount(config(structuredClone(EMPTY_DIRECTORY)));
    expect(byId('not-set-up')).toBe(`${NOT_SET_UP.message} ${NOT_SET_UP.remedy}`);
    expect(byId('managed')).toBeNull();
  });

  it('says what browser policy manages, and nothing about setup once a directory is in force', async () => {
    await mount(config(example as unknown as Directory, { packs: ['webpt-default'], directory: true, sites: [] }));
    expect(byId('not-set-up')).toBeNull();
    expect(byId('managed')).toBe("Managed by policy: the directory, rule packs (webpt-default) are set by your organisation's browser policy.");
  });
});
