/** The `finalize-guard` CLI: in-process through runCli with a capturing Io, plus one spawn of the real binary. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli';
import { mergeManaged, readManaged } from '../src/config/managed';
import { hasErrors, validateBundle } from '../src/config/bundle';
import type { ConfigBundle } from '../src/config/types';
import { EXTENSION_ID, GECKO_ID } from '../src/shared/extension-id';
import { SHIPPED_PROFILES } from '../src/sites/shipped';
import managedSchema from '../managed_schema.json';

const root = fileURLToPath(new URL('..', import.meta.url));
const abs = (p: string) => resolve(root, p);
const PACK = 'rules/packs/webpt-default.json';
const DIR = 'rules/directory.example.json';
const ALL_OFF = 'rules/contexts/pta-all-three-off.json';
const ALLOWED = 'rules/contexts/pta-allowed.json';
const FIX = 'test/fixtures/cli';

/** Runs the CLI in-process; files come from `memory` first, else from disk (relative to the repo root). */
async function run(argv: string[], memory: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const written = new Map<string, string>();
  const code = await runCli(argv, {
    out: (t) => {
      out.push(t);
    },
    err: (t) => {
      err.push(t);
    },
    readText: (p) => memory[p] ?? readFileSync(abs(p), 'utf8'),
    writeText: (p, t) => {
      written.set(p, t);
    },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n'), written };
}
const ALL_PACKS = readdirSync(abs('rules/packs')).map((f) => `rules/packs/${f}`);
const decideArgs = (context: string, pack = PACK) => ['decide', '--pack', pack, '--directory', DIR, '--context', context];
const gatesIn = (text: string) => [...text.matchAll(/- \[(clinic|insurance|user)\]/g)].map((m) => m[1]);

describe('finalize-guard validate', () => {
  const shipped = [...ALL_PACKS, DIR, ...['rules/contexts', 'rules/cases', 'rules/sites'].flatMap((d) => readdirSync(abs(d)).map((f) => `${d}/${f}`))];

  it('accepts every shipped rules file', async () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    const r = await run(['validate', ...shipped]);
    expect(r.code).toBe(0);
    for (const f of shipped) expect(r.stdout).toMatch(new RegExp(`^ok +${f.replace(/[.]/g, '\\.')}`, 'm'));
  });

  it('places a missing comma where it goes (after "1.0.0" on line 3), and says to add it', async () => {
    const r = await run(['validate', `${FIX}/missing-comma.pack.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing-comma.pack.json:3:21 ');
    expect(r.stdout).toContain('Invalid JSON');
    expect(r.stdout).toContain('Add a comma here');
  });

  it('places an unknown event type and suggests the right one', async () => {
    const r = await run(['validate', `${FIX}/blok-event.pack.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('blok-event.pack.json:14:17 error rules[0].event.type: Unknown event type "blok"');
    expect(r.stdout).toContain("Did you mean 'block'?");
  });

  it('--json reports located problems', async () => {
    const r = await run(['validate', '--json', `${FIX}/blok-event.pack.json`, `${FIX}/missing-comma.pack.json`]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(false);
    expect(report.files.map((f: { ok: boolean }) => f.ok)).toEqual([false, false]);
    expect(report.files[0].problems[0]).toMatchObject({
      file: `${FIX}/blok-event.pack.json`,
      line: 14,
      column: 17,
      where: 'rules[0].event.type',
      hint: "Did you mean 'block'?",
    });
    expect(report.files[1].problems[0]).toMatchObject({ file: `${FIX}/missing-comma.pack.json`, line: 3, column: 21, where: '(file)' });
    expect(report.files[1].problems[0].message).toContain('Invalid JSON');
    expect(report.files[1].problems[0].hint).toEqual(expect.any(String));
  });

  it('exits 2 on a file it cannot read, in plain words, and still checks the others', async () => {
    const r = await run(['validate', PACK, `${FIX}/does-not-exist.json`, 'rules/packs']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^ok +rules\/packs\/webpt-default\.json/m);
    expect(r.stdout).toContain(`FAIL  ${FIX}/does-not-exist.json: cannot read it: no such file`);
    expect(r.stdout).toContain('FAIL  rules/packs: cannot read it: it is a folder, not a file');
    expect(r.stdout).not.toMatch(/ENOENT|EISDIR|:1:1/);
  });

  it('checks a directory against the packs given with it: a clinic that uses a missing pack fails', async () => {
    const file = `${FIX}/clinic-missing-pack.directory.json`;
    const line =
      readFileSync(abs(file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes('"state-zz"')) + 1;
    const r = await run(['validate', ...ALL_PACKS, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^FAIL +${file.replace(/[.]/g, '\\.')} \\(directory\\)$`, 'm'));
    expect(r.stdout).toMatch(
      new RegExp(
        `${file.replace(/[.]/g, '\\.')}:${line}:\\d+ error clinics\\[0\\]\\.packs\\[0\\]: North Clinic uses the rule pack 'state-zz', which is not in this configuration`,
      ),
    );
    // Alone, a directory is held against the packs Finalize Guard ships.
    expect((await run(['validate', file])).code).toBe(1);
    expect((await run(['validate', DIR])).code).toBe(0);
  });

  it('checks packs given together: two packs sharing a rule name fail', async () => {
    const r = await run(['validate', PACK, `${FIX}/shares-rule-name.pack.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^ok +rules\/packs\/webpt-default\.json/m);
    expect(r.stdout).toMatch(
      /shares-rule-name\.pack\.json:\d+:\d+ error rules\[0\]\.name: Rule 'clinic-allows-assistants' is in both 'webpt-default' and 'clinic-copy'/,
    );
    expect((await run(['validate', `${FIX}/shares-rule-name.pack.json`])).code).toBe(0);
  });

  it('says when the files together are more than one configuration may hold', async () => {
    const pack = JSON.parse(readFileSync(abs(PACK), 'utf8'));
    const big = (n: number) =>
      JSON.stringify({
        ...pack,
        name: `big-${n}`,
        rules: Array.from({ length: 200 }, (_, i) => ({ ...pack.rules[i % pack.rules.length], name: `big-${n}-r${i}` })),
      });
    const files = Object.fromEntries(Array.from({ length: 16 }, (_, n) => [`mem/big-${n}.json`, big(n)]));
    const r = await run(['validate', ...Object.keys(files)], files);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/^FAIL +mem/m);
    expect(r.stdout).toMatch(/^FAIL +all files together: error The bundle is \d+ KB; at most 2048 KB is allowed\./m);
  });

  it('reads the pack and directory files a case file names', async () => {
    const cases = JSON.stringify({
      pack: 'nope.json',
      directory: '../../../rules/directory.example.json',
      cases: [{ name: 'x', context: {}, expect: { outcome: 'blocked' } }],
    });
    const r = await run(['validate', `${FIX}/mem.cases.json`], { [`${FIX}/mem.cases.json`]: cases });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${FIX}/mem.cases.json:1:9 error pack: Cannot read the pack file it names, ${FIX}/nope.json: no such file`);
  });

  it('needs at least one file', async () => {
    const r = await run(['validate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});

describe('finalize-guard decide', () => {
  it('blocks with all three gates off, in order, each with a fix', async () => {
    const r = await run(decideArgs(ALL_OFF));
    expect(r.code).toBe(1);
    expect(gatesIn(r.stdout)).toEqual(['clinic', 'insurance', 'user']);
    for (const g of ['clinic', 'insurance', 'user']) expect(r.stdout).toMatch(new RegExp(`- \\[${g}\\][^\\n]*\\n\\s+How to fix: \\S`));
  });

  it('decides several packs together and says which applied', async () => {
    const clinicPack = JSON.stringify({
      name: 'state-zz',
      version: '0.1.0',
      mode: 'enforce',
      scope: 'clinic',
      rules: [JSON.parse(readFileSync(abs(PACK), 'utf8')).rules[0]].map((r: Record<string, unknown>) => ({ ...r, name: 'state-zz-rule' })),
    });
    const r = await run(decideArgs(ALL_OFF, `${PACK},mem/state-zz.json`), { 'mem/state-zz.json': clinicPack });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/- \[clinic\][^\n]*\(webpt-default\)/);
    expect(r.stdout).toMatch(
      /Rule packs:\n {2}- webpt-default 1\.0\.0 \(enforce\) #[0-9a-f]{12}: applied\n {2}- state-zz 0\.1\.0 \(enforce\) #[0-9a-f]{12}: not applied, not used at South Clinic/,
    );
  });

  it('allows when everything is on', async () => {
    const r = await run(decideArgs(ALLOWED));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Finalize is allowed.');
  });

  it('--json prints the decision', async () => {
    const r = await run([...decideArgs(ALL_OFF), '--json']);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.outcome).toBe('blocked');
    expect(d.failures.map((f: { gate: string }) => f.gate)).toEqual(['clinic', 'insurance', 'user']);
  });

  it('needs --context', async () => {
    const r = await run(['decide', '--pack', PACK, '--directory', DIR]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--context');
  });

  it('refuses an invalid pack and says where the problem is', async () => {
    const r = await run(decideArgs(ALLOWED, `${FIX}/blok-event.pack.json`));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('blok-event.pack.json:14:17 error rules[0].event.type');
  });

  it('says it cannot read a missing context file or a folder, in plain words (exit 2)', async () => {
    const r = await run(decideArgs('rules/contexts/nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('finalize-guard: cannot read rules/contexts/nope.json: no such file');
    const folder = await run(decideArgs(ALLOWED, 'rules/packs'));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('cannot read rules/packs: it is a folder, not a file');
    expect(`${r.stderr}${folder.stderr}`).not.toMatch(/ENOENT|EISDIR|:1:1/);
  });

  it('refuses a context with a misspelt field (exit 2), naming the file, the field and the fix', async () => {
    const r = await run(decideArgs(`${FIX}/userID-typo.context.json`));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${FIX}/userID-typo.context.json is not a valid context file`);
    expect(r.stderr).toMatch(/userID-typo\.context\.json:3:3 error userID: Unknown key 'userID'\. Did you mean 'userId'\?/);
  });

  it('takes --pack items with spaces around the commas', async () => {
    const r = await run(decideArgs(ALLOWED, `${PACK}, rules/packs/state-oh.json`));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('state-oh');
  });

  it('refuses a context that is not JSON, naming line:column', async () => {
    const r = await run(decideArgs('mem/context.json'), { 'mem/context.json': '{\n  "userId": "u-pta-riley",\n  "clinicId": \n}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mem/context.json:4:1 error (file): Invalid JSON');
  });
});

describe('finalize-guard test', () => {
  it('passes the shipped cases with full coverage', async () => {
    const cases = abs('rules/cases/webpt-default.cases.json');
    const count = JSON.parse(readFileSync(cases, 'utf8')).cases.length;
    const r = await run(['test', PACK, '--cases', cases, '--threshold', '100']);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toContain(`${count} passed, 0 failed`);
    expect(r.stdout).toContain('Coverage: 100%');
    expect(r.stdout).not.toMatch(/^FAIL /m);
  });

  it('fails a wrong expectation and shows the difference', async () => {
    const r = await run(['test', '--cases', abs(`${FIX}/one-wrong-expectation.cases.json`)]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL PTA with all three permissions off (expectation deliberately wrong)');
    expect(r.stdout).toContain('outcome: expected allowed, got blocked');
    expect(r.stdout).toContain('1 passed, 1 failed');
  });

  it('enforces --threshold on coverage', async () => {
    const cases = abs(`${FIX}/single-case.cases.json`);
    const strict = await run(['test', '--cases', cases, '--threshold', '100']);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('1 passed, 0 failed');
    expect(strict.stdout).toMatch(/Coverage \d+(\.\d)?% is below the threshold of 100%\./);
    const lax = await run(['test', '--cases', cases]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).not.toContain('below the threshold');
    for (const bad of ['', 'all', '101']) expect((await run(['test', '--cases', cases, '--threshold', bad])).code).toBe(2);
  });

  it('--json reports results and coverage', async () => {
    const r = await run(['test', '--cases', abs(`${FIX}/one-wrong-expectation.cases.json`), '--json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ok: false, passed: 1, failed: 1 });
    expect(report.coverage.percent).toEqual(expect.any(Number));
    expect(report.coverage.percent).toBeLessThan(100);
  });
});

describe('finalize-guard test: which packs', () => {
  const cases = abs(`${FIX}/single-case.cases.json`);
  it("refuses packs on the command line that differ from the case file's (exit 2), naming both", async () => {
    const r = await run(['test', 'rules/packs/state-oh.json', '--cases', cases]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/names the pack\(s\) rules\/packs\/state-oh\.json, but .*single-case\.cases\.json names .*webpt-default\.json/);
  });

  it('runs when both name the same packs', async () => {
    const r = await run(['test', PACK, '--cases', cases]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 passed, 0 failed');
  });
});

describe('finalize-guard policy', () => {
  const read = (p: string) => JSON.parse(readFileSync(abs(p), 'utf8'));
  const SHIPPED_NAMES = SHIPPED_PROFILES.map((s) => s.name);
  /** What a fresh installation has: every shipped pack on, the example directory, the shipped profiles. */
  const shipped = (): ConfigBundle => ({
    format: 'finalize-guard-bundle',
    packs: ALL_PACKS.map((p) => ({ pack: read(p), enabled: true })),
    directory: read(DIR),
    sites: structuredClone(SHIPPED_PROFILES),
  });
  /** A clinic's bundle: state-tx turned off (no clinic uses it), an insurance changed, one site profile changed. */
  const clinicBundle = (): ConfigBundle => {
    const b = shipped();
    b.packs.find((e) => e.pack.name === 'state-tx')!.enabled = false;
    b.directory.insurances[0].assistantFinalization = !b.directory.insurances[0].assistantFinalization;
    b.sites[1].description = 'Our WebPT screen, checked against the live site.';
    return b;
  };
  const policyOf = async (bundle: unknown, ...more: string[]) =>
    run(['policy', 'my-clinic.bundle.json', '--out', 'finalize-guard.json', ...more], { 'my-clinic.bundle.json': JSON.stringify(bundle, null, 2) });

  it('writes the Chrome policy: one extension, every item JSON text as managed_schema.json declares', async () => {
    const r = await policyOf(clinicBundle());
    expect(r.code, r.stderr).toBe(0);
    const policy = JSON.parse(r.written.get('finalize-guard.json')!);
    expect(Object.keys(policy)).toEqual(['3rdparty']);
    expect(Object.keys(policy['3rdparty'].extensions)).toEqual([EXTENSION_ID]);
    const value = policy['3rdparty'].extensions[EXTENSION_ID];
    for (const [key, v] of Object.entries(value)) {
      const declared = (managedSchema.properties as Record<string, { type: string; items?: { type: string } }>)[key];
      expect(declared, key).toBeDefined();
      if (declared.type === 'array')
        expect(
          (v as unknown[]).every((x) => typeof x === declared.items!.type),
          key,
        ).toBe(true);
      else expect(typeof v, key).toBe(declared.type);
    }
    expect(value.packs).toHaveLength(ALL_PACKS.length - 1);
    expect(value.sites.map((s: string) => JSON.parse(s).name)).toEqual([SHIPPED_NAMES[1]]);
    expect(value).not.toHaveProperty('readOnly');
    expect(r.stderr).toContain('Left out (turned off in my-clinic.bundle.json; packs set by policy are always on): state-tx.');
  });

  it("writes Firefox's policies.json with --firefox: the same value under policies → 3rdparty → Extensions → the gecko id", async () => {
    const chrome = JSON.parse((await policyOf(clinicBundle(), '--read-only')).written.get('finalize-guard.json')!);
    const r = await policyOf(clinicBundle(), '--read-only', '--firefox');
    expect(r.code, r.stderr).toBe(0);
    const policy = JSON.parse(r.written.get('finalize-guard.json')!);
    expect(policy).toEqual({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: chrome['3rdparty'].extensions[EXTENSION_ID] } } } });
    expect(policy.policies['3rdparty'].Extensions[GECKO_ID].readOnly).toBe(true);
    const bad = await policyOf(clinicBundle(), '--firefox', '--extension-id', 'cmdglhmfnkbhacgnclbkicikolhidgjb');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('is not a Firefox add-on id');
  });

  it('round-trips: the worker reads the policy back into the same configuration', async () => {
    const bundle = clinicBundle();
    const r = await policyOf(bundle, '--read-only');
    const value = JSON.parse(r.written.get('finalize-guard.json')!)['3rdparty'].extensions[EXTENSION_ID];
    const state = readManaged(value, { bundledSites: SHIPPED_NAMES });
    expect(state.problems).toEqual([]);
    expect(state.readOnly).toBe(true);
    const merged = mergeManaged(shipped(), state.items).bundle;
    expect(merged.directory).toEqual(bundle.directory);
    expect(merged.sites).toEqual(bundle.sites);
    for (const { pack, enabled } of bundle.packs.filter((e) => e.enabled)) {
      expect(merged.packs.find((e) => e.pack.name === pack.name)).toEqual({ pack, enabled });
    }
    expect(hasErrors(validateBundle(merged, { bundledSites: SHIPPED_NAMES }))).toBe(false);
  });

  it('refuses an invalid bundle (exit 2): every problem placed in the file, nothing written', async () => {
    const bundle = clinicBundle();
    bundle.packs[0].pack.rules[0].conditions = { all: [{ fact: 'user', path: 'isAssistant', operator: 'equals', value: true }] } as never;
    const r = await policyOf(bundle);
    expect(r.code).toBe(2);
    expect(r.written.size).toBe(0);
    expect(r.stderr).toMatch(/^my-clinic\.bundle\.json:\d+:\d+ error — pack \S+ › rules\[0\]\.conditions\.all\[0\]\.operator: /m);
    expect(r.stderr).toContain('my-clinic.bundle.json is not a valid configuration bundle: nothing was written.');
  });

  it('refuses to leave out a turned-off pack a clinic still uses', async () => {
    const bundle = clinicBundle();
    bundle.packs.find((e) => e.pack.name === 'state-oh')!.enabled = false;
    const r = await policyOf(bundle);
    expect(r.code).toBe(2);
    expect(r.written.size).toBe(0);
    // Said once, where the file has it: the error, not also the warning that the pack is turned off.
    expect(r.stderr).toMatch(
      /^my-clinic\.bundle\.json:\d+:\d+ error — directory › clinics\[2\]\.packs\[1\]: Lakeside Clinic uses the rule pack 'state-oh', which is not in this configuration/m,
    );
    expect(r.stderr.match(/clinics\[2\]\.packs\[1\]/g)).toHaveLength(1);
  });

  it('refuses what the worker would refuse: a pack whose JSON text is over the 256 KB a managed item may be', async () => {
    const bundle = clinicBundle();
    const entry = bundle.packs.find((e) => e.pack.name === 'state-tx')!;
    entry.enabled = true;
    const rule = entry.pack.rules[0];
    entry.pack.rules = Array.from({ length: 150 }, (_, i) => ({ ...rule, name: `state-tx-long-${i}`, description: 'x'.repeat(1900) }));
    const r = await policyOf(bundle);
    expect(r.code).toBe(2);
    expect(r.written.size).toBe(0);
    expect(r.stderr).toMatch(/error — managed packs\[\d+\] › \(file\) \(line 1, column 1\): File is \d+ KB; at most 256 KB is allowed/);
    expect(r.stderr).toContain('Finalize Guard would refuse this policy (above), so nothing was written.');
  });

  it('says how IT deploys it, and exits 2 on a missing bundle', async () => {
    for (const argv of [['policy', '--help'], ['--help']]) {
      const help = await run(argv);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('/etc/opt/chrome/policies/managed/');
      expect(help.stdout).toContain('/etc/chromium/policies/managed/');
    }
    const missing = await run(['policy', 'nope.bundle.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read nope.bundle.json: no such file');
  });

  it('says in plain words when --out cannot be written (exit 2, no stack trace)', async () => {
    const errors: string[] = [];
    const r = await runCli(['policy', 'my-clinic.bundle.json', '--out', 'no-such-folder/x.json'], {
      out: () => undefined,
      err: (t) => errors.push(t),
      readText: () => JSON.stringify(clinicBundle()),
      writeText: (p) => {
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${p}'`), { code: 'ENOENT' });
      },
    });
    expect(r).toBe(2);
    expect(errors.join('\n')).toContain('cannot write no-such-folder/x.json: no such file. Nothing was written.');
    expect(errors.join('\n')).not.toMatch(/ENOENT|at .*\.ts:/);
  });

  it("writes the policy for the id of a build packed with the clinic's own key (--extension-id), and refuses what is not an id", async () => {
    const own = 'abcdefghijklmnopabcdefghijklmnop';
    const r = await policyOf(clinicBundle(), '--extension-id', own);
    expect(r.code).toBe(0);
    expect(Object.keys(JSON.parse(r.written.get('finalize-guard.json')!)['3rdparty'].extensions)).toEqual([own]);
    const bad = await policyOf(clinicBundle(), '--extension-id', 'not-an-id');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an extension id');
    expect(bad.written.size).toBe(0);
  });
});

describe('finalize-guard validate on a bundle exported from the console', () => {
  const read = (p: string) => JSON.parse(readFileSync(abs(p), 'utf8'));
  const bundle = () => ({
    format: 'finalize-guard-bundle',
    packs: ALL_PACKS.map((p) => ({ pack: read(p), enabled: true })),
    directory: read(DIR),
    sites: [],
  });

  it("recognises the bundle and checks it whole, as the console's import does", async () => {
    const r = await run(['validate', 'my-clinic.bundle.json'], { 'my-clinic.bundle.json': JSON.stringify(bundle(), null, 2) });
    expect(r.stdout).toContain('ok    my-clinic.bundle.json (bundle)');
    expect(r.code).toBe(0);
  });

  it('names each problem where it is in the bundle, and exits 1', async () => {
    const b = bundle();
    b.directory.clinics[0].packs = ['no-such-pack'];
    const r = await run(['validate', '--kind', 'bundle', 'my-clinic.bundle.json'], { 'my-clinic.bundle.json': JSON.stringify(b, null, 2) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL {2}my-clinic\.bundle\.json \(bundle\)\n {2}my-clinic\.bundle\.json:\d+:\d+ error .*no-such-pack/);
  });
});

describe('finalize-guard --version', () => {
  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync(abs('package.json'), 'utf8'));
    for (const flag of ['--version', '-V']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`finalize-guard ${version}`);
    }
  });
});

describe('finalize-guard usage errors', () => {
  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['validate', PACK, '--frob', 'x']],
  ])('exits 2 on %s', async (_, argv) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage:');
  });
});

