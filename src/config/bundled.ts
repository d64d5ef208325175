/**
 * The rule packs Finalize Guard ships with: every pack in rules/packs, in file-name order, validated and hashed by
 * the build (vite.shipped-packs.ts reads them; the site profiles: sites/shipped.ts).
 */
import shipped from 'virtual:shipped-packs';

export const SHIPPED_PACKS = shipped;
export const BUNDLED_PACKS = shipped.map((s) => s.pack);
