/** Fills "{{clinic.name}}" placeholders with fact values, as plain text (never HTML). */
import { PLACEHOLDER } from './catalog';

export function fillTemplate(text: string, facts: Record<string, Record<string, unknown>>): string {
  return text.replace(PLACEHOLDER, (_, fact: string, path: string) => {
    const v = Object.hasOwn(facts, fact) && Object.hasOwn(facts[fact], path) ? facts[fact][path] : undefined;
    return v === undefined || v === '' ? 'unknown' : String(v);
  });
}
