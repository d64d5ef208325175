/** Where the explanation panel goes so it stays inside the viewport. Pure: viewport size is passed in. */
export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

const GAP = 8;
/** The panel's widest: min(40em, 90vw) at the default 16px font size (CSS px do not change with zoom). */
function panelWidth(vw: number, em = 16): number {
  return Math.min(40 * em, vw * 0.9);
}

const px = (n: number) => `${Math.round(n)}px`;

/**
 * Right of the control when it fits, else left of it (flipped), else below/above it, clamped to the
 * viewport. Controls in the lower half get a panel anchored by its bottom edge (flipped above).
 * It may be as tall as the viewport allows: once its height is known, keepInside() moves it on screen
 * (it scrolls only past the whole viewport's height).
 */
export function placePanel(r: Rect, vw: number, vh: number): Record<string, string> {
  const w = panelWidth(vw);
  const right = r.left + r.width;
  const bottom = r.top + r.height;
  const s: Record<string, string> = {};
  let beside = true;
  if (vw - right - GAP >= w) s.left = px(right + GAP);
  else if (r.left - GAP >= w) s.right = px(vw - r.left + GAP);
  else {
    s.left = px(Math.max(GAP, Math.min(r.left, vw - w - GAP)));
    beside = false;
  }
  if (r.top + r.height / 2 <= vh / 2) {
    const top = Math.max(GAP, beside ? r.top : bottom + GAP);
    s.top = px(top);
  } else {
    const fromBottom = Math.max(GAP, vh - (beside ? bottom : r.top - GAP));
    s.bottom = px(fromBottom);
  }
  s.maxHeight = px(vh - 2 * GAP);
  return s;
}

/**
 * The vertical position that keeps a panel of this height inside the viewport, or null when it is already
 * inside. A panel beside its control may slide along it; one that is taller than the room left beside the
 * control would otherwise be cut at the viewport's edge.
 */
export function keepInside(top: number, height: number, vh: number): number | null {
  if (top >= GAP && top + height <= vh - GAP) return null;
  return Math.max(GAP, Math.min(top, vh - GAP - height));
}

/** Below this much room right of a control's row, the banner goes to the corner instead. */
const MIN_BANNER_ROOM = 18 * 16;

/**
 * Where the warning banner (one line until its details are asked for) goes: on the Finalize control's row, right
 * of the last thing on that row (`rowEnd`), where an EHR's toolbar has room — never over the note's text below it
 * or the toolbar's own buttons. Without a control on screen, or room on its row: null, the bottom-right corner.
 */
export function placeBanner(r: Rect | null, rowEnd: number, vw: number, vh: number): Record<string, string> | null {
  if (!r || r.top < 0 || r.top + r.height > vh) return null;
  const left = rowEnd + GAP;
  if (vw - left - GAP < MIN_BANNER_ROOM) return null;
  return { top: px(r.top), left: px(left), right: 'auto', bottom: 'auto', maxWidth: px(vw - left - GAP), maxHeight: px(vh - r.top - GAP) };
}

/** A point (the control's top-right corner, or below its left edge) as absolute coordinates. */
export function at(top: number, left: number): Record<string, string> {
  return { top: px(top), left: px(left) };
}
