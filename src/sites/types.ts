/**
 * A site profile: everything host-specific about an EHR's note screen, kept as data
 * (rules/sites/*.json) so a changed screen or a new EHR is a profile edit, never a code change.
 */
import type { NoteContext } from '../policy/types';

/** One way to read a value from the page; a fact lists several, the first that yields a value wins. */
export interface Extractor {
  /** CSS selector, searched inside the note screen element (the element itself included). */
  selector: string;
  /** Read this attribute (e.g. "data-user-id"). */
  attribute?: string;
  /** Read this DOM property instead (e.g. "value" of a <select>). */
  property?: 'value' | 'textContent';
  /**
   * Read the element's text, whitespace collapsed (the default when neither attribute nor property is given).
   * For a <select>, the text of its selected option: what the screen shows.
   */
  text?: true;
  /**
   * Keep only the part of the text in place of {value}: "Supervised by: {value}". No regular expressions: the
   * text after the first occurrence of the prefix, up to the next occurrence of the suffix (or the end).
   */
  capture?: string;
  /**
   * Collect every match (for lists such as insuranceIds, or one per row of a services table) instead of the first;
   * each match must yield a value, else nothing is read. Rows stay in document order, so lists read from the same
   * rows stay aligned by index.
   */
  all?: true;
  /**
   * Map page words to values ("Daily Note" -> "daily"); an unmapped word yields nothing. For a number field the
   * values are whole numbers as text ("—" -> "0").
   */
  map?: Record<string, string>;
  /** The page shows a name, not an id: resolve it by exact, case-sensitive name in the directory (a shared name reads nothing). */
  lookup?: 'users' | 'clinics' | 'insurances';
}

/**
 * A note-context field. Number fields (treatmentDay, assistantMinutes, therapistMinutes) read a whole number from
 * the attribute or text, after capture and map: "8", "25 min" (see fields.ts).
 */
export type ContextField = keyof NoteContext;

export interface SiteProfile {
  $schema?: string;
  name: string;
  version: string;
  description?: string;
  /** Chrome match patterns ("https://*.example.com/*") of pages this profile applies to. */
  urlPatterns: string[];
  /** Present only on the note screen. */
  noteScreen: string;
  /** Every Finalize control: top and bottom bars, a split button, a menu item. */
  finalizeControls: string[];
  /**
   * Forms whose submit is the finalize action (the note form): while locked every submit of them is stopped,
   * whatever its submitter (an unlisted button, one outside the form via form=, Enter in a field, requestSubmit()).
   */
  finalizeForms?: string[];
  /** The EHR's own keyboard shortcuts that finalize, e.g. { "key": "Enter", "ctrl": true }. */
  shortcuts?: Array<{ key: string; ctrl?: boolean; meta?: boolean; alt?: boolean; shift?: boolean }>;
  /** URL filter (declarativeNetRequest syntax) of the EHR's finalize request, blocked while locked. */
  finalizeEndpoint?: string;
  /**
   * The EHR's own control that forwards the note to the supervising therapist (WebPT's answer for an assistant who
   * may not finalize): the explanation of a locked Finalize then offers "Forward to <supervising therapist>".
   */
  forwardControl?: string;
  facts: Partial<Record<ContextField, Extractor[]>>;
}
