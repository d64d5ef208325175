/**
 * The page-level reason shown when the early guard still cannot tell which site profiles the page uses (its
 * configuration could not be read): activations stay stopped (fail closed), and the person must know why.
 * Plain DOM in a closed shadow root (the page's styles cannot hide it, nor its scripts read it); text only.
 */
export const PENDING_NOTICE_TEXT = 'Finalize Guard could not read its configuration, so clicks on this page are held. Reload the page.';

/** Shows the notice; the returned function removes it. */
export function showPendingNotice(doc: Document): () => void {
  const host = doc.createElement('finalize-guard-notice');
  const box = doc.createElement('div');
  box.setAttribute('role', 'alert');
  box.textContent = PENDING_NOTICE_TEXT;
  box.style.cssText = 'position:fixed;inset:0 0 auto;z-index:2147483647;padding:8px;background:#8a1c1c;color:#fff;font:14px sans-serif';
  host.attachShadow({ mode: 'closed' }).append(box);
  (doc.body ?? doc.documentElement).append(host);
  return () => host.remove();
}
