/** README screenshots: taken by the tests that reach each screen; written to docs/screenshots/ with UPDATE_SCREENSHOTS=1. */
import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

const SHOTS = process.env.UPDATE_SCREENSHOTS ? 'docs/screenshots' : null;

export async function shoot(target: Page | Locator, name: string): Promise<void> {
  // For the README only: past the overlay's 120 ms fade-in, which a shot taken at once catches half transparent.
  if (SHOTS) await new Promise((r) => setTimeout(r, 300));
  const png = await target.screenshot({ path: SHOTS ? `${SHOTS}/${name}.png` : undefined });
  expect(png.length).toBeGreaterThan(5_000);
}