describe('the real binary', () => {
  it('validates and decides from the command line', () => {
    const bundle = abs('dist/node/finalize-guard.mjs');
    expect(existsSync(bundle), `${bundle} is missing: build it with \`npx vite build -c vite.node.config.ts\` (npm test does)`).toBe(true);
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/finalize-guard.mjs', ...args], { cwd: root, encoding: 'utf8' });
    const ok = cli('validate', PACK);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok +rules\/packs\/webpt-default\.json/);
    const blocked = cli(...decideArgs(ALL_OFF));
    expect(blocked.status, blocked.stderr).toBe(1);
    expect(gatesIn(blocked.stdout)).toEqual(['clinic', 'insurance', 'user']);
  });

  it('writes the policy file with the command the README gives IT', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fg-policy-'));
    try {
      const bundle = {
        format: 'finalize-guard-bundle',
        packs: ALL_PACKS.map((p) => ({ pack: JSON.parse(readFileSync(abs(p), 'utf8')), enabled: true })),
        directory: JSON.parse(readFileSync(abs(DIR), 'utf8')),
        sites: [],
      };
      writeFileSync(join(dir, 'my-clinic.bundle.json'), JSON.stringify(bundle));
      const r = spawnSync(process.execPath, [abs('bin/finalize-guard.mjs'), 'policy', 'my-clinic.bundle.json', '--out', 'finalize-guard.json'], {
        cwd: dir,
        encoding: 'utf8',
      });
      expect(r.status, r.stderr).toBe(0);
      const value = JSON.parse(readFileSync(join(dir, 'finalize-guard.json'), 'utf8'))['3rdparty'].extensions[EXTENSION_ID];
      expect(JSON.parse(value.directory)).toEqual(bundle.directory);
      expect(value.packs.map((t: string) => JSON.parse(t))).toEqual(bundle.packs.map((e) => e.pack));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
