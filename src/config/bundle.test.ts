import { describe, expect, it } from 'vitest';
import { contentHash } from '../policy/hash';
import { activeOf, bundleOf, hasErrors, sameActive, validateBundle } from './bundle';
import shippedDirectory from '../../rules/directory.example.json';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { clinicPack, clone, defaultBundle } from './fixtures';

const shippedPacks = Object.values(import.meta.glob('../../rules/packs/*.json', { eager: true, import: 'default' }));

const errors = (v: unknown, opts = {}) => validateBundle(v, opts).filter((p) => p.severity === 'error');

describe('validateBundle', () => {
  it('accepts a valid configuration', () => {
    expect(validateBundle(defaultBundle(), { bundledSites: ['demo-ehr', 'webpt'] })).toEqual([]);
  });

  it('accepts the shipped default configuration (every pack in rules/packs, the example directory, the shipped profiles)', () => {
    const bundle = {
      format: 'finalize-guard-bundle',
      packs: shippedPacks.map((pack) => ({ pack, enabled: true })),
      directory: shippedDirectory,
      sites: SHIPPED_PROFILES,
    };
    expect(validateBundle(bundle).filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('rejects what is not a bundle', () => {
    expect(errors(null)[0]).toMatchObject({ where: 'bundle', path: '(root)' });
    expect(errors([])[0].message).toMatch(/JSON object/);
    const b = { ...defaultBundle(), format: 'zip', extra: 1 };
    expect(errors(b).map((p) => p.path)).toEqual(expect.arrayContaining(['format', 'extra']));
  });

  it('names the pack and the JSON path of a problem inside it', () => {
    const b = defaultBundle();
    (b.packs[0].pack.rules[0].event as { type: string }).type = 'blok';
    expect(errors(b)).toEqual([
      expect.objectContaining({ where: 'pack webpt-default', path: 'rules[0].event.type', severity: 'error', hint: expect.stringMatching(/block/) }),
    ]);
  });

  it('checks the packs together: names and rule names are unique', () => {
    const b = defaultBundle();
    b.packs.push({ pack: clone(b.packs[0].pack), enabled: false });
    const other = clinicPack('state-oh');
    other.rules[0].name = 'clinic-allows-assistants';
    b.packs.push({ pack: other, enabled: true });
    const found = errors(b);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'pack webpt-default', path: 'name', message: expect.stringMatching(/Two packs are named 'webpt-default'/) }),
        expect.objectContaining({ where: 'pack state-oh', path: 'rules[0].name', message: expect.stringMatching(/both 'webpt-default' and 'state-oh'/) }),
      ]),
    );
  });

  it('checks entries: an on/off switch and nothing else', () => {
    const b = defaultBundle() as unknown as { packs: Array<Record<string, unknown>> };
    b.packs[0].enabled = 'yes';
    b.packs[0].color = 'red';
    expect(errors(b).map((p) => `${p.where} ${p.path}`)).toEqual(['pack webpt-default color', 'pack webpt-default enabled']);
  });

  it('requires a rule pack and warns when all are off', () => {
    expect(errors({ ...defaultBundle(), packs: [] })[0].message).toMatch(/No rule pack/);
    const off = defaultBundle();
    off.packs[0].enabled = false;
    expect(validateBundle(off)).toEqual([expect.objectContaining({ where: 'packs', severity: 'warning', message: expect.stringMatching(/turned off/) })]);
  });

  it('reports directory problems under "directory"', () => {
    const b = defaultBundle();
    (b.directory.insurances[0] as { assistantFinalization: unknown }).assistantFinalization = 'true';
    expect(errors(b)).toEqual([expect.objectContaining({ where: 'directory', path: 'insurances[0].assistantFinalization' })]);
  });

  it("checks that a clinic's packs are in the bundle (error) and turned on (warning)", () => {
    const b = defaultBundle();
    b.directory.clinics[0].packs = ['state-oh'];
    b.directory.clinics[0].state = 'OH';
    expect(errors(b)).toEqual([
      expect.objectContaining({
        where: 'directory',
        path: 'clinics[0].packs[0]',
        message: "North Clinic uses the rule pack 'state-oh', which is not in this configuration",
      }),
    ]);
    b.packs.push({ pack: clinicPack('state-oh'), enabled: false });
    expect(validateBundle(b)).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'clinics[0].packs[0]', message: expect.stringMatching(/turned off/) }),
    ]);
    b.packs[1].enabled = true;
    expect(validateBundle(b)).toEqual([]);
  });

  it('warns when a clinic uses a payer pack and an insurance has no payer (it counts as "other")', () => {
    const b = defaultBundle();
    b.packs.push({ pack: clinicPack('medicare-part-b'), enabled: true }, { pack: clinicPack('cq-co-modifiers'), enabled: true });
    b.directory.clinics[0].packs = ['medicare-part-b', 'cq-co-modifiers'];
    b.directory.insurances[1].payer = 'other';
    expect(validateBundle(b)).toEqual([
      {
        where: 'directory',
        path: 'insurances[0]',
        severity: 'warning',
        message: "Insurance 'Acme Health PPO' has no payer: Medicare Part B rules will not apply to its notes at North Clinic",
        hint: 'Set its payer (medicare-part-b, uhc-commercial or other).',
      },
    ]);
    b.packs.push({ pack: clinicPack('payer-uhc-commercial'), enabled: true });
    b.directory.clinics[1].packs = ['payer-uhc-commercial', 'medicare-part-b'];
    expect(validateBundle(b).map((p) => p.message)).toEqual([
      "Insurance 'Acme Health PPO' has no payer: Medicare Part B rules will not apply to its notes at North Clinic and South Clinic, nor UnitedHealthcare commercial rules at South Clinic",
    ]);
    b.directory.insurances[0].payer = 'medicare-part-b';
    expect(validateBundle(b)).toEqual([]);
    // Without a payer pack, a missing payer changes nothing.
    const plain = defaultBundle();
    plain.packs.push({ pack: clinicPack('state-oh'), enabled: true });
    plain.directory.clinics[0] = { ...plain.directory.clinics[0], state: 'OH', packs: ['state-oh'] };
    expect(validateBundle(plain)).toEqual([]);
  });

  it("warns when a clinic's state pack is not for the clinic's state", () => {
    const b = defaultBundle();
    b.packs.push({ pack: clinicPack('state-tx'), enabled: true }, { pack: clinicPack('state-oh'), enabled: true });
    b.directory.clinics[0] = { ...b.directory.clinics[0], state: 'OH', packs: ['state-oh', 'state-tx'] };
    // South Clinic has no state: nothing says the pack is wrong there.
    b.directory.clinics[1].packs = ['state-oh'];
    expect(validateBundle(b)).toEqual([
      {
        where: 'directory',
        path: 'clinics[0].packs[1]',
        severity: 'warning',
        message: "North Clinic uses the rule pack 'state-tx', but its state is OH",
        hint: "A state pack applies wherever it is listed: set North Clinic's state to TX, or remove 'state-tx' from its packs.",
      },
    ]);
    b.directory.clinics[0].packs = ['state-oh'];
    expect(validateBundle(b)).toEqual([]);
    // A state pack the configuration does not have is an error of its own, with no advice to change the state.
    b.directory.clinics[0].packs = ['state-oh', 'state-ny'];
    expect(validateBundle(b)).toEqual([
      expect.objectContaining({
        path: 'clinics[0].packs[1]',
        severity: 'error',
        message: expect.stringMatching(/'state-ny', which is not in this configuration/),
      }),
    ]);
  });

  it('reports site profile problems by profile name, duplicates, and profiles that replace nothing', () => {
    const b = defaultBundle();
    b.sites[0].finalizeControls = [];
    b.sites.push(clone(b.sites[1]));
    b.sites.push({ ...clone(b.sites[1]), name: 'other-ehr' });
    const found = validateBundle(b, { bundledSites: ['demo-ehr', 'webpt'] });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ where: 'site demo-ehr', path: 'finalizeControls', severity: 'error' }),
        expect.objectContaining({ where: 'site webpt', path: 'name', message: "Two site profiles are named 'webpt'", severity: 'error' }),
        expect.objectContaining({ where: 'site other-ehr', severity: 'warning' }),
      ]),
    );
  });

  it('refuses forbidden keys anywhere and oversized bundles', () => {
    const b = JSON.parse(JSON.stringify(defaultBundle()).replace('"format"', '"__proto__":{},"format"'));
    expect(hasErrors(validateBundle(b))).toBe(true);
    const big = defaultBundle();
    big.packs[0].pack.description = 'x'.repeat(3 * 1024 * 1024);
    expect(errors(big)[0].message).toMatch(/at most 2048 KB/);
  });
});

