/** The committed icons are what scripts/icons.ts draws, at every size the manifest names. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import manifest from '../manifest.json';
import { ICON_SIZES, iconPath, iconPng } from './icons';

describe('icons', () => {
  it.each(ICON_SIZES)('icons/icon-%i.png is the drawn padlock, that many pixels square', (size) => {
    const drawn = iconPng(size);
    if (process.env.UPDATE_ICONS) writeFileSync(iconPath(size), drawn);
    const committed = readFileSync(iconPath(size));
    expect([committed.readUInt32BE(16), committed.readUInt32BE(20)]).toEqual([size, size]);
    expect(committed.equals(drawn), `${iconPath(size)} is stale: UPDATE_ICONS=1 npx vitest run scripts/icons.test.ts`).toBe(true);
  });

  it('the manifest names every size, for the extension and for its toolbar button', () => {
    const expected = Object.fromEntries(ICON_SIZES.map((s) => [String(s), iconPath(s)]));
    expect(manifest.icons).toEqual(expected);
    expect(manifest.action.default_icon).toEqual(Object.fromEntries(Object.entries(expected).filter(([s]) => Number(s) <= 48)));
  });
});
