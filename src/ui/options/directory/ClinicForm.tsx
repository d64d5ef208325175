/** One clinic, as WebPT's Clinic Settings: "Allow assistants to finalize notes", state, setting, the clinic's rule packs. */
import { CLINIC_SETTINGS } from '../../../policy/catalog';
import type { Clinic, ClinicSetting, Directory } from '../../../policy/types';
import { clinicAllows, removeClinic, setClinicAllows, setClinicPack, updateClinic } from './edit';
import { SETTING_LABELS } from './labels';

interface Props {
  clinic: Clinic;
  directory: Directory;
  /** Clinic-scoped packs in the draft: each clinic chooses which of them apply to its notes. */
  clinicPacks: Array<{ name: string; enabled: boolean; jurisdiction?: string }>;
  onChange(d: Directory): void;
}

export function ClinicForm({ clinic, directory, clinicPacks, onChange }: Props) {
  const set = (patch: Partial<Clinic>) => onChange(updateClinic(directory, clinic.id, patch));
  return (
    <fieldset class="record" data-testid={`clinic-${clinic.id}`}>
      <legend>
        {clinic.name || '(no name)'} <span class="id mono">{clinic.id}</span>
      </legend>
      <label class="check">
        <input type="checkbox" checked={clinicAllows(clinic)} onChange={(e) => onChange(setClinicAllows(directory, clinic.id, e.currentTarget.checked))} />
        <span>
          Allow assistants to finalize notes <span class="hint">(Therapist Assistant Note Finalization; ON by default)</span>
        </span>
      </label>
      <div class="fields">
        <label class="field">
          <span class="label">Clinic name</span>
          <input value={clinic.name} maxLength={200} onInput={(e) => set({ name: e.currentTarget.value })} />
        </label>
        <label class="field">
          <span class="label">State</span>
          <input
            value={clinic.state ?? ''}
            size={3}
            maxLength={2}
            placeholder="OH"
            pattern="[A-Z]{2}"
            onInput={(e) => set({ state: e.currentTarget.value.toUpperCase() || undefined })}
          />
        </label>
        <label class="field">
          <span class="label">Setting</span>
          <select value={clinic.setting ?? ''} onChange={(e) => set({ setting: (e.currentTarget.value || undefined) as ClinicSetting | undefined })}>
            <option value="">(not set)</option>
            {CLINIC_SETTINGS.map((s) => (
              <option key={s} value={s}>
                {SETTING_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">Assistants on UnitedHealthcare evaluation codes</span>
          <select
            value={clinic.uhcEvaluationCodes ?? 'warn'}
            onChange={(e) => set({ uhcEvaluationCodes: e.currentTarget.value === 'block' ? 'block' : undefined })}
          >
            <option value="warn">Warn (default)</option>
            <option value="block">Block</option>
          </select>
        </label>
      </div>
      <fieldset class="fields" aria-label={`Rule packs used at ${clinic.name}`}>
        <span class="label">Rule packs used at this clinic:</span>
        {clinicPacks.length === 0 && <span class="hint">no clinic-scoped packs are installed.</span>}
        {clinicPacks.map((p) => (
          <label class="check" key={p.name}>
            <input
              type="checkbox"
              checked={clinic.packs?.includes(p.name) ?? false}
              onChange={(e) => onChange(setClinicPack(directory, clinic.id, p.name, e.currentTarget.checked))}
            />
            <span>
              {p.jurisdiction ? `${p.jurisdiction} ` : ''}
              <span class="mono">{p.name}</span>
              {!p.enabled && <span class="hint"> (turned off under Rule packs)</span>}
            </span>
          </label>
        ))}
      </fieldset>
      <p>
        <button type="button" onClick={() => onChange(removeClinic(directory, clinic.id))}>
          Remove clinic {clinic.name}
        </button>
      </p>
    </fieldset>
  );
}
