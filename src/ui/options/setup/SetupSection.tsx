/**
 * The setup guide: what a new admin does to go live, one step at a time — the admin passcode, clinics,
 * insurances, users (both with CSV import), billing, publish. Each step shows the same forms as the Directory
 * section and the same Access and Publish sections (passed in by the shell), so there is one way to edit and
 * one way to publish. The console opens here while Finalize Guard is not set up (policy/not-set-up.ts).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { isNotSetUp } from '../../../policy/not-set-up';
import type { Directory } from '../../../policy/types';
import { plural } from '../../shared/format';
import { BillingPart, ClinicsPart, InsurancesPart, UsersPart } from '../directory/DirectoryParts';
import { permissionState } from '../directory/edit';
import type { SectionProps } from '../section';
import { CsvImport } from './CsvImport';

type StepId = 'access' | 'clinics' | 'insurances' | 'users' | 'billing' | 'publish';
const STEPS: Array<{ id: StepId; title: string }> = [
  { id: 'access', title: 'Admin passcode' },
  { id: 'clinics', title: 'Clinics' },
  { id: 'insurances', title: 'Insurances' },
  { id: 'users', title: 'Users' },
  { id: 'billing', title: 'Billing' },
  { id: 'publish', title: 'Publish' },
];

interface Props extends SectionProps {
  author?: string;
  unlocked: boolean;
  /** The Access section (set the passcode, unlock) and the Publish section, as the shell renders them. */
  accessPart: ComponentChildren;
  publishPart: ComponentChildren;
}

/** What each step holds so far, for the step list ("3 clinics"). */
function progress(id: StepId, d: Directory, unlocked: boolean): string {
  switch (id) {
    case 'access':
      return unlocked ? 'unlocked' : 'to do';
    case 'clinics':
      return plural(d.clinics.length, 'clinic');
    case 'insurances':
      return plural(d.insurances.length, 'insurance');
    case 'users':
      return plural(d.users.length, 'user');
    case 'billing':
      return d.billing?.enabled ? `${d.billing.system}, ${plural(d.billing.providers.length, 'provider')}` : 'none';
    default:
      return '';
  }
}

export function SetupSection({ draft, onChange, active, readOnly, managed, author, unlocked, accessPart, publishPart }: Props) {
  const [step, setStep] = useState<StepId>(unlocked ? 'clinics' : 'access');
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) heading.current?.focus();
  }, [step]);
  const go = (id: StepId) => {
    moved.current = true;
    setStep(id);
  };

  const directory = draft.directory;
  const change = (d: Directory) => onChange({ ...draft, directory: d });
  const index = STEPS.findIndex((s) => s.id === step);
  const unconfirmed = directory.users.filter((u) => permissionState(u) === 'unconfirmed');
  const setUp = active ? !isNotSetUp(active.directory) : false;
  const locked = readOnly || managed.directory;

  const body = () => {
    switch (step) {
      case 'access':
        return (
          <>
            <p>
              Only an admin with the passcode can change Finalize Guard's settings. Set the passcode, then unlock the console with your name: it is recorded
              with what you publish.
            </p>
            {accessPart}
          </>
        );
      case 'clinics':
        return (
          <fieldset disabled={locked}>
            <p>
              Add each clinic, with the id your EHR uses for it, and say whether therapist assistants may finalize notes there (WebPT's "Therapist Assistant
              Note Finalization").
            </p>
            <label class="field">
              <span class="label">Organisation</span>
              <input
                value={directory.organization ?? ''}
                maxLength={200}
                onInput={(e) => change({ ...directory, organization: e.currentTarget.value || undefined })}
              />
            </label>
            <ClinicsPart directory={directory} onChange={change} draft={draft} />
          </fieldset>
        );
      case 'insurances':
        return (
          <fieldset disabled={locked}>
            <p>
              The insurances your patients have, and whether each lets therapist assistants finalize notes. Import them from your spreadsheet, or add them one
              by one.
            </p>
            <CsvImport kind="insurances" directory={directory} disabled={locked} onApply={change} />
            <InsurancesPart directory={directory} onChange={change} />
          </fieldset>
        );
      case 'users':
        return (
          <fieldset disabled={locked}>
            <p>
              Everyone who documents notes, with their credential. An assistant may finalize only with "Finish SOAP Notes", which counts once an admin confirms
              it for that person with "Yes, I understand" — also for users imported from a spreadsheet.
            </p>
            <CsvImport kind="users" directory={directory} disabled={locked} onApply={change} />
            {unconfirmed.length > 0 && (
              <p class="does-not-count" data-testid="setup-unconfirmed">
                {plural(unconfirmed.length, 'user')} {unconfirmed.length === 1 ? 'has' : 'have'} "Finish SOAP Notes" on but not confirmed:{' '}
                {unconfirmed.map((u) => u.name).join(', ')}. Use Confirm… on each.
              </p>
            )}
            <UsersPart directory={directory} onChange={change} author={author} />
          </fieldset>
        );
      case 'billing':
        return (
          <fieldset disabled={locked}>
            <p>
              If notes go to a billing system (e.g. Therabill), turn the integration on and give each provider their provider id: a note whose assistant or
              supervising therapist has no provider licence does not transmit. No billing integration: leave it off.
            </p>
            <BillingPart directory={directory} onChange={change} />
          </fieldset>
        );
      default:
        return (
          <>
            <p>
              Publishing checks the whole configuration and makes every open note tab decide with it. Then export the bundle (Import/export) to deploy it to
              every computer through browser policy: see "Deploying in a clinic" in the README.
            </p>
            {publishPart}
          </>
        );
    }
  };

  return (
    <section aria-labelledby="fg-setup-title" data-testid="setup-section">
      <h2 id="fg-setup-title">Set up Finalize Guard for your clinic</h2>
      <p class={setUp ? 'ok' : 'warn'} data-testid="setup-state">
        {setUp
          ? 'Finalize Guard is set up: note tabs decide with the published directory. Change it here or under Directory.'
          : 'Until this is done, every Finalize control stays locked and assistants are told to ask you. Work through the steps; nothing counts until you publish.'}
      </p>
      <ol class="steps" aria-label="Setup steps">
        {STEPS.map((s, i) => (
          <li key={s.id}>
            <button type="button" aria-current={s.id === step ? 'step' : undefined} onClick={() => go(s.id)}>
              {i + 1}. {s.title} <span class="hint">{progress(s.id, directory, unlocked)}</span>
            </button>
          </li>
        ))}
      </ol>
      <section aria-labelledby="fg-setup-step" data-testid={`setup-step-${step}`} class="setup-step">
        <h3 id="fg-setup-step" tabIndex={-1} ref={heading}>
          Step {index + 1} of {STEPS.length}: {STEPS[index].title}
        </h3>
        {body()}
        <p class="step-actions">
          {index > 0 && (
            <button type="button" onClick={() => go(STEPS[index - 1].id)}>
              Back: {STEPS[index - 1].title}
            </button>
          )}{' '}
          {index < STEPS.length - 1 && (
            <button type="button" class="primary" onClick={() => go(STEPS[index + 1].id)}>
              Next: {STEPS[index + 1].title}
            </button>
          )}
        </p>
      </section>
    </section>
  );
}
