/** Checks of a note context written by hand (CLI, case files). Contexts read from a page are checked lazily by the facts. */
import { NOTE_TYPES } from './catalog';
import { CPT, DATE, ID, isCalendarDate, isCount } from './facts';
import { Problems, checkText, suggest, show, rootObject } from './problems';

const CONTEXT_KEYS = [
  '$schema',
  'userId',
  'clinicId',
  'insuranceIds',
  'noteType',
  'noteId',
  'supervisingTherapistId',
  'dateOfService',
  'treatmentDay',
  'serviceCodes',
  'assistantMinutes',
  'therapistMinutes',
];

export function validateContext(value: unknown): Problems {
  const out = new Problems();
  const ctx = rootObject(value, CONTEXT_KEYS, out, 'A note context', 'See rules/contexts/pta-allowed.json.');
  if (!ctx) return out;
  const id = (example: string, required: boolean) => ({ max: 64, pattern: ID, example, required });
  checkText(ctx, 'userId', [], out, id('"u-pta-jamie"', true));
  checkText(ctx, 'clinicId', [], out, id('"clinic-north"', true));
  checkText(ctx, 'noteId', [], out, id('"note-1"', false));
  checkText(ctx, 'supervisingTherapistId', [], out, id('"u-pt-avery"', false));
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
  if (ctx.treatmentDay !== undefined && !isCount(ctx.treatmentDay)) {
    out.error(
      ['treatmentDay'],
      "'treatmentDay' must be a whole number of treatment days",
      'Write e.g. "treatmentDay": 8, or leave it out when the screen does not show it.',
    );
  }
  checkServices(ctx, out);
  return out;
}

/** Services and their minutes come together, aligned by index. */
function checkServices(ctx: Record<string, unknown>, out: Problems): void {
  const keys = ['serviceCodes', 'assistantMinutes', 'therapistMinutes'] as const;
  if (keys.every((k) => ctx[k] === undefined)) return;
  const codes = ctx.serviceCodes;
  if (!Array.isArray(codes) || codes.length === 0 || codes.length > 50 || !codes.every((c) => typeof c === 'string' && CPT.test(c))) {
    out.error(['serviceCodes'], "'serviceCodes' must be a list of 1 to 50 CPT codes", 'Write e.g. "serviceCodes": ["97110", "97140"].');
    return;
  }
  for (const k of keys.slice(1)) {
    const list = ctx[k];
    if (!Array.isArray(list) || list.length !== codes.length || !list.every(isCount)) {
      out.error(
        [k],
        `'${k}' must list whole minutes for each of the ${codes.length} service codes, in the same order`,
        `Write e.g. "${k}": [${codes.map(() => '0').join(', ')}].`,
      );
    }
  }
}
