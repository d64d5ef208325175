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

/** The banner's widest: min(26em, 94vw). */
const bannerWidth = (vw: number, em = 16) => Math.min(26 * em, vw * 0.94);
/** Below this much room above a control's bottom edge, the banner goes to the corner instead. */
const MIN_BANNER_ROOM = 9 * 16;

/**
 * Where the warning banner goes: beside the first Finalize control on screen, its bottom edge level with the
 * control's, growing upward — into the toolbar and header that Finalize sits in, never down over the note's text
 * below it. Without such a control (or room) it sits in the bottom-right corner. Null means the corner.
 */
export function placeBanner(r: Rect | null, vw: number, vh: number): Record<string, string> | null {
  if (!r || r.top < 0 || r.top + r.height > vh) return null;
  const w = bannerWidth(vw);
  const right = r.left + r.width;
  const bottom = r.top + r.height;
  if (bottom - GAP < MIN_BANNER_ROOM) return null;
  const s: Record<string, string> = { bottom: px(vh - bottom), maxHeight: px(bottom - GAP), right: 'auto' };
  if (vw - right - GAP >= w) s.left = px(right + GAP);
  else if (r.left - GAP >= w) s.left = px(r.left - GAP - w);
  else return null;
  return s;
}

/** A point (the control's top-right corner, or below its left edge) as absolute coordinates. */
export function at(top: number, left: number): Record<string, string> {
  return { top: px(top), left: px(left) };
}
