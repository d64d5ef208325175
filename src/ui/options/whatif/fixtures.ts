/** A small synthetic directory for the what-if and replay tests and the console bench (not shipped). */
import type { Directory } from '../../../policy/types';

const confirmed = { enabled: true, confirmedBy: 'u-pt-avery', confirmedAt: '2026-01-05T09:30:00Z' };

export const TEST_DIRECTORY: Directory = {
  organization: 'Synthetic test group (not real people)',
  clinics: [
    { id: 'clinic-north', name: 'North Clinic' },
    { id: 'clinic-south', name: 'South Clinic', assistantFinalization: false },
  ],
  insurances: [
    { id: 'ins-acme-ppo', name: 'Acme Health PPO', assistantFinalization: true },
    { id: 'ins-summit-wc', name: "Summit Workers' Comp", assistantFinalization: false },
  ],
  users: [
    { id: 'u-pt-avery', name: 'Avery Kim', credential: 'PT' },
    { id: 'u-ot-dana', name: 'Dana Whitfield', credential: 'OT' },
    { id: 'u-pta-jamie', name: 'Jamie Rivera', credential: 'PTA', finishSoapNotes: confirmed },
    { id: 'u-pta-riley', name: 'Riley Chen', credential: 'PTA', finishSoapNotes: { enabled: false } },
    { id: 'u-cota-sam', name: 'Sam Okafor', credential: 'COTA', finishSoapNotes: confirmed },
  ],
  billing: {
    system: 'Therabill',
    enabled: true,
    licenses: 3,
    providers: [
      { userId: 'u-pt-avery', providerId: 'TB-1' },
      { userId: 'u-pta-jamie', providerId: 'TB-2' },
      { userId: 'u-cota-sam', providerId: 'TB-3' },
    ],
  },
};
