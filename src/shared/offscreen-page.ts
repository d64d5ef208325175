/** The offscreen document's page: built by vite.config.ts, opened by the worker (background/selector-checker.ts). */
export const OFFSCREEN_PAGE = 'src/offscreen/index.html';
