/** The directory forms' logic: confirmation recorded, unconfirmed permission not counted, license count as the rules count. */
import { describe, expect, it } from 'vitest';
import example from '../../../../rules/directory.example.json';
import { decide } from '../../../policy/decide';
import { validateDirectory } from '../../../policy/validate-directory';
import pack from '../../../../rules/packs/webpt-default.json';
import type { Directory, Pack } from '../../../policy/types';
import {
  addClinic,
  addUser,
  clinicAllows,
  confirmFinishSoapNotes,
  idProblem,
  licenseCount,
  permissionState,
  removeUser,
  removeUserBlocker,
  setClinicAllows,
  setClinicPack,
  setFinishSoapNotes,
  setProvider,
  slug,
  suggestId,
  suggestProviderId,
  suggestUserId,
} from './edit';

const dir = () => structuredClone(example) as unknown as Directory;
const user = (d: Directory, id: string) => d.users.find((u) => u.id === id)!;
const riley = { userId: 'u-pta-riley', clinicId: 'clinic-north', insuranceIds: ['ins-acme-ppo'], noteType: 'daily', supervisingTherapistId: 'u-pt-avery' };
const gates = async (d: Directory) => (await decide(pack as unknown as Pack, d, riley)).failures.map((f) => f.gate);

describe('Finish SOAP Notes and its "Yes, I understand" confirmation', () => {
  it('turning it on leaves it unconfirmed: it does not count, and the decision still blocks on the user gate', async () => {
    const d = setFinishSoapNotes(dir(), 'u-pta-riley', true);
    expect(user(d, 'u-pta-riley').finishSoapNotes).toEqual({ enabled: true });
    expect(permissionState(user(d, 'u-pta-riley'))).toBe('unconfirmed');
    expect(await gates(d)).toEqual(['user']);
    expect(licenseCount(d).assistantsAllowed).toBe(licenseCount(dir()).assistantsAllowed);
  });

  it('confirming records who and when, counts, and the decision allows', async () => {
    const at = new Date('2026-11-27T10:15:30.123Z');
    const d = confirmFinishSoapNotes(setFinishSoapNotes(dir(), 'u-pta-riley', true), 'u-pta-riley', 'u-admin-pat', at);
    expect(user(d, 'u-pta-riley').finishSoapNotes).toEqual({ enabled: true, confirmedBy: 'u-admin-pat', confirmedAt: '2026-11-27T10:15:30Z' });
    expect(permissionState(user(d, 'u-pta-riley'))).toBe('confirmed');
    expect(await gates(d)).toEqual([]);
    expect(licenseCount(d).assistantsAllowed).toBe(licenseCount(dir()).assistantsAllowed + 1);
    expect(validateDirectory(d).list.filter((p) => p.path[1] === d.users.findIndex((u) => u.id === 'u-pta-riley'))).toEqual([]);
    expect(validateDirectory(d).hasErrors).toBe(false);
  });

  it('the confirmation must name a user of the directory', () => {
    expect(() => confirmFinishSoapNotes(dir(), 'u-pta-riley', 'Pat Morgan')).toThrow(/not a user/);
  });

  it('turning it off forgets the confirmation; turning it on again needs a new one', () => {
    const off = setFinishSoapNotes(dir(), 'u-pta-jamie', false);
    expect(user(off, 'u-pta-jamie').finishSoapNotes).toEqual({ enabled: false });
    expect(permissionState(user(setFinishSoapNotes(off, 'u-pta-jamie', true), 'u-pta-jamie'))).toBe('unconfirmed');
  });

  it('edits never change the directory they are given', () => {
    const d = dir();
    const before = JSON.stringify(d);
    setFinishSoapNotes(d, 'u-pta-riley', true);
    confirmFinishSoapNotes(d, 'u-pta-riley', 'u-admin-pat');
    setProvider(d, 'u-pta-quinn', 'TB-1005');
    expect(JSON.stringify(d)).toBe(before);
  });
});

