/** The filter form: every control labelled, each change applied at once (filtering is fast). */
import type { AuditFilter } from '../../audit/filter';
import type { Choice, FilterChoices } from './options';

type Key = keyof AuditFilter;

function Select({
  id,
  label,
  value,
  choices,
  onChange,
}: {
  id: Key;
  label: string;
  value: string | undefined;
  choices: Choice[];
  onChange: (k: Key, v: string) => void;
}) {
  return (
    <div class="field">
      <label for={`filter-${id}`}>{label}</label>
      <select id={`filter-${id}`} value={value ?? ''} onChange={(e) => onChange(id, e.currentTarget.value)}>
        <option value="">All</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface Props {
  filter: AuditFilter;
  choices: FilterChoices;
  onChange: (f: AuditFilter) => void;
  disabled?: boolean;
}

export function Filters({ filter, choices, onChange, disabled = false }: Props) {
  const set = (k: Key, v: string) => {
    const next = { ...filter } as Record<string, string>;
    if (v) next[k] = v;
    else delete next[k];
    onChange(next as AuditFilter);
  };
  const active = Object.keys(filter).length > 0;
  return (
    <form class="filters" role="search" aria-label="Filter blocked attempts" onSubmit={(e) => e.preventDefault()}>
      <fieldset disabled={disabled}>
        <legend class="visually-hidden">Filters</legend>
        <div class="field">
          <label for="filter-from">From (UTC day)</label>
          <input id="filter-from" type="date" value={filter.from ?? ''} max={filter.to} onChange={(e) => set('from', e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="filter-to">To (UTC day)</label>
          <input id="filter-to" type="date" value={filter.to ?? ''} min={filter.from} onChange={(e) => set('to', e.currentTarget.value)} />
        </div>
        <Select id="userId" label="User" value={filter.userId} choices={choices.users} onChange={set} />
        <Select id="clinicId" label="Clinic" value={filter.clinicId} choices={choices.clinics} onChange={set} />
        <Select id="insuranceId" label="Insurance" value={filter.insuranceId} choices={choices.insurances} onChange={set} />
        <Select id="gate" label="Gate" value={filter.gate} choices={choices.gates} onChange={set} />
        <Select id="noteType" label="Note type" value={filter.noteType} choices={choices.noteTypes} onChange={set} />
        <Select
          id="reviewed"
          label="Reviewed"
          value={filter.reviewed}
          onChange={set}
          choices={[
            { value: 'no', label: 'Unreviewed' },
            { value: 'yes', label: 'Reviewed' },
          ]}
        />
        <div class="field field-button">
          <button type="button" disabled={!active} onClick={() => onChange({})}>
            Clear filters
          </button>
        </div>
      </fieldset>
    </form>
  );
}
