/** Checks of the organisation directory: shapes, unique ids, references between records. */
import { CLINIC_SETTINGS, CREDENTIALS, PAYERS } from './catalog';
import { ID, isCalendarDate } from './facts';
import { Problems, checkKeys, checkText, isObject, suggest, type Json, type JsonPath, show, rootObject } from './problems';

const ID_TEXT = { required: true, max: 64, pattern: ID, example: '"clinic-north"' };
const NAME_TEXT = { required: true, max: 200, example: '"North Clinic"' };

export function validateDirectory(value: unknown): Problems {
  const out = new Problems();
  const dir = rootObject(
    value,
    ['$schema', 'organization', 'clinics', 'insurances', 'users', 'billing'],
    out,
    'A directory',
    'Start from rules/directory.example.json.',
  );
  if (!dir) return out;
  checkText(dir, 'organization', [], out, { required: false, max: 200, example: '"Synthetic Rehab Group"' });
  list(dir, 'clinics', out, (c, at) => {
    checkKeys(c, ['id', 'name', 'assistantFinalization', 'packs', 'state', 'setting', 'uhcEvaluationCodes'], at, out);
    optionalBoolean(c, 'assistantFinalization', at, out, 'Leave it out or set true to allow assistants to finalize notes in this clinic (ON by default).');
    checkText(c, 'state', at, out, { required: false, max: 2, pattern: /^[A-Z]{2}$/, example: '"OH"' });
    optionalChoice(c, 'setting', CLINIC_SETTINGS, at, out);
    optionalChoice(c, 'uhcEvaluationCodes', ['warn', 'block'], at, out);
    const packs = c.packs;
    if (
      packs !== undefined &&
      !(Array.isArray(packs) && packs.every((n) => typeof n === 'string' && PACK_NAME.test(n)) && new Set(packs).size === packs.length)
    ) {
      out.error([...at, 'packs'], "'packs' must be a list of distinct rule pack names", 'Write e.g. "packs": ["medicare-part-b", "state-oh"].');
    }
  });
  list(dir, 'insurances', out, (ins, at) => {
    checkKeys(ins, ['id', 'name', 'assistantFinalization', 'payer'], at, out);
    optionalChoice(ins, 'payer', PAYERS, at, out);
    if (typeof ins.assistantFinalization !== 'boolean') {
      out.error(
        [...at, 'assistantFinalization'],
        "Each insurance needs 'assistantFinalization' (true or false)",
        'Set the insurance\'s "Allow therapist assistants to finalize notes" explicitly: true or false.',
      );
    }
  });
  const users = list(dir, 'users', out, (u, at) => {
    checkKeys(u, ['id', 'name', 'initials', 'credential', 'finishSoapNotes'], at, out);
    checkText(u, 'initials', at, out, { required: false, max: 4, pattern: /^[A-Z]{1,4}$/, example: '"JR"' });
    if (typeof u.credential !== 'string' || !CREDENTIALS.includes(u.credential as never)) {
      out.error([...at, 'credential'], `Unknown credential ${show(u.credential)}`, credentialHint(u.credential));
    }
  });
  const userIds = new Set(users.map((u) => u.id));
  users.forEach((u, i) => checkPermission(u, ['users', i], userIds, out));
  if (dir.billing !== undefined) checkBilling(dir.billing, userIds, out);
  return out;
}

/** A list of records with unique ids and names; returns the records that are objects. */
function list(dir: Json, key: string, out: Problems, each: (item: Json, at: JsonPath) => void): Json[] {
  const items = dir[key];
  if (!Array.isArray(items)) {
    out.error([key], `'${key}' must be a list`, `Add "${key}": [ ... ] (it may be empty).`);
    return [];
  }
  const seen = new Set<unknown>();
  return items.filter((item, i) => {
    const at = [key, i];
    if (!isObject(item)) {
      out.error(at, 'Each entry must be an object', 'Write { "id": ..., "name": ..., ... }.');
      return false;
    }
    checkText(item, 'id', at, out, ID_TEXT);
    checkText(item, 'name', at, out, NAME_TEXT);
    if (seen.has(item.id)) out.error([...at, 'id'], `Duplicate id ${show(item.id)} in '${key}'`, 'Every record needs its own id.');
    seen.add(item.id);
    each(item, at);
    return true;
  });
}

const PACK_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function optionalChoice(obj: Json, key: string, choices: readonly string[], at: JsonPath, out: Problems): void {
  const v = obj[key];
  if (v !== undefined && !(typeof v === 'string' && choices.includes(v))) {
    out.error([...at, key], `Unknown ${key} ${show(v)}`, suggest(typeof v === 'string' ? v : '', [...choices]));
  }
}

