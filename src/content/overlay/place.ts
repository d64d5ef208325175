/** Where the explanation panel goes so it stays inside the viewport. Pure: viewport size is passed in. */
export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

const GAP = 8;
/** The panel's widest: min(28em, 90vw) at the default 16px font size (CSS px do not change with zoom). */
function panelWidth(vw: number, em = 16): number {
  return Math.min(28 * em, vw * 0.9);
}

const px = (n: number) => `${Math.round(n)}px`;

/**
 * Right of the control when it fits, else left of it (flipped), else below/above it, clamped to the
 * viewport. Controls in the lower half get a panel anchored by its bottom edge (flipped above).
 * A max-height keeps the panel on screen; it scrolls past that.
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
    s.maxHeight = px(vh - top - GAP);
  } else {
    const fromBottom = Math.max(GAP, vh - (beside ? bottom : r.top - GAP));
    s.bottom = px(fromBottom);
    s.maxHeight = px(vh - fromBottom - GAP);
  }
  return s;
}

/** A point (the control's top-right corner, or below its left edge) as absolute coordinates. */
export function at(top: number, left: number): Record<string, string> {
  return { top: px(top), left: px(left) };
}
