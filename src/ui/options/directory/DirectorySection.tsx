/** The organisation directory in plain forms, as WebPT shows them: clinics, insurances, users, billing. */
import type { Directory } from '../../../policy/types';
import type { SectionProps } from '../section';
import { BillingPart, ClinicsPart, InsurancesPart, UsersPart } from './DirectoryParts';
import { MANAGED_TEXT } from './labels';
import { CsvImport } from '../setup/CsvImport';

export function DirectorySection({ draft, onChange, readOnly, managed, author }: SectionProps & { author?: string }) {
  const directory = draft.directory;
  const change = (d: Directory) => onChange({ ...draft, directory: d });

  return (
    <section aria-labelledby="fg-directory-title" data-testid="directory-section">
      <h2 id="fg-directory-title">Directory</h2>
      <p class="hint">
        The organisation's settings, as in WebPT: a therapist assistant may finalize a note only when the clinic, the patient's insurance and the assistant's
        own "Finish SOAP Notes" permission all allow it. Changes go into the draft; note tabs see them once published.
      </p>
      {managed.directory && (
        <p class="managed-note" data-testid="managed-directory">
          {MANAGED_TEXT}: the directory cannot be changed here.
        </p>
      )}
      <fieldset disabled={readOnly || managed.directory}>
        <label class="field">
          <span class="label">Organisation</span>
          <input
            value={directory.organization ?? ''}
            maxLength={200}
            onInput={(e) => change({ ...directory, organization: e.currentTarget.value || undefined })}
          />
        </label>

        <section aria-labelledby="fg-clinics-title">
          <h3 id="fg-clinics-title">Clinics</h3>
          <ClinicsPart directory={directory} onChange={change} draft={draft} />
        </section>

        <section aria-labelledby="fg-insurances-title">
          <h3 id="fg-insurances-title">Insurances</h3>
          <InsurancesPart directory={directory} onChange={change} />
          <CsvImport kind="insurances" directory={directory} disabled={readOnly || managed.directory} onApply={change} />
        </section>

        <section aria-labelledby="fg-users-title">
          <h3 id="fg-users-title">Users</h3>
          <UsersPart directory={directory} onChange={change} author={author} />
          <CsvImport kind="users" directory={directory} disabled={readOnly || managed.directory} onApply={change} />
        </section>

        <section aria-labelledby="fg-billing-title">
          <h3 id="fg-billing-title">Billing integration</h3>
          <BillingPart directory={directory} onChange={change} />
        </section>
      </fieldset>
    </section>
  );
}
