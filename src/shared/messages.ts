/**
 * Messages from content scripts to the service worker, and their validation on the receiving side
 * (tiny hand-written validators: the sender is a page-side script, so every field is checked).
 * Attempt records carry identifiers and rule names only: never names, dates of birth or note text.
 */
import type { Gate, Outcome } from '../policy/types';

export interface AttemptRecord {
  id: string;
  at: string;
  kind: 'click' | 'key' | 'submit';
  outcome: Exclude<Outcome, 'allowed'>;
  profile: string;
  userId?: string;
  clinicId?: string;
  insuranceIds?: string[];
  noteType?: string;
  noteId?: string;
  gates: Gate[];
  rules: string[];
  pack: { name: string; version: string; hash: string } | null;
}

export type ContentMessage =
  | { type: 'attempt'; attempt: AttemptRecord }
  | { type: 'lock-state'; locked: boolean; endpoint?: string };

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RULE = /^[a-z0-9][a-z0-9:-]{0,80}$/i;
const ENDPOINT = /^[\x21-\x7e]{1,300}$/;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optId = (v: unknown) => v === undefined || (typeof v === 'string' && ID.test(v));
const onlyKeys = (o: Record<string, unknown>, keys: string[]) => Object.keys(o).every((k) => keys.includes(k));

const ATTEMPT_KEYS = ['id', 'at', 'kind', 'outcome', 'profile', 'userId', 'clinicId', 'insuranceIds', 'noteType', 'noteId', 'gates', 'rules', 'pack'];

export function isAttemptRecord(a: unknown): a is AttemptRecord {
  return isObj(a) && onlyKeys(a, ATTEMPT_KEYS)
    && typeof a.id === 'string' && UUID.test(a.id)
    && typeof a.at === 'string' && !Number.isNaN(Date.parse(a.at))
    && (a.kind === 'click' || a.kind === 'key' || a.kind === 'submit')
    && (a.outcome === 'blocked' || a.outcome === 'would-block')
    && typeof a.profile === 'string' && ID.test(a.profile)
    && optId(a.userId) && optId(a.clinicId) && optId(a.noteType) && optId(a.noteId)
    && (a.insuranceIds === undefined || (Array.isArray(a.insuranceIds) && a.insuranceIds.length <= 10 && a.insuranceIds.every((i) => typeof i === 'string' && ID.test(i))))
    && Array.isArray(a.gates) && a.gates.length <= 50 && a.gates.every((g) => typeof g === 'string' && RULE.test(g))
    && Array.isArray(a.rules) && a.rules.length <= 200 && a.rules.every((r) => typeof r === 'string' && RULE.test(r))
    && (a.pack === null || (isObj(a.pack) && onlyKeys(a.pack, ['name', 'version', 'hash']) && typeof a.pack.name === 'string' && typeof a.pack.version === 'string' && typeof a.pack.hash === 'string' && /^[0-9a-f]{0,64}$/.test(a.pack.hash)));
}

export function parseContentMessage(m: unknown): ContentMessage | null {
  if (!isObj(m)) return null;
  if (m.type === 'attempt' && onlyKeys(m, ['type', 'attempt']) && isAttemptRecord(m.attempt)) return m as ContentMessage;
  if (m.type === 'lock-state' && onlyKeys(m, ['type', 'locked', 'endpoint']) && typeof m.locked === 'boolean'
    && (m.endpoint === undefined || (typeof m.endpoint === 'string' && ENDPOINT.test(m.endpoint)))) return m as ContentMessage;
  return null;
}
