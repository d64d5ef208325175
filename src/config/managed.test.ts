import { describe, expect, it } from 'vitest';
import { clinicPack, clone, defaultBundle, DIRECTORY } from './fixtures';
import { localPart, mergeManaged, NOTHING_MANAGED, readManaged } from './managed';

const text = (v: unknown) => JSON.stringify(v, null, 2);

describe('readManaged', () => {
  it('treats an empty or missing managed area as nothing managed', () => {
    for (const raw of [undefined, {}]) {
      expect(readManaged(raw)).toMatchObject({ present: false, hasItems: false, readOnly: false, items: { packs: [], sites: [] }, problems: [] });
    }
  });

  it('reads packs, the directory and sites as JSON text (as managed_schema.json declares them)', () => {
    const dir = clone(DIRECTORY);
    dir.insurances[1].assistantFinalization = true;
    const state = readManaged({ packs: [text(clinicPack())], directory: text(dir), sites: [text(defaultBundle().sites[0])], readOnly: true });
    expect(state.problems).toEqual([]);
    expect(state).toMatchObject({ present: true, hasItems: true, readOnly: true });
    expect(state.items?.packs[0].name).toBe('state-oh');
    expect(state.items?.directory?.insurances[1].assistantFinalization).toBe(true);
    expect(state.items?.sites[0].name).toBe('demo-ehr');
  });

  it('accepts objects from sources without a schema', () => {
    expect(readManaged({ directory: DIRECTORY }).items?.directory).toEqual(DIRECTORY);
  });

  it('readOnly alone sets no items', () => {
    expect(readManaged({ readOnly: true })).toMatchObject({ present: true, hasItems: false, readOnly: true, items: { packs: [], sites: [] } });
  });

  it('rejects an invalid item with a plain reason and its line and column, and applies none of it', () => {
    const dir = text(DIRECTORY).replace('"assistantFinalization": false', '"assistantFinalization": "no"');
    const state = readManaged({ directory: dir, packs: [text(clinicPack())] });
    expect(state.items).toBeNull();
    expect(state.problems[0]).toMatchObject({
      where: 'managed directory',
      path: expect.stringMatching(/^clinics\[1\]\.assistantFinalization \(line \d+, column \d+\)$/),
    });
    expect(state.reason).toMatch(
      /^The configuration your organisation sets through browser policy is invalid \(managed directory clinics\[1\]\.assistantFinalization .*\), so it is not applied\.$/,
    );
  });

  it('rejects malformed JSON text, unknown keys and wrong shapes', () => {
    expect(readManaged({ packs: ['{ "name": '] }).problems[0]).toMatchObject({ where: 'managed packs[0]', message: expect.stringMatching(/Invalid JSON/) });
    expect(readManaged({ pack: [] }).problems[0]).toMatchObject({ path: 'pack', message: "Unknown key 'pack'" });
    expect(readManaged({ packs: 'x' }).items).toBeNull();
    expect(readManaged({ readOnly: 'yes' }).items).toBeNull();
    expect(readManaged('x').items).toBeNull();
    expect(readManaged({ auditKey: '0f'.repeat(32) }).problems).toEqual([]);
    expect(readManaged({ auditKey: 'not-hex' }).problems[0]).toMatchObject({ path: 'auditKey', message: expect.stringMatching(/64 to 128 hexadecimal/) });
  });

  it('checks managed packs together: two of the same name are refused', () => {
    const state = readManaged({ packs: [text(clinicPack()), text(clinicPack())] });
    expect(state.items).toBeNull();
    expect(state.problems[0].message).toMatch(/Two packs are named 'state-oh'/);
  });
});

describe('mergeManaged', () => {
  it('managed packs replace local ones of the same name and are on; others are added; the directory and sites are replaced', () => {
    const local = defaultBundle();
    local.packs[0].enabled = false;
    const replaced = clone(local.packs[0].pack);
    replaced.version = '9.9.9';
    const site = { ...clone(local.sites[1]), version: '7.0.0' };
    const dir = clone(DIRECTORY);
    dir.organization = 'Managed';
    const { bundle, managed } = mergeManaged(local, { packs: [replaced, clinicPack()], directory: dir, sites: [site] });
    expect(bundle.packs.map((e) => [e.pack.name, e.pack.version, e.enabled])).toEqual([
      ['webpt-default', '9.9.9', true],
      ['state-oh', '1.0.0', true],
    ]);
    expect(bundle.directory.organization).toBe('Managed');
    expect(bundle.sites.map((s) => `${s.name}@${s.version}`)).toEqual([`demo-ehr@${local.sites[0].version}`, 'webpt@7.0.0']);
    expect(managed).toEqual({ packs: ['webpt-default', 'state-oh'], directory: true, sites: ['webpt'] });
  });

  it('leaves the local bundle as it is when nothing is managed', () => {
    const local = defaultBundle();
    expect(mergeManaged(local, { packs: [], sites: [] })).toEqual({ bundle: local, managed: NOTHING_MANAGED });
    expect(mergeManaged(local, null)).toEqual({ bundle: local, managed: NOTHING_MANAGED });
  });
});

describe('localPart', () => {
  it('keeps the previous local versions of managed items when an admin publishes the merged view', () => {
    const previous = defaultBundle();
    const submitted = clone(previous);
    submitted.packs[0].pack.version = '9.9.9'; // the managed version, shown locked
    submitted.packs.push({ pack: clinicPack('state-oh'), enabled: true }); // managed only
    submitted.packs.push({ pack: clinicPack('state-tx'), enabled: true }); // the admin's own addition
    submitted.directory.organization = 'Managed';
    submitted.sites[0].version = '5.0.0'; // not managed: the admin's edit stays
    const local = localPart(submitted, previous, { packs: ['webpt-default', 'state-oh'], directory: true, sites: [] });
    expect(local.packs.map((e) => `${e.pack.name}@${e.pack.version}`)).toEqual(['webpt-default@1.0.0', 'state-tx@1.0.0']);
    expect(local.directory).toEqual(previous.directory);
    expect(local.sites[0].version).toBe('5.0.0');
  });

  it('returns the submitted bundle when nothing is managed', () => {
    const b = defaultBundle();
    expect(localPart(b, defaultBundle(), undefined)).toBe(b);
  });
});