describe('license count (the same counting as the billing rules)', () => {
  it('counts assistants with a confirmed permission, not unconfirmed ones or therapists', () => {
    // Example: Jamie, Quinn, Sam, Kai confirmed (4); Morgan unconfirmed; Riley off.
    expect(licenseCount(dir())).toEqual({ enabled: true, system: 'Therabill', assistantsAllowed: 4, licenses: 3, short: true });
  });

  it('is not short once licenses cover the assistants, nor when the integration is off', () => {
    const d = dir();
    d.billing!.licenses = 4;
    expect(licenseCount(d).short).toBe(false);
    d.billing!.licenses = 1;
    d.billing!.enabled = false;
    expect(licenseCount(d)).toMatchObject({ enabled: false, licenses: 0, short: false });
  });

  it("agrees with the decision's admin warning", async () => {
    const d = dir();
    const decision = await decide(pack as unknown as Pack, d, { ...riley, userId: 'u-pta-jamie' });
    expect(
      decision.warnings.concat(decision.infos).some((w) => w.gate === 'billing' && w.message.includes(`${licenseCount(d).assistantsAllowed} assistants`)),
    ).toBe(true);
  });
});

describe('billing providers', () => {
  it('adds a provider in directory order and removes one', () => {
    const d = setProvider(dir(), 'u-pt-blake', 'TB-1003');
    expect(d.billing!.providers.map((p) => p.userId)).toEqual(['u-admin-pat', 'u-pt-avery', 'u-pt-blake', 'u-pta-jamie']);
    expect(setProvider(d, 'u-pt-blake', null).billing!.providers.map((p) => p.userId)).toEqual(['u-admin-pat', 'u-pt-avery', 'u-pta-jamie']);
  });

  it('suggests the next free provider id', () => {
    expect(suggestProviderId(dir())).toBe('TB-1005');
    expect(suggestProviderId({ clinics: [], insurances: [], users: [] })).toBe('TB-1001');
  });
});

describe('clinics', () => {
  it('"Allow assistants to finalize notes" is ON when absent, and only OFF is stored', () => {
    const d = dir();
    expect(clinicAllows(d.clinics[0])).toBe(true);
    const off = setClinicAllows(d, 'clinic-north', false);
    expect(off.clinics[0].assistantFinalization).toBe(false);
    expect('assistantFinalization' in setClinicAllows(off, 'clinic-north', true).clinics[0]).toBe(false);
  });

  it('turns clinic packs on and off, leaving no empty list behind', () => {
    const on = setClinicPack(dir(), 'clinic-north', 'state-oh', true);
    expect(on.clinics[0].packs).toEqual(['state-oh']);
    expect('packs' in setClinicPack(on, 'clinic-north', 'state-oh', false).clinics[0]).toBe(false);
  });

  it('a new clinic without optional fields validates', () => {
    const d = addClinic(dir(), {
      id: suggestId(
        'clinic',
        'East Side',
        dir().clinics.map((c) => c.id),
      ),
      name: 'East Side',
      state: undefined,
      setting: undefined,
    });
    expect(d.clinics.at(-1)).toEqual({ id: 'clinic-east-side', name: 'East Side' });
    expect(validateDirectory(d).hasErrors).toBe(false);
  });
});

describe('users and ids', () => {
  it('suggests synthetic-looking ids that are not taken', () => {
    expect(slug("Summit Workers' Comp")).toBe('summit-workers-comp');
    expect(suggestId('clinic', 'North', ['clinic-north'])).toBe('clinic-north-2');
    expect(suggestUserId(dir(), 'Jamie Fox', 'PTA')).toBe('u-pta-jamie-2');
    expect(suggestUserId(dir(), 'Jordan Ellis', 'COTA')).toBe('u-cota-jordan');
  });

  it('rejects bad or taken ids', () => {
    expect(idProblem('has space', [])).toMatch(/no spaces/);
    expect(idProblem('clinic-north', ['clinic-north'])).toMatch(/already used/);
    expect(idProblem('clinic-east', ['clinic-north'])).toBeNull();
  });

  it("a user who confirmed others' permissions cannot be removed; another one is removed with their provider entry", () => {
    expect(removeUserBlocker(dir(), 'u-admin-pat')).toMatch(/Jamie Rivera/);
    expect(removeUserBlocker(dir(), 'u-pta-jamie')).toBeNull();
    const d = removeUser(dir(), 'u-pta-jamie');
    expect(d.users.some((u) => u.id === 'u-pta-jamie')).toBe(false);
    expect(d.billing!.providers.some((p) => p.userId === 'u-pta-jamie')).toBe(false);
    expect(validateDirectory(d).hasErrors).toBe(false);
  });

  it('a new user validates', () => {
    const d = addUser(dir(), { id: 'u-pta-jordan', name: 'Jordan Ellis', credential: 'PTA', initials: undefined });
    expect(d.users.at(-1)).toEqual({ id: 'u-pta-jordan', name: 'Jordan Ellis', credential: 'PTA' });
    expect(validateDirectory(d).hasErrors).toBe(false);
  });
});
