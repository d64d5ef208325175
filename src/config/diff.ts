/**
 * What changes between two bundles, in words an admin understands: "Insurance 'Summit Workers' Comp' ›
 * Allow therapist assistants to finalize notes: off → on". Shown before publishing and for each version in
 * the history. Pure.
 */
import { canonicalJson } from '../policy/hash';
import type { BillingIntegration, Directory, FinishSoapNotes, Pack, Rule } from '../policy/types';
import type { SiteProfile } from '../sites/types';
import type { Change, ConfigBundle } from './types';

export type { Change } from './types';

const SEP = ' › ';
const onOff = (v: boolean) => (v ? 'on' : 'off');
const list = (v: readonly unknown[] | undefined) => (v?.length ? v.map(String).join(', ') : '(none)');
const json = (v: unknown) => (v === undefined ? '(none)' : canonicalJson(v));
const text = (v: unknown) => (v === undefined || v === '' ? '(none)' : String(v));
const byKey = <T>(items: readonly T[] | undefined, key: (t: T) => string) => new Map((items ?? []).map((t) => [key(t), t] as const));

/** Every change from `before` to `after`, packs first, then the directory, then site profiles. */
export function diffBundles(before: ConfigBundle, after: ConfigBundle): Change[] {
  return [...diffPacks(before.packs, after.packs), ...diffDirectory(before.directory, after.directory), ...diffSites(before.sites, after.sites)];
}

// ---- packs -------------------------------------------------------------------

const packSummary = (p: Pack, enabled: boolean) => `installed: version ${p.version}, ${p.mode === 'monitor' ? 'monitor mode' : 'enforced'}, ${onOff(enabled)}`;

function diffPacks(before: ConfigBundle['packs'], after: ConfigBundle['packs']): Change[] {
  const out: Change[] = [];
  const was = byKey(before, (e) => e.pack.name);
  const now = byKey(after, (e) => e.pack.name);
  for (const [name, b] of was) {
    if (!now.has(name)) out.push({ area: 'pack', what: `Rule pack '${name}'`, before: packSummary(b.pack, b.enabled), after: 'removed' });
  }
  for (const [name, a] of now) {
    const b = was.get(name);
    const what = `Rule pack '${name}'`;
    if (!b) {
      out.push({ area: 'pack', what, before: 'not installed', after: packSummary(a.pack, a.enabled) });
      continue;
    }
    const add = (label: string, x: string, y: string) => {
      if (x !== y) out.push({ area: 'pack', what: `${what}${SEP}${label}`, before: x, after: y });
    };
    add('Turned on', onOff(b.enabled), onOff(a.enabled));
    add('Mode', modeText(b.pack.mode), modeText(a.pack.mode));
    add('Version', b.pack.version, a.pack.version);
    add('Applies to', scopeText(b.pack), scopeText(a.pack));
    add('In force for dates of service', effectiveText(b.pack), effectiveText(a.pack));
    add('Jurisdiction', text(b.pack.jurisdiction), text(a.pack.jurisdiction));
    add('Description', text(b.pack.description), text(a.pack.description));
    add('Sources', list(b.pack.sources), list(a.pack.sources));
    add('Last checked', text(b.pack.lastChecked), text(a.pack.lastChecked));
    out.push(...diffRules(what, b.pack.rules, a.pack.rules));
  }
  return out;
}

const modeText = (m: Pack['mode']) => (m === 'monitor' ? 'monitor (only records what would be blocked)' : 'enforce (locks Finalize)');
const scopeText = (p: Pack) => (p.scope === 'clinic' ? 'only clinics that list it' : 'every clinic');
function effectiveText(p: Pack): string {
  const { from, until } = p.effective ?? {};
  if (!from && !until) return 'always';
  return `${from ? `from ${from}` : ''}${from && until ? ' ' : ''}${until ? `until ${until}` : ''}`;
}
const EVENT_WORDS = { block: 'locks Finalize', warn: 'warns', info: 'informs' } as const;

