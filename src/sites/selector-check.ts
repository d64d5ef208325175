/**
 * The site-profile checks that need a DOM (the worker's offscreen document in Chromium, its event page in
 * Firefox; the console uses the engine check): each selector the browser's own engine rejects, and what each
 * profile's selectors cost, measured on a large synthetic note page. Pure apart from the Document it is given.
 *
 * Cost is a ratio, never milliseconds: in every run the profile's selectors are timed beside a control query
 * (listing every element of the same page) and the median of the runs' ratios is compared with COST_BUDGET, so a
 * loaded 2-core machine slows both sides and does not flip the result.
 *
 * Measured on this fixture on a 2-core machine (median of 5, two rounds each), as ratios to the control:
 * - Chromium 156: the shipped profiles 2–3× (demo-ehr 20 selectors, webpt 15: ids, classes, attributes and child
 *   combinators are nearly free there); ten grammar-legal ":is(div, p, span, main) :is(div, p, span) :is(p,
 *   span):not(.z1)" 110–125×, ten "*:nth-last-child(2n+1):not(:first-child) ~ *:nth-last-of-type(2n+1)" 65–85×;
 *   thirty of the first (the e2e tests' slow profile) 334×.
 * - Firefox ESR 153: the shipped profiles 5–7× (each plain selector costs about 0.4 of the control there, so about 90
 *   plain selectors reach the budget); the ten ":is(…)" 45–50×, the ten ":nth-…" 28–34×, the thirty 122×.
 * The budget of 40× leaves the shipped profiles a margin of more than 5× in Firefox and 13× in Chromium, and refuses
 * the slow profile by 3× in Firefox and 8× in Chromium. Each browser judges the cost on its own engine, which is
 * the one the profile runs on.
 */
import type { BundleProblem } from '../config/types';
import { formatPath, type JsonPath } from '../policy/problems';
import type { SiteProfile } from './types';

/** Elements of the synthetic note page (a large real note page has about as many). */
export const FIXTURE_ELEMENTS = 50_000;
/** At most this many times as long as the control query, per profile (all its selectors once). */
export const COST_BUDGET = 40;
/** Runs per profile; the median of their ratios decides (a majority on one side ends it early). */
const RUNS = 5;
/** The control: list every element of the page, a plain query every browser does in one pass. */
const CONTROL = '*';
/** The control is repeated until this much time has passed, so a coarse timer (Firefox: 1 ms) still gives a ratio. */
const MIN_CONTROL_MS = 5;
const MAX_CONTROL_REPEATS = 200;

const HINT =
  "Selectors run on every change of the note page: name elements by id, class or attribute and use child combinators ('>'); avoid sibling combinators ('~', '+'), long descendant chains and ':is()', ':not()' or ':nth-…()' on every element.";

/** The problem's message and hint for a selector the engine rejects (`why`: the engine's words), here and in the console's editor. */
export const engineRejection = (why: string) => ({
  message: `This browser rejects the selector (${why.slice(0, 200)})`,
  hint: "Write a plain CSS selector such as \"[data-action='finalize']\" and try it with document.querySelector in the page's console.",
});

export interface ProfileSelector {
  path: JsonPath;
  selector: string;
}

/** Every selector of a profile, with its JSON path (the console, this check and the bench use this list). */
export function profileSelectors(site: SiteProfile): ProfileSelector[] {
  const out: ProfileSelector[] = [{ path: ['noteScreen'], selector: site.noteScreen }];
  site.finalizeControls.forEach((selector, i) => out.push({ path: ['finalizeControls', i], selector }));
  (site.finalizeForms ?? []).forEach((selector, i) => out.push({ path: ['finalizeForms', i], selector }));
  if (site.forwardControl !== undefined) out.push({ path: ['forwardControl'], selector: site.forwardControl });
  for (const [field, list] of Object.entries(site.facts ?? {}))
    (list ?? []).forEach((ex, i) => out.push({ path: ['facts', field, i, 'selector'], selector: ex.selector }));
  return out;
}

/**
 * A synthetic note page of `elements` elements, detached from the document: no id lookup shortcut applies, so the
 * browser matches every selector against every element, as on a real page where the ids exist. Blocks of divs
 * nested ten deep (descendant combinators walk far) and a long table (sibling combinators walk far).
 * Self-contained (it uses only its arguments): the bench runs it in a page as text.
 */
export function buildFixture(doc: Document, elements: number): Element {
  const root = doc.createElement('main');
  const tbody = root.appendChild(doc.createElement('table')).appendChild(doc.createElement('tbody'));
  let count = 3;
  for (let b = 0; count + 100 <= elements * 0.8; b++, count += 100) {
    let parent: Element = root;
    for (let d = 0; d < 10; d++) {
      parent = parent.appendChild(doc.createElement(d % 3 ? 'div' : 'section'));
      parent.className = `level l${d} b${b % 53}`;
    }
    for (let r = 0; r < 9; r++) {
      const row = parent.appendChild(doc.createElement('div'));
      row.className = `row r${(b * 9 + r) % 97}`;
      row.setAttribute('data-row', String(r));
      for (let k = 0; k < 9; k++) row.appendChild(doc.createElement(k % 2 ? 'span' : 'p')).textContent = `cell ${k}`;
    }
  }
  for (let r = 0; count + 10 <= elements; r++, count += 10) {
    const tr = tbody.appendChild(doc.createElement('tr'));
    tr.className = `line t${r % 89}`;
    for (let k = 0; k < 9; k++) tr.appendChild(doc.createElement('td')).textContent = `${r}.${k}`;
  }
  return root;
}

