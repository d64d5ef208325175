/** Builds a one-user directory and note context for a truth-table scenario (synthetic data). */
import type { Directory, NoteContext } from '../../src/policy/types';
import type { Scenario } from './reference-decision';

export function scenarioInputs(s: Scenario): { directory: Directory; context: NoteContext } {
  const permission =
    s.permission === 'none'
      ? undefined
      : s.permission === 'off'
        ? { enabled: false }
        : s.permission === 'unconfirmed'
          ? { enabled: true }
          : { enabled: true, confirmedBy: 'u-admin', confirmedAt: '2026-01-05T09:30:00Z' };
  const providers = [
    ...(s.userIsProvider ? [{ userId: 'u-doc', providerId: 'TB-1' }] : []),
    ...(s.supervisorIsProvider ? [{ userId: 'u-sup', providerId: 'TB-2' }] : []),
  ];
  const directory: Directory = {
    clinics: [{ id: 'c1', name: 'Test Clinic', ...(s.clinicAllows === undefined ? {} : { assistantFinalization: s.clinicAllows }) }],
    insurances: [{ id: 'i1', name: 'Test Insurance', assistantFinalization: s.insuranceAllows }],
    users: [
      { id: 'u-admin', name: 'Admin Person', credential: 'PT' },
      { id: 'u-sup', name: 'Sam Supervisor', credential: 'PT' },
      { id: 'u-doc', name: 'Dana Documenter', credential: s.credential, ...(permission ? { finishSoapNotes: permission } : {}) },
    ],
    billing: { system: 'Therabill', enabled: s.billingEnabled, licenses: 10, providers },
  };
  const context: NoteContext = {
    userId: 'u-doc',
    clinicId: 'c1',
    insuranceIds: ['i1'],
    noteType: 'daily',
    noteId: 'n1',
    supervisingTherapistId: 'u-sup',
    dateOfService: '2026-11-27',
  };
  return { directory, context };
}
