/**
 * While a tab's decision is locked, a tab-scoped declarativeNetRequest session rule blocks the EHR's
 * finalize request named by the site profile: a second line behind the page-side lock (which cannot stop
 * form.submit() or the EHR's API called directly). The EHR's server stays the final authority.
 */
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { MAX_ENDPOINTS } from '../shared/messages';

type Dnr = Pick<DeclarativeNetRequest.Static, 'updateSessionRules'>;

/** A tab's rule ids: one slot per endpoint (Chrome's tab ids are small sequential numbers, so these stay 32-bit). */
const ruleIds = (tabId: number) => Array.from({ length: MAX_ENDPOINTS }, (_, i) => tabId * MAX_ENDPOINTS + i + 1);

/**
 * One rule per finalize endpoint: every endpoint the locked frames' profiles name, so a published profile with
 * another (or no) endpoint never releases the shipped one's. Replaces the tab's previous rules.
 */
export async function setNetworkBlock(dnr: Dnr, tabId: number, locked: boolean, endpoints: readonly string[]): Promise<void> {
  const ids = ruleIds(tabId);
  const addRules: DeclarativeNetRequest.Rule[] = locked
    ? [...new Set(endpoints)].slice(0, MAX_ENDPOINTS).map((urlFilter, i) => ({
        id: ids[i],
        priority: 1,
        action: { type: 'block' },
        condition: {
          urlFilter,
          tabIds: [tabId],
          requestMethods: ['post', 'put', 'patch'],
          resourceTypes: ['xmlhttprequest', 'main_frame', 'sub_frame', 'other'],
        },
      }))
    : [];
  await dnr.updateSessionRules({ removeRuleIds: ids, addRules });
}
