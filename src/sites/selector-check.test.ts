// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildFixture, checkSiteSelectors, COST_BUDGET, engineProblem, measureCost, profileSelectors } from './selector-check';
import { SHIPPED_PROFILES } from './shipped';
import type { SiteProfile } from './types';

const profile = (over: Partial<SiteProfile> = {}): SiteProfile => ({
  name: 'my-ehr',
  version: '1.0.0',
  urlPatterns: ['https://ehr.example.com/*'],
  noteScreen: 'main.note',
  finalizeControls: ["[data-action='finalize']", 'button.finalize'],
  finalizeForms: ['form#note'],
  forwardControl: 'button.forward',
  facts: { userId: [{ selector: '.user', attribute: 'data-id' }], insuranceIds: [{ selector: 'li.ins', all: true }] },
  ...over,
});

/**
 * A stand-in page whose queries take what `cost` says on an injected clock: the control ('*') 2 ms, and each
 * selector its cost in the run (runs are counted by the DOM change made before each timed part, two per run).
 */
function fakePage(cost: (selector: string, run: number) => number) {
  const clock = { t: 0 };
  let changes = 0;
  const queried: string[] = [];
  const root = {
    firstElementChild: { classList: { toggle: () => void changes++ } },
    querySelectorAll(s: string) {
      queried.push(s);
      clock.t += s === '*' ? 2 : cost(s, Math.floor((changes - 1) / 2));
      return [];
    },
  } as unknown as Element;
  return { root, now: () => clock.t, queried, runs: () => changes / 2 };
}

describe('profileSelectors', () => {
  it('lists every selector of a profile with its JSON path', () => {
    expect(profileSelectors(profile())).toEqual([
      { path: ['noteScreen'], selector: 'main.note' },
      { path: ['finalizeControls', 0], selector: "[data-action='finalize']" },
      { path: ['finalizeControls', 1], selector: 'button.finalize' },
      { path: ['finalizeForms', 0], selector: 'form#note' },
      { path: ['forwardControl'], selector: 'button.forward' },
      { path: ['facts', 'userId', 0, 'selector'], selector: '.user' },
      { path: ['facts', 'insuranceIds', 0, 'selector'], selector: 'li.ins' },
    ]);
  });
});

describe('measureCost (an injected clock: no timing here)', () => {
  it('is the ratio of all the selectors once to one control query, with the slowest named', () => {
    // 3 × 10 + 2 × 5 = 40 ms against 2 ms: 20×.
    const page = fakePage((s) => (s === 'slow' ? 10 : 5));
    expect(measureCost(page.root, ['slow', 'a', 'slow', 'b', 'slow'], page.now)).toEqual({ ratio: 20, slowest: 'slow' });
    // The control is repeated until 5 ms have passed: 3 queries of 2 ms a run.
    expect(page.queried.filter((s) => s === '*').length).toBe(3 * page.runs());
  });

  it('stops once a majority of the runs is on one side of the budget (the median is then known)', () => {
    const under = fakePage(() => 1);
    expect(measureCost(under.root, ['a'], under.now).ratio).toBe(0.5);
    expect(under.runs()).toBe(3);
    const over = fakePage(() => 100);
    expect(measureCost(over.root, ['a'], over.now).ratio).toBe(50);
    expect(over.runs()).toBe(3);
  });

  it('stops a run as soon as it is over the budget (hundreds of slow selectors would take minutes)', () => {
    const page = fakePage(() => 10);
    const selectors = Array.from({ length: 100 }, (_, i) => `s${i}`);
    expect(measureCost(page.root, selectors, page.now).ratio).toBeGreaterThan(COST_BUDGET);
    // 9 selectors of 10 ms are past 40 × the 2 ms control.
    expect(page.queried.filter((s) => s !== '*').length).toBe(9 * page.runs());
  });

  it('takes the median: one run slowed by a busy machine does not decide', () => {
    const page = fakePage((_, run) => (run === 0 ? 1000 : 4));
    expect(measureCost(page.root, ['a'], page.now, COST_BUDGET).ratio).toBe(2);
    expect(page.runs()).toBe(4);
    const spikes = fakePage((_, run) => (run % 2 ? 1000 : 50));
    expect(measureCost(spikes.root, ['a'], spikes.now).ratio).toBe(25);
  });
});

