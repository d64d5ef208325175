/** One attempt: its gates and rules, the explanation the assistant saw (rebuilt), the pack, the review history. */
import { useEffect, useRef } from 'preact/hooks';
import type { ActiveConfig } from '../../background/config';
import type { AttemptEntry, ReviewEntry } from '../../audit/types';
import { explainAttempt } from './explain';
import { ReviewForm } from './ReviewForm';
import { utcTime } from './time';

interface Props {
  entry: AttemptEntry;
  reviews: ReviewEntry[];
  config: ActiveConfig | null;
  onClose: () => void;
  onReviewed: (id: string) => void;
}

const shortHash = (h: string) => (h ? `#${h.slice(0, 12)}` : '(no hash)');

export function AttemptDetail({ entry, reviews, config, onClose, onReviewed }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [entry.id]);
  const ex = explainAttempt(entry, config);
  return (
    <section class="detail" aria-labelledby="detail-title" data-testid="detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="detail-head">
        <h2 id="detail-title" tabIndex={-1} ref={heading}>
          Attempt at {utcTime(entry.at)} UTC
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <h3>The explanation the assistant saw</h3>
      {ex.reasons.length === 0 ? (
        <p>No rule names were recorded.</p>
      ) : (
        <ul class="reasons" data-testid="explanation">
          {ex.reasons.map((r) => (
            <li key={r.rule} class={r.known ? undefined : 'unknown'}>
              <span class="gate">{r.gate ?? '?'}</span> <span class="message">{r.message}</span>
              {r.remedy && <div class="remedy">How to fix: {r.remedy}</div>}
              {r.source && <div class="source">Source: {r.source}</div>}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        {!ex.from
          ? 'No active rule pack: the text cannot be rebuilt.'
          : ex.samePack === false
            ? `Rebuilt from the active pack ${ex.from.name} ${ex.from.version} ${shortHash(ex.from.hash)}, not the one this attempt was decided under: its wording may differ.`
            : `Rebuilt from the active pack ${ex.from.name} ${ex.from.version} ${shortHash(ex.from.hash)}, the one this attempt was decided under.`}{' '}
        Names come from today's directory; the supervising therapist is not recorded.
      </p>

      <h3>The attempt</h3>
      <dl class="facts">
        <dt>User</dt>
        <dd>
          {entry.userId ?? '—'}
          {entry.credential ? ` (${entry.credential})` : ''}
        </dd>
        <dt>Clinic</dt>
        <dd>{entry.clinicId ?? '—'}</dd>
        <dt>Insurance</dt>
        <dd>{entry.insuranceIds?.join(', ') || '—'}</dd>
        <dt>Note type</dt>
        <dd>{entry.noteType ?? '—'}</dd>
        <dt>How</dt>
        <dd>
          {entry.kind} on {entry.profile} · {entry.outcome}
        </dd>
        <dt>Gates</dt>
        <dd data-testid="detail-gates">{entry.gates.join(', ') || '—'}</dd>
        <dt>Rules</dt>
        <dd data-testid="detail-rules">{entry.rules.join(', ') || '—'}</dd>
        <dt>Rule pack</dt>
        <dd data-testid="detail-pack">
          {entry.pack ? `${entry.pack.name} ${entry.pack.version} ${shortHash(entry.pack.hash)}` : 'none (no valid pack was loaded)'}
        </dd>
        <dt>Entry</dt>
        <dd class="mono">
          {entry.id} · seq {entry.seq}
        </dd>
      </dl>

      <h3>Review history</h3>
      {reviews.length === 0 ? (
        <p data-testid="review-history">Not reviewed yet.</p>
      ) : (
        <ol class="history" data-testid="review-history">
          {reviews.map((r) => (
            <li key={r.id}>
              <strong>{r.reviewer}</strong> at {utcTime(r.at)} UTC{r.note ? ': ' : ''}
              {r.note && <q>{r.note}</q>}
            </li>
          ))}
        </ol>
      )}
      <ReviewForm attemptId={entry.id} onDone={onReviewed} />
    </section>
  );
}
