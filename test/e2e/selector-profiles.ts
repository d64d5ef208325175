/** The site profiles the selector-check tests publish (Chromium and Firefox), and the message the slow one draws. */
import { COST_BUDGET } from '../../src/sites/selector-check';

const profile = (name: string, finalizeControls: string[]) => ({
  name,
  version: '1.0.0',
  urlPatterns: [`https://${name}.example.com/*`],
  noteScreen: 'main.note',
  finalizeControls,
  facts: {
    userId: [{ selector: '.user', attribute: 'data-user-id' }],
    clinicId: [{ selector: '.clinic', attribute: 'data-clinic-id' }],
    insuranceIds: [{ selector: 'li.insurance', attribute: 'data-insurance-id', all: true }],
    noteType: [{ selector: '.note-type', attribute: 'data-note-type' }],
  },
});
/** Grammar-legal (no ':has()', 13 parts each), but each makes the browser try every ancestor of every element. */
export const SLOW = profile(
  'slow-ehr',
  Array.from({ length: 30 }, (_, i) => `:is(div, p, span, main) :is(div, p, span) :is(p, span):not(.z${i})`),
);
export const FAST = profile('fast-ehr', ["[data-action='finalize']", 'form#note > button.finalize']);
export const OVER_BUDGET = new RegExp(
  `Site profile 'slow-ehr': its selectors take more than ${COST_BUDGET}× as long as a plain query listing all 50,000 elements of a large note page \\(the budget\\); the slowest is \`:is\\(div, p, span, main\\)`,
);
