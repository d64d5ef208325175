/**
 * While a tab's decision is locked, tab-scoped declarativeNetRequest session rules block the EHR's finalize
 * requests named by the site profiles: a second line behind the page-side lock (which cannot stop
 * form.submit() or the EHR's API called directly). The EHR's server stays the final authority.
 */
import type { DeclarativeNetRequest } from 'webextension-polyfill';

type Dnr = Pick<DeclarativeNetRequest.Static, 'updateSessionRules' | 'getSessionRules'>;

// One update at a time in this worker: rule ids are picked from the rules in place, so two tabs must not pick the same.
let queue: Promise<unknown> = Promise.resolve();

/**
 * One rule per finalize endpoint: every endpoint the locked frames' profiles name, so a published profile with
 * another (or no) endpoint never releases the shipped one's. Replaces the tab's previous rules (found by their
 * tab condition: tab ids are too large to derive several rule ids from).
 */
export function setNetworkBlock(dnr: Dnr, tabId: number, locked: boolean, endpoints: readonly string[]): Promise<void> {
  const run = queue.then(async () => {
    const rules = await dnr.getSessionRules();
    const mine = rules.filter((r) => r.condition.tabIds?.includes(tabId)).map((r) => r.id);
    const taken = new Set(rules.map((r) => r.id));
    // Each frame names at most MAX_ENDPOINTS (messages.ts); their union is kept whole: a dropped one would be unblocked.
    const filters = locked ? [...new Set(endpoints)] : [];
    const ids: number[] = [];
    for (let id = 1; ids.length < filters.length; id++) if (!taken.has(id) || mine.includes(id)) ids.push(id);
    const addRules: DeclarativeNetRequest.Rule[] = filters.map((urlFilter, i) => ({
      id: ids[i],
      priority: 1,
      action: { type: 'block' },
      condition: {
        urlFilter,
        tabIds: [tabId],
        requestMethods: ['post', 'put', 'patch'],
        // 'ping': navigator.sendBeacon() posts as one.
        resourceTypes: ['xmlhttprequest', 'ping', 'main_frame', 'sub_frame', 'other'],
      },
    }));
    await dnr.updateSessionRules({ removeRuleIds: mine, addRules });
  });
  queue = run.catch(() => undefined);
  return run;
}