function diffRules(packWhat: string, before: Rule[], after: Rule[]): Change[] {
  const out: Change[] = [];
  const was = byKey(before, (r) => r.name);
  const now = byKey(after, (r) => r.name);
  for (const [name, b] of was) {
    if (!now.has(name)) out.push({ area: 'pack', what: `${packWhat}${SEP}Rule '${name}'`, before: b.event.params.message, after: 'removed' });
  }
  for (const [name, a] of now) {
    const b = was.get(name);
    const what = `${packWhat}${SEP}Rule '${name}'`;
    if (!b) {
      out.push({ area: 'pack', what, before: 'not in the pack', after: `added: ${a.event.params.message}` });
      continue;
    }
    const add = (label: string, x: string, y: string) => {
      if (x !== y) out.push({ area: 'pack', what: `${what}${SEP}${label}`, before: x, after: y });
    };
    add('What it does', EVENT_WORDS[b.event.type] ?? b.event.type, EVENT_WORDS[a.event.type] ?? a.event.type);
    add('Gate', b.event.params.gate, a.event.params.gate);
    add('Message', b.event.params.message, a.event.params.message);
    add('How to fix', b.event.params.remedy, a.event.params.remedy);
    add('Source', text(b.event.params.source), text(a.event.params.source));
    add('Shown to', b.event.params.audience ?? 'documenter', a.event.params.audience ?? 'documenter');
    add('Description', text(b.description), text(a.description));
    add('Conditions', json(b.conditions), json(a.conditions));
  }
  return out;
}

// ---- directory -----------------------------------------------------------------

function diffDirectory(before: Directory, after: Directory): Change[] {
  const out: Change[] = [];
  const add = (what: string, x: string, y: string) => {
    if (x !== y) out.push({ area: 'directory', what, before: x, after: y });
  };
  add('Organization', text(before.organization), text(after.organization));
  records(
    out,
    'Clinic',
    before.clinics,
    after.clinics,
    (what, b, a) => {
      add(`${what}${SEP}Name`, b.name, a.name);
      add(`${what}${SEP}Allow assistants to finalize notes`, onOff(b.assistantFinalization !== false), onOff(a.assistantFinalization !== false));
      add(`${what}${SEP}Rule packs used here`, list(b.packs), list(a.packs));
      add(`${what}${SEP}State`, text(b.state), text(a.state));
      add(`${what}${SEP}Setting`, text(b.setting), text(a.setting));
      add(`${what}${SEP}UnitedHealthcare evaluation codes by assistants`, b.uhcEvaluationCodes ?? 'warn', a.uhcEvaluationCodes ?? 'warn');
    },
    (c) => `Allow assistants to finalize notes ${onOff(c.assistantFinalization !== false)}`,
  );
  records(
    out,
    'Insurance',
    before.insurances,
    after.insurances,
    (what, b, a) => {
      add(`${what}${SEP}Name`, b.name, a.name);
      add(`${what}${SEP}Allow therapist assistants to finalize notes`, onOff(b.assistantFinalization), onOff(a.assistantFinalization));
      add(`${what}${SEP}Payer`, b.payer ?? 'other', a.payer ?? 'other');
    },
    (i) => `Allow therapist assistants to finalize notes ${onOff(i.assistantFinalization)}`,
  );
  const nameIn = (d: Directory) => (id: string | undefined) => d.users.find((u) => u.id === id)?.name ?? id;
  records(
    out,
    'User',
    before.users,
    after.users,
    (what, b, a) => {
      add(`${what}${SEP}Name`, b.name, a.name);
      add(`${what}${SEP}Credential`, b.credential, a.credential);
      add(`${what}${SEP}Initials`, text(b.initials), text(a.initials));
      add(`${what}${SEP}Finish SOAP Notes`, soapText(b.finishSoapNotes, nameIn(before)), soapText(a.finishSoapNotes, nameIn(after)));
    },
    (u) => `${u.credential}, Finish SOAP Notes ${soapText(u.finishSoapNotes, nameIn(after))}`,
  );
  out.push(...diffBilling(before.billing, after.billing, before, after));
  return out;
}

/** Records matched by id (a renamed record is one change, not a removal and an addition). */
function records<T extends { id: string; name: string }>(
  out: Change[],
  kind: string,
  before: T[],
  after: T[],
  each: (what: string, b: T, a: T) => void,
  summary: (t: T) => string,
): void {
  const was = byKey(before, (r) => r.id);
  const now = byKey(after, (r) => r.id);
  for (const [id, b] of was) {
    if (!now.has(id)) out.push({ area: 'directory', what: `${kind} '${b.name}'`, before: summary(b), after: 'removed' });
  }
  for (const [id, a] of now) {
    const b = was.get(id);
    if (!b) out.push({ area: 'directory', what: `${kind} '${a.name}'`, before: 'not in the directory', after: `added: ${summary(a)}` });
    else each(`${kind} '${a.name}'`, b, a);
  }
}

