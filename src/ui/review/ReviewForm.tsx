/** "Mark reviewed": a reviewer id and a note, sent to the worker as its own review entry. */
import { useState } from 'preact/hooks';
import { sendReview } from '../shared/worker';

const REVIEWER_PATTERN = '[A-Za-z0-9][A-Za-z0-9._:@\\-]{0,63}';
const REVIEWER = new RegExp(`^${REVIEWER_PATTERN}$`);
const NOTE_MAX = 500;

export function ReviewForm({ attemptId, onDone }: { attemptId: string; onDone: (reviewId: string) => void }) {
  const [reviewer, setReviewer] = useState(() => localStorage.getItem('fg-reviewer') ?? '');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!REVIEWER.test(reviewer)) return setError('Enter your reviewer id: letters, digits and . _ : @ - (no spaces), up to 64 characters.');
    if (note.length > NOTE_MAX) return setError(`The note is too long (${note.length} of ${NOTE_MAX} characters).`);
    setBusy(true);
    setError('');
    const reply = await sendReview(attemptId, reviewer, note.trim());
    setBusy(false);
    if (!reply.ok) return setError(`Not saved: ${reply.reason}`);
    localStorage.setItem('fg-reviewer', reviewer);
    setNote('');
    onDone(reply.id);
  };

  return (
    <form class="review-form" onSubmit={submit} aria-labelledby="review-form-title">
      <h3 id="review-form-title">Mark reviewed</h3>
      <p class="warn" id="review-note-warning">
        Do not write patient data (names, dates of birth, note text) in the note: it is kept in the audit log and exported.
      </p>
      <label for="reviewer">Reviewer id</label>
      <input
        id="reviewer"
        name="reviewer"
        value={reviewer}
        required
        pattern={REVIEWER_PATTERN}
        maxLength={64}
        autocomplete="username"
        onInput={(e) => setReviewer(e.currentTarget.value.trim())}
      />
      <label for="review-note">
        Note{' '}
        <span class="hint">
          ({note.length}/{NOTE_MAX})
        </span>
      </label>
      <textarea
        id="review-note"
        name="note"
        rows={3}
        maxLength={NOTE_MAX}
        aria-describedby="review-note-warning"
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <div class="actions">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Mark reviewed'}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
