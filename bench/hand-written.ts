/**
 * The bench's baseline: the default pack's decision written out by hand, doing what decideValidated() does for it
 * — read the context's ids, look the user, clinic, insurances and supervising therapist up in the directory, decide
 * every gate, and write each failing gate's message and remedy with the directory's names. Nothing precomputed:
 * the ratio decideValidated() / this is the price of deciding from data instead of code.
 */
import type { Directory, Finding, User } from '../src/policy/types';

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const ASSISTANTS = new Set(['PTA', 'COTA', 'SLPA']);
const STUDENTS = new Set(['SPT', 'SPTA', 'SOT', 'SCOTA', 'SSLP', 'SSLPA']);
const THERAPISTS = new Set(['PT', 'OT', 'SLP']);
const FORWARD = 'Forward this note to your supervising therapist to finalize, or ask ';

type Context = Record<string, unknown>;
const counted = (u: User) => u.finishSoapNotes?.enabled === true && typeof u.finishSoapNotes.confirmedBy === 'string' && !!u.finishSoapNotes.confirmedAt;
const finding = (gate: Finding['gate'], rule: string, type: Finding['type'], message: string, remedy: string): Finding => ({
  gate,
  rule,
  type,
  audience: 'documenter',
  message,
  remedy,
});

export function handWrittenDecision(dir: Directory, ctx: Context): { outcome: 'allowed' | 'blocked'; failures: Finding[]; warnings: Finding[] } {
  const failures: Finding[] = [];
  const warnings: Finding[] = [];
  const unreadable = (rule: string, message: string) => finding('facts', rule, 'block', message, 'Reload the note.');
  const user = typeof ctx.userId === 'string' && ID.test(ctx.userId) ? dir.users.find((u) => u.id === ctx.userId) : undefined;
  if (!user) return { outcome: 'blocked', failures: [unreadable('finalize-guard:userId', 'Could not read who is documenting.')], warnings };
  const assistant = ASSISTANTS.has(user.credential);
  const billing = dir.billing?.enabled === true ? dir.billing : undefined;
  const isProvider = (id: string) => billing?.providers.some((p) => p.userId === id) === true;
  if (assistant) {
    const clinic = typeof ctx.clinicId === 'string' && ID.test(ctx.clinicId) ? dir.clinics.find((c) => c.id === ctx.clinicId) : undefined;
    if (!clinic) failures.push(unreadable('finalize-guard:clinicId', 'Could not read the clinic.'));
    else if (clinic.assistantFinalization === false)
      failures.push(
        finding(
          'clinic',
          'clinic-allows-assistants',
          'block',
          `${clinic.name} does not allow therapist assistants to finalize notes.`,
          `${FORWARD}a clinic admin.`,
        ),
      );
    const ids = ctx.insuranceIds;
    const insurances = Array.isArray(ids) ? ids.map((id) => dir.insurances.find((i) => i.id === id)) : [];
    if (insurances.length === 0 || insurances.some((i) => !i))
      failures.push(unreadable('finalize-guard:insuranceIds', "Could not read the patient's insurance."));
    else {
      const blocking = insurances.filter((i) => i!.assistantFinalization !== true).map((i) => i!.name);
      if (blocking.length > 0)
        failures.push(
          finding(
            'insurance',
            'insurance-allows-assistants',
            'block',
            `The patient's insurance (${blocking.join(', ')}) does not allow therapist assistants to finalize notes.`,
            `${FORWARD}an admin.`,
          ),
        );
    }
    if (!counted(user)) {
      const unconfirmed = user.finishSoapNotes?.enabled === true;
      failures.push(
        unconfirmed
          ? finding(
              'user',
              'user-permission-unconfirmed',
              'block',
              "Your 'Finish SOAP Notes' permission was turned on but never confirmed.",
              'Ask the admin to confirm it.',
            )
          : finding('user', 'user-permission-off', 'block', "You do not have the 'Finish SOAP Notes' permission.", `${FORWARD}an admin.`),
      );
    }
    const supervisor = typeof ctx.supervisingTherapistId === 'string' ? dir.users.find((u) => u.id === ctx.supervisingTherapistId) : undefined;
    if (!supervisor)
      failures.push(finding('supervision', 'assistant-names-supervisor', 'block', 'No supervising therapist is selected.', "Choose one in 'Supervised by'."));
    else if (!THERAPISTS.has(supervisor.credential))
      failures.push(
        finding(
          'supervision',
          'supervisor-is-therapist',
          'block',
          `${supervisor.name} (${supervisor.credential}) is not a licensed therapist.`,
          'Choose a PT, OT or SLP.',
        ),
      );
    else if (billing && !isProvider(supervisor.id))
      warnings.push(
        finding(
          'billing',
          'billing-supervisor-is-provider',
          'warn',
          `Your supervising therapist, ${supervisor.name}, is not a billing provider in ${billing.system}.`,
          'Ask an admin.',
        ),
      );
  }
  if (STUDENTS.has(user.credential))
    failures.push(finding('credential', 'students-cannot-finalize', 'block', `Students (${user.credential}) cannot finalize notes.`, 'Forward it.'));
  if (billing && !isProvider(user.id))
    warnings.push(
      finding(
        'billing',
        'billing-finalizer-is-provider',
        'warn',
        `You are not a billing provider in ${billing.system}.`,
        `Ask an admin to add you in ${billing.system}.`,
      ),
    );
  if (billing) {
    const allowed = dir.users.filter((u) => ASSISTANTS.has(u.credential) && counted(u)).length;
    if (allowed > billing.licenses)
      warnings.push(
        finding(
          'billing',
          'billing-licenses-cover-assistants',
          'warn',
          `${allowed} assistants may finalize notes, but only ${billing.licenses} licenses.`,
          'Buy more.',
        ),
      );
  }
  return { outcome: failures.length > 0 ? 'blocked' : 'allowed', failures, warnings };
}
