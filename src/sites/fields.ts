/**
 * The note-context fields a site profile can read, in NoteContext order, and what kind of value each holds.
 * The validator and the schema sync test follow this table; extract.ts repeats it (a test keeps the two equal).
 */
import type { ContextField } from './types';

/**
 * - text: one value ("u-pta-jamie"); several different matches are ambiguous and read nothing.
 * - set: a list of distinct values, each match one (insurances); repeats are kept once.
 * - list: one value per match, in document order, repeats kept, so that lists of one table stay aligned by index.
 * - number: one whole number ("8"; use "capture" to cut it out of a sentence).
 * - minutes: one whole number of minutes per match ("25", "25 min"), aligned like "list".
 */
export type FieldKind = 'text' | 'set' | 'list' | 'number' | 'minutes';

export const FIELD_KINDS: Readonly<Record<ContextField, FieldKind>> = {
  userId: 'text',
  clinicId: 'text',
  insuranceIds: 'set',
  noteType: 'text',
  noteId: 'text',
  supervisingTherapistId: 'text',
  dateOfService: 'text',
  treatmentDay: 'number',
  serviceCodes: 'list',
  assistantMinutes: 'minutes',
  therapistMinutes: 'minutes',
};

export const CONTEXT_FIELDS = Object.keys(FIELD_KINDS) as readonly ContextField[];

/** Fields read as one value per row of the services table: a profile reads all three or none. */
export const SERVICE_FIELDS: readonly ContextField[] = ['serviceCodes', 'assistantMinutes', 'therapistMinutes'];
