/**
 * While a tab's decision is locked, a tab-scoped declarativeNetRequest session rule blocks the EHR's
 * finalize request named by the site profile: a second line behind the page-side lock (which cannot stop
 * form.submit() or the EHR's API called directly). The EHR's server stays the final authority.
 */
import type { DeclarativeNetRequest } from 'webextension-polyfill';

type Dnr = Pick<DeclarativeNetRequest.Static, 'updateSessionRules'>;

/** One rule per tab: the tab id is the rule id. */
export async function setNetworkBlock(dnr: Dnr, tabId: number, locked: boolean, endpoint: string | undefined): Promise<void> {
  const addRules: DeclarativeNetRequest.Rule[] =
    locked && endpoint
      ? [
          {
            id: tabId,
            priority: 1,
            action: { type: 'block' },
            condition: {
              urlFilter: endpoint,
              tabIds: [tabId],
              requestMethods: ['post', 'put', 'patch'],
              resourceTypes: ['xmlhttprequest', 'main_frame', 'sub_frame', 'other'],
            },
          },
        ]
      : [];
  await dnr.updateSessionRules({ removeRuleIds: [tabId], addRules });
}
