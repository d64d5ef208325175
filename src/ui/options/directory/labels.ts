/** Words the directory forms show for stored values. */
import type { ClinicSetting, Payer } from '../../../policy/types';

export const SETTING_LABELS: Record<ClinicSetting, string> = {
  'private-practice': 'Private practice',
  'hospital-outpatient': 'Hospital outpatient department',
  'critical-access-hospital': 'Critical access hospital',
  facility: 'Facility (rehab agency, SNF, CORF)',
};

export const PAYER_LABELS: Record<Payer, string> = {
  'medicare-part-b': 'Medicare Part B',
  'uhc-commercial': 'UnitedHealthcare commercial',
  other: 'Other',
};

export const MANAGED_TEXT = "Set by your organisation's browser policy";
