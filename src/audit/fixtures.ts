/** Test fixtures: sealed chains of realistic entries (imported by the audit tests only). */

import type { AttemptRecord } from '../shared/messages';
import { type EntryBody, sealEntry } from './chain';
import type { AttemptEntry, AuditEntry } from './types';

export const CHAIN_A = '1a2b3c4d-0000-4000-8000-00000000000a';
export const CHAIN_B = '5e6f7a8b-0000-4000-8000-00000000000b';

let counter = 0;
/** A fresh lowercase UUID (deterministic, so failures reproduce). */
export const uuid = () => `00000000-0000-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;

export function attempt(chainId: string, minute: number, over: Partial<AttemptEntry> = {}): EntryBody {
  return {
    id: uuid(),
    chainId,
    at: new Date(Date.UTC(2026, 10, 27, 9, minute)).toISOString(),
    type: 'attempt',
    kind: 'click',
    outcome: 'blocked',
    userId: 'u-pta-riley',
    credential: 'PTA',
    clinicId: 'clinic-south',
    insuranceIds: ['ins-summit-wc'],
    noteType: 'daily',
    gates: ['clinic', 'insurance'],
    rules: ['clinic-allows-assistants'],
    pack: { name: 'webpt-default', version: '1.0.0', hash: 'ab'.repeat(32) },
    profile: 'demo-ehr',
    ...over,
  } as EntryBody;
}

/** Seals bodies one after another onto `last` (their chainIds must match it). */
export async function sealAll(bodies: EntryBody[], last: AuditEntry | null = null): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (const b of bodies) out.push((last = await sealEntry(b, last)));
  return out;
}

/** A chain of `n` attempts, a minute apart. */
export const chainOf = (chainId: string, n: number, startMinute = 0) => sealAll(Array.from({ length: n }, (_, i) => attempt(chainId, startMinute + i)));

/** A blocked attempt as a content script sends it (identifiers and rule names only). */
export const attemptRecord = (over: Partial<AttemptRecord> = {}): AttemptRecord => ({
  id: '0b7f2a4e-7c1d-4b8e-9f3a-2d5c6e7f8a9b',
  at: '2026-11-27T10:00:00.000Z',
  kind: 'click',
  outcome: 'blocked',
  profile: 'demo-ehr',
  userId: 'u-pta-riley',
  clinicId: 'clinic-south',
  insuranceIds: ['ins-summit-wc'],
  noteType: 'daily',
  noteId: 'note-20001',
  gates: ['clinic', 'insurance'],
  rules: ['clinic-allows-assistants'],
  pack: { name: 'webpt-default', version: '1.0.0', hash: 'ab12' },
  ...over,
});
