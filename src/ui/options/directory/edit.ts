/**
 * Edits of the directory, as pure functions (each returns a new directory; the input is never changed),
 * and the counts the forms show. The forms only call these.
 */
import { CREDENTIAL_ROLES } from '../../../policy/catalog';
import { buildFacts } from '../../../policy/fact-values';
import { ID, userIsCounted } from '../../../policy/facts';
import type { BillingIntegration, Clinic, Credential, Directory, Insurance, User } from '../../../policy/types';

/** Drops keys whose value is undefined: the forms pass undefined for an optional field left empty (a required one stays, empty, and validation names it). */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

const replace = <T extends { id: string }>(list: T[], id: string, f: (x: T) => T) => list.map((x) => (x.id === id ? f(x) : x));

// ---- ids ------------------------------------------------------------------------------------------

/** "Summit Workers' Comp" → "summit-workers-comp". */
export function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** A new id like the directory's own ("clinic-east", "ins-acme-ppo", "u-pta-jordan"), unused so far. */
export function suggestId(prefix: string, name: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = [prefix, slug(name) || 'new'].join('-');
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** Why an id cannot be used (null: it can). */
export function idProblem(id: string, taken: Iterable<string>): string | null {
  if (!ID.test(id)) return 'An id is 1 to 64 letters, digits and . _ : - (no spaces), starting with a letter or digit.';
  if (new Set(taken).has(id)) return `The id "${id}" is already used.`;
  return null;
}

const userPrefix = (credential: Credential) => `u-${credential.toLowerCase()}`;
export const suggestUserId = (d: Directory, name: string, credential: Credential) =>
  suggestId(
    userPrefix(credential),
    name.trim().split(/\s+/)[0] ?? '',
    d.users.map((u) => u.id),
  );

// ---- clinics --------------------------------------------------------------------------------------

export function addClinic(d: Directory, clinic: Clinic): Directory {
  return { ...d, clinics: [...d.clinics, compact(clinic)] };
}
export function updateClinic(d: Directory, id: string, patch: Partial<Omit<Clinic, 'id'>>): Directory {
  return { ...d, clinics: replace(d.clinics, id, (c) => compact({ ...c, ...patch })) };
}
export const removeClinic = (d: Directory, id: string): Directory => ({ ...d, clinics: d.clinics.filter((c) => c.id !== id) });

/** "Allow assistants to finalize notes" is ON when absent: store only the OFF (false). */
export function setClinicAllows(d: Directory, id: string, on: boolean): Directory {
  return updateClinic(d, id, { assistantFinalization: on ? undefined : false });
}
export const clinicAllows = (c: Clinic) => c.assistantFinalization !== false;

/** Turns a clinic-scoped pack on or off at one clinic (the clinic's `packs` list; absent when empty). */
export function setClinicPack(d: Directory, id: string, pack: string, on: boolean): Directory {
  const clinic = d.clinics.find((c) => c.id === id);
  const now = (clinic?.packs ?? []).filter((p) => p !== pack);
  return updateClinic(d, id, { packs: on ? [...now, pack] : now.length ? now : undefined });
}

// ---- insurances -----------------------------------------------------------------------------------

export function addInsurance(d: Directory, insurance: Insurance): Directory {
  return { ...d, insurances: [...d.insurances, compact(insurance)] };
}
export function updateInsurance(d: Directory, id: string, patch: Partial<Omit<Insurance, 'id'>>): Directory {
  return { ...d, insurances: replace(d.insurances, id, (i) => compact({ ...i, ...patch })) };
}
export const removeInsurance = (d: Directory, id: string): Directory => ({ ...d, insurances: d.insurances.filter((i) => i.id !== id) });

// ---- users and "Finish SOAP Notes" --------------------------------------------------------------------

export function addUser(d: Directory, user: User): Directory {
  return { ...d, users: [...d.users, compact(user)] };
}
export function updateUser(d: Directory, id: string, patch: Partial<Omit<User, 'id'>>): Directory {
  return { ...d, users: replace(d.users, id, (u) => compact({ ...u, ...patch })) };
}

/** What stops removing a user: permissions they confirmed (the confirmation names them). */
export function removeUserBlocker(d: Directory, id: string): string | null {
  const confirmed = d.users.filter((u) => u.id !== id && u.finishSoapNotes?.confirmedBy === id);
  if (confirmed.length === 0) return null;
  return `They confirmed "Finish SOAP Notes" for ${confirmed.map((u) => u.name).join(', ')}: the confirmation names them, so they stay in the directory.`;
}
/** Removes a user and their billing provider entry. */
export function removeUser(d: Directory, id: string): Directory {
  const billing = d.billing && { ...d.billing, providers: d.billing.providers.filter((p) => p.userId !== id) };
  return compact({ ...d, users: d.users.filter((u) => u.id !== id), billing });
}

export type PermissionState = 'off' | 'unconfirmed' | 'confirmed';
export function permissionState(u: User): PermissionState {
  if (u.finishSoapNotes?.enabled !== true) return 'off';
  return userIsCounted(u) ? 'confirmed' : 'unconfirmed';
}

/**
 * Ticking "Finish SOAP Notes" turns it on unconfirmed (it does not count until "Yes, I understand");
 * unticking turns it off and forgets the confirmation.
 */
export function setFinishSoapNotes(d: Directory, id: string, on: boolean): Directory {
  return updateUser(d, id, { finishSoapNotes: { enabled: on } });
}

/** "Yes, I understand": records who confirmed (a user of this directory) and when. */
export function confirmFinishSoapNotes(d: Directory, id: string, confirmedBy: string, at: Date = new Date()): Directory {
  if (!d.users.some((u) => u.id === confirmedBy)) throw new Error(`"${confirmedBy}" is not a user in the directory: the confirmation must name who gave it.`);
  if (!d.users.some((u) => u.id === id)) throw new Error(`"${id}" is not a user in the directory.`);
  return updateUser(d, id, { finishSoapNotes: { enabled: true, confirmedBy, confirmedAt: at.toISOString().replace(/\.\d{3}Z$/, 'Z') } });
}

export const isAssistant = (u: Pick<User, 'credential'>) => CREDENTIAL_ROLES[u.credential] === 'assistant';

// ---- billing ---------------------------------------------------------------------------------------

export const NEW_BILLING: BillingIntegration = { system: 'Therabill', enabled: true, licenses: 0, providers: [] };

export function setBilling(d: Directory, patch: Partial<Omit<BillingIntegration, 'providers'>>): Directory {
  return { ...d, billing: { ...(d.billing ?? NEW_BILLING), ...patch } };
}
export function removeBilling(d: Directory): Directory {
  const { billing: _, ...rest } = d;
  return rest;
}

/** Makes a user a billing provider with `providerId`, or not (null). The list keeps the directory's user order. */
export function setProvider(d: Directory, userId: string, providerId: string | null): Directory {
  const billing = d.billing ?? NEW_BILLING;
  const others = billing.providers.filter((p) => p.userId !== userId);
  const providers = providerId === null ? others : [...others, { userId, providerId }];
  const order = new Map(d.users.map((u, i) => [u.id, i]));
  providers.sort((a, b) => (order.get(a.userId) ?? Infinity) - (order.get(b.userId) ?? Infinity));
  return { ...d, billing: { ...billing, providers } };
}

/** A provider id for a user who has none yet, like the directory's own ("TB-1005"). */
export function suggestProviderId(d: Directory): string {
  const used = new Set((d.billing?.providers ?? []).map((p) => p.providerId));
  const numbers = [...used].map((p) => Number(/(\d+)$/.exec(p)?.[1])).filter(Number.isFinite);
  let n = numbers.length ? Math.max(...numbers) + 1 : 1001;
  while (used.has(`TB-${n}`)) n++;
  return `TB-${n}`;
}

export interface LicenseCount {
  enabled: boolean;
  system: string;
  /** Assistants whose "Finish SOAP Notes" is on and confirmed (what the billing rules count). */
  assistantsAllowed: number;
  licenses: number;
  short: boolean;
}

/** The same counting as the decision's `billing` fact (src/policy/facts.ts), so the form and the rules agree. */
export function licenseCount(d: Directory): LicenseCount {
  const b = buildFacts(d, {}).values.billing;
  return {
    enabled: b.enabled === true,
    system: String(b.system ?? ''),
    assistantsAllowed: Number(b.assistantsAllowed),
    licenses: Number(b.licenses),
    short: b.licensesShort === true,
  };
}
