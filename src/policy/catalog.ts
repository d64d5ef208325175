/**
 * The vocabulary rule packs may use: facts (with their paths and types), operators, event types and gates.
 * The validator checks packs against it and the fact builder produces exactly these shapes,
 * so a typo in a pack is caught before deployment instead of silently never matching.
 */
import type { ClinicSetting, Credential, EventType, Gate, NoteType, Payer, Role } from './types';

export const CREDENTIAL_ROLES: Record<Credential, Role> = {
  PT: 'therapist',
  OT: 'therapist',
  SLP: 'therapist',
  PTA: 'assistant',
  COTA: 'assistant',
  SLPA: 'assistant',
  SPT: 'student',
  SPTA: 'student',
  SOT: 'student',
  SCOTA: 'student',
  SSLP: 'student',
  SSLPA: 'student',
};
export const CREDENTIALS = Object.keys(CREDENTIAL_ROLES) as Credential[];
/** The discipline a credential belongs to (a PTA's services are physical therapy). */
export const DISCIPLINES = ['PT', 'OT', 'SLP'] as const;
export function disciplineOf(c: Credential): (typeof DISCIPLINES)[number] {
  return c.includes('OT') ? 'OT' : c.includes('SLP') ? 'SLP' : 'PT';
}
export const CLINIC_SETTINGS: ClinicSetting[] = ['private-practice', 'hospital-outpatient', 'critical-access-hospital', 'facility'];
export const PAYERS: Payer[] = ['medicare-part-b', 'uhc-commercial', 'other'];
/** CPT codes of PT and OT evaluations and re-evaluations (97161–97168). */
export const EVALUATION_CODES = ['97161', '97162', '97163', '97164', '97165', '97166', '97167', '97168'];
const ROLES: Role[] = ['therapist', 'assistant', 'student'];
export const NOTE_TYPES: NoteType[] = ['evaluation', 're-evaluation', 'daily', 'progress', 'discharge', 'recertification'];
export const EVENT_TYPES: EventType[] = ['block', 'warn', 'info'];
export const GATES: Gate[] = ['clinic', 'insurance', 'user', 'credential', 'supervision', 'billing', 'note-type', 'payer', 'state', 'facts', 'policy'];

/** A fact path's type: a primitive, or an enumeration whose values a pack must spell exactly. */
export type FactType = 'boolean' | 'string' | 'number' | readonly string[];

export const FACTS: Record<string, Record<string, FactType>> = {
  user: {
    id: 'string',
    name: 'string',
    initials: 'string',
    credential: CREDENTIALS,
    role: ROLES,
    isAssistant: 'boolean',
    isTherapist: 'boolean',
    isStudent: 'boolean',
    discipline: DISCIPLINES,
    /** "Finish SOAP Notes" on AND confirmed with "Yes, I understand". */
    finishSoapNotes: 'boolean',
    /** "Finish SOAP Notes" switched on but never confirmed: it does not count. */
    finishSoapNotesUnconfirmed: 'boolean',
    isBillingProvider: 'boolean',
  },
  clinic: {
    id: 'string',
    name: 'string',
    assistantFinalization: 'boolean',
    /** Two-letter state, '' when the directory does not say. */
    state: 'string',
    setting: [...CLINIC_SETTINGS, 'unspecified'],
    uhcEvaluationCodes: ['warn', 'block'],
  },
  insurance: {
    ids: 'string',
    names: 'string',
    /** True only when every insurance on the note allows assistants to finalize. */
    assistantFinalization: 'boolean',
    /** Names of the insurances that do not allow it. */
    blockingNames: 'string',
    /** Some insurance on the note is Medicare Part B / UnitedHealthcare commercial. */
    medicarePartB: 'boolean',
    uhcCommercial: 'boolean',
  },
  note: { type: NOTE_TYPES, dateOfService: 'string' },
  /** The date of service as a number, 20250101: compare with lessThan and friends. Unreadable without a date. */
  visit: { date: 'number' },
  /** Treatment days since the last progress report, where the screen shows them (shown: false, day 0 otherwise). */
  progress: { shown: 'boolean', treatmentDay: 'number' },
  /** Billed services and minutes by provider, where the screen shows them. */
  services: {
    shown: 'boolean',
    codes: 'string',
    /** Evaluation codes 97161–97168 among the services ('' when none). */
    evaluationCodes: 'string',
    hasEvaluationCode: 'boolean',
    /** Some service had more than 10% of its minutes furnished by an assistant (CQ/CO modifiers). */
    assistantOver10: 'boolean',
    assistantOver10Codes: 'string',
  },
  supervisor: {
    present: 'boolean',
    id: 'string',
    name: 'string',
    initials: 'string',
    credential: CREDENTIALS,
    isTherapist: 'boolean',
    /** A therapist of the documenting user's discipline: a PT for a PTA, an OT for a COTA, an SLP for an SLPA. */
    sameDiscipline: 'boolean',
    isBillingProvider: 'boolean',
  },
  billing: {
    enabled: 'boolean',
    system: 'string',
    licenses: 'number',
    assistantsAllowed: 'number',
    licensesShort: 'boolean',
  },
};

/** json-rules-engine's built-in operators we allow, and the fact types each applies to. */
export const OPERATORS: Record<string, { types: Array<'boolean' | 'string' | 'number' | 'enum'>; list?: true }> = {
  equal: { types: ['boolean', 'string', 'number', 'enum'] },
  notEqual: { types: ['boolean', 'string', 'number', 'enum'] },
  in: { types: ['string', 'number', 'enum'], list: true },
  notIn: { types: ['string', 'number', 'enum'], list: true },
  lessThan: { types: ['number'] },
  lessThanInclusive: { types: ['number'] },
  greaterThan: { types: ['number'] },
  greaterThanInclusive: { types: ['number'] },
};

export const MAX_RULES = 200;
export const MAX_DEPTH = 16;
export const MAX_FILE_BYTES = 256 * 1024;
export const MAX_TEXT = 500;
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** "{{clinic.name}}" placeholders in messages and remedies (paths may hold digits: {{services.assistantOver10Codes}}). */
export const PLACEHOLDER = /\{\{\s*([A-Za-z]+)\.([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export function factType(fact: string, path: string | undefined): FactType | undefined {
  const paths = Object.hasOwn(FACTS, fact) ? FACTS[fact] : undefined;
  return paths && path !== undefined && Object.hasOwn(paths, path) ? paths[path] : undefined;
}
