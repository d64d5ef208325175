/** The supervisors' review page, as a path in the extension: built by vite.config.ts, linked from the popup, checked by the worker. */
export const REVIEW_PAGE = 'src/ui/review/index.html';
