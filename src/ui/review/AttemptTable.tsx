/** The blocked attempts, newest first: only the first `limit` rows are rendered (with a count and "show more"). */
import type { AttemptEntry, ReviewEntry } from '../../audit/types';
import { formatCount } from '../shared/format';
import { utcTime } from './time';

export const PAGE = 200;

interface Props {
  rows: AttemptEntry[];
  reviews: Map<string, ReviewEntry[]>;
  limit: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onMore: () => void;
  /** The log is still loading: true, or the status to show while the rows given (the newest ones) are shown. */
  loading?: boolean | string;
}

const OUTCOME: Record<AttemptEntry['outcome'], string> = {
  blocked: 'Blocked',
  'would-block': 'Would block (monitor)',
  'policy-error': 'Policy error',
  'confirm-billing': 'Asked to confirm: will not reach billing',
};

export function AttemptTable({ rows, reviews, limit, selectedId, onSelect, onMore, loading = false }: Props) {
  const shown = rows.slice(0, limit);
  const count =
    typeof loading === 'string'
      ? loading
      : loading
        ? 'Loading the audit log…'
        : rows.length === 0
          ? 'No blocked attempts match.'
          : `Showing ${formatCount(shown.length)} of ${formatCount(rows.length)} blocked attempts, newest first.`;
  return (
    <section class="attempts" aria-labelledby="attempts-title">
      <h2 id="attempts-title">Blocked attempts</h2>
      <p class="count" role="status" data-testid="row-count">
        {count}
      </p>
      {rows.length > 0 && (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">User</th>
                <th scope="col">Clinic</th>
                <th scope="col">Insurance</th>
                <th scope="col">Note type</th>
                <th scope="col">Gates</th>
                <th scope="col">Outcome</th>
                <th scope="col">Reviewed</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => {
                const r = reviews.get(a.id);
                const selected = a.id === selectedId;
                return (
                  <tr
                    key={a.id}
                    data-id={a.id}
                    class={selected ? 'selected' : undefined}
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => onSelect(a.id)}
                  >
                    <td class="nowrap">
                      <button
                        type="button"
                        class="link"
                        aria-label={`Details of the attempt at ${utcTime(a.at)} UTC`}
                        onClick={(e) => {
                          e.stopPropagation();
                          onSelect(a.id);
                        }}
                      >
                        {utcTime(a.at)}
                      </button>
                    </td>
                    <td class="nowrap">
                      {a.userId ?? '—'}
                      {a.credential ? ` (${a.credential})` : ''}
                    </td>
                    <td class="nowrap">{a.clinicId ?? '—'}</td>
                    <td>{a.insuranceIds?.length ? a.insuranceIds.join(', ') : '—'}</td>
                    <td>{a.noteType ?? '—'}</td>
                    <td>{a.gates.join(', ')}</td>
                    <td>{OUTCOME[a.outcome] ?? a.outcome}</td>
                    <td data-col="reviewed">{r?.length ? `Yes (${r[r.length - 1].reviewer})` : 'No'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {!loading && rows.length > shown.length && (
        <button type="button" class="more" onClick={onMore}>
          Show {formatCount(Math.min(PAGE, rows.length - shown.length))} more
        </button>
      )}
    </section>
  );
}
