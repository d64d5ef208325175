/** How long entries are kept. Pruning is done (and logged) by the worker. */
import { useEffect, useState } from 'preact/hooks';
import { plural } from '../shared/format';
import { AUDIT_SETTINGS_KEY, DEFAULT_RETENTION_DAYS, useStorageValue, type AuditSettings } from '../shared/storage';
import { sendRetention } from '../shared/worker';

export function RetentionSetting({ onChanged }: { onChanged: () => void }) {
  const settings = useStorageValue<AuditSettings>('local', AUDIT_SETTINGS_KEY);
  const current = settings?.retentionDays ?? DEFAULT_RETENTION_DAYS;
  const [days, setDays] = useState(String(current));
  const [status, setStatus] = useState('');
  useEffect(() => setDays(String(current)), [current]);

  const save = async (e: Event) => {
    e.preventDefault();
    const n = Number(days);
    if (!Number.isInteger(n) || n < 1 || n > 3650) return setStatus('Enter a whole number of days from 1 to 3650.');
    setStatus('Saving…');
    const reply = await sendRetention(n);
    if (!reply.ok) return setStatus(`Not saved: ${reply.reason}`);
    setStatus(`Saved: entries are kept ${plural(n, 'day')}; ${plural(reply.removed, 'older entry', 'older entries')} removed now.`);
    onChanged();
  };

  return (
    <form class="retention" onSubmit={save}>
      <label for="retention-days">Keep entries for (days)</label>
      <input id="retention-days" type="number" min={1} max={3650} step={1} required value={days} onInput={(e) => setDays(e.currentTarget.value)} />
      <button type="submit">Save retention</button>
      <p class="status" role="status">
        {status}
      </p>
    </form>
  );
}
