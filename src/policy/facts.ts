/**
 * Builds the facts a pack's rules read from the directory and the note context.
 * Every fact path is a lazy getter: a value that cannot be read (missing, mistyped, unknown id)
 * records a plain-language problem and yields undefined, and any problem blocks the decision.
 * Lazy, so that a therapist is not blocked because the screen shows no supervising therapist.
 */
import { CREDENTIAL_ROLES, EVALUATION_CODES, FACTS, NOTE_TYPES, disciplineOf } from './catalog';
import type { BillingIntegration, Directory, Finding, NoteContext, User } from './types';
import { isObject } from './json';

export const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
export const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** "2026-02-31" has the right shape but is no date. Arithmetic, not Date: every decision asks, several times. */
export function isCalendarDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const [year, month, day] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);
}

/** The context field behind each fact, and how to say that it could not be read. */
export const UNREADABLE: Record<string, string> = {
  userId: 'Finalize Guard could not read who is documenting on this screen',
  unknownUser: 'The person documenting is not in the Finalize Guard directory',
  clinicId: 'Finalize Guard could not read the clinic on this screen',
  unknownClinic: "This note's clinic is not in the Finalize Guard directory",
  insuranceIds: "Finalize Guard could not read the patient's insurance on this screen",
  unknownInsurance: "The patient's insurance is not in the Finalize Guard directory",
  noteType: 'Finalize Guard could not read the note type on this screen',
  dateOfService: 'Finalize Guard could not read the date of service on this screen',
  unknownSupervisor: 'The supervising therapist on this screen is not in the Finalize Guard directory',
  supervisingTherapistId: 'Finalize Guard could not read the supervising therapist on this screen',
  treatmentDay: 'Finalize Guard could not read the treatment-day count on this screen',
  services: 'Finalize Guard could not read the billed services and their minutes on this screen',
};

/**
 * The finding for an UNREADABLE key: what the directory lacks, an admin adds (with the id the EHR uses, or the
 * screen will never match it); anything else is the screen or its site profile.
 */
export function unreadableFinding(key: string): Finding {
  return {
    gate: 'facts',
    rule: `finalize-guard:${key}`,
    type: 'block',
    audience: 'documenter',
    message: `${UNREADABLE[key]}.`,
    remedy: key.startsWith('unknown')
      ? 'Ask your Finalize Guard admin to add the missing entry to the directory, with the id your EHR uses for it.'
      : 'Reload the note. If this keeps happening, ask your Finalize Guard admin to check the site profile for this screen.',
  };
}

const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v);
export const userIsCounted = (u: User): boolean =>
  u.finishSoapNotes?.enabled === true && isId(u.finishSoapNotes.confirmedBy) && typeof u.finishSoapNotes.confirmedAt === 'string';

function initialsOf(user: Pick<User, 'name' | 'initials'>): string {
  if (user.initials) return user.initials;
  return user.name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase())
    .join('');
}

function isProvider(billing: BillingIntegration | undefined, userId: string): boolean {
  return billing?.enabled === true && billing.providers.some((p) => p.userId === userId);
}

/**
 * The facts of (directory, context), each read at most once and only when first asked for: `get(name)` is the
 * fact's values, or undefined when it cannot be read (and then the fact is recorded as failed, every time it is
 * asked for, as the lazy getters of buildFacts do). The compiled evaluator (compiled.ts) reads through this
 * directly; buildFacts wraps it in per-path getters for callers that want plain objects.
 */
export interface FactReader {
  get(name: string): Record<string, unknown> | undefined;
  problems: Set<string>;
  failedFacts: Set<string>;
}

/**
 * The facts read from the directory alone, by the context's ids: a successful reading depends on nothing else, so a
 * compiled configuration keeps it (DirectoryReadings) for the next note with the same ids. A failed reading is never
 * kept, so an id that is not well-formed (its reading fails) is read afresh every time; a key joining several ids
 * takes only well-formed ones (no spaces), so that no two lists join alike. One id is its own key: no new string
 * to hash per note.
 */
const DIRECTORY_KEYS: Record<string, (ctx: Partial<Record<keyof NoteContext, unknown>>) => string | undefined> = {
  user: (c) => (typeof c.userId === 'string' ? c.userId : undefined),
  clinic: (c) => (typeof c.clinicId === 'string' ? c.clinicId : undefined),
  insurance: ({ insuranceIds: ids }) => (Array.isArray(ids) && ids.every(isId) ? (ids.length === 1 ? ids[0] : ids.join(' ')) : undefined),
  supervisor: (c) => (isId(c.supervisingTherapistId) && isId(c.userId) ? `${c.supervisingTherapistId} ${c.userId}` : undefined),
  billing: () => '',
};
/** Successful directory readings of one directory, by fact, then key (see DIRECTORY_KEYS). */
export type DirectoryReadings = Map<string, Map<string, Record<string, unknown>>>;

