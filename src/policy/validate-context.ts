/** Checks of a note context written by hand (CLI, case files). Contexts read from a page are checked lazily by the facts. */
import { NOTE_TYPES } from './catalog';
import { DATE, ID, isCalendarDate } from './facts';
import { Problems, checkText, suggest, show, rootObject } from './problems';

const CONTEXT_KEYS = ['$schema', 'userId', 'clinicId', 'insuranceIds', 'noteType', 'noteId', 'supervisingTherapistId', 'dateOfService'];

export function validateContext(value: unknown): Problems {
  const out = new Problems();
  const ctx = rootObject(value, CONTEXT_KEYS, out, 'A note context', 'See rules/contexts/pta-allowed.json.');
  if (!ctx) return out;
  const id = { max: 64, pattern: ID, example: '"u-pta-jamie"' };
  checkText(ctx, 'userId', [], out, { ...id, required: true });
  checkText(ctx, 'clinicId', [], out, { ...id, required: true });
  checkText(ctx, 'noteId', [], out, { ...id, required: false });
  checkText(ctx, 'supervisingTherapistId', [], out, { ...id, required: false });
  checkText(ctx, 'dateOfService', [], out, { required: false, max: 10, pattern: DATE, example: '"2026-11-27"' });
  if (typeof ctx.dateOfService === 'string' && DATE.test(ctx.dateOfService) && !isCalendarDate(ctx.dateOfService)) {
    out.error(['dateOfService'], `${ctx.dateOfService} is not a date in the calendar`, 'Check the day of the month.');
  }
  const ins = ctx.insuranceIds;
  if (!Array.isArray(ins) || ins.length === 0 || !ins.every((i) => typeof i === 'string' && ID.test(i))) {
    out.error(['insuranceIds'], "'insuranceIds' must be a non-empty list of insurance ids", 'Write e.g. "insuranceIds": ["ins-acme-ppo"].');
  }
  if (typeof ctx.noteType !== 'string' || !NOTE_TYPES.includes(ctx.noteType as never)) {
    out.error(['noteType'], `Unknown note type ${show(ctx.noteType)}`, suggest(ctx.noteType ?? '', NOTE_TYPES));
  }
  return out;
}
