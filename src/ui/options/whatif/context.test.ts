import { describe, expect, it } from 'vitest';
import type { ActiveConfig, ConfigBundle } from '../../../config/types';
import { contentHash } from '../../../policy/hash';
import type { Directory, Pack } from '../../../policy/types';
import webpt from '../../../../rules/packs/webpt-default.json';
import { TEST_DIRECTORY as directory } from './fixtures';
import { activeInstalled, choicesFrom, contextFrom, decideWith, defaultForm, fitForm, installDraft, packHash } from './context';

const pack = webpt as unknown as Pack;
const draft = (over: Partial<ConfigBundle> = {}): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: [{ pack, enabled: true }],
  directory,
  sites: [],
  ...over,
});

describe('what-if context', () => {
  it("offers the directory's users, clinics, insurances and therapists first as supervisors", () => {
    const c = choicesFrom(directory);
    expect(c.users.find((u) => u.id === 'u-pta-jamie')!.label).toBe('Jamie Rivera (PTA)');
    expect(c.clinics.map((x) => x.id)).toEqual(['clinic-north', 'clinic-south']);
    expect(c.insurances).toHaveLength(2);
    expect(c.supervisors.map((s) => s.id)).toEqual(['u-pt-avery', 'u-ot-dana', 'u-pta-jamie', 'u-pta-riley', 'u-cota-sam']);
    expect(c.noteTypes).toContain('progress');
  });

  it('starts on an assistant with a supervising therapist, a daily note, today', () => {
    expect(defaultForm(directory, '2026-11-27')).toEqual({
      userId: 'u-pta-jamie',
      clinicId: 'clinic-north',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
      dateOfService: '2026-11-27',
      supervisingTherapistId: 'u-pt-avery',
      treatmentDay: '',
    });
  });

  it('builds the note context a screen would give, leaving out what is not chosen', () => {
    const form = { ...defaultForm(directory, '2026-11-27'), insuranceIds: ['ins-acme-ppo', 'ins-summit-wc'], treatmentDay: ' 9 ' };
    expect(contextFrom(form)).toEqual({
      userId: 'u-pta-jamie',
      clinicId: 'clinic-north',
      insuranceIds: ['ins-acme-ppo', 'ins-summit-wc'],
      noteType: 'daily',
      noteId: 'what-if',
      supervisingTherapistId: 'u-pt-avery',
      dateOfService: '2026-11-27',
      treatmentDay: 9,
    });
    const bare = contextFrom({ ...form, supervisingTherapistId: '', dateOfService: '', treatmentDay: '' });
    expect(bare).not.toHaveProperty('supervisingTherapistId');
    expect(bare).not.toHaveProperty('dateOfService');
    expect(bare).not.toHaveProperty('treatmentDay');
  });

  it('keeps choices inside a changed directory', () => {
    const smaller: Directory = { ...directory, users: directory.users.filter((u) => u.id !== 'u-pta-jamie'), insurances: directory.insurances.slice(1) };
    const form = fitForm(defaultForm(directory, '2026-11-27'), smaller, '2026-11-27');
    expect(form.userId).toBe('u-pta-riley');
    expect(form.insuranceIds).toEqual(['ins-summit-wc']);
    expect(form.clinicId).toBe('clinic-north');
  });

  it('installs a valid draft with the hashes the worker would store', async () => {
    const r = installDraft(draft());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.packs[0].hash).toBe(await contentHash(pack));
    expect(packHash(pack)).toBe(await contentHash(pack));
  });

  it('refuses an invalid draft, naming every problem', () => {
    const broken = { ...pack, rules: [{ ...pack.rules[0], event: { ...pack.rules[0].event, type: 'blok' } }] } as unknown as Pack;
    const dup = { ...pack, name: 'copy' };
    const r = installDraft(
      draft({
        packs: [
          { pack: broken, enabled: true },
          { pack: dup, enabled: true },
        ],
        directory: { ...directory, clinics: [{ id: 'clinic-north' } as never] },
      }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0]).toBe('pack webpt-default rules[0].event.type: Unknown event type "blok". Did you mean \'block\'?');
    expect(r.problems.some((p) => p.startsWith("pack copy rules[0].name: Rule 'clinic-allows-assistants' is in both"))).toBe(true);
    expect(r.problems.some((p) => p.startsWith('directory clinics[0].name'))).toBe(true);
  });

  it('decides the draft and the configuration in force side by side', () => {
    const r = installDraft(draft());
    if (!r.ok) throw new Error('draft should install');
    const ctx = contextFrom({ ...defaultForm(directory, '2026-11-27'), clinicId: 'clinic-south' });
    const now = decideWith(r.config, ctx);
    expect(now.outcome).toBe('blocked');
    expect(now.failures.map((f) => f.gate)).toEqual(['clinic']);
    const off = installDraft(draft({ packs: [{ pack, enabled: false }] }));
    if (!off.ok) throw new Error('draft should install');
    expect(decideWith(off.config, ctx).failures[0].message).toMatch(/No Finalize Guard rule pack applies/);
    const active: ActiveConfig = { packs: r.config.packs, directory, installedAt: '2026-11-27T00:00:00Z' };
    expect(activeInstalled(active)).toEqual({ packs: r.config.packs, directory });
    expect(activeInstalled(null)).toBeNull();
  });
});
