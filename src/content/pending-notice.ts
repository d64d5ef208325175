/**
 * The page-level reason shown when the early guard still cannot tell which site profiles the page uses (its
 * configuration could not be read): activations stay stopped (fail closed), and the person must know why.
 * Plain DOM in a closed shadow root (the page's styles cannot hide it, nor its scripts read it); text only.
 */
export const PENDING_NOTICE_TEXT =
  'Finalize Guard could not read its configuration, so clicks, submits and shortcuts on this page are held. Reload the page; if this stays, tell your administrator.';

/** Shows the notice; the returned function removes it. */
export function showPendingNotice(doc: Document): () => void {
  const host = doc.createElement('finalize-guard-notice');
  const box = doc.createElement('div');
  box.setAttribute('role', 'alert');
  box.textContent = PENDING_NOTICE_TEXT;
  box.style.cssText =
    'position:fixed;top:0;left:0;right:0;z-index:2147483647;padding:8px 12px;background:#8a1c1c;color:#fff;font:14px/1.4 system-ui,sans-serif;';
  host.attachShadow({ mode: 'closed' }).append(box);
  (doc.body ?? doc.documentElement).append(host);
  return () => host.remove();
}