function soapText(p: FinishSoapNotes | undefined, nameOf: (id: string | undefined) => string | undefined): string {
  if (!p?.enabled) return 'off';
  if (!p.confirmedBy || !p.confirmedAt) return 'on, not confirmed (does not count)';
  return `on, confirmed by ${nameOf(p.confirmedBy)} on ${p.confirmedAt.slice(0, 10)}`;
}

function diffBilling(before: BillingIntegration | undefined, after: BillingIntegration | undefined, dirBefore: Directory, dirAfter: Directory): Change[] {
  const out: Change[] = [];
  const add = (what: string, x: string, y: string) => {
    if (x !== y) out.push({ area: 'directory', what: `Billing${SEP}${what}`, before: x, after: y });
  };
  if (!before && !after) return out;
  if (!before || !after) {
    const show = (b: BillingIntegration | undefined) => (b ? `${b.system}, ${onOff(b.enabled)}, ${b.licenses} provider licenses` : 'no billing integration');
    out.push({ area: 'directory', what: 'Billing integration', before: show(before), after: show(after) });
    return out;
  }
  add('System', before.system, after.system);
  add('Integration', onOff(before.enabled), onOff(after.enabled));
  add('Provider licenses', String(before.licenses), String(after.licenses));
  const was = byKey(before.providers, (p) => p.userId);
  const now = byKey(after.providers, (p) => p.userId);
  const userName = (id: string) => dirAfter.users.find((u) => u.id === id)?.name ?? dirBefore.users.find((u) => u.id === id)?.name ?? id;
  for (const id of new Set([...was.keys(), ...now.keys()])) {
    const x = was.get(id);
    const y = now.get(id);
    const show = (p: { providerId: string } | undefined) => (p ? `yes (${p.providerId})` : 'no');
    add(`User '${userName(id)}' is a billing provider`, show(x), show(y));
  }
  return out;
}

// ---- site profiles -----------------------------------------------------------------

const FIELD_WORDS: Record<string, string> = {
  userId: 'the documenting user',
  clinicId: 'the clinic',
  insuranceIds: "the patient's insurance",
  noteType: 'the note type',
  noteId: 'the note id',
  supervisingTherapistId: 'the supervising therapist',
  dateOfService: 'the date of service',
  treatmentDay: 'the treatment day',
  serviceCodes: 'the billed services',
  assistantMinutes: "the assistant's minutes",
  therapistMinutes: "the therapist's minutes",
};

function diffSites(before: SiteProfile[], after: SiteProfile[]): Change[] {
  const out: Change[] = [];
  const was = byKey(before, (s) => s.name);
  const now = byKey(after, (s) => s.name);
  for (const [name, b] of was) {
    if (!now.has(name))
      out.push({
        area: 'site',
        what: `Site profile '${name}'`,
        before: `version ${b.version}`,
        after: 'removed (the one Finalize Guard ships with is used, if any)',
      });
  }
  for (const [name, a] of now) {
    const b = was.get(name);
    const what = `Site profile '${name}'`;
    if (!b) {
      out.push({ area: 'site', what, before: 'not installed', after: `added: version ${a.version}` });
      continue;
    }
    const add = (label: string, x: string, y: string) => {
      if (x !== y) out.push({ area: 'site', what: `${what}${SEP}${label}`, before: x, after: y });
    };
    add('Version', b.version, a.version);
    add('Pages it applies to', list(b.urlPatterns), list(a.urlPatterns));
    add('How it recognises the note screen', b.noteScreen, a.noteScreen);
    add('Finalize controls', list(b.finalizeControls), list(a.finalizeControls));
    add('Forms whose submit finalizes', list(b.finalizeForms ?? []), list(a.finalizeForms ?? []));
    add('Finalize shortcuts', list((b.shortcuts ?? []).map(shortcutText)), list((a.shortcuts ?? []).map(shortcutText)));
    add('Finalize request blocked while locked', text(b.finalizeEndpoint), text(a.finalizeEndpoint));
    add('Description', text(b.description), text(a.description));
    const fields = new Set([...Object.keys(b.facts ?? {}), ...Object.keys(a.facts ?? {})]);
    for (const f of fields) {
      add(`How it reads ${FIELD_WORDS[f] ?? f}`, json((b.facts as Record<string, unknown>)?.[f]), json((a.facts as Record<string, unknown>)?.[f]));
    }
  }
  return out;
}

function shortcutText(s: NonNullable<SiteProfile['shortcuts']>[number]): string {
  return [s.ctrl && 'Ctrl', s.meta && 'Cmd', s.alt && 'Alt', s.shift && 'Shift', s.key].filter(Boolean).join('+');
}
