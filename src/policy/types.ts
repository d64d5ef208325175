/** The three inputs of a decision and the decision itself. Pure data: no browser APIs. */

export type Credential = 'PT' | 'PTA' | 'OT' | 'COTA' | 'SLP' | 'SLPA' | 'SPT' | 'SPTA' | 'SOT' | 'SCOTA' | 'SSLP' | 'SSLPA';
export type Role = 'therapist' | 'assistant' | 'student';
export type NoteType = 'evaluation' | 're-evaluation' | 'daily' | 'progress' | 'discharge' | 'recertification';
export type EventType = 'block' | 'warn' | 'info';
export type Gate = 'clinic' | 'insurance' | 'user' | 'credential' | 'supervision' | 'billing' | 'note-type' | 'payer' | 'state' | 'facts' | 'policy';
type Audience = 'documenter' | 'admin';

// ---- rule pack ------------------------------------------------------------
interface FactCondition {
  fact: string;
  path?: string;
  operator: string;
  value: string | number | boolean | null | Array<string | number>;
  priority?: number;
  name?: string;
}
type Condition =
  | FactCondition
  | { all: Condition[]; priority?: number; name?: string }
  | { any: Condition[]; priority?: number; name?: string }
  | { not: Condition; priority?: number; name?: string };

export interface RuleEvent {
  type: EventType;
  params: {
    gate: Gate;
    /** Text with {{fact.path}} placeholders, filled with fact values as text. */
    message: string;
    /** Who can fix it, and where. */
    remedy: string;
    source?: string;
    audience?: Audience;
  };
}
export interface Rule {
  name: string;
  description?: string;
  conditions: Condition;
  event: RuleEvent;
}
export interface Pack {
  $schema?: string;
  name: string;
  version: string;
  mode: 'enforce' | 'monitor';
  description?: string;
  /** 'organization' (default): every clinic. 'clinic': only clinics that list it in their `packs`. */
  scope?: 'organization' | 'clinic';
  /** Whose rules these are, e.g. "Medicare Part B", "Ohio", "UnitedHealthcare commercial". */
  jurisdiction?: string;
  /** Dates of service the pack applies to (inclusive, YYYY-MM-DD): judged by the note's date, not today. */
  effective?: { from?: string; until?: string };
  /** When the rules were last checked against their sources (YYYY-MM-DD). */
  lastChecked?: string;
  sources?: string[];
  rules: Rule[];
}
/** A pack as installed in a configuration: its content hash, and whether the admin turned it on. */
export interface InstalledPack {
  pack: Pack;
  hash: string;
  enabled: boolean;
}

// ---- directory (the organisation's settings) ------------------------------
export interface Clinic {
  id: string;
  name: string;
  /** "Allow assistants to finalize notes": ON when absent, as in the source product. */
  assistantFinalization?: boolean;
  /** Clinic-scoped rule packs enabled here, by name (e.g. "medicare-part-b", "state-oh"). */
  packs?: string[];
  /** Two-letter state, e.g. "OH". */
  state?: string;
  setting?: ClinicSetting;
  /** UnitedHealthcare commercial: assistants on evaluation codes 97161–97168 — warn (default) or block. */
  uhcEvaluationCodes?: 'warn' | 'block';
}
export type ClinicSetting = 'private-practice' | 'hospital-outpatient' | 'critical-access-hospital' | 'facility';
export type Payer = 'medicare-part-b' | 'uhc-commercial' | 'other';
export interface Insurance {
  id: string;
  name: string;
  /** "Allow therapist assistants to finalize notes": required, no default. */
  assistantFinalization: boolean;
  /** Which payer's rules apply to notes billed to it ("other" when absent). */
  payer?: Payer;
}
export interface FinishSoapNotes {
  enabled: boolean;
  /** The "Yes, I understand" confirmation: without both, the permission does not count. */
  confirmedBy?: string;
  confirmedAt?: string;
}
export interface User {
  id: string;
  name: string;
  initials?: string;
  credential: Credential;
  finishSoapNotes?: FinishSoapNotes;
}
export interface BillingIntegration {
  system: string;
  enabled: boolean;
  licenses: number;
  providers: Array<{ userId: string; providerId: string }>;
}
export interface Directory {
  $schema?: string;
  organization?: string;
  clinics: Clinic[];
  insurances: Insurance[];
  users: User[];
  billing?: BillingIntegration;
}

// ---- note context (read from the page; untrusted) --------------------------
export interface NoteContext {
  userId: string;
  clinicId: string;
  insuranceIds: string[];
  noteType: NoteType;
  noteId?: string;
  supervisingTherapistId?: string;
  dateOfService?: string;
  /** Treatment days since the last progress report, counting this one, where the screen shows it. */
  treatmentDay?: number;
  /** Billed services (CPT codes) and the minutes each kind of provider furnished, aligned by index. */
  serviceCodes?: string[];
  assistantMinutes?: number[];
  therapistMinutes?: number[];
}

// ---- decision ----------------------------------------------------------------
export type Outcome = 'allowed' | 'blocked' | 'would-block';
export interface Finding {
  gate: Gate;
  rule: string;
  type: EventType;
  message: string;
  remedy: string;
  source?: string;
  audience: Audience;
  /** The pack the rule belongs to (absent for Finalize Guard's own checks). */
  pack?: string;
}
export interface PackInfo {
  name: string;
  version: string;
  mode: 'enforce' | 'monitor';
  hash: string;
}
export interface TraceEntry {
  rule: string;
  /** Where the condition sits in the rule, e.g. "all[1]". */
  at: string;
  fact: string;
  path?: string;
  operator: string;
  expected: unknown;
  seen: unknown;
  /** null: not evaluated, because a higher-priority condition already settled the rule. */
  passed: boolean | null;
}
export interface Decision {
  outcome: Outcome;
  /** Every failing gate, all of them, in rule order. */
  failures: Finding[];
  warnings: Finding[];
  infos: Finding[];
  /** Assistant's and supervising therapist's initials, shown on the chart when an assistant finalizes. */
  initials: { assistant: string; supervisor: string } | null;
  /** The packs that decided, as one: names and versions joined with "+", one hash over theirs. */
  pack: PackInfo | null;
  /** Each pack that applied to this note, and each installed one that did not (with why). */
  packs: Array<PackInfo & { applied: boolean; why?: string }>;
  trace: TraceEntry[];
  /** Each rule the engine evaluated and whether it fired (for coverage and what-if). */
  rules: Array<{ rule: string; fired: boolean }>;
}