/** One note's reading: what it reads from, and the problems met by the fact being read. */
interface Reading {
  directory: Directory;
  ctx: Partial<Record<keyof NoteContext, unknown>>;
  problems: string[];
}

const byId = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id);
const fail = (r: Reading, key: string): undefined => {
  r.problems.push(key);
};

function readUser(r: Reading, id: unknown, missing: string, unknown: string): User | undefined {
  if (!isId(id)) return fail(r, missing);
  return byId(r.directory.users, id) ?? fail(r, unknown);
}

function describeUser(directory: Directory, u: User) {
  const role = CREDENTIAL_ROLES[u.credential];
  return {
    id: u.id,
    name: u.name,
    initials: initialsOf(u),
    credential: u.credential,
    role,
    isTherapist: role === 'therapist',
    isAssistant: role === 'assistant',
    isStudent: role === 'student',
    discipline: disciplineOf(u.credential),
    isBillingProvider: isProvider(directory.billing, u.id),
  };
}

/** How each fact is read from the directory and the note context; a reading that fails records why (fail). */
const SOURCES: Record<string, (r: Reading) => Record<string, unknown> | undefined> = {
  user: (r) => {
    const u = readUser(r, r.ctx.userId, 'userId', 'unknownUser');
    if (!u) return undefined;
    return {
      ...describeUser(r.directory, u),
      finishSoapNotes: userIsCounted(u),
      finishSoapNotesUnconfirmed: u.finishSoapNotes?.enabled === true && !userIsCounted(u),
    };
  },
  clinic: (r) => {
    if (!isId(r.ctx.clinicId)) return fail(r, 'clinicId');
    const c = byId(r.directory.clinics, r.ctx.clinicId);
    if (!c) return fail(r, 'unknownClinic');
    return {
      id: c.id,
      name: c.name,
      assistantFinalization: c.assistantFinalization !== false,
      state: c.state ?? '',
      setting: c.setting ?? 'unspecified',
      uhcEvaluationCodes: c.uhcEvaluationCodes ?? 'warn',
    };
  },
  insurance: (r) => {
    const ids = r.ctx.insuranceIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every(isId)) return fail(r, 'insuranceIds');
    const list = ids.map((id) => byId(r.directory.insurances, id));
    if (list.some((i) => !i)) return fail(r, 'unknownInsurance');
    const all = list as NonNullable<(typeof list)[number]>[];
    const blocking = all.filter((i) => i.assistantFinalization !== true);
    return {
      ids: ids.join(', '),
      names: all.map((i) => i.name).join(', '),
      assistantFinalization: blocking.length === 0,
      blockingNames: blocking.map((i) => i.name).join(', '),
      medicarePartB: all.some((i) => i.payer === 'medicare-part-b'),
      uhcCommercial: all.some((i) => i.payer === 'uhc-commercial'),
    };
  },
  note: (r) => {
    if (typeof r.ctx.noteType !== 'string' || !NOTE_TYPES.includes(r.ctx.noteType as never)) return fail(r, 'noteType');
    const dos = r.ctx.dateOfService;
    if (dos !== undefined && (typeof dos !== 'string' || !isCalendarDate(dos))) return fail(r, 'dateOfService');
    return { type: r.ctx.noteType, dateOfService: dos ?? '' };
  },
  visit: (r) => {
    const dos = r.ctx.dateOfService;
    if (typeof dos !== 'string' || !isCalendarDate(dos)) return fail(r, 'dateOfService');
    return { date: Number(dos.replaceAll('-', '')) };
  },
  progress: (r) => {
    const day = r.ctx.treatmentDay;
    if (day === undefined) return { shown: false, treatmentDay: 0 };
    return isCount(day) ? { shown: true, treatmentDay: day } : fail(r, 'treatmentDay');
  },
  services: (r) => readServices(r.ctx) ?? fail(r, 'services'),
  supervisor: (r) => {
    const id = r.ctx.supervisingTherapistId;
    if (id === undefined || id === '') {
      return {
        present: false,
        id: '',
        name: '',
        initials: '',
        credential: undefined,
        isTherapist: false,
        sameDiscipline: false,
        isBillingProvider: false,
      };
    }
    const s = readUser(r, id, 'supervisingTherapistId', 'unknownSupervisor');
    if (!s) return undefined;
    // sameDiscipline needs the documenting user: if they cannot be read, the whole fact fails closed.
    const u = readUser(r, r.ctx.userId, 'userId', 'unknownUser');
    if (!u) return undefined;
    const supervisor = describeUser(r.directory, s);
    return {
      present: true,
      ...supervisor,
      sameDiscipline: supervisor.isTherapist && supervisor.discipline === disciplineOf(u.credential),
    };
  },
  billing: (r) => {
    const b = r.directory.billing;
    const allowed = r.directory.users.filter((u) => CREDENTIAL_ROLES[u.credential] === 'assistant' && userIsCounted(u)).length;
    const licenses = b?.enabled ? b.licenses : 0;
    return {
      enabled: b?.enabled === true,
      system: b?.system ?? '',
      licenses,
      assistantsAllowed: allowed,
      licensesShort: b?.enabled === true && allowed > licenses,
    };
  },
};

