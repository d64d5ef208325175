/** Fills "{{clinic.name}}" placeholders with fact values, as plain text (never HTML). */
import { PLACEHOLDER } from './catalog';

/** `read(fact, path)`: the value, or undefined when the fact or path is unknown or unreadable. */
export type ReadFact = (fact: string, path: string) => unknown;

/**
 * A template split once into its text and its placeholders; filling it joins them (no regular expression per
 * decision). A value that is missing or empty reads "unknown".
 */
export function compileTemplate(text: string): (read: ReadFact) => string {
  const parts: string[] = [];
  const slots: Array<[string, string]> = [];
  let from = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    parts.push(text.slice(from, m.index));
    slots.push([m[1], m[2]]);
    from = m.index + m[0].length;
  }
  if (slots.length === 0) return () => text;
  parts.push(text.slice(from));
  return (read) => {
    let out = parts[0];
    for (let i = 0; i < slots.length; i++) {
      const v = read(slots[i][0], slots[i][1]);
      out += (v === undefined || v === '' ? 'unknown' : String(v)) + parts[i + 1];
    }
    return out;
  };
}
