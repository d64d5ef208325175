/**
 * Policy figures for `npm run bench` (Node): what EHR pages run, `decideValidated()` (a compiled configuration),
 * beside a hand-written function doing the same lookups and messages, and `decide()` (json-rules-engine), the
 * CLI's path, labelled as such. Every figure is ≥ 3 runs; budgets are ratios where absolute times mean little on
 * a shared machine.
 */
import directoryJson from '../rules/directory.example.json';
import lakeside from '../rules/cases/lakeside.cases.json';
import defaultPackJson from '../rules/packs/webpt-default.json';
import { BUNDLED_PACKS } from '../src/config/bundled';
import { validateConfigSize } from '../src/config/size';
import { decide } from '../src/policy/decide';
import { compiledConfig, decideValidated } from '../src/policy/decide-validated';
import { contentHash } from '../src/policy/hash';
import type { Directory, InstalledPack, Pack } from '../src/policy/types';
import { handWrittenDecision } from './hand-written';
import { median, perCallRuns, type Row, runsSummary } from './measure';

const RUNS = 5;
const directory = directoryJson as unknown as Directory;
const defaultPack = defaultPackJson as unknown as Pack;
/** An allowed PTA daily note at North Clinic; 16 notes (ids) in turn, so every call decides (the memo keeps 8). */
const base = {
  userId: 'u-pta-jamie',
  clinicId: 'clinic-north',
  insuranceIds: ['ins-acme-ppo'],
  noteType: 'daily',
  supervisingTherapistId: 'u-pt-avery',
  dateOfService: '2026-11-27',
};
const notes = (ctx: Record<string, unknown>) => Array.from({ length: 16 }, (_, i) => ({ ...ctx, noteId: `note-${i}` }));
const lakesideContext = lakeside.cases[0].context;

async function installed(packs: Pack[]): Promise<InstalledPack[]> {
  return Promise.all(packs.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: true })));
}

/** `count` rules in `packs` organisation-wide packs, each a renamed copy of a default-pack rule. */
export function manyRules(count: number, packs: number): Pack[] {
  return Array.from({ length: packs }, (_, p) => ({
    ...defaultPack,
    name: `bench-${p}`,
    rules: Array.from({ length: count / packs }, (_, i) => ({ ...defaultPack.rules[i % defaultPack.rules.length], name: `bench-${p}-rule-${i}` })),
  }));
}

/** Calls `decideFor` over the contexts in turn. */
const cycling = (contexts: object[], decideFor: (c: object) => unknown) => {
  let i = 0;
  return () => decideFor(contexts[i++ % contexts.length]);
};

