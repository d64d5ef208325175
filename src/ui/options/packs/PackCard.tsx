/**
 * One pack of the draft: what it is (name, version, jurisdiction, scope, effective dates, last checked,
 * citations), its status (enabled / monitor / disabled), and whether the draft changed it. Managed packs
 * are locked and say where they come from.
 */
import type { ComponentChildren } from 'preact';
import type { ConfigBundle } from '../../../config/types';
import type { Directory } from '../../../policy/types';
import { STATUS_HINT, STATUS_LABEL, STATUSES, statusOf, type PackStatus } from './pack-status';

type Entry = ConfigBundle['packs'][number];

interface Props {
  entry: Entry;
  index: number;
  directory: Directory;
  /** 'new' or 'changed' against the configuration in force, or null when the same. */
  change: 'new' | 'changed' | null;
  /** Why the pack cannot be changed (managed, read-only), or null. */
  locked: string | null;
  managed: boolean;
  /** The status control is held while the pack's JSON has errors. */
  statusHeld: boolean;
  onStatus(status: PackStatus): void;
  children?: ComponentChildren;
}

function scopeText(entry: Entry, directory: Directory): string {
  if (entry.pack.scope !== 'clinic') return 'Organisation-wide: every clinic';
  const clinics = directory.clinics.filter((c) => c.packs?.includes(entry.pack.name)).map((c) => c.name);
  return clinics.length ? `Clinics that use it: ${clinics.join(', ')}` : 'Clinics that use it: none yet (add it to a clinic in the Directory)';
}

function effectiveText(effective: Entry['pack']['effective']): string {
  if (!effective || (!effective.from && !effective.until)) return 'Always';
  if (effective.from && effective.until) return `Dates of service ${effective.from} to ${effective.until}`;
  return effective.from ? `Dates of service from ${effective.from}` : `Dates of service until ${effective.until}`;
}

export function PackCard({ entry, index, directory, change, locked, managed, statusHeld, onStatus, children }: Props) {
  const { pack } = entry;
  const status = statusOf(entry);
  const id = `pack-${index}`;
  return (
    <article class="record pack-card" aria-labelledby={`${id}-title`} data-testid={`pack-${pack.name}`} data-status={status}>
      <div class="record-head">
        <h3 id={`${id}-title`}>
          {pack.name} <span class="id">{pack.version}</span>
          {change && <span class={`change-badge ${change}`}>{change === 'new' ? 'new in the draft' : 'changed in the draft'}</span>}
        </h3>
        {managed && (
          <span class="managed-note" data-testid="managed-pack">
            Set by your organisation's browser policy (locked)
          </span>
        )}
      </div>
      {pack.description && <p class="pack-description">{pack.description}</p>}
      <dl class="pack-meta">
        <div>
          <dt>Jurisdiction</dt>
          <dd>{pack.jurisdiction ?? '—'}</dd>
        </div>
        <div>
          <dt>Scope</dt>
          <dd>{scopeText(entry, directory)}</dd>
        </div>
        <div>
          <dt>In force</dt>
          <dd>{effectiveText(pack.effective)}</dd>
        </div>
        <div>
          <dt>Last checked against its sources</dt>
          <dd>{pack.lastChecked ?? 'not recorded'}</dd>
        </div>
        <div>
          <dt>Rules</dt>
          <dd>{pack.rules.length}</dd>
        </div>
      </dl>
      <div class="pack-sources">
        <span class="label">Sources</span>
        {pack.sources?.length ? (
          <ul>
            {pack.sources.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ul>
        ) : (
          <p class="hint">No citations: add "sources" so admins can check the rules against them.</p>
        )}
      </div>
      <fieldset class="status-control" disabled={locked !== null || statusHeld}>
        <legend>Status of {pack.name}</legend>
        <div class="fields">
          {STATUSES.map((s) => (
            <label class="check" key={s} title={STATUS_HINT[s]}>
              <input type="radio" name={`${id}-status`} value={s} checked={status === s} onChange={() => onStatus(s)} />
              {STATUS_LABEL[s]} <span class="hint">{STATUS_HINT[s]}</span>
            </label>
          ))}
        </div>
        {locked && <p class="hint">{locked}</p>}
        {!locked && statusHeld && <p class="hint">Fix or discard the errors in the JSON below to change the status.</p>}
      </fieldset>
      {children}
    </article>
  );
}
