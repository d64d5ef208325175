/**
 * One pass over the loaded log for what does not depend on the filter: the attempts, how many are
 * unreviewed, and the values each filter select offers (labelled from the directory afterwards).
 */
import type { AttemptEntry, AuditEntry, ReviewEntry } from '../../audit/types';
import type { Directory } from '../../policy/types';

export interface Choice {
  value: string;
  label: string;
}
export interface FilterChoices {
  users: Choice[];
  clinics: Choice[];
  insurances: Choice[];
  gates: Choice[];
  noteTypes: Choice[];
}

export interface LogSummary {
  attempts: AttemptEntry[];
  unreviewed: number;
  /** Each user id with the credential last seen for it. */
  users: Map<string, string | undefined>;
  clinics: Set<string>;
  insurances: Set<string>;
  gates: Set<string>;
  noteTypes: Set<string>;
}

export function summarize(entries: AuditEntry[], reviews: Map<string, ReviewEntry[]>): LogSummary {
  const s: LogSummary = { attempts: [], unreviewed: 0, users: new Map(), clinics: new Set(), insurances: new Set(), gates: new Set(), noteTypes: new Set() };
  for (let i = 0; i < entries.length; i++) {
    const a = entries[i];
    if (a.type !== 'attempt') continue;
    s.attempts.push(a);
    if (!reviews.has(a.id)) s.unreviewed++;
    if (a.userId !== undefined) s.users.set(a.userId, a.credential);
    if (a.clinicId !== undefined) s.clinics.add(a.clinicId);
    if (a.noteType !== undefined) s.noteTypes.add(a.noteType);
    const ins = a.insuranceIds;
    if (ins !== undefined) for (let j = 0; j < ins.length; j++) s.insurances.add(ins[j]);
    for (let j = 0; j < a.gates.length; j++) s.gates.add(a.gates[j]);
  }
  return s;
}

const byLabel = (a: Choice, b: Choice) => a.label.localeCompare(b.label);

const NONE: FilterChoices = { users: [], clinics: [], insurances: [], gates: [], noteTypes: [] };

export function filterChoices(s: LogSummary | null, directory: Directory | null): FilterChoices {
  if (!s) return NONE;
  const named = (list: Array<{ id: string; name: string }> | undefined) => {
    const names = new Map((list ?? []).map((x) => [x.id, x.name]));
    return (id: string): Choice => ({ value: id, label: names.has(id) ? `${id} (${names.get(id)})` : id });
  };
  const plain = (v: string): Choice => ({ value: v, label: v });
  return {
    users: [...s.users].map(([id, credential]) => ({ value: id, label: credential ? `${id} (${credential})` : id })).sort(byLabel),
    clinics: [...s.clinics].map(named(directory?.clinics)).sort(byLabel),
    insurances: [...s.insurances].map(named(directory?.insurances)).sort(byLabel),
    gates: [...s.gates].map(plain).sort(byLabel),
    noteTypes: [...s.noteTypes].map(plain).sort(byLabel),
  };
}
