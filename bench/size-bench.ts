/** Sizes for `npm run bench`: what every EHR page and the popup load (gzip), from the built extension. */
import { existsSync } from 'node:fs';
import { CONTENT_SCRIPTS_BUDGET, contentScriptFiles, EXTENSION_DIR, gzipBytes, popupFiles } from '../scripts/bundle-files';
import type { Row } from './measure';

export function sizeFigures(): Row[] {
  if (!existsSync(EXTENSION_DIR)) return [{ name: 'sizes: run `npm run build` first', value: '-', budget: '-', ok: null }];
  const content = gzipBytes(contentScriptFiles());
  const popup = popupFiles();
  return [
    {
      name: `content scripts, gzip total (every EHR page; a test holds the budget)`,
      value: `${content.toLocaleString('en-US')} B`,
      budget: `≤ ${CONTENT_SCRIPTS_BUDGET.toLocaleString('en-US')} B`,
      ok: content <= CONTENT_SCRIPTS_BUDGET,
    },
    { name: `popup scripts, gzip total (${popup.length} files)`, value: `${gzipBytes(popup).toLocaleString('en-US')} B`, budget: '-', ok: null },
  ];
}
