import { describe, expect, it } from 'vitest';
import type { DeclarativeNetRequest } from 'webextension-polyfill';
import { setNetworkBlock } from './network-block';

function fakeDnr() {
  let rules: DeclarativeNetRequest.Rule[] = [];
  return {
    rules: () => rules,
    getSessionRules: async () => structuredClone(rules),
    updateSessionRules: async ({ removeRuleIds = [], addRules = [] }: DeclarativeNetRequest.UpdateSessionRulesOptionsType) => {
      rules = [...rules.filter((r) => !removeRuleIds.includes(r.id)), ...addRules];
    },
  };
}

describe('the network block of a locked tab', () => {
  it("blocks every endpoint its locked frames name, however many frames (none dropped), and only that tab's rules change", async () => {
    const dnr = fakeDnr();
    await setNetworkBlock(dnr, 7, true, ['/other-tab/sign']);
    const endpoints = Array.from({ length: 20 }, (_, i) => `/frame-${i}/sign`); // e.g. 3 frames of up to 8 each
    await setNetworkBlock(dnr, 5, true, [...endpoints, endpoints[0]]);
    const filtersOf = (tab: number) =>
      dnr
        .rules()
        .filter((r) => r.condition.tabIds?.includes(tab))
        .map((r) => r.condition.urlFilter);
    expect(filtersOf(5)).toEqual(endpoints);
    expect(new Set(dnr.rules().map((r) => r.id)).size).toBe(21);
    await setNetworkBlock(dnr, 5, false, endpoints);
    expect(filtersOf(5)).toEqual([]);
    expect(filtersOf(7)).toEqual(['/other-tab/sign']);
  });
});
