/** Fills "{{clinic.name}}" placeholders with fact values, as plain text (never HTML). */
import { PLACEHOLDER } from './catalog';

/** `read(fact, path)`: the value, or undefined when the fact or path is unknown or unreadable. */
export function fillTemplate(text: string, read: (fact: string, path: string) => unknown): string {
  return text.replace(PLACEHOLDER, (_, fact: string, path: string) => {
    const v = read(fact, path);
    return v === undefined || v === '' ? 'unknown' : String(v);
  });
}

/** `read` over plain fact objects (own properties only). */
export const readFrom =
  (facts: Record<string, Record<string, unknown>>) =>
  (fact: string, path: string): unknown =>
    Object.hasOwn(facts, fact) && Object.hasOwn(facts[fact], path) ? facts[fact][path] : undefined;
