import { describe, expect, it } from 'vitest';
import type { ConfigBundle } from '../../../config/types';
import type { Pack } from '../../../policy/types';
import { validatePack } from '../../../policy/validate-pack';
import { lockedReason, newPackTemplate, otherPacks, putPack, removePack, setStatus, statusOf } from './pack-status';
import { editRule, tryEdit } from './rule-form';
import webpt from '../../../../rules/packs/webpt-default.json';

const pack = webpt as unknown as Pack;
const bundle = (): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: [
    { pack, enabled: true },
    { pack: { ...pack, name: 'second', mode: 'monitor', rules: [{ ...pack.rules[0], name: 'second-rule' }] }, enabled: false },
  ],
  directory: { clinics: [], insurances: [], users: [] },
  sites: [],
});

describe('pack status control', () => {
  it('reads enabled, monitor and disabled from enabled + mode', () => {
    const b = bundle();
    expect(statusOf(b.packs[0])).toBe('enabled');
    expect(statusOf(b.packs[1])).toBe('disabled');
    expect(statusOf({ ...b.packs[1], enabled: true })).toBe('monitor');
  });

  it('changes only the draft it returns, and only the chosen pack', () => {
    const b = bundle();
    const frozen = JSON.stringify(b);
    const m = setStatus(b, 0, 'monitor');
    expect(m.packs[0]).toEqual({ pack: { ...pack, mode: 'monitor' }, enabled: true });
    expect(m.packs[1]).toBe(b.packs[1]);
    expect(JSON.stringify(b)).toBe(frozen);
    expect(statusOf(setStatus(m, 0, 'enabled').packs[0])).toBe('enabled');
    expect(setStatus(m, 0, 'enabled').packs[0].pack.mode).toBe('enforce');
  });

  it('disabling keeps the mode; enabling or monitoring turns it on', () => {
    const b = bundle();
    const off = setStatus(b, 0, 'disabled');
    expect(off.packs[0]).toEqual({ pack, enabled: false });
    expect(off.packs[0].pack).toBe(pack);
    const on = setStatus(b, 1, 'monitor');
    expect(on.packs[1]).toMatchObject({ enabled: true, pack: { mode: 'monitor' } });
    expect(setStatus(b, 1, 'enabled').packs[1]).toMatchObject({ enabled: true, pack: { mode: 'enforce' } });
  });

  it('returns the same draft when nothing changes (no spurious edits)', () => {
    const b = bundle();
    expect(setStatus(b, 0, 'enabled')).toBe(b);
    expect(setStatus(b, 1, 'disabled')).toBe(b);
    expect(setStatus(b, 7, 'monitor')).toBe(b);
  });

  it('locks managed packs and a read-only console, saying why', () => {
    expect(lockedReason('webpt-default', { packs: ['webpt-default'] }, false)).toMatch(/browser policy/);
    expect(lockedReason('webpt-default', { packs: [] }, true)).toMatch(/read-only/);
    expect(lockedReason('webpt-default', { packs: [] }, false)).toBeNull();
  });

  it('puts, adds and removes packs; others excludes the edited one', () => {
    const b = bundle();
    const changed = { ...pack, version: '1.0.1' };
    expect(putPack(b, 1, changed).packs[1]).toEqual({ pack: changed, enabled: false });
    expect(putPack(b, -1, changed).packs).toHaveLength(3);
    expect(putPack(b, -1, changed).packs[2]).toEqual({ pack: changed, enabled: true });
    expect(removePack(b, 0).packs.map((e) => e.pack.name)).toEqual(['second']);
    expect(otherPacks(b, 0).map((p) => p.name)).toEqual(['second']);
  });

  it('starts new packs valid, in monitor mode, with a free name', () => {
    const t = newPackTemplate(['new-pack-1']);
    expect(t.name).toBe('new-pack-2');
    expect(t.mode).toBe('monitor');
    expect(validatePack(t).list).toEqual([]);
  });
});

describe('form view edits', () => {
  it('switches a rule between block and warn, and edits message and remedy', () => {
    const warn = tryEdit(pack, 0, 'type', 'warn');
    expect(warn.ok && warn.pack.rules[0].event.type).toBe('warn');
    const msg = tryEdit(pack, 1, 'message', 'No assistants on {{insurance.names}}.');
    expect(msg.ok && msg.pack.rules[1].event.params.message).toBe('No assistants on {{insurance.names}}.');
    expect(pack.rules[1].event.params.message).not.toBe('No assistants on {{insurance.names}}.');
  });

  it('refuses an edit that would make the pack invalid, saying why', () => {
    const empty = tryEdit(pack, 0, 'remedy', '  ');
    expect(empty).toMatchObject({ ok: false });
    expect(!empty.ok && empty.problem).toMatch(/^rules\[0\]\.event\.params\.remedy: /);
    const placeholder = tryEdit(pack, 0, 'message', '{{clinic.nme}}');
    expect(!placeholder.ok && placeholder.problem).toMatch(/Unknown placeholder/);
    expect(tryEdit(pack, 0, 'type', 'info')).toMatchObject({ ok: false });
  });

  it('leaves other rules alone', () => {
    const next = editRule(pack, 2, 'message', 'x');
    expect(next.rules.filter((r, i) => r !== pack.rules[i]).map((r) => r.name)).toEqual([pack.rules[2].name]);
  });
});
