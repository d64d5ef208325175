// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HOST_TAG, mountOverlay, watchHost } from './mount';
import { HOST_STYLE } from './styles';

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  for (const h of document.querySelectorAll(HOST_TAG)) h.remove();
});

describe('mountOverlay', () => {
  it('appends the host to documentElement with a closed shadow root holding the CSS', () => {
    const { host, root } = mountOverlay(document);
    expect(host.parentNode).toBe(document.documentElement);
    expect(host.tagName.toLowerCase()).toBe('finalize-guard-overlay');
    expect(host.shadowRoot).toBeNull();
    expect(root.mode).toBe('closed');
    expect(host.getAttribute('style')).toBe(HOST_STYLE);
    expect(HOST_STYLE).toMatch(/position: fixed.*inset: 0.*pointer-events: none.*z-index: 2147483647/);
    const style = root.querySelector('style');
    expect(style?.childNodes[0]?.nodeType).toBe(Node.TEXT_NODE);
    expect(document.body.contains(host)).toBe(false);
  });

  it('can open the shadow root for tests', () => {
    const { host, root } = mountOverlay(document, { mode: 'open' });
    expect(host.shadowRoot).toBe(root);
  });

  it('remount() restores a removed host and clears page-set style and hidden', () => {
    const { host, remount } = mountOverlay(document);
    host.remove();
    expect(host.isConnected).toBe(false);
    remount();
    expect(host.parentNode).toBe(document.documentElement);
    host.setAttribute('style', 'display:none');
    host.setAttribute('hidden', '');
    remount();
    expect(host.getAttribute('style')).toBe(HOST_STYLE);
    expect(host.hasAttribute('hidden')).toBe(false);
  });

  it('unmount() removes the host for good', () => {
    const { host, remount, unmount } = mountOverlay(document);
    unmount();
    remount();
    expect(host.isConnected).toBe(false);
  });
});

describe('watchHost', () => {
  it('reports removal and attribute tampering, and stays quiet once remounted', async () => {
    const { host, remount } = mountOverlay(document);
    const onTamper = vi.fn(remount);
    const stop = watchHost(host, onTamper);
    document.documentElement.append(document.createElement('div'));
    await tick();
    expect(onTamper).not.toHaveBeenCalled();
    host.remove();
    await tick();
    expect(onTamper).toHaveBeenCalledTimes(1);
    expect(host.parentNode).toBe(document.documentElement);
    host.style.display = 'none';
    await tick();
    expect(onTamper).toHaveBeenCalledTimes(2);
    expect(host.getAttribute('style')).toBe(HOST_STYLE);
    await tick();
    expect(onTamper).toHaveBeenCalledTimes(2);
    stop();
    host.remove();
    await tick();
    expect(onTamper).toHaveBeenCalledTimes(2);
  });
});
