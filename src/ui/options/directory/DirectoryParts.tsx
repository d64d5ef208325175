/**
 * The directory's parts as forms: clinics, insurances, users, billing. The Directory section shows them all
 * at once; the setup guide shows one per step. Each edits the draft's directory through `onChange`.
 */
import type { Credential, Directory } from '../../../policy/types';
import type { ConfigBundle } from '../../../config/types';
import { AddRecordForm } from './AddRecordForm';
import { BillingForm } from './BillingForm';
import { ClinicForm } from './ClinicForm';
import { addClinic, addInsurance, addUser, suggestId, suggestUserId } from './edit';
import { InsuranceForm } from './InsuranceForm';
import { UserForm } from './UserForm';

interface PartProps {
  directory: Directory;
  onChange(d: Directory): void;
}
const ids = (list: Array<{ id: string }>) => list.map((x) => x.id);

export function ClinicsPart({ directory, onChange, draft }: PartProps & { draft: ConfigBundle }) {
  const clinicPacks = draft.packs
    .filter(({ pack }) => pack.scope === 'clinic')
    .map(({ pack, enabled }) => ({ name: pack.name, enabled, jurisdiction: pack.jurisdiction }));
  return (
    <>
      {directory.clinics.map((c) => (
        <ClinicForm key={c.id} clinic={c} directory={directory} clinicPacks={clinicPacks} onChange={onChange} />
      ))}
      <AddRecordForm
        noun="clinic"
        taken={ids(directory.clinics)}
        suggest={(name) => suggestId('clinic', name, ids(directory.clinics))}
        onAdd={(name, id) => onChange(addClinic(directory, { id, name }))}
      />
    </>
  );
}

export function InsurancesPart({ directory, onChange }: PartProps) {
  return (
    <>
      {directory.insurances.map((i) => (
        <InsuranceForm key={i.id} insurance={i} directory={directory} onChange={onChange} />
      ))}
      <AddRecordForm
        noun="insurance"
        taken={ids(directory.insurances)}
        suggest={(name) => suggestId('ins', name, ids(directory.insurances))}
        onAdd={(name, id) => onChange(addInsurance(directory, { id, name, assistantFinalization: false }))}
      />
    </>
  );
}

export function UsersPart({ directory, onChange, author }: PartProps & { author?: string }) {
  return (
    <>
      {directory.users.map((u) => (
        <UserForm key={u.id} user={u} directory={directory} author={author} onChange={onChange} />
      ))}
      <AddRecordForm
        noun="user"
        withCredential
        taken={ids(directory.users)}
        suggest={(name, credential: Credential) => suggestUserId(directory, name, credential)}
        onAdd={(name, id, credential) => onChange(addUser(directory, { id, name, credential }))}
      />
    </>
  );
}

export const BillingPart = ({ directory, onChange }: PartProps) => <BillingForm directory={directory} onChange={onChange} />;
