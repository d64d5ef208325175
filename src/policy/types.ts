/** The three inputs of a decision and the decision itself. Pure data: no browser APIs. */

export type Credential =
  | 'PT' | 'PTA' | 'OT' | 'COTA' | 'SLP' | 'SLPA'
  | 'SPT' | 'SPTA' | 'SOT' | 'SCOTA' | 'SSLP' | 'SSLPA';
export type Role = 'therapist' | 'assistant' | 'student';
export type NoteType =
  | 'evaluation' | 're-evaluation' | 'daily' | 'progress' | 'discharge' | 'recertification';
export type EventType = 'block' | 'warn' | 'info';
export type Gate =
  | 'clinic' | 'insurance' | 'user' | 'credential' | 'supervision' | 'billing' | 'note-type'
  | 'payer' | 'state' | 'facts' | 'policy';
export type Audience = 'documenter' | 'admin';

// ---- rule pack ------------------------------------------------------------
export interface FactCondition {
  fact: string;
  path?: string;
  operator: string;
  value: string | number | boolean | null | Array<string | number>;
  priority?: number;
  name?: string;
}
export type Condition =
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
  sources?: string[];
  rules: Rule[];
}

// ---- directory (the organisation's settings) ------------------------------
export interface Clinic {
  id: string;
  name: string;
  /** "Allow assistants to finalize notes": ON when absent, as in the source product. */
  assistantFinalization?: boolean;
}
export interface Insurance {
  id: string;
  name: string;
  /** "Allow therapist assistants to finalize notes": required, no default. */
  assistantFinalization: boolean;
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
  pack: { name: string; version: string; mode: 'enforce' | 'monitor'; hash: string } | null;
  trace: TraceEntry[];
  /** Each rule the engine evaluated and whether it fired (for coverage and what-if). */
  rules: Array<{ rule: string; fired: boolean }>;
}
