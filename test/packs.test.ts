/**
 * The rule packs that ship (rules/packs) and their case files (rules/cases), as CI holds them: every pack is
 * valid, scoped as intended, dated and sourced, and cites its section; every case file passes at 100% rule and
 * condition coverage; and the content script's evaluator decides every case exactly as json-rules-engine does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PLACEHOLDER } from '../src/policy/catalog';
import { decide } from '../src/policy/decide';
import { decideValidated } from '../src/policy/decide-validated';
import { contentHash } from '../src/policy/hash';
import { runCases, type Case } from '../src/policy/pack-test';
import type { Directory, Pack } from '../src/policy/types';
import { validateCases } from '../src/policy/validate-cases';
import { validateDirectory } from '../src/policy/validate-directory';
import { validatePack } from '../src/policy/validate-pack';
import { validatePackSet } from '../src/policy/validate-pack-set';

const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const listJson = (dir: string, suffix = '.json') =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => join(root, dir, f));

const packFiles = listJson('rules/packs');
const packs = packFiles.map((f) => readJson(f) as Pack);
const packNamed = new Map(packs.map((p) => [p.name, p]));

/** Who each shipped pack is for: the default applies everywhere, the regulation packs where a clinic lists them. */
const SCOPE: Record<string, 'organization' | 'clinic'> = {
  'webpt-default': 'organization',
  'medicare-part-b': 'clinic',
  supervision: 'clinic',
  'cq-co-modifiers': 'clinic',
  'state-oh': 'clinic',
  'state-tx': 'clinic',
  'state-ca': 'clinic',
  'payer-uhc-commercial': 'clinic',
};
/** A citation of a regulation, manual section or payer policy. */
const CITATION = /§|\bCFR\b|Adm\.Code|\bTAC\b|\bCCR\b|Reimbursement Policy/;

