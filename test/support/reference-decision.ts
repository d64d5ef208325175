/**
 * The default pack's rules written out by hand: the reference the exhaustive truth table and the
 * property test compare decide() with, and the bench's "hand-written function" baseline.
 */
import type { Credential, Gate } from '../../src/policy/types';

export interface Scenario {
  credential: Credential;
  clinicAllows: boolean | undefined; // undefined: setting absent (ON by default)
  insuranceAllows: boolean;
  permission: 'none' | 'off' | 'unconfirmed' | 'confirmed';
  billingEnabled: boolean;
  userIsProvider: boolean;
  supervisorIsProvider: boolean;
}

const ASSISTANTS = new Set(['PTA', 'COTA', 'SLPA']);
const STUDENTS = new Set(['SPT', 'SPTA', 'SOT', 'SCOTA', 'SSLP', 'SSLPA']);

export function referenceDecision(s: Scenario): { outcome: 'allowed' | 'blocked'; gates: Gate[]; warnings: string[] } {
  const gates: Gate[] = [];
  const warnings: string[] = [];
  const assistant = ASSISTANTS.has(s.credential);
  if (assistant) {
    if (s.clinicAllows === false) gates.push('clinic');
    if (!s.insuranceAllows) gates.push('insurance');
    if (s.permission !== 'confirmed') gates.push('user');
  }
  if (STUDENTS.has(s.credential)) gates.push('credential');
  if (s.billingEnabled && !s.userIsProvider) warnings.push('billing-finalizer-is-provider');
  if (s.billingEnabled && assistant && !s.supervisorIsProvider) warnings.push('billing-supervisor-is-provider');
  return { outcome: gates.length ? 'blocked' : 'allowed', gates, warnings };
}
