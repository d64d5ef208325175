/** Changes between two bundles as a readable list: area, what, before → after. Text only. */
import type { Change } from '../../../config/types';

const AREA: Record<Change['area'], string> = { pack: 'Pack', directory: 'Directory', site: 'Site' };

export function ChangeList({ changes, empty = 'No changes.', label }: { changes: readonly Change[]; empty?: string; label: string }) {
  if (changes.length === 0) return <p class="hint">{empty}</p>;
  return (
    <ul class="changes" aria-label={label}>
      {changes.map((c, i) => (
        <li key={i}>
          <span class="area">{AREA[c.area] ?? c.area}</span>
          {c.what}:{' '}
          {c.before === undefined ? (
            <span class="after">added{c.after ? `: ${c.after}` : ''}</span>
          ) : c.after === undefined ? (
            <span class="before">removed (was {c.before})</span>
          ) : (
            <>
              <span class="before">{c.before}</span> → <span class="after">{c.after}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
