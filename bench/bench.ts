/**
 * `npm run bench`: prints each figure beside its budget, with the machine's load average. The machine is shared
 * and noisy: figures are medians over ≥ 3 runs (with the best run), and budgets are ratios where an absolute
 * time means little. `--strict` exits 1 when a figure is over budget; `--only=policy,sizes,page,rules,fresh,audit,review,console`
 * runs just those groups.
 */
import { cpus, loadavg } from 'node:os';
import pack from '../rules/packs/webpt-default.json';
import { buildEngine } from '../src/policy/engine';
import type { Pack } from '../src/policy/types';
import { validatePack } from '../src/policy/validate-pack';
import { globMatch } from '../src/sites/match-url';
import { chromiumFigures, freshProfileFigures } from './chromium-bench';
import { auditCoreFigures } from './audit-core-bench';
import { auditWriterFigures } from './audit-writer-bench';
import { reviewFigures } from './review-bench';
import { consoleChromiumFigures, consoleFigures } from './console-bench';
import { publishHistoryFigures } from './publish-history-bench';
import { manyRulesPageFigures } from './rules-page-bench';
import { selectorCostFigures } from './selector-cost-bench';
import { formatMs, percentile, printTable, sample, type Row } from './measure';
import { policyFigures } from './policy-bench';
import { sizeFigures } from './size-bench';

function pack200(): Pack {
  const base = pack as unknown as Pack;
  const rules = Array.from({ length: 200 }, (_, i) => ({ ...base.rules[i % base.rules.length], name: `rule-${i}` }));
  return { ...base, rules };
}

/** `--only=policy,page`: just those groups (for working on one); the full bench runs everything. */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (group: string) => !only || only.includes(group);

async function main(): Promise<void> {
  const rows: Row[] = [];
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`Machine: ${cpus().length} cores, load average (1, 5, 15 min) at start: ${load()}`);
  if (wanted('policy')) rows.push(...(await policyFigures()), ...(await nodeFigures()));
  if (wanted('sizes')) rows.push(...sizeFigures());
  if (wanted('audit')) rows.push(...(await auditCoreFigures()));
  if (wanted('console')) rows.push(...(await consoleFigures()));
  const browser = [
    ['page', chromiumFigures],
    ['rules', manyRulesPageFigures],
    ['fresh', freshProfileFigures],
    ['audit', auditWriterFigures],
    ['review', reviewFigures],
    ['console', consoleChromiumFigures],
    ['publish', publishHistoryFigures],
    ['sites', selectorCostFigures],
  ] as const;
  try {
    for (const [group, figures] of browser) if (wanted(group)) rows.push(...(await figures()));
  } catch (e) {
    const message = (e as Error).message;
    if (/No Chromium or Chrome found/.test(message)) {
      console.log('Chromium figures skipped: no Chromium found. Install it with `sudo apt-get install -y chromium`, or set CHROME_PATH=/path/to/chrome.');
    } else {
      console.log(`Chromium figures skipped: ${message}`);
    }
  }

  printTable(rows);
  console.log(`Load average (1, 5, 15 min) at the end: ${load()}`);
  if (process.argv.includes('--strict') && rows.some((r) => r.ok === false)) process.exitCode = 1;
}

/** Engine construction, validation and URL matching (Node). */
async function nodeFigures(): Promise<Row[]> {
  const rows: Row[] = [];
  const build = await sample(500, 50, () => buildEngine(pack as unknown as Pack));
  const buildP50 = percentile(build, 50);
  rows.push({ name: 'json-rules-engine construction, default pack (the CLI), p50', value: formatMs(buildP50), budget: '≤ 1 ms', ok: buildP50 <= 1 });

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
  return rows;
}

void main();
