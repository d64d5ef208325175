/** Importing a bundle file: problems named with the file and placed in it, a summary of what changes, errors block. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import directory from '../../../../rules/directory.example.json';
import pack from '../../../../rules/packs/webpt-default.json';
import demo from '../../../../rules/sites/demo-ehr.json';
import webpt from '../../../../rules/sites/webpt.json';
import type { ConfigBundle } from '../../../config/types';
import { bundleFileName, bundleText, canReplace, countChanges, importSummary, problemsHeading, readBundleFile, summaryText } from './import-flow';
import { segmentsOf } from '../../../policy/problems';
import { problemLine } from '../../../config/bundle-file';

const SHIPPED = ['demo-ehr', 'webpt'];
const PACKS_DIR = new URL('../../../../rules/packs/', import.meta.url);
/** Every shipped pack (the example directory's clinics use some of them), webpt-default first. */
const PACKS = readdirSync(PACKS_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort((a, b) => Number(b === 'webpt-default.json') - Number(a === 'webpt-default.json'))
  .map((f) => JSON.parse(readFileSync(new URL(f, PACKS_DIR), 'utf8')));
const inForce = (): ConfigBundle =>
  structuredClone({
    format: 'finalize-guard-bundle',
    packs: PACKS.map((p) => ({ pack: p, enabled: true })),
    directory,
    sites: [demo, webpt],
  }) as unknown as ConfigBundle;
const errorsOf = (r: { problems: Array<{ severity: string }> }) => r.problems.filter((p) => p.severity === 'error');
const textOf = (mutate: (b: any) => void = () => {}) => {
  const b = inForce() as any;
  mutate(b);
  return bundleText(b);
};

describe('readBundleFile', () => {
  it('names the file, line and column of a syntax error, and changes nothing', () => {
    const r = readBundleFile('team.json', '{\n  "format": "finalize-guard-bundle",\n  "packs": [,]\n}', inForce(), SHIPPED);
    expect(r.ok).toBe(false);
    expect(r.bundle).toBeNull();
    expect(r.changes).toEqual([]);
    expect(r.problems).toHaveLength(1);
    expect(problemLine(r.fileName, r.problems[0])).toMatch(/^team\.json:3:13 error — Invalid JSON: .+\. Fix the JSON syntax here/);
    expect(canReplace(r, false, false)).toBe(false);
  });

  it('says how to fix a duplicate key (not a missing comma), at the second key', () => {
    const r = readBundleFile('dup.json', '{\n  "format": "finalize-guard-bundle",\n  "format": "x"\n}', inForce(), SHIPPED);
    expect(r.problems.map((p) => problemLine('dup.json', p))).toEqual([
      'dup.json:3:3 error — Invalid JSON: Duplicate key "format". "format" is already given at line 2, column 3 of this object: keep one of the two and delete the other (JSON allows each key once in an object).',
    ]);
  });

  it('reports a bad operator in a pack once, where it is: no cascaded "clinic uses a pack not in this configuration"', () => {
    const text = textOf((b) => {
      const stateOh = b.packs.find((e: any) => e.pack.name === 'state-oh');
      stateOh.pack.rules[0].conditions.all[0].operator = 'equals';
    });
    const r = readBundleFile('one-bad.json', text, inForce(), SHIPPED);
    const lines = errorsOf(r).map((p) => problemLine('one-bad.json', p as never));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^one-bad\.json:\d+:\d+ error — pack state-oh › rules\[0\]\.conditions\.all\[0\]\.operator: /);
    expect(r.problems.some((p) => /not in this configuration|turned off/.test(p.message))).toBe(false);
  });

  it('refuses an empty file, a file that is not a bundle, and one over the size limit', () => {
    expect(problemLine('a.json', readBundleFile('a.json', ' \n', inForce(), SHIPPED).problems[0])).toBe(
      'a.json:1:1 error — The file is empty. Choose a bundle file exported from the admin console (Export).',
    );
    const notBundle = readBundleFile('pack.json', JSON.stringify(pack), inForce(), SHIPPED);
    expect(notBundle.ok).toBe(false);
    expect(notBundle.problems.map((p) => problemLine('pack.json', p))).toContain(
      'pack.json:1:1 error — bundle › format: \'format\' must be "finalize-guard-bundle". Set "format": "finalize-guard-bundle" (is this a bundle exported from the admin console?).',
    );
    const huge = readBundleFile('big.json', `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`, inForce(), SHIPPED);
    expect(huge.problems[0].message).toMatch(/^The file is 2049 KB; a bundle may be at most 2048 KB/);
  });

  it('lists every error with where, path, line and hint, and blocks the import', () => {
    const text = textOf((b) => {
      b.packs[0].pack.rules[0].event.type = 'blok';
      b.packs[0].enabled = 'yes';
      b.directory.insurances[1].assistantFinalization = 'false';
      b.sites[0].finalizeControls = ['button['];
    });
    const r = readBundleFile('broken.json', text, inForce(), SHIPPED);
    expect(r.ok).toBe(false);
    const lines = r.problems.map((p) => problemLine('broken.json', p));
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`^broken\\.json:${lineOf('"blok"')}:\\d+ error — pack webpt-default › rules\\[0\\]\\.event\\.type: Unknown event type "blok"`),
        ),
        expect.stringMatching(
          new RegExp(
            `^broken\\.json:${lineOf('"enabled": "yes"')}:\\d+ error — pack webpt-default › enabled: 'enabled' must be true or false\\. Set "enabled": true`,
          ),
        ),
        expect.stringMatching(
          new RegExp(`^broken\\.json:${lineOf('"assistantFinalization": "false"')}:\\d+ error — directory › insurances\\[1\\]\\.assistantFinalization: `),
        ),
        expect.stringMatching(
          new RegExp(`^broken\\.json:${lineOf('"button["')}:\\d+ error — site demo-ehr › finalizeControls\\[0\\]: The selector has an unclosed '\\['`),
        ),
      ]),
    );
    expect(r.problems.every((p) => p.hint.length > 0 && p.line !== undefined)).toBe(true);
    expect(problemsHeading(r)).toBe('4 errors in broken.json: nothing will change. Fix them and choose the file again.');
    expect(canReplace(r, false, false)).toBe(false);
  });

  it('points at the key of an unknown key', () => {
    const text = JSON.stringify({ ...inForce(), extra: 1 }, null, 2); // bundleText keeps only a bundle's keys
    const r = readBundleFile('x.json', text, inForce(), SHIPPED);
    const line = text.split('\n').findIndex((l) => l.includes('"extra"')) + 1;
    expect(r.problems.map((p) => problemLine('x.json', p))).toContain(
      `x.json:${line}:3 error — bundle › extra: Unknown key 'extra'. A bundle has only "format", "packs", "directory" and "sites".`,
    );
  });

  it('summarises what changes against the configuration in force, by area', () => {
    const r = readBundleFile(
      'team.json',
      textOf((b) => {
        b.directory.insurances.find((i: any) => i.id === 'ins-acme-ppo').assistantFinalization = false;
        b.directory.clinics[0].name = 'Renamed Clinic';
        b.packs[0].enabled = true;
        b.sites[0].version = '9.9.9';
      }),
      inForce(),
      SHIPPED,
    );
    expect(r.ok).toBe(true);
    expect(r.counts).toEqual({ pack: 0, directory: 2, site: 1 });
    expect(r.changes).toEqual(
      expect.arrayContaining([
        { area: 'directory', what: "Insurance 'Acme Health PPO' › Allow therapist assistants to finalize notes", before: 'on', after: 'off' },
        { area: 'site', what: "Site profile 'demo-ehr' › Version", before: demo.version, after: '9.9.9' },
      ]),
    );
    expect(summaryText(r.counts)).toBe('3 changes: 2 to the directory, 1 to site profiles.');
    expect(importSummary(r)).toBe('Imported team.json (3 changes: 2 to the directory, 1 to site profiles)');
    expect(canReplace(r, false, false)).toBe(true);
    expect(canReplace(r, true, false)).toBe(false); // read-only console
    expect(canReplace(r, false, true)).toBe(false); // a replace already in flight
  });

  it('has nothing to apply when the bundle is what is in force, or nothing is in force yet', () => {
    const same = readBundleFile('same.json', textOf(), inForce(), SHIPPED);
    expect(same.ok).toBe(true);
    expect(summaryText(same.counts)).toBe('No changes: this bundle is the configuration in force.');
    expect(canReplace(same, false, false)).toBe(false);
    expect(
      canReplace(
        readBundleFile(
          'x.json',
          textOf((b) => {
            b.sites[0].version = '2.0.0';
          }),
          null,
          SHIPPED,
        ),
        false,
        false,
      ),
    ).toBe(false);
  });

  it('keeps warnings beside a valid bundle without blocking it', () => {
    const r = readBundleFile(
      'w.json',
      textOf((b) => {
        b.sites.push({ ...b.sites[0], name: 'other-ehr' });
      }),
      inForce(),
      SHIPPED,
    );
    expect(r.ok).toBe(true);
    expect(r.problems.map((p) => `${p.severity} ${p.where} ${p.path}`)).toContain('warning site other-ehr urlPatterns');
    expect(errorsOf(r)).toEqual([]);
    expect(r.counts.site).toBe(1);
  });
});

describe('helpers', () => {
  it('reads paths back into segments', () => {
    expect(segmentsOf('(root)')).toEqual([]);
    expect(segmentsOf('rules[0].event.type')).toEqual(['rules', 0, 'event', 'type']);
    expect(segmentsOf('facts.userId[1].selector')).toEqual(['facts', 'userId', 1, 'selector']);
  });
  it('counts changes by area', () => {
    expect(
      countChanges([
        { area: 'pack', what: 'a' },
        { area: 'pack', what: 'b' },
        { area: 'site', what: 'c' },
      ]),
    ).toEqual({ pack: 2, directory: 0, site: 1 });
  });
  it('exports a bundle that imports back without errors or changes', () => {
    const text = bundleText(inForce());
    expect(JSON.parse(text).format).toBe('finalize-guard-bundle');
    const r = readBundleFile('round.json', text, inForce(), SHIPPED);
    expect(errorsOf(r)).toEqual([]);
    expect(r.changes).toEqual([]);
    expect(bundleFileName('draft', '2026-11-27')).toBe('finalize-guard-bundle-draft-2026-11-27.json');
    expect(bundleFileName({ version: 12 }, '2026-11-27')).toBe('finalize-guard-bundle-v12-2026-11-27.json');
  });
});