describe('bundleOf and activeOf', () => {
  it('round-trip: hashes each pack, keeps only site profiles that differ from the shipped ones', async () => {
    const bundle = defaultBundle();
    bundle.sites[0].version = '9.0.0';
    const active = await activeOf(bundle, { installedAt: '2026-11-27T10:00:00.000Z', version: 3, bundledSites: SHIPPED_PROFILES });
    expect(active.packs[0]).toEqual({ pack: bundle.packs[0].pack, hash: await contentHash(bundle.packs[0].pack), enabled: true });
    expect(active.sites?.map((s) => s.name)).toEqual(['demo-ehr']);
    expect(active.version).toBe(3);
    expect(active).not.toHaveProperty('managed');
    expect(bundleOf(active, SHIPPED_PROFILES)).toEqual(bundle);
  });

  it('bundleOf uses the shipped profiles when none is published', () => {
    const b = bundleOf({ packs: [], directory: defaultBundle().directory, installedAt: 'x' }, SHIPPED_PROFILES);
    expect(b.sites).toEqual(SHIPPED_PROFILES);
    expect(b.format).toBe('finalize-guard-bundle');
  });

  it('sameActive ignores only the install time', async () => {
    const a = await activeOf(defaultBundle(), { installedAt: 'a', version: 1 });
    expect(sameActive(a, { ...a, installedAt: 'b' })).toBe(true);
    expect(sameActive(a, { ...a, version: 2 })).toBe(false);
    expect(sameActive(undefined, a)).toBe(false);
  });
});