function optionalBoolean(obj: Json, key: string, at: JsonPath, out: Problems, hint: string): void {
  if (obj[key] !== undefined && typeof obj[key] !== 'boolean') {
    out.error([...at, key], `'${key}' must be true or false (not ${show(obj[key])})`, hint);
  }
}

function checkPermission(u: Json, at: JsonPath, userIds: Set<unknown>, out: Problems): void {
  const p = u.finishSoapNotes;
  if (p === undefined) return;
  const pat = [...at, 'finishSoapNotes'];
  if (!isObject(p) || typeof p.enabled !== 'boolean') {
    out.error(
      pat,
      '\'finishSoapNotes\' must be { "enabled": true|false, "confirmedBy", "confirmedAt" }',
      'Turn the permission on in the admin console, which records the confirmation.',
    );
    return;
  }
  checkKeys(p, ['enabled', 'confirmedBy', 'confirmedAt'], pat, out);
  if (p.confirmedBy !== undefined && !userIds.has(p.confirmedBy)) {
    out.error(
      [...pat, 'confirmedBy'],
      `confirmedBy ${show(p.confirmedBy)} is not a user in this directory`,
      'Use the id of the admin who answered "Yes, I understand".',
    );
  }
  if (
    p.confirmedAt !== undefined &&
    (typeof p.confirmedAt !== 'string' || !isCalendarDate(p.confirmedAt.slice(0, 10)) || Number.isNaN(Date.parse(p.confirmedAt)))
  ) {
    out.error([...pat, 'confirmedAt'], "'confirmedAt' must be a date and time", 'Write e.g. "2026-01-05T09:30:00Z".');
  }
  if (p.enabled === true && (p.confirmedBy === undefined || p.confirmedAt === undefined)) {
    out.warn(
      pat,
      `'Finish SOAP Notes' is on for ${show(u.id)} but was never confirmed, so it does not count`,
      'Confirm it with "Yes, I understand" in the admin console (confirmedBy and confirmedAt).',
    );
  }
}

function checkBilling(b: unknown, userIds: Set<unknown>, out: Problems): void {
  if (!isObject(b)) {
    out.error(['billing'], "'billing' must be an object", 'Write "billing": { "system": "Therabill", "enabled": true, "licenses": 3, "providers": [] }.');
    return;
  }
  checkKeys(b, ['system', 'enabled', 'licenses', 'providers'], ['billing'], out);
  checkText(b, 'system', ['billing'], out, { required: true, max: 64, example: '"Therabill"' });
  if (typeof b.enabled !== 'boolean')
    out.error(['billing', 'enabled'], "'enabled' must be true or false", 'Set "enabled": true when notes are sent to the billing system.');
  if (!Number.isInteger(b.licenses) || (b.licenses as number) < 0) {
    out.error(['billing', 'licenses'], "'licenses' must be a whole number of provider licenses", 'Write the number purchased, e.g. "licenses": 3.');
  }
  if (!Array.isArray(b.providers)) {
    out.error(['billing', 'providers'], "'providers' must be a list", 'Write "providers": [ { "userId": ..., "providerId": ... } ].');
    return;
  }
  if (Number.isInteger(b.licenses) && b.providers.length > (b.licenses as number)) {
    out.warn(
      ['billing', 'providers'],
      `${b.providers.length} providers are listed but only ${b.licenses} licenses are purchased`,
      "Check the licenses in your billing system's settings.",
    );
  }
  b.providers.forEach((p, i) => {
    const at = ['billing', 'providers', i];
    if (!isObject(p)) return out.error(at, 'Each provider must be an object', 'Write { "userId": ..., "providerId": ... }.');
    checkKeys(p, ['userId', 'providerId'], at, out);
    checkText(p, 'providerId', at, out, { ...ID_TEXT, example: '"TB-1001"' });
    if (!userIds.has(p.userId))
      out.error([...at, 'userId'], `userId ${show(p.userId)} is not a user in this directory`, 'Use the id of a user listed under "users".');
  });
}

/** A credential decides what a person may do, and PT and PTA differ by one letter: suggest one only when case or spaces are all that differ. */
function credentialHint(v: unknown): string {
  const same = typeof v === 'string' ? CREDENTIALS.find((c) => c === v.trim().toUpperCase()) : undefined;
  return same ? `Did you mean '${same}'?` : `Write the person's credential exactly, one of: ${CREDENTIALS.join(', ')}.`;
}
