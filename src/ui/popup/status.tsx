/**
 * What the toolbar popup shows: why notes are locked everywhere (if they are), the active rule packs and directory,
 * and a fail-closed self-check. The self-check runs what note tabs run (decideValidated), so the popup loads neither
 * json-rules-engine nor the validators (test/bundle.test.ts checks it).
 */
import { useMemo } from 'preact/hooks';
import type { ActiveConfig } from '../../background/config';
import { statusNow } from '../../config/status';
import { decideValidated } from '../../policy/decide-validated';
import { isNotSetUp, NOT_SET_UP } from '../../policy/not-set-up';

/** `status`: the worker's configStatus (config/status.ts), which note tabs obey before the configuration. */
export function PopupStatus({ config, status }: { config: ActiveConfig | null; status?: unknown }) {
  // A note screen nobody could read must come out blocked: proves the note tabs' evaluator runs here and fails closed.
  const check = useMemo(() => (config ? decideValidated(config.packs, config.directory, {}) : null), [config]);

  if (!config) return <p class="bad">No active configuration: Finalize stays locked on every note.</p>;
  const dir = config.directory as { organization?: string; clinics?: unknown[]; insurances?: unknown[]; users?: unknown[] };
  const notSetUp = Array.isArray(dir.clinics) && Array.isArray(dir.users) && isNotSetUp(config.directory);
  // What every note tab shows comes first: browser policy that is invalid or missing locks notes whatever the directory holds.
  const now = statusNow(status, Date.now());
  const everywhere =
    now.kind === 'locked'
      ? `${now.message} ${now.remedy}`
      : now.kind === 'checking'
        ? "Checking your organisation's settings…"
        : notSetUp
          ? `${NOT_SET_UP.message} ${NOT_SET_UP.remedy}`
          : null;
  return (
    <section aria-label="Configuration">
      {everywhere && (
        <p class="bad" role="alert" data-testid="locked-everywhere">
          {everywhere}
        </p>
      )}
      {config.managed && (config.managed.directory || config.managed.packs.length > 0 || config.managed.sites.length > 0) && (
        <p data-testid="managed">{managedText(config.managed)}</p>
      )}
      <dl>
        <dt>Rule packs</dt>
        <dd data-testid="pack">{describePacks(config.packs)}</dd>
        <dt>Directory</dt>
        <dd data-testid="directory">
          {`${dir.organization ?? 'Organisation'}: ${dir.clinics?.length ?? 0} clinics, ${dir.insurances?.length ?? 0} insurances, ${dir.users?.length ?? 0} users`}
        </dd>
        <dt>Self-check</dt>
        <dd data-testid="self-check" class={check?.outcome === 'blocked' ? 'ok' : 'bad'}>
          {!check ? 'running…' : check.outcome === 'blocked' ? 'Fails closed: an unreadable note stays locked.' : `Unexpected outcome: ${check.outcome}`}
        </dd>
      </dl>
    </section>
  );
}

/** Organisation-wide packs in full (they decide every note); clinic packs by name (they apply where a clinic uses them). */
function describePacks(packs: ActiveConfig['packs']): string {
  const on = packs.filter((e) => e.enabled);
  if (on.length === 0) return 'none turned on';
  const label = (e: (typeof on)[number]) => `${e.pack.name} ${e.pack.version}${e.pack.mode === 'monitor' ? ' (monitor)' : ''}`;
  const everywhere = on.filter((e) => e.pack.scope !== 'clinic').map((e) => `${label(e)} #${e.hash.slice(0, 12)}`);
  const clinic = on.filter((e) => e.pack.scope === 'clinic').map(label);
  return [...everywhere, ...(clinic.length ? [`where clinics use them: ${clinic.join(', ')}`] : [])].join('; ');
}

/** Which parts browser policy sets: how IT checks that the policy arrived on this computer. */
function managedText(m: NonNullable<ActiveConfig['managed']>): string {
  const parts = [
    m.directory ? 'the directory' : '',
    m.packs.length ? `rule packs (${m.packs.join(', ')})` : '',
    m.sites.length ? `site profiles (${m.sites.join(', ')})` : '',
  ].filter(Boolean);
  const listed = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  return `Managed by policy: ${listed} ${parts.length === 1 ? 'is' : 'are'} set by your organisation's browser policy.`;
}
