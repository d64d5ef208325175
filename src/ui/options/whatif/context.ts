/**
 * What-if: the choices the panel offers from the draft's directory, the note context built from them,
 * and a configuration (draft or in force) installed for decideValidated — the draft only after the same
 * validation publishing applies, so the panel never decides with rules that could not be published.
 * Pure: no browser APIs.
 */
import { validateBundle } from '../../../config/bundle';
import type { ActiveConfig, ConfigBundle } from '../../../config/types';
import { CREDENTIAL_ROLES, NOTE_TYPES } from '../../../policy/catalog';
import { decideValidated } from '../../../policy/decide-validated';
import { canonicalJson } from '../../../policy/hash';
import { sha256Hex } from '../../../policy/sha256';
import type { Decision, Directory, InstalledPack, NoteContext, NoteType, Pack } from '../../../policy/types';

export interface WhatIfForm {
  userId: string;
  clinicId: string;
  insuranceIds: string[];
  noteType: NoteType;
  /** YYYY-MM-DD ('' for none: packs with effective dates then block, as on a screen without a date). */
  dateOfService: string;
  /** '' for none. */
  supervisingTherapistId: string;
  /** '' when the screen would not show it. */
  treatmentDay: string;
}

interface Choice {
  id: string;
  label: string;
}
export interface Choices {
  users: Choice[];
  clinics: Choice[];
  insurances: Choice[];
  supervisors: Choice[];
  noteTypes: NoteType[];
}

export function choicesFrom(directory: Directory): Choices {
  const users = directory.users.map((u) => ({ id: u.id, label: `${u.name} (${u.credential})` }));
  return {
    users,
    clinics: directory.clinics.map((c) => ({ id: c.id, label: c.name })),
    insurances: directory.insurances.map((i) => ({ id: i.id, label: i.name })),
    // Anyone may be named on a screen; therapists first, since they are who may supervise.
    supervisors: [
      ...directory.users.filter((u) => CREDENTIAL_ROLES[u.credential] === 'therapist'),
      ...directory.users.filter((u) => CREDENTIAL_ROLES[u.credential] !== 'therapist'),
    ].map((u) => ({ id: u.id, label: `${u.name} (${u.credential})` })),
    noteTypes: NOTE_TYPES,
  };
}

/** A first form: the first assistant (the person the rules are about), the first clinic and insurance, a daily note today. */
export function defaultForm(directory: Directory, today: string): WhatIfForm {
  const assistant = directory.users.find((u) => CREDENTIAL_ROLES[u.credential] === 'assistant') ?? directory.users[0];
  const therapist = directory.users.find((u) => CREDENTIAL_ROLES[u.credential] === 'therapist');
  return {
    userId: assistant?.id ?? '',
    clinicId: directory.clinics[0]?.id ?? '',
    insuranceIds: directory.insurances[0] ? [directory.insurances[0].id] : [],
    noteType: 'daily',
    dateOfService: today,
    supervisingTherapistId: therapist?.id ?? '',
    treatmentDay: '',
  };
}

/** Keeps a form's choices inside the directory it is used with (after the draft's directory changed). */
export function fitForm(form: WhatIfForm, directory: Directory, today: string): WhatIfForm {
  const has = (list: Array<{ id: string }>, id: string) => list.some((x) => x.id === id);
  const fallback = defaultForm(directory, today);
  const insuranceIds = form.insuranceIds.filter((id) => has(directory.insurances, id));
  return {
    ...form,
    userId: has(directory.users, form.userId) ? form.userId : fallback.userId,
    clinicId: has(directory.clinics, form.clinicId) ? form.clinicId : fallback.clinicId,
    insuranceIds: insuranceIds.length ? insuranceIds : fallback.insuranceIds,
    supervisingTherapistId:
      form.supervisingTherapistId === '' || has(directory.users, form.supervisingTherapistId) ? form.supervisingTherapistId : fallback.supervisingTherapistId,
  };
}

/** The note context a screen showing these choices would give. */
export function contextFrom(form: WhatIfForm): NoteContext {
  const ctx: NoteContext = {
    userId: form.userId,
    clinicId: form.clinicId,
    insuranceIds: [...form.insuranceIds],
    noteType: form.noteType,
    noteId: 'what-if',
  };
  if (form.supervisingTherapistId) ctx.supervisingTherapistId = form.supervisingTherapistId;
  if (form.dateOfService) ctx.dateOfService = form.dateOfService;
  const day = form.treatmentDay.trim();
  if (day !== '') ctx.treatmentDay = Number(day);
  return ctx;
}

/** A pack's hash as the worker stores it: SHA-256 of its canonical JSON. */
export const packHash = (pack: Pack): string => sha256Hex(canonicalJson(pack));

export interface Installed {
  packs: InstalledPack[];
  directory: Directory;
}
export type DraftInstall = { ok: true; config: Installed } | { ok: false; problems: string[] };

/**
 * The draft as note tabs would decide with it once published, or every reason it could not be published
 * (the same bundle validation publishing runs).
 */
export function installDraft(draft: ConfigBundle): DraftInstall {
  const problems = validateBundle(draft)
    .filter((p) => p.severity === 'error')
    .map((p) => `${p.where}${p.path && p.path !== '(root)' ? ` ${p.path}` : ''}: ${p.message}. ${p.hint}`);
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: { packs: draft.packs.map(({ pack, enabled }) => ({ pack, enabled, hash: packHash(pack) })), directory: draft.directory },
  };
}

export const activeInstalled = (active: ActiveConfig | null): Installed | null => (active ? { packs: active.packs, directory: active.directory } : null);

export const decideWith = (config: Installed, context: NoteContext): Decision => decideValidated(config.packs, config.directory, context);

/** The rules behind a decision's failures and warnings, each once. */
export function firingRules(d: Decision): { blocks: string[]; warnings: string[] } {
  return { blocks: [...new Set(d.failures.map((f) => f.rule))], warnings: [...new Set(d.warnings.map((f) => f.rule))] };
}
