/** The billing integration (e.g. Therabill): who are billing providers, and whether the licenses cover the assistants who may finalize. */
import type { Directory } from '../../../policy/types';
import { plural } from '../../shared/format';
import { NEW_BILLING, licenseCount, removeBilling, setBilling, setProvider, suggestProviderId } from './edit';

export function BillingForm({ directory, onChange }: { directory: Directory; onChange(d: Directory): void }) {
  const billing = directory.billing;
  if (!billing) {
    return (
      <p>
        No billing integration.{' '}
        <button type="button" onClick={() => onChange({ ...directory, billing: NEW_BILLING })}>
          Add a billing integration
        </button>
      </p>
    );
  }
  const count = licenseCount(directory);
  const providerOf = (id: string) => billing.providers.find((p) => p.userId === id);
  return (
    <div data-testid="billing">
      <label class="check">
        <input type="checkbox" checked={billing.enabled} onChange={(e) => onChange(setBilling(directory, { enabled: e.currentTarget.checked }))} />
        <span>Notes are sent to the billing system</span>
      </label>
      <div class="fields">
        <label class="field">
          <span class="label">Billing system</span>
          <input value={billing.system} maxLength={64} onInput={(e) => onChange(setBilling(directory, { system: e.currentTarget.value }))} />
        </label>
        <label class="field">
          <span class="label">Provider licenses purchased</span>
          <input
            type="number"
            min={0}
            step={1}
            value={billing.licenses}
            size={5}
            onInput={(e) => {
              const n = e.currentTarget.valueAsNumber;
              if (Number.isInteger(n) && n >= 0) onChange(setBilling(directory, { licenses: n }));
            }}
          />
        </label>
      </div>
      <p role="status" data-testid="license-count" class={`license-count${count.short ? ' short' : ''}`}>
        {count.enabled
          ? `${plural(count.assistantsAllowed, 'assistant')} may finalize, ${plural(count.licenses, 'provider license')}.`
          : `The integration is off: ${plural(count.assistantsAllowed, 'assistant')} may finalize, and no note goes to billing.`}
      </p>
      {count.short && (
        <p class="warn" role="alert" data-testid="license-warning">
          More assistants may finalize notes than there are provider licenses in {count.system || 'the billing system'}: anyone who finalizes must be a provider
          there, so a note finalized by an assistant without a license will not reach billing. Purchase{' '}
          {plural(count.assistantsAllowed - count.licenses, 'more license')}, or turn "Finish SOAP Notes" off for assistants who do not need it.
        </p>
      )}
      <table class="providers">
        <caption class="visually-hidden">Billing providers</caption>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Billing provider</th>
            <th scope="col">Provider id</th>
          </tr>
        </thead>
        <tbody>
          {directory.users.map((u) => {
            const p = providerOf(u.id);
            return (
              <tr key={u.id} data-testid={`provider-${u.id}`}>
                <th scope="row">
                  {u.name} <span class="hint">{u.credential}</span>
                </th>
                <td>
                  <input
                    type="checkbox"
                    checked={!!p}
                    aria-label={`${u.name} is a billing provider`}
                    onChange={(e) => onChange(setProvider(directory, u.id, e.currentTarget.checked ? suggestProviderId(directory) : null))}
                  />
                </td>
                <td>
                  {p && (
                    <input
                      class="mono"
                      value={p.providerId}
                      maxLength={64}
                      size={10}
                      aria-label={`${u.name}'s provider id`}
                      onInput={(e) => onChange(setProvider(directory, u.id, e.currentTarget.value.trim()))}
                    />
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button type="button" onClick={() => onChange(removeBilling(directory))}>
          Remove the billing integration
        </button>
      </p>
    </div>
  );
}
