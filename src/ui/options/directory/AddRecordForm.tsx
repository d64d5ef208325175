/** Adds a clinic, an insurance or a user: a name, an id suggested from it (editable) and, for users, a credential. */
import { useState } from 'preact/hooks';
import { CREDENTIALS } from '../../../policy/catalog';
import type { Credential } from '../../../policy/types';
import { idProblem } from './edit';

interface Props {
  /** "clinic", "insurance", "user": the button reads "Add clinic". */
  noun: string;
  taken: string[];
  suggest(name: string, credential: Credential): string;
  withCredential?: boolean;
  onAdd(name: string, id: string, credential: Credential): void;
}

export function AddRecordForm({ noun, taken, suggest, withCredential, onAdd }: Props) {
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [credential, setCredential] = useState<Credential>('PTA');
  const [error, setError] = useState('');
  const suggested = suggest(name, credential);

  const submit = (e: Event) => {
    e.preventDefault();
    const finalId = id.trim() || suggested;
    if (!name.trim()) return setError(`Give the ${noun} a name.`);
    const problem = idProblem(finalId, taken);
    if (problem) return setError(problem);
    onAdd(name.trim(), finalId, credential);
    setName('');
    setId('');
    setError('');
  };

  return (
    <form class="add-form" onSubmit={submit} aria-label={`Add ${noun}`}>
      <label class="field">
        <span class="label">New {noun}'s name</span>
        <input value={name} maxLength={200} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      {withCredential && (
        <label class="field">
          <span class="label">Credential</span>
          <select value={credential} onChange={(e) => setCredential(e.currentTarget.value as Credential)}>
            {CREDENTIALS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <label class="field">
        <span class="label">Id</span>
        <input value={id} placeholder={suggested} maxLength={64} class="mono" onInput={(e) => setId(e.currentTarget.value.trim())} />
      </label>
      <button type="submit">Add {noun}</button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
