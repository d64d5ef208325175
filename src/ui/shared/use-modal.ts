/**
 * Opens a <dialog> as a modal when it mounts and, when it unmounts (confirmed, cancelled, Escape), gives keyboard
 * focus back to where it was when it opened. Preact removes an open dialog from the document without closing it,
 * which drops focus to the page's body: closing it first lifts the modal's inertness so the element can be focused.
 */
import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

export function useModal(ref: RefObject<HTMLDialogElement | null>): void {
  useEffect(() => {
    const d = ref.current;
    const before = d?.ownerDocument.activeElement;
    if (d && !d.open) typeof d.showModal === 'function' ? d.showModal() : d.setAttribute('open', '');
    return () => {
      if (d?.open) typeof d.close === 'function' ? d.close() : d.removeAttribute('open');
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, [ref]);
}
