/**
 * `npm run bench`: prints each figure beside its budget. Timings are medians of many runs on a noisy
 * shared machine: read them as orders of magnitude. `--strict` exits 1 when a figure is over budget.
 */
import directory from '../rules/directory.example.json';
import pack from '../rules/packs/webpt-default.json';
import { decide } from '../src/policy/decide';
import { buildEngine } from '../src/policy/engine';
import type { Pack } from '../src/policy/types';
import { validatePack } from '../src/policy/validate-pack';
import { globMatch } from '../src/sites/match-url';
import { referenceDecision, type Scenario } from '../test/support/reference-decision';
import { chromiumFigures } from './chromium-bench';
import { auditCoreFigures } from './audit-core-bench';
import { auditWriterFigures } from './audit-writer-bench';
import { reviewFigures } from './review-bench';
import { consoleChromiumFigures, consoleFigures } from './console-bench';
import { publishHistoryFigures } from './publish-history-bench';
import { selectorCostFigures } from './selector-cost-bench';
import { formatMs, percentile, printTable, sample, type Row } from './measure';

const context = {
  userId: 'u-pta-jamie',
  clinicId: 'clinic-north',
  insuranceIds: ['ins-acme-ppo'],
  noteType: 'daily',
  noteId: 'note-1',
  supervisingTherapistId: 'u-pt-avery',
  dateOfService: '2026-11-27',
};
const scenario: Scenario = {
  credential: 'PTA',
  clinicAllows: undefined,
  insuranceAllows: true,
  permission: 'confirmed',
  billingEnabled: true,
  userIsProvider: true,
  supervisorIsProvider: true,
};

function pack200(): Pack {
  const base = pack as unknown as Pack;
  const rules = Array.from({ length: 200 }, (_, i) => ({ ...base.rules[i % base.rules.length], name: `rule-${i}` }));
  return { ...base, rules };
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const first = await decide(pack, directory, context);
  if (first.outcome !== 'allowed') throw new Error(`bench context should be allowed, got ${first.outcome}`);

  const warm = await sample(5000, 1000, () => decide(pack, directory, context));
  const p50 = percentile(warm, 50);
  rows.push({ name: 'warm decision, default pack (Node), p50', value: formatMs(p50), budget: '≤ 80 µs', ok: p50 <= 0.08 });
  rows.push({ name: 'warm decision, default pack (Node), p95', value: formatMs(percentile(warm, 95)), budget: '-', ok: null });

  // The hand-written function is too fast to time once: time a batch and divide.
  const batch = 10_000;
  let sink = 0;
  const hand = await sample(200, 20, () => {
    for (let i = 0; i < batch; i++) sink += referenceDecision(scenario).gates.length;
  });
  const handP50 = percentile(hand, 50) / batch;
  rows.push({ name: 'hand-written function, same decision, p50', value: formatMs(handP50), budget: '-', ok: null });
  rows.push({ name: 'ratio decide() / hand-written', value: `${Math.round(p50 / handP50)}×`, budget: '-', ok: null });

  const build = await sample(500, 50, () => buildEngine(pack as unknown as Pack));
  const buildP50 = percentile(build, 50);
  rows.push({ name: 'engine construction, default pack, p50', value: formatMs(buildP50), budget: '≤ 1 ms', ok: buildP50 <= 1 });

  const big = pack200();
  const validation = await sample(50, 5, () => validatePack(big));
  const valP50 = percentile(validation, 50);
  if (validatePack(big).hasErrors) throw new Error('the 200-rule bench pack should be valid');
  rows.push({ name: 'validation of a 200-rule pack, p50', value: formatMs(valP50), budget: '≤ 50 ms', ok: valP50 <= 50 });

  // URL patterns are profile data: a backtracking matcher would take exponential time on this (the unit test checks the answer).
  const adversarial = await sample(20, 2, () => globMatch(`${'*a'.repeat(50)}b`, 'a'.repeat(5000)));
  const globP50 = percentile(adversarial, 50);
  rows.push({
    name: 'URL pattern match, adversarial (50 × "*a" then "b" against 5,000 "a"), p50',
    value: formatMs(globP50),
    budget: '≤ 500 ms',
    ok: globP50 <= 500,
  });

  rows.push(...(await auditCoreFigures()));
  rows.push(...(await consoleFigures()));
  try {
    for (const figures of [chromiumFigures, auditWriterFigures, reviewFigures, consoleChromiumFigures, publishHistoryFigures, selectorCostFigures])
      rows.push(...(await figures()));
  } catch (e) {
    const message = (e as Error).message;
    if (/No Chromium or Chrome found/.test(message)) {
      console.log('Chromium figures skipped: no Chromium found. Install it with `sudo apt-get install -y chromium`, or set CHROME_PATH=/path/to/chrome.');
    } else {
      console.log(`Chromium figures skipped: ${message}`);
    }
  }

  printTable(rows);
  if (sink < 0) console.log(sink);
  if (process.argv.includes('--strict') && rows.some((r) => r.ok === false)) process.exitCode = 1;
}

void main();
