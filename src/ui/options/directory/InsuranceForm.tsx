/** One insurance, as WebPT's insurance record: "Allow therapist assistants to finalize notes" and which payer's rules apply. */
import { PAYERS } from '../../../policy/catalog';
import type { Directory, Insurance, Payer } from '../../../policy/types';
import { removeInsurance, updateInsurance } from './edit';
import { PAYER_LABELS } from './labels';

export function InsuranceForm({ insurance, directory, onChange }: { insurance: Insurance; directory: Directory; onChange(d: Directory): void }) {
  const set = (patch: Partial<Insurance>) => onChange(updateInsurance(directory, insurance.id, patch));
  return (
    <fieldset class="record" data-testid={`insurance-${insurance.id}`}>
      <legend>
        {insurance.name || '(no name)'} <span class="id mono">{insurance.id}</span>
      </legend>
      <label class="check">
        <input type="checkbox" checked={insurance.assistantFinalization === true} onChange={(e) => set({ assistantFinalization: e.currentTarget.checked })} />
        <span>Allow therapist assistants to finalize notes</span>
      </label>
      <div class="fields">
        <label class="field">
          <span class="label">Insurance name</span>
          <input value={insurance.name} maxLength={200} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="label">Payer rules</span>
          <select
            value={insurance.payer ?? 'other'}
            onChange={(e) => set({ payer: e.currentTarget.value === 'other' ? undefined : (e.currentTarget.value as Payer) })}
          >
            {PAYERS.map((p) => (
              <option key={p} value={p}>
                {PAYER_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p>
        <button type="button" onClick={() => onChange(removeInsurance(directory, insurance.id))}>
          Remove insurance {insurance.name}
        </button>
      </p>
    </fieldset>
  );
}