describe('engineProblem', () => {
  it("is null for a selector the document's engine accepts, and the engine's words for one it rejects", () => {
    expect(engineProblem(document, "[data-action='finalize'] > button")).toBeNull();
    expect(engineProblem(document, 'div[')).toEqual(expect.any(String));
    const throwing = {
      createDocumentFragment: () => ({
        querySelector: () => {
          throw new Error("'x' is not a valid selector");
        },
      }),
    } as unknown as Document;
    expect(engineProblem(throwing, 'x')).toBe("'x' is not a valid selector");
  });
});

describe('checkSiteSelectors', () => {
  const rejecting = (bad: string) => {
    const fragment = document.createDocumentFragment();
    return new Proxy(document, {
      get: (target, key) =>
        key === 'createDocumentFragment'
          ? () => ({
              querySelector: (s: string) => {
                if (s === bad) throw new Error(`'${s}' is not a valid selector`);
                return fragment.querySelector(s);
              },
            })
          : Reflect.get(target, key, target),
    });
  };

  it('names each selector the engine rejects at its profile and path, and does not measure that profile', () => {
    const clock = { calls: 0 };
    const problems = checkSiteSelectors(rejecting('li.ins'), [profile()], { now: () => clock.calls++, elements: 200 });
    expect(problems).toEqual([
      {
        where: 'site my-ehr',
        path: 'facts.insuranceIds[0].selector',
        severity: 'error',
        message: "This browser rejects the selector ('li.ins' is not a valid selector)",
        hint: expect.stringMatching(/plain CSS selector/),
      },
    ]);
    expect(clock.calls).toBe(0);
  });

  /** Runs `body` with every query on an element advancing `clock` by its cost: the control 2 ms, 'div.slow' 100 ms, others 1 ms. */
  function withCosts<T>(body: (now: () => number) => T): T {
    const clock = { t: 0 };
    const original = Element.prototype.querySelectorAll;
    Element.prototype.querySelectorAll = function (this: Element, s: string) {
      clock.t += s === '*' ? 2 : s === 'div.slow' ? 100 : 1;
      return original.call(this, s);
    } as typeof original;
    try {
      return body(() => clock.t);
    } finally {
      Element.prototype.querySelectorAll = original;
    }
  }

  it('refuses a profile over the budget with a plain message naming the ratio, the budget and the slowest selector', () => {
    const site = profile({ finalizeControls: ['button.finalize', 'div.slow'] });
    // 6 selectors of 1 ms and one of 100 ms against a 2 ms control: 53×, over the 40× budget.
    expect(withCosts((now) => checkSiteSelectors(document, [site, profile({ name: 'fast' })], { now, elements: 200 }))).toEqual([
      {
        where: 'site my-ehr',
        path: 'finalizeControls[1]',
        severity: 'error',
        message:
          "Site profile 'my-ehr': its selectors take more than 40× as long as a plain query listing all 50,000 elements of a large note page (the budget); the slowest is `div.slow`",
        hint: expect.stringMatching(/name elements by id, class or attribute/),
      },
    ]);
  });

  it('the shipped profiles pass: no engine problem, and within the budget at 1 ms a selector (their real cost: e2e/selector-budget)', () => {
    expect(withCosts((now) => checkSiteSelectors(document, SHIPPED_PROFILES, { now, elements: 200 }))).toEqual([]);
  });
});

describe('buildFixture', () => {
  it('builds a detached page of about the asked number of elements, nested deep, with a long table', () => {
    const root = buildFixture(document, 2000);
    expect(root.isConnected).toBe(false);
    const count = root.querySelectorAll('*').length + 1;
    expect(count).toBeGreaterThan(1990);
    expect(count).toBeLessThanOrEqual(2000);
    expect(root.querySelectorAll('tbody > tr').length).toBeGreaterThan(30);
    expect(root.querySelector('.l9 > .row > p')).not.toBeNull();
  });
});
