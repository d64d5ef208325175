/**
 * Turning a content script's attempt record into an audit entry body: an allow-list copy, so a field
 * added to the record later (or junk a page slipped in) never reaches the log, and the note id is kept
 * only as a salted hash.
 */
import type { Credential } from '../policy/types';
import { packText } from '../shared/audit-fields';
import type { AttemptRecord } from '../shared/messages';
import type { AttemptEntry } from './types';

export { isAuditEntry } from './validate';

type AttemptBody = Omit<AttemptEntry, 'seq' | 'prev' | 'hash'>;

export function attemptBody(record: AttemptRecord, extra: { chainId: string; credential?: Credential; noteRef?: string }): AttemptBody {
  const body: AttemptBody = {
    id: record.id,
    chainId: extra.chainId,
    // Normalised to toISOString(): the filter and the validator rely on that one sortable form.
    at: new Date(record.at).toISOString(),
    type: 'attempt',
    kind: record.kind,
    outcome: record.outcome,
    gates: [...record.gates],
    rules: [...record.rules],
    // Joined names of several packs may outgrow what an entry holds: kept reduced (marked), never refused.
    pack: record.pack ? { name: packText(record.pack.name), version: packText(record.pack.version), hash: record.pack.hash } : null,
    profile: record.profile,
  };
  // Optional fields are set only when present: an `undefined` key would not survive JSON and would
  // make the stored entry and its exported copy look different.
  if (record.userId !== undefined) body.userId = record.userId;
  if (extra.credential !== undefined) body.credential = extra.credential;
  if (record.clinicId !== undefined) body.clinicId = record.clinicId;
  if (record.insuranceIds !== undefined) body.insuranceIds = [...record.insuranceIds];
  if (record.noteType !== undefined) body.noteType = record.noteType;
  if (extra.noteRef !== undefined) body.noteRef = extra.noteRef;
  if (record.noteLost === true) body.noteLost = true;
  return body;
}

/** SHA-256 hex of `salt:noteId`: the same note groups together, the id itself is not kept. */
export async function noteRef(noteId: string, salt: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${salt}:${noteId}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
