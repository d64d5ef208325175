/** Test data for the admin console's back end: the shipped default as a bundle, and small variations. */
import webptDefault from '../../rules/packs/webpt-default.json';
import type { Directory, Pack } from '../policy/types';
import { SHIPPED_PROFILES } from '../sites/shipped';
import { BUNDLE_FORMAT } from './bundle';
import type { ConfigBundle } from './types';

export const clone = <T>(v: T): T => structuredClone(v);

/** A small directory of synthetic people, independent of rules/directory.example.json. */
export const DIRECTORY: Directory = {
  organization: 'Synthetic Rehab Group (test data)',
  clinics: [
    { id: 'clinic-north', name: 'North Clinic' },
    { id: 'clinic-south', name: 'South Clinic', assistantFinalization: false },
  ],
  insurances: [
    { id: 'ins-acme-ppo', name: 'Acme Health PPO', assistantFinalization: true },
    { id: 'ins-summit-wc', name: "Summit Workers' Comp", assistantFinalization: false },
  ],
  users: [
    { id: 'u-admin-pat', name: 'Pat Morgan', credential: 'PT' },
    { id: 'u-pt-avery', name: 'Avery Kim', credential: 'PT' },
    {
      id: 'u-pta-jamie',
      name: 'Jamie Rivera',
      credential: 'PTA',
      finishSoapNotes: { enabled: true, confirmedBy: 'u-admin-pat', confirmedAt: '2026-01-05T09:30:00Z' },
    },
    { id: 'u-pta-riley', name: 'Riley Chen', credential: 'PTA', finishSoapNotes: { enabled: false } },
  ],
  billing: {
    system: 'Therabill',
    enabled: true,
    licenses: 3,
    providers: [
      { userId: 'u-pta-jamie', providerId: 'TB-1004' },
      { userId: 'u-pt-avery', providerId: 'TB-1001' },
    ],
  },
};

export function defaultBundle(): ConfigBundle {
  return clone({
    format: BUNDLE_FORMAT,
    packs: [{ pack: webptDefault as unknown as Pack, enabled: true }],
    directory: DIRECTORY,
    sites: SHIPPED_PROFILES,
  });
}

/** A small clinic-scoped pack with its own rule names (for pack-set and cross-reference cases). */
export function clinicPack(name = 'state-oh'): Pack {
  return {
    name,
    version: '1.0.0',
    mode: 'enforce',
    scope: 'clinic',
    rules: [
      {
        name: `${name}-evaluations`,
        conditions: {
          all: [
            { fact: 'user', path: 'isAssistant', operator: 'equal', value: true },
            { fact: 'note', path: 'type', operator: 'equal', value: 'evaluation' },
          ],
        },
        event: {
          type: 'block',
          params: { gate: 'state', message: 'Assistants may not finalize evaluations here.', remedy: 'Forward the note to your supervising therapist.' },
        },
      },
    ],
  };
}
