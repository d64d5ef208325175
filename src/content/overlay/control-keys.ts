/**
 * The overlay's key for each Finalize control: its place in the site profile (the first finalizeControls selector
 * it matches, and how many controls before it matched that one), never the element. An SPA that replaces the
 * button on every render keeps the same key, so the explanation a person opened stays open.
 */
export function controlKeys(controls: Element[], selectors: readonly string[]): string[] {
  const seen = new Map<number, number>();
  return controls.map((el) => {
    const s = selectors.findIndex((selector) => {
      try {
        return el.matches(selector);
      } catch {
        return false; // a selector the browser rejects matches nothing
      }
    });
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    return `c${s}-${n}`;
  });
}
