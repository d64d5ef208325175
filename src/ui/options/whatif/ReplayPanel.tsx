/**
 * Replay: the newest N blocked attempts of the audit log (read-only), decided again with the draft and
 * with the configuration in force; lists the decisions that would change. Says plainly what the log does
 * not keep, so the replay is approximate.
 */
import { useMemo, useState } from 'preact/hooks';
import type { ActiveConfig } from '../../../config/types';
import type { AuditEntry } from '../../../audit/types';
import type { Directory } from '../../../policy/types';
import { formatCount, formatTime, localDate, plural } from '../../shared/format';
import { readNewestEntries } from '../../review/newest';
import { activeInstalled, choicesFrom, type DraftInstall } from './context';
import { DEFAULT_REPLAY, MAX_REPLAY, newestAttempts, replayInSlices, REPLAY_KEPT, REPLAY_NOT_KEPT, summarizeChanges, type ReplayResult } from './replay';

interface Props {
  directory: Directory;
  install: DraftInstall;
  active: ActiveConfig | null;
  /** The newest entries holding at least `n` attempts (IndexedDB by default; tests pass their own). */
  load?: (n: number) => Promise<AuditEntry[]>;
}

const PAGE = 200;
const list = (xs: string[]) => (xs.length ? xs.join(', ') : '—');

export function ReplayPanel({ directory, install, active, load = readNewestEntries }: Props) {
  const [count, setCount] = useState(String(DEFAULT_REPLAY));
  const [supervisorId, setSupervisorId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState<ReplayResult | null>(null);
  const [shown, setShown] = useState(PAGE);
  const supervisors = useMemo(() => choicesFrom(directory).supervisors, [directory]);
  const inForce = useMemo(() => activeInstalled(active), [active]);

  const n = Number(count);
  const validCount = Number.isInteger(n) && n >= 1 && n <= MAX_REPLAY;
  const canRun = validCount && install.ok && inForce !== null && !busy;

  const run = async (e: Event) => {
    e.preventDefault();
    if (!canRun || !install.ok || !inForce) return;
    setBusy(true);
    setError('');
    try {
      const attempts = newestAttempts(await load(n), n);
      const r = await replayInSlices(attempts, inForce, install.config, { supervisorId, dateOf: (at) => localDate(new Date(at)) });
      setResult(r);
      setShown(PAGE);
    } catch (err) {
      setError(`The audit log could not be read: ${(err as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  const summary = result && summarizeChanges(result.changed);
  return (
    <section aria-labelledby="fg-replay-title" data-testid="replay-panel">
      <h3 id="fg-replay-title">Replay the audit log</h3>
      <p class="hint">
        Decides the newest blocked attempts again, with the draft and with the configuration in force, and lists those whose decision would change. Entries keep
        only {REPLAY_KEPT.join(', ')}. They do not keep {REPLAY_NOT_KEPT.join('; ')}: rules that read those see a note without them (or the supervising
        therapist chosen below), so the replay is approximate.
      </p>
      <form class="replay-form" onSubmit={run}>
        <label class="field">
          <span class="label">Newest attempts to replay (1 to {formatCount(MAX_REPLAY)})</span>
          <input
            type="number"
            min={1}
            max={MAX_REPLAY}
            step={1}
            value={count}
            onInput={(e) => setCount(e.currentTarget.value)}
            aria-invalid={validCount ? undefined : 'true'}
            data-testid="replay-count"
          />
        </label>
        <label class="field">
          <span class="label">Supervising therapist to assume</span>
          <select value={supervisorId} onChange={(e) => setSupervisorId(e.currentTarget.value)}>
            <option value="">None (as a screen that shows none)</option>
            {supervisors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" class="primary" disabled={!canRun}>
          {busy ? 'Replaying…' : 'Replay'}
        </button>
      </form>
      {!install.ok && <p class="error">The draft is invalid: fix it before replaying (see above).</p>}
      {!inForce && <p class="hint">No configuration is in force to compare with.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {result && summary && (
        <div class="replay-result" data-testid="replay-result">
          <p role="status">
            {result.replayed === 0
              ? 'The audit log holds no blocked attempts yet.'
              : `Replayed ${plural(result.replayed, 'attempt')} (${formatTime(result.from!)} to ${formatTime(result.until!)}): ` +
                `${plural(result.changed.length, 'decision')} would change` +
                (result.changed.length
                  ? ` (${summary.nowAllowed} now allowed, ${summary.nowBlocked} now blocked, ${summary.otherwise} with other reasons).`
                  : '.')}
            {result.skipped > 0 && ` ${plural(result.skipped, 'entry', 'entries')} lacked the user, clinic, insurance or note type and were skipped.`}
          </p>
          {result.notReproduced > 0 && (
            <p class="hint" data-testid="replay-not-reproduced">
              {plural(result.notReproduced, 'attempt')} would not be blocked the same way by the configuration in force today (it changed since, or the note's
              missing fields mattered): read those rows with care.
            </p>
          )}
          {result.changed.length > 0 && (
            <div class="table-wrap">
              <table class="replay-changes" data-testid="replay-changes">
                <caption class="visually-hidden">Attempts whose decision would change with the draft</caption>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">User</th>
                    <th scope="col">Clinic</th>
                    <th scope="col">Note type</th>
                    <th scope="col">Before → after</th>
                    <th scope="col">Blocks added</th>
                    <th scope="col">Blocks removed</th>
                    <th scope="col">Warnings added / removed</th>
                  </tr>
                </thead>
                <tbody>
                  {result.changed.slice(0, shown).map((c) => (
                    <tr key={c.entryId}>
                      <td>{formatTime(c.at)}</td>
                      <td class="mono">{c.userId}</td>
                      <td class="mono">{c.clinicId}</td>
                      <td>{c.noteType}</td>
                      <td>
                        {c.before} → {c.after}
                      </td>
                      <td class="mono">{list(c.added)}</td>
                      <td class="mono">{list(c.removed)}</td>
                      <td class="mono">
                        {list(c.warningsAdded)} / {list(c.warningsRemoved)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.changed.length > shown && (
                <p>
                  <button type="button" onClick={() => setShown((s) => s + PAGE)}>
                    Show {Math.min(PAGE, result.changed.length - shown)} more
                  </button>{' '}
                  <span class="hint">of {formatCount(result.changed.length)}</span>
                </p>
              )}
            </div>
          )}
        </div>
      )}
    </section>
  );
}
