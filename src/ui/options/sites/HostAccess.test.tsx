// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SHIPPED_PROFILES } from '../../../sites/shipped';
import type { SiteProfile } from '../../../sites/types';
import { type HostApi, HostAccess } from './HostAccess';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const own: SiteProfile = { ...SHIPPED_PROFILES[0], name: 'clinic-ehr', urlPatterns: ['http://ehr.test/*', 'https://*.com/*'] };

function fakeApi(granted: string[], error: string | null): HostApi & { fire(): void; error: string | null } {
  const listeners: Array<() => void> = [];
  const api = {
    error,
    builtIn: () => ['http://127.0.0.1/*'],
    granted: async (host: string) => granted.includes(host),
    request: async () => false,
    remove: async () => true,
    registrationError: async () => api.error,
    onChange: (l: () => void) => {
      listeners.push(l);
      return () => undefined;
    },
    fire: () => listeners.forEach((l) => l()),
  };
  return api;
}

describe('the console host list (HostAccess)', () => {
  const root = document.createElement('div');
  document.body.append(root);
  afterEach(() => render(null, root));

  const state = (host: string) => root.querySelector(`[data-host="${host}"] [data-testid=host-access-state]`)?.textContent;

  it("shows the worker's registration error beside allowed hosts, and drops it once registered", async () => {
    const api = fakeApi(['http://ehr.test/*'], "Invalid url pattern 'http://ehr.test/*'");
    await act(() => render(<HostAccess sites={[own]} readOnly={false} api={api} />, root));
    await vi.waitFor(() => expect(state('http://ehr.test/*')).toBe('allowed, but not running (see below)'));
    expect(root.querySelector('[data-testid=host-registration-error]')?.textContent).toContain("Invalid url pattern 'http://ehr.test/*'");
    api.error = null;
    await act(() => api.fire());
    await vi.waitFor(() => expect(state('http://ehr.test/*')).toBe('allowed'));
    expect(root.querySelector('[data-testid=host-registration-error]')).toBeNull();
  });

  it('never offers a host that names every site under a top-level label', async () => {
    await act(() => render(<HostAccess sites={[own]} readOnly={false} api={fakeApi([], null)} />, root));
    await vi.waitFor(() => expect(state('http://ehr.test/*')).toBe('not allowed yet'));
    expect([...root.querySelectorAll('[data-testid=host]')].map((li) => li.getAttribute('data-host'))).not.toContain('https://*.com/*');
    expect(root.textContent).not.toContain('*.com');
  });
});
