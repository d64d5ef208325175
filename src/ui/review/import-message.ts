/** What a supervisor reads after importing one file: what was stored, and if it stopped, where and why. */
import { formatCount, plural } from '../shared/format';
import type { FileResult } from './import-chunks';

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export function importMessage(fileName: string, result: FileResult): { ok: boolean; text: string } {
  if (result.ok) {
    const about = result.about ? ` ${result.about}` : '';
    return { ok: true, text: `${fileName}: imported ${formatCount(result.imported)}, skipped ${plural(result.skipped, 'duplicate')}.${about}` };
  }
  // The reasons from readImport and the worker name the file already ("x.json" was altered: …).
  const reason = result.reason.includes(fileName) ? result.reason : `${fileName}: ${result.reason}`;
  const stopped = result.stopped;
  // Refused before anything was sent, or at the first part (a refused part is stored not at all): nothing is stored.
  if (!stopped || (stopped.part === 1 && !stopped.unanswered)) {
    const text = /nothing (was )?imported/i.test(reason) ? reason : `${reason.replace(/[.\s]+$/, '')} — nothing was imported from it`;
    return { ok: false, text: sentence(text) };
  }
  // The parts before the stop are stored (and without an answer, the stop's own part may be): say how much,
  // never "nothing was imported".
  const { part, parts, imported, skipped, remaining } = stopped;
  const done = part === 2 ? 'part 1' : `parts 1–${part - 1}`;
  const before = part > 1 ? `imported ${formatCount(imported)}, skipped ${plural(skipped, 'duplicate')} from ${done} of ${parts}, then ` : '';
  const why = result.reason.replace(/[.\s]+$/, '');
  const after = stopped.unanswered
    ? `Part ${part} may or may not have been stored`
    : `The remaining ${plural(remaining, 'entry', 'entries')} ${remaining === 1 ? 'was' : 'were'} not imported`;
  return {
    ok: false,
    text: `${fileName}: ${before}the import stopped at part ${part} of ${parts}: ${why}. ${after}; import the file again to finish (entries already stored are skipped as duplicates).`,
  };
}
