/** The organisation directory in plain forms, as WebPT shows them: clinics, insurances, users, billing. */
import type { Credential, Directory } from '../../../policy/types';
import type { SectionProps } from '../section';
import { AddRecordForm } from './AddRecordForm';
import { BillingForm } from './BillingForm';
import { ClinicForm } from './ClinicForm';
import { addClinic, addInsurance, addUser, suggestId, suggestUserId } from './edit';
import { InsuranceForm } from './InsuranceForm';
import { MANAGED_TEXT } from './labels';
import { UserForm } from './UserForm';

export function DirectorySection({ draft, onChange, readOnly, managed, author }: SectionProps & { author?: string }) {
  const directory = draft.directory;
  const change = (d: Directory) => onChange({ ...draft, directory: d });
  const clinicPacks = draft.packs.filter(({ pack }) => pack.scope === 'clinic')
    .map(({ pack, enabled }) => ({ name: pack.name, enabled, jurisdiction: pack.jurisdiction }));
  const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

  return (
    <section aria-labelledby="fg-directory-title" data-testid="directory-section">
      <h2 id="fg-directory-title">Directory</h2>
      <p class="hint">
        The organisation's settings, as in WebPT: a therapist assistant may finalize a note only when the clinic, the patient's
        insurance and the assistant's own "Finish SOAP Notes" permission all allow it. Changes go into the draft; note tabs see
        them once published.
      </p>
      {managed.directory && <p class="managed-note" data-testid="managed-directory">{MANAGED_TEXT}: the directory cannot be changed here.</p>}
      <fieldset disabled={readOnly || managed.directory}>
        <label class="field"><span class="label">Organisation</span>
          <input value={directory.organization ?? ''} maxLength={200}
            onInput={(e) => change({ ...directory, organization: e.currentTarget.value || undefined })} />
        </label>

        <section aria-labelledby="fg-clinics-title">
          <h3 id="fg-clinics-title">Clinics</h3>
          {directory.clinics.map((c) => <ClinicForm key={c.id} clinic={c} directory={directory} clinicPacks={clinicPacks} onChange={change} />)}
          <AddRecordForm noun="clinic" taken={ids(directory.clinics)} suggest={(name) => suggestId('clinic', name, ids(directory.clinics))}
            onAdd={(name, id) => change(addClinic(directory, { id, name }))} />
        </section>

        <section aria-labelledby="fg-insurances-title">
          <h3 id="fg-insurances-title">Insurances</h3>
          {directory.insurances.map((i) => <InsuranceForm key={i.id} insurance={i} directory={directory} onChange={change} />)}
          <AddRecordForm noun="insurance" taken={ids(directory.insurances)} suggest={(name) => suggestId('ins', name, ids(directory.insurances))}
            onAdd={(name, id) => change(addInsurance(directory, { id, name, assistantFinalization: false }))} />
        </section>

        <section aria-labelledby="fg-users-title">
          <h3 id="fg-users-title">Users</h3>
          {directory.users.map((u) => <UserForm key={u.id} user={u} directory={directory} author={author} onChange={change} />)}
          <AddRecordForm noun="user" withCredential taken={ids(directory.users)}
            suggest={(name, credential: Credential) => suggestUserId(directory, name, credential)}
            onAdd={(name, id, credential) => change(addUser(directory, { id, name, credential }))} />
        </section>

        <section aria-labelledby="fg-billing-title">
          <h3 id="fg-billing-title">Billing integration</h3>
          <BillingForm directory={directory} onChange={change} />
        </section>
      </fieldset>
    </section>
  );
}