const fixtures = new WeakMap<Document, { elements: number; root: Element }>();
/** The fixture of `doc`, built on first use and kept (building it takes longer than a check); again for another size. */
function fixtureOf(doc: Document, elements: number): Element {
  let kept = fixtures.get(doc);
  if (kept?.elements !== elements) fixtures.set(doc, (kept = { elements, root: buildFixture(doc, elements) }));
  return kept.root;
}

/** Why the browser's own engine rejects `selector`, or null (queried on an empty fragment: nothing is searched). */
export function engineProblem(doc: Document, selector: string): string | null {
  try {
    doc.createDocumentFragment().querySelector(selector);
    return null;
  } catch (e) {
    return (e as Error).message || 'the browser rejects it';
  }
}

export interface Cost {
  /**
   * How many times as long as the control query all the selectors took, once each (median of the runs). A run
   * stops as soon as it is over the budget (hundreds of slow selectors would take minutes): then it is a lower bound.
   */
  ratio: number;
  /** The selector that took longest over all runs (of those a run got to). */
  slowest: string;
}

/** Where the selectors are run: an element (the fixture), or a stand-in in tests. */
type Root = Pick<Element, 'querySelectorAll' | 'firstElementChild'>;

/** The median ratio of `selectors` to the control on `root`; `now` is the clock (milliseconds). */
export function measureCost(root: Root, selectors: readonly string[], now: () => number, budget = COST_BUDGET): Cost {
  // A change before each timed part, as on the note page: the browser cannot answer from what it matched before.
  const change = () => root.firstElementChild?.classList.toggle('fg-changed');
  const ratios: number[] = [];
  const spent = new Map<string, number>();
  for (let run = 0; run < RUNS; run++) {
    change();
    let repeats = 0;
    const c0 = now();
    do {
      root.querySelectorAll(CONTROL);
      repeats++;
    } while (now() - c0 < MIN_CONTROL_MS && repeats < MAX_CONTROL_REPEATS);
    const control = Math.max(now() - c0, Number.EPSILON) / repeats;
    change();
    let total = 0;
    for (const s of selectors) {
      const t0 = now();
      root.querySelectorAll(s);
      const t = now() - t0;
      total += t;
      spent.set(s, (spent.get(s) ?? 0) + t);
      if (total > budget * control) break;
    }
    ratios.push(total / control);
    // The median of RUNS is decided once a majority of runs falls on one side of the budget.
    const over = ratios.filter((r) => r > budget).length;
    if (over > RUNS / 2 || ratios.length - over > RUNS / 2) break;
  }
  ratios.sort((a, b) => a - b);
  const slowest = [...spent].reduce((a, b) => (b[1] > a[1] ? b : a), ['', -1] as [string, number])[0];
  return { ratio: ratios[Math.floor((ratios.length - 1) / 2)], slowest };
}

/** The message for a profile over the budget. */
function overBudget(name: string, cost: Cost, budget = COST_BUDGET): string {
  return `Site profile '${name}': its selectors take more than ${budget}× as long as a plain query listing all ${FIXTURE_ELEMENTS.toLocaleString('en-US')} elements of a large note page (the budget); the slowest is \`${cost.slowest}\``;
}

/**
 * Every problem of `sites` that needs a DOM, in the worker's problem format: selectors the engine rejects, and
 * profiles whose measured cost is over the budget (only measured when the engine accepts all its selectors).
 */
export function checkSiteSelectors(
  doc: Document,
  sites: readonly SiteProfile[],
  { now = () => performance.now(), elements = FIXTURE_ELEMENTS }: { now?: () => number; elements?: number } = {},
): BundleProblem[] {
  const out: BundleProblem[] = [];
  for (const site of sites) {
    const where = `site ${site.name}`;
    const selectors = profileSelectors(site);
    let rejected = false;
    for (const { path, selector } of selectors) {
      const problem = engineProblem(doc, selector);
      if (problem === null) continue;
      rejected = true;
      out.push({
        where,
        path: formatPath(path),
        severity: 'error',
        ...engineRejection(problem),
      });
    }
    if (rejected) continue;
    const cost = measureCost(
      fixtureOf(doc, elements),
      selectors.map((s) => s.selector),
      now,
    );
    if (cost.ratio <= COST_BUDGET) continue;
    const at = selectors.find((s) => s.selector === cost.slowest)?.path ?? [];
    out.push({ where, path: formatPath(at), severity: 'error', message: overBudget(site.name, cost), hint: HINT });
  }
  return out;
}
