/** To the review page, and to the admin console when the extension has one (an options page). */
import browser from 'webextension-polyfill';
import { REVIEW_PAGE } from '../../shared/review-page';
import { Unreviewed } from './Unreviewed';

export function Links() {
  const reviewUrl = browser.runtime.getURL(REVIEW_PAGE);
  const manifest = browser.runtime.getManifest() as { options_page?: string; options_ui?: { page?: string } };
  const consolePage = manifest.options_page || manifest.options_ui?.page;
  const openReview = (e: MouseEvent) => {
    e.preventDefault();
    void browser.tabs.create({ url: reviewUrl }).then(() => window.close());
  };
  const openConsole = (e: MouseEvent) => {
    e.preventDefault();
    void browser.runtime.openOptionsPage().then(() => window.close());
  };
  return (
    <ul class="links">
      <li>
        <a href={reviewUrl} target="_blank" rel="noopener" onClick={openReview} data-testid="review-link">
          Review blocked attempts
        </a>
        {' · '}
        <Unreviewed />
      </li>
      {consolePage && (
        <li>
          <a href={browser.runtime.getURL(consolePage)} target="_blank" rel="noopener" onClick={openConsole} data-testid="console-link">
            Admin console
          </a>
        </li>
      )}
    </ul>
  );
}