export function readFacts(directory: Directory, rawContext: unknown, readings?: DirectoryReadings): FactReader {
  return shareFacts(directory, rawContext, readings)();
}

/**
 * The facts of one note, read once for all the packs that decide it: each call gives a pack its own FactReader (its
 * own problems and failed facts, as if it had read alone) over the same readings.
 */
export function shareFacts(directory: Directory, rawContext: unknown, readings?: DirectoryReadings): () => FactReader {
  const ctx: Partial<Record<keyof NoteContext, unknown>> = isObject(rawContext) ? rawContext : {};
  const reading: Reading = { directory, ctx, problems: [] };
  /** Each fact read once, with the problems its reading recorded (in the order met). */
  const cache = new Map<string, { value: Record<string, unknown> | undefined; problems: string[] }>();
  function readOnce(name: string) {
    reading.problems = [];
    const r = { value: read(name), problems: reading.problems };
    cache.set(name, r);
    return r;
  }
  function read(name: string): Record<string, unknown> | undefined {
    const key = readings && Object.hasOwn(DIRECTORY_KEYS, name) ? DIRECTORY_KEYS[name](ctx) : undefined;
    if (key === undefined) return SOURCES[name](reading);
    let value = readings!.get(name)?.get(key);
    if (!value) {
      value = SOURCES[name](reading);
      // a failed reading records its problem: read it afresh each time
      if (value) readings!.set(name, (readings!.get(name) ?? new Map()).set(key, value));
    }
    return value;
  }
  return () => {
    const problems = new Set<string>();
    const failedFacts = new Set<string>();
    const get = (name: string) => {
      const r = cache.get(name) ?? readOnce(name);
      if (r.problems.length > 0) for (const p of r.problems) problems.add(p);
      if (r.value === undefined) failedFacts.add(name);
      return r.value;
    };
    return { get, problems, failedFacts };
  };
}

/** The facts readFacts reads: every fact of the catalog (a test holds the two together). */
export const FACT_NAMES: readonly string[] = Object.keys(FACTS);

/** A count of days or minutes as a screen shows it. */
export const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 10_000;
export const CPT = /^[0-9A-Z]{5}$/;

/** Services and their minutes, aligned by index; any mismatch makes the whole reading unusable. */
function readServices(ctx: Partial<Record<keyof NoteContext, unknown>>): Record<string, unknown> | undefined {
  const { serviceCodes: codes, assistantMinutes: pta, therapistMinutes: pt } = ctx;
  if (codes === undefined && pta === undefined && pt === undefined) {
    return { shown: false, codes: '', evaluationCodes: '', hasEvaluationCode: false, assistantOver10: false, assistantOver10Codes: '' };
  }
  if (!Array.isArray(codes) || codes.length === 0 || codes.length > 50 || !codes.every((c) => typeof c === 'string' && CPT.test(c))) return undefined;
  const minutes = (list: unknown) => Array.isArray(list) && list.length === codes.length && list.every(isCount);
  if (!minutes(pta) || !minutes(pt)) return undefined;
  const a = pta as number[];
  const t = pt as number[];
  const over = codes.filter((_, i) => a[i] > 0 && a[i] * 10 > a[i] + t[i]);
  const evaluations = codes.filter((c) => EVALUATION_CODES.includes(c));
  return {
    shown: true,
    codes: codes.join(', '),
    evaluationCodes: evaluations.join(', '),
    hasEvaluationCode: evaluations.length > 0,
    assistantOver10: over.length > 0,
    assistantOver10Codes: over.join(', '),
  };
}