export async function policyFigures(): Promise<Row[]> {
  const rows: Row[] = [];
  const one = await installed([defaultPack]);
  const all = await installed(BUNDLED_PACKS);
  const [thousand, twoThousand] = [await installed(manyRules(1000, 10)), await installed(manyRules(2000, 10))];
  const check = (what: string, got: string, want: string) => {
    if (got !== want) throw new Error(`bench: ${what} should be ${want}, got ${got}`);
  };
  check('the default-pack note', decideValidated(one, directory, base).outcome, 'allowed');
  check('the hand-written decision', handWrittenDecision(directory, base).outcome, 'allowed');
  check(
    'the hand-written warnings',
    handWrittenDecision(directory, base)
      .warnings.map((w) => w.rule)
      .join(),
    decideValidated(one, directory, base)
      .warnings.map((w) => w.rule)
      .join(),
  );
  const lakesideDecision = decideValidated(all, directory, lakesideContext);
  check('packs applying at Lakeside', String(lakesideDecision.packs.filter((p) => p.applied).length), '5');
  check('the 2,000-rule configuration', validateConfigSize(twoThousand.map((e) => e.pack)).length.toString(), '0');

  // Interleaved: each run of one figure sits between runs of the others, so drift hits them alike; batches of about
  // the same length (~1 ms), so preemption on a loaded machine hits every figure alike too. Ratios are taken per run
  // (paired), then their median.
  const hand: number[] = [];
  const validated: number[] = [];
  const hit: number[] = [];
  const lake: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    hand.push(
      ...(await perCallRuns(
        1,
        cycling(notes(base), (c) => handWrittenDecision(directory, c as Record<string, unknown>)),
        { batch: 2000 },
      )),
    );
    validated.push(
      ...(await perCallRuns(
        1,
        cycling(notes(base), (c) => decideValidated(one, directory, c)),
        { batch: 200 },
      )),
    );
    hit.push(...(await perCallRuns(1, () => decideValidated(one, directory, base), { batch: 2000 })));
    lake.push(
      ...(await perCallRuns(
        1,
        cycling(notes(lakesideContext), (c) => decideValidated(all, directory, c)),
        { batch: 50 },
      )),
    );
  }
  const ratios = validated.map((v, r) => v / hand[r]);
  const lakeRatios = lake.map((l, r) => l / validated[r]);
  const [ratio, lakeRatio] = [median(ratios), median(lakeRatios)];
  const spread = (xs: number[]) => `${median(xs).toFixed(1)}× (runs ${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)}×)`;
  rows.push(
    {
      name: 'decideValidated() (what EHR pages run), default pack, a different note each call, per decision',
      value: runsSummary(validated),
      budget: '-',
      ok: null,
    },
    { name: 'hand-written function, same decision, same directory lookups and messages, per decision', value: runsSummary(hand), budget: '-', ok: null },
    { name: 'ratio decideValidated() / hand-written, per run (paired, same process), median', value: spread(ratios), budget: '≤ 15×', ok: ratio <= 15 },
    { name: 'decideValidated(), same note context again (a keystroke that changes nothing: memo hit)', value: runsSummary(hit), budget: '-', ok: null },
    { name: 'decideValidated(), Lakeside note: 5 of the 8 shipped packs apply, per decision', value: runsSummary(lake), budget: '-', ok: null },
    { name: 'ratio Lakeside (5 packs) / default pack, per run, median', value: spread(lakeRatios), budget: '≤ 4×', ok: lakeRatio <= 4 },
  );

  const big = await perCallRuns(
    RUNS,
    cycling(notes(base), (c) => decideValidated(thousand, directory, c)),
    { batch: 5, samples: 20 },
  );
  rows.push({ name: 'decideValidated(), 1,000 rules in 10 packs, per decision', value: runsSummary(big), budget: '≤ 2 ms', ok: median(big) <= 2 });
  // The slowest single call, the first (compiling) one included: it must stay far from a long task (≥ 50 ms).
  const slowest: number[] = [];
  const compile: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const fresh = twoThousand.map((e) => ({ ...e })); // a new configuration: compiled again
    let t0 = performance.now();
    compiledConfig(fresh, directory);
    compile.push(performance.now() - t0);
    let worst = 0;
    for (const c of notes(base)) {
      t0 = performance.now();
      decideValidated(fresh, directory, c);
      worst = Math.max(worst, performance.now() - t0);
    }
    slowest.push(worst + compile[r]);
  }
  rows.push(
    { name: 'compiling a 2,000-rule configuration (10 packs), once per published version', value: runsSummary(compile), budget: '-', ok: null },
    {
      name: 'decideValidated(), 2,000 rules in 10 packs: compile + slowest of 16 decisions (long task ≥ 50 ms)',
      value: runsSummary(slowest),
      budget: '< 50 ms',
      ok: median(slowest) < 50,
    },
  );

  // The CLI's path (json-rules-engine), for comparison: not what pages run.
  const cli = async (packs: Pack | Pack[], contexts: object[]) => {
    const out: number[] = [];
    for (let r = 0; r < 3; r++) {
      const t: number[] = [];
      for (const c of contexts) {
        const t0 = performance.now();
        await decide(packs, directory, c);
        t.push(performance.now() - t0);
      }
      out.push(median(t));
    }
    return out;
  };
  const cliDefault = await cli(defaultPack, [...notes(base), ...notes(base), ...notes(base)]);
  const cliLake = await cli(BUNDLED_PACKS, notes(lakesideContext));
  rows.push(
    { name: 'decide() (json-rules-engine: the CLI and pack tests), default pack, per decision', value: runsSummary(cliDefault), budget: '-', ok: null },
    { name: 'decide() (json-rules-engine), Lakeside note, 8 packs installed', value: runsSummary(cliLake), budget: '-', ok: null },
    {
      name: 'ratio decide() / decideValidated(), default pack',
      value: `${(median(cliDefault) / median(validated)).toFixed(0)}×`,
      budget: '-',
      ok: null,
    },
  );
  return rows;
}
