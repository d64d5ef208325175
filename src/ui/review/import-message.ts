/** What a supervisor reads after importing one file. */
import type { ImportReply } from '../shared/worker';
import { formatCount, plural } from '../shared/format';

export function importMessage(fileName: string, reply: ImportReply): { ok: boolean; text: string } {
  if (reply.ok) {
    return { ok: true, text: `${fileName}: imported ${formatCount(reply.imported)}, skipped ${plural(reply.skipped, 'duplicate')}.` };
  }
  // The worker's reasons name the file already ("x.json" was altered: … — nothing was imported from it).
  let text = reply.reason.includes(fileName) ? reply.reason : `${fileName}: ${reply.reason}`;
  if (!/nothing (was )?imported/i.test(text)) text = `${text.replace(/[.\s]+$/, '')} — nothing was imported from it`;
  return { ok: false, text: /[.!?]$/.test(text) ? text : `${text}.` };
}
