/**
 * The form view of a pack: for each rule, switch its event between block and warn, and edit its message
 * and remedy. Conditions and everything else stay in the JSON view. An edit that would make the pack
 * invalid (an empty remedy, an unknown placeholder) is shown with its problem and kept out of the draft.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Pack } from '../../../policy/types';
import { STANDARD_GATES, switchable, tryEdit, type RuleField } from './rule-form';

interface Props {
  pack: Pack;
  disabled: boolean;
  onChange(pack: Pack): void;
}

type Pending = Record<string, { value: string; problem: string }>;

export function PackForm({ pack, disabled, onChange }: Props) {
  // Text typed that is not in the draft (it has a problem), by "rule index:field".
  const [pending, setPending] = useState<Pending>({});
  useEffect(() => setPending({}), [pack.name]);

  const edit = (index: number, field: RuleField, value: string) => {
    const key = `${index}:${field}`;
    const r = tryEdit(pack, index, field, value);
    if (r.ok) {
      setPending(({ [key]: _, ...rest }) => rest);
      onChange(r.pack);
    } else {
      setPending((p) => ({ ...p, [key]: { value, problem: r.problem } }));
    }
  };

  const standard = pack.rules.some((r) => STANDARD_GATES.has(r.event.params.gate));
  return (
    <div class="pack-form" data-testid="pack-form">
      <p class="hint">
        Switch a rule between <strong>block</strong> (Finalize locks) and <strong>warn</strong> (a warning, Finalize stays open), and edit what it tells the
        assistant. Conditions, new rules and the pack's details are edited as JSON.
        {standard && ' The clinic, insurance and user rules are the three WebPT permissions.'}
      </p>
      {pack.rules.map((rule, i) => {
        const id = `rule-${pack.name}-${i}`;
        const field = (f: 'message' | 'remedy') => pending[`${i}:${f}`]?.value ?? rule.event.params[f];
        const problem = (f: RuleField) => pending[`${i}:${f}`]?.problem;
        return (
          <fieldset key={rule.name} class="record rule-record" disabled={disabled} data-rule={rule.name}>
            <legend>
              <span class="mono">{rule.name}</span> <span class="gate-badge">{rule.event.params.gate}</span>
            </legend>
            {rule.description && <p class="hint">{rule.description}</p>}
            {switchable(rule.event) ? (
              <div class="fields" role="radiogroup" aria-label={`${rule.name}: when it fires`}>
                {(['block', 'warn'] as const).map((t) => (
                  <label class="check" key={t}>
                    <input type="radio" name={`${id}-type`} value={t} checked={rule.event.type === t} onChange={() => edit(i, 'type', t)} />
                    {t === 'block' ? 'Block (Finalize locks)' : 'Warn (Finalize stays open)'}
                  </label>
                ))}
              </div>
            ) : (
              <p class="hint">An {rule.event.type} rule: its type is changed in the JSON view.</p>
            )}
            {(['message', 'remedy'] as const).map((f) => (
              <div class="field" key={f}>
                <label for={`${id}-${f}`}>{f === 'message' ? 'Message (what is wrong)' : 'Remedy (who can fix it, and where)'}</label>
                <textarea
                  id={`${id}-${f}`}
                  rows={2}
                  value={field(f)}
                  maxLength={500}
                  aria-invalid={problem(f) ? 'true' : undefined}
                  aria-describedby={problem(f) ? `${id}-${f}-problem` : undefined}
                  onInput={(e) => edit(i, f, e.currentTarget.value)}
                />
                {problem(f) && (
                  <p id={`${id}-${f}-problem`} class="error" role="alert">
                    Not in the draft: {problem(f)}
                  </p>
                )}
              </div>
            ))}
            {rule.event.params.source && <p class="hint">Source: {rule.event.params.source}</p>}
          </fieldset>
        );
      })}
    </div>
  );
}
