/**
 * What-if: pick a note (who documents, clinic, insurance(s), note type, date of service, supervising
 * therapist, treatment day) from the draft's directory, and see the decision the draft would make beside
 * the one the configuration in force makes — each explained, with its trace.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ActiveConfig } from '../../../config/types';
import type { Decision } from '../../../policy/types';
import { localDate } from '../../shared/format';
import { activeInstalled, choicesFrom, contextFrom, decideWith, defaultForm, firingRules, fitForm, type DraftInstall, type WhatIfForm } from './context';
import { DecisionView } from './DecisionView';
import type { Directory } from '../../../policy/types';

interface Props {
  directory: Directory;
  install: DraftInstall;
  active: ActiveConfig | null;
}

function difference(draft: Decision, now: Decision): string {
  const a = firingRules(draft);
  const b = firingRules(now);
  const added = a.blocks.filter((r) => !b.blocks.includes(r));
  const removed = b.blocks.filter((r) => !a.blocks.includes(r));
  if (draft.outcome === now.outcome && !added.length && !removed.length) return 'The draft makes the same decision as the configuration in force.';
  const parts = [draft.outcome === now.outcome ? `Both: ${draft.outcome}` : `${now.outcome} now → ${draft.outcome} with the draft`];
  if (added.length) parts.push(`blocks added: ${added.join(', ')}`);
  if (removed.length) parts.push(`blocks removed: ${removed.join(', ')}`);
  return `The draft changes this decision. ${parts.join('; ')}.`;
}

export function WhatIfPanel({ directory, install, active }: Props) {
  const today = localDate();
  const [form, setForm] = useState<WhatIfForm>(() => defaultForm(directory, today));
  useEffect(() => setForm((f) => fitForm(f, directory, today)), [directory]);
  const choices = useMemo(() => choicesFrom(directory), [directory]);
  const set = <K extends keyof WhatIfForm>(key: K, value: WhatIfForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  const context = contextFrom(form);
  const inForce = useMemo(() => activeInstalled(active), [active]);
  const draftDecision = install.ok ? decideWith(install.config, context) : null;
  const nowDecision = inForce ? decideWith(inForce, context) : null;

  const toggleInsurance = (id: string, on: boolean) => set('insuranceIds', on ? [...form.insuranceIds, id] : form.insuranceIds.filter((x) => x !== id));

  return (
    <section aria-labelledby="fg-whatif-note" data-testid="whatif-panel">
      <h3 id="fg-whatif-note">What if…</h3>
      <form class="whatif-form" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span class="label">Documenting user</span>
          <select value={form.userId} onChange={(e) => set('userId', e.currentTarget.value)} data-testid="whatif-user">
            {choices.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">Clinic</span>
          <select value={form.clinicId} onChange={(e) => set('clinicId', e.currentTarget.value)} data-testid="whatif-clinic">
            {choices.clinics.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </label>
        <fieldset class="field">
          <legend class="label">Insurance(s) on the note</legend>
          {choices.insurances.map((i) => (
            <label class="check" key={i.id}>
              <input type="checkbox" checked={form.insuranceIds.includes(i.id)} onChange={(e) => toggleInsurance(i.id, e.currentTarget.checked)} />
              {i.label}
            </label>
          ))}
        </fieldset>
        <label class="field">
          <span class="label">Note type</span>
          <select value={form.noteType} onChange={(e) => set('noteType', e.currentTarget.value as WhatIfForm['noteType'])} data-testid="whatif-note-type">
            {choices.noteTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">Date of service</span>
          <input type="date" value={form.dateOfService} onInput={(e) => set('dateOfService', e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="label">Supervising therapist</span>
          <select value={form.supervisingTherapistId} onChange={(e) => set('supervisingTherapistId', e.currentTarget.value)}>
            <option value="">None shown</option>
            {choices.supervisors.map((u) => (
              <option key={u.id} value={u.id}>
                {u.label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="label">Treatment day (optional)</span>
          <input
            type="number"
            min={0}
            max={10000}
            step={1}
            value={form.treatmentDay}
            inputMode="numeric"
            onInput={(e) => set('treatmentDay', e.currentTarget.value)}
          />
        </label>
      </form>
      {form.insuranceIds.length === 0 && <p class="hint">No insurance chosen: as on a screen without one, Finalize stays locked.</p>}
      {draftDecision && nowDecision && (
        <p class="whatif-difference" role="status" data-testid="whatif-difference">
          {difference(draftDecision, nowDecision)}
        </p>
      )}
      <div class="side-by-side">
        {draftDecision ? (
          <DecisionView decision={draftDecision} title="With the draft" testId="whatif-draft" />
        ) : (
          <div class="decision" data-testid="whatif-draft">
            <h4>With the draft</h4>
            <p class="error" role="alert">
              The draft is invalid, so it cannot be published or tried here. Fix these first:
            </p>
            <ul class="problems">{!install.ok && install.problems.slice(0, 10).map((p, i) => <li key={i}>{p}</li>)}</ul>
            {!install.ok && install.problems.length > 10 && <p class="hint">…and {install.problems.length - 10} more (see Publish).</p>}
          </div>
        )}
        {nowDecision ? (
          <DecisionView decision={nowDecision} title="With the configuration in force" testId="whatif-active" />
        ) : (
          <div class="decision" data-testid="whatif-active">
            <h4>With the configuration in force</h4>
            <p class="hint">No configuration is in force yet.</p>
          </div>
        )}
      </div>
    </section>
  );
}
