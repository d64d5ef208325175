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
async function mount(c: ActiveConfig, status?: unknown) {
  root = document.createElement('div');
  document.body.append(root);
  await act(async () => {
    render(<PopupStatus config={c} status={status} />, root);
  });
}
const byId = (id: string) => root.querySelector(`[data-testid=${id}]`)?.textContent ?? null;

describe('the popup status', () => {
  it('says a fresh install is not set up, with who to ask', async () => {
    await mount(config(structuredClone(EMPTY_DIRECTORY)));
    expect(byId('locked-everywhere')).toBe(`${NOT_SET_UP.message} ${NOT_SET_UP.remedy}`);
    expect(byId('managed')).toBeNull();
  });

  it('says what note tabs say when browser policy cannot be applied, not "not set up" (IT, not the clinic admin, can fix it)', async () => {
    const invalid = {
      state: 'invalid',
      reason: "Your organisation's Finalize Guard settings are invalid, so Finalize stays locked.",
      remedy: 'Contact your IT department.',
    };
    await mount(config(structuredClone(EMPTY_DIRECTORY)), invalid);
    expect(byId('locked-everywhere')).toBe(`${invalid.reason} ${invalid.remedy}`);
    render(null, root);
    root.remove();
    await mount(config(structuredClone(EMPTY_DIRECTORY)), { state: 'checking', since: Date.now(), reason: 'r', remedy: 'r' });
    expect(byId('locked-everywhere')).toBe("Checking your organisation's settings…");
  });

  it('says what browser policy manages, and nothing about setup once a directory is in force', async () => {
    await mount(config(example as unknown as Directory, { packs: ['webpt-default'], directory: true, sites: [] }));
    expect(byId('locked-everywhere')).toBeNull();
    expect(byId('managed')).toBe("Managed by policy: the directory and rule packs (webpt-default) are set by your organisation's browser policy.");
  });
});
