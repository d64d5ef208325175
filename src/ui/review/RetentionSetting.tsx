/** How long entries are kept. Pruning is done (and logged) by the worker, which requires the admin console unlocked. */
import { useEffect, useState } from 'preact/hooks';
import { isRetentionDays, MAX_RETENTION_DAYS, MIN_RETENTION_DAYS } from '../../shared/audit-fields';
import { plural } from '../shared/format';
import { readRetentionDays } from '../shared/audit-db';
import { DEFAULT_RETENTION_DAYS } from '../../shared/audit-fields';
import { sendRetention } from '../shared/worker';

export function RetentionSetting({ onChanged }: { onChanged: () => void }) {
  // Read from the log's database, where only the worker writes it (content scripts cannot reach it).
  const [stored, setStored] = useState<number | null>(null);
  const reread = () => void readRetentionDays().then(setStored, () => undefined);
  useEffect(reread, []);
  const current = stored ?? DEFAULT_RETENTION_DAYS;
  const [days, setDays] = useState(String(current));
  const [status, setStatus] = useState('');
  useEffect(() => setDays(String(current)), [current]);

  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    if (!isRetentionDays(n)) return setStatus(`Enter a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}.`);
    setStatus('Saving…');
    const reply = await sendRetention(n);
    if (!reply.ok) return setStatus(`Not saved: ${reply.reason}`);
    setStatus(`Saved: entries are kept ${plural(n, 'day')}; ${plural(reply.removed, 'older entry', 'older entries')} removed now.`);
    reread();
    onChanged();
  };

  return (
    <form class="retention" onSubmit={save}>
      <label for="retention-days">Keep entries for (days)</label>
      <input
        id="retention-days"
        type="number"
        min={MIN_RETENTION_DAYS}
        max={MAX_RETENTION_DAYS}
        step={1}
        required
        value={days}
        onInput={(e) => setDays(e.currentTarget.value)}
      />
      <button type="submit">Save retention</button>
      <p class="hint" id="retention-hint">
        Entries older than this are deleted, so changing it needs the admin console unlocked (Finalize Guard → Options → Access). The change is logged.
      </p>
      <p class="status" role="status">
        {status}
      </p>
    </form>
  );
}