describe('the rule packs that ship', () => {
  it('are exactly the expected packs, each in a file named after it', () => {
    expect(packs.map((p) => p.name).sort()).toEqual(Object.keys(SCOPE).sort());
    for (const [i, f] of packFiles.entries()) expect(f.endsWith(`/${packs[i].name}.json`), f).toBe(true);
  });

  it('are all valid, and valid installed together (the bundled configuration installs every one)', () => {
    for (const [i, p] of packs.entries()) {
      expect(
        validatePack(p).list.filter((x) => x.severity === 'error'),
        packFiles[i],
      ).toEqual([]);
    }
    expect(validatePackSet(packs).list).toEqual([]);
  });

  it.each(packs.map((p) => [p.name, p] as const))('%s is scoped as intended, dated and sourced', (name, pack) => {
    expect(pack.scope ?? 'organization').toBe(SCOPE[name]);
    expect(pack.mode).toBe('enforce');
    expect(pack.sources?.length, 'sources').toBeGreaterThan(0);
    expect(pack.description, 'description').toBeTruthy();
    if (SCOPE[name] === 'clinic') {
      expect(pack.lastChecked).toBe('2026-11-27');
      expect(pack.jurisdiction, 'jurisdiction').toBeTruthy();
      expect(pack.description).toMatch(/not (legal|billing) advice/);
      for (const s of pack.sources ?? []) expect(s, 'each source cites a section or policy').toMatch(CITATION);
      for (const r of pack.rules) expect(r.name.startsWith(`${name}-`), `${r.name} is prefixed with its pack`).toBe(true);
    }
  });

  it('cite a source on every block and warn; regulation packs cite the section in the message or the source', () => {
    for (const pack of packs) {
      for (const r of pack.rules.filter((x) => x.event.type !== 'info')) {
        const { message, source } = r.event.params;
        expect(source, `${pack.name}/${r.name} has a source`).toBeTruthy();
        if (SCOPE[pack.name] === 'clinic') {
          expect(`${message} ${source}`, `${pack.name}/${r.name}`).toMatch(CITATION);
          expect(message, `${pack.name}/${r.name}: the message itself names its section`).toMatch(CITATION);
        }
      }
    }
  });

  it('have remedies that say who fixes it, and only placeholders the explanation can fill', () => {
    for (const pack of packs) {
      for (const r of pack.rules) {
        const { message, remedy } = r.event.params;
        if (r.event.type === 'block') expect(remedy, `${pack.name}/${r.name}`).toMatch(/admin|therapist|\bPT\b|supervis/i);
        for (const text of [message, remedy]) {
          // Every "{{" opens a placeholder the template fills: none may reach the assistant as raw braces.
          expect((text.match(/\{\{/g) ?? []).length, `${pack.name}/${r.name}: ${text}`).toBe([...text.matchAll(PLACEHOLDER)].length);
        }
      }
    }
  });

  it('date the CQ/CO modifiers from 2020-01-01; the others apply on every date of service', () => {
    expect(packNamed.get('cq-co-modifiers')?.effective).toEqual({ from: '2020-01-01' });
    for (const p of packs.filter((x) => x.name !== 'cq-co-modifiers')) expect(p.effective, p.name).toBeUndefined();
  });

  it('are only named by clinics where they are installed (example and test directories)', () => {
    for (const file of [join(root, 'rules/directory.example.json'), ...listJson('rules/cases').filter((f) => /\/directory\.[^/]*\.json$/.test(f))]) {
      const dir = readJson(file) as Directory;
      expect(validateDirectory(dir).hasErrors, file).toBe(false);
      for (const c of dir.clinics) for (const name of c.packs ?? []) expect(packNamed.get(name)?.scope, `${file}: ${c.id} uses '${name}'`).toBe('clinic');
    }
  });

  it('leave North and South Clinic without clinic packs, and give Lakeside Clinic its four', () => {
    const dir = readJson(join(root, 'rules/directory.example.json')) as Directory;
    const clinic = (id: string) => dir.clinics.find((c) => c.id === id);
    expect(clinic('clinic-north')?.packs).toBeUndefined();
    expect(clinic('clinic-south')?.packs).toBeUndefined();
    expect(clinic('clinic-lakeside')).toEqual({
      id: 'clinic-lakeside',
      name: 'Lakeside Clinic',
      state: 'OH',
      setting: 'private-practice',
      packs: ['medicare-part-b', 'state-oh', 'supervision', 'cq-co-modifiers'],
    });
  });
});

// ---- case files ----------------------------------------------------------------------------------------------

interface CaseFile {
  pack?: string;
  packs?: string[];
  directory?: unknown;
  cases: Array<Case & { directory?: unknown }>;
}

function loadCaseFile(file: string) {
  const raw = readJson(file) as CaseFile;
  expect(
    validateCases(raw).list.filter((p) => p.severity === 'error'),
    file,
  ).toEqual([]);
  const at = (p: string) => resolve(dirname(file), p);
  const paths = raw.packs ?? (raw.pack ? [raw.pack] : []);
  const filePacks = paths.map((p) => readJson(at(p)) as Pack);
  const directoryOf = (d: unknown) => (typeof d === 'string' ? readJson(at(d)) : d);
  const cases = raw.cases.map((c) => ({ ...c, directory: directoryOf(c.directory ?? raw.directory) }));
  return { raw, paths: paths.map((p) => relative(root, at(p))), packs: filePacks, cases };
}

const caseFiles = listJson('rules/cases', '.cases.json');

describe('the case files', () => {
  it('include one per pack, testing that pack alone', () => {
    for (const pack of packs) {
      const file = join(root, `rules/cases/${pack.name}.cases.json`);
      expect(caseFiles, `rules/cases/${pack.name}.cases.json`).toContain(file);
      expect(loadCaseFile(file).paths).toEqual([`rules/packs/${pack.name}.json`]);
    }
  });

  it.each(caseFiles.map((f) => [relative(root, f), f]))('%s passes every case with 100% coverage', async (_, file) => {
    const { packs: filePacks, cases } = loadCaseFile(file);
    const { results, coverage } = await runCases(filePacks.length === 1 ? filePacks[0] : filePacks, cases);
    expect(results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.differences.join('; ')}`)).toEqual([]);
    const uncovered = [
      ...coverage.rules.filter((r) => !(r.fired && r.notFired)).map((r) => `rule ${r.rule}`),
      ...coverage.conditions.filter((c) => !(c.passed && c.failed)).map((c) => `condition ${c.rule} ${c.at}`),
    ];
    expect(uncovered).toEqual([]);
    expect(coverage.percent).toBe(100);
  });

  it.each(caseFiles.map((f) => [relative(root, f), f]))('%s: decideValidated() decides every case exactly as decide()', async (_, file) => {
    const { packs: filePacks, cases } = loadCaseFile(file);
    const installed = await Promise.all(filePacks.map(async (pack) => ({ pack, hash: await contentHash(pack), enabled: true })));
    for (const c of cases) {
      const expected = await decide(filePacks.length === 1 ? filePacks[0] : filePacks, c.directory, c.context);
      expect(decideValidated(installed, c.directory as Directory, c.context), c.name).toEqual(expected);
    }
  });

  it('test the boundary dates and fail closed', () => {
    const all = caseFiles.map((f) => loadCaseFile(f));
    const dates = new Set(all.flatMap((f) => f.cases.map((c) => (c.context as { dateOfService?: string }).dateOfService)));
    for (const d of ['2024-12-31', '2025-01-01', '2021-12-31', '2022-01-01', '2019-12-31', '2020-01-01']) expect(dates, d).toContain(d);
    for (const f of all) {
      const failClosed = f.cases.filter((c) => c.expect.outcome === 'blocked' && (c.expect.gates ?? []).includes('facts'));
      expect(failClosed.length, `${f.paths.join(', ')}: a fail-closed case`).toBeGreaterThan(0);
    }
  });
});
