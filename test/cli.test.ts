/** The `finalize-guard` CLI: in-process through runCli with a capturing Io, plus one spawn of the real binary. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/cli';

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
  const code = await runCli(argv, {
    out: (t) => { out.push(t); },
    err: (t) => { err.push(t); },
    readText: (p) => memory[p] ?? readFileSync(abs(p), 'utf8'),
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}
const decideArgs = (context: string, pack = PACK) => ['decide', '--pack', pack, '--directory', DIR, '--context', context];
const gatesIn = (text: string) => [...text.matchAll(/- \[(clinic|insurance|user)\]/g)].map((m) => m[1]);

describe('finalize-guard validate', () => {
  const shipped = [PACK, DIR, ...['rules/contexts', 'rules/cases'].flatMap((d) => readdirSync(abs(d)).map((f) => `${d}/${f}`))];

  it('accepts every shipped rules file', async () => {
    expect(shipped.length).toBeGreaterThanOrEqual(6);
    const r = await run(['validate', ...shipped]);
    expect(r.code).toBe(0);
    for (const f of shipped) expect(r.stdout).toMatch(new RegExp(`^ok +${f.replace(/[.]/g, '\\.')}`, 'm'));
  });

  it('places a missing comma at its line and column', async () => {
    const r = await run(['validate', `${FIX}/missing-comma.pack.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing-comma.pack.json:4:3 ');
    expect(r.stdout).toContain('Invalid JSON');
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
      file: `${FIX}/blok-event.pack.json`, line: 14, column: 17, where: 'rules[0].event.type', hint: "Did you mean 'block'?",
    });
    expect(report.files[1].problems[0]).toMatchObject({ file: `${FIX}/missing-comma.pack.json`, line: 4, column: 3, where: '(file)' });
    expect(report.files[1].problems[0].message).toContain('Invalid JSON');
    expect(report.files[1].problems[0].hint).toEqual(expect.any(String));
  });

  it('fails on a file it cannot read', async () => {
    const r = await run(['validate', PACK, `${FIX}/does-not-exist.json`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`Cannot read ${FIX}/does-not-exist.json`);
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
    const clinicPack = JSON.stringify({ name: 'state-zz', version: '0.1.0', mode: 'enforce', scope: 'clinic', rules: [JSON.parse(readFileSync(abs(PACK), 'utf8')).rules[0]].map((r: Record<string, unknown>) => ({ ...r, name: 'state-zz-rule' })) });
    const r = await run(decideArgs(ALL_OFF, `${PACK},mem/state-zz.json`), { 'mem/state-zz.json': clinicPack });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/- \[clinic\][^\n]*\(webpt-default\)/);
    expect(r.stdout).toMatch(/Rule packs:\n {2}- webpt-default 1\.0\.0 \(enforce\) #[0-9a-f]{12}: applied\n {2}- state-zz 0\.1\.0 \(enforce\) #[0-9a-f]{12}: not applied, not used at South Clinic/);
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

  it('says it cannot read a missing context file (usage error, not a crash)', async () => {
    const r = await run(decideArgs('rules/contexts/nope.json'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Cannot read rules/contexts/nope.json: ENOENT');
  });

  it('refuses a context that is not JSON, naming line:column', async () => {
    const r = await run(decideArgs('mem/context.json'), { 'mem/context.json': '{\n  "userId": "u-pta-riley",\n  "clinicId": \n}\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('mem/context.json:4:1 invalid JSON');
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
});
