/**
 * "The explanation the assistant saw", rebuilt from an attempt's rule names and the active pack
 * (the entry keeps rule names, never the text). Placeholders are filled from the directory by id where
 * the entry names the thing (user, clinic, insurance, billing); the rest (e.g. the supervising therapist,
 * which the entry does not keep) stays as written in the rule.
 */
import type { ActiveConfig } from '../../background/config';
import type { AttemptEntry } from '../../audit/types';
import { PLACEHOLDER } from '../../policy/catalog';
import { selectPacks, summary } from '../../policy/compose';
import { buildFacts } from '../../policy/fact-values';
import { UNREADABLE, unreadableFinding } from '../../policy/facts';
import { NOT_SET_UP } from '../../policy/not-set-up';
import type { Gate } from '../../policy/types';

interface ExplainedRule {
  rule: string;
  gate: Gate | null;
  message: string;
  remedy: string;
  source?: string;
  known: boolean;
}
export interface Explanation {
  reasons: ExplainedRule[];
  /** The pack the text came from, and whether it is the one the attempt was decided under. */
  from: { name: string; version: string; hash: string } | null;
  samePack: boolean | null;
}

const FILLABLE = new Set(['user', 'clinic', 'insurance', 'billing']);

export function explainAttempt(entry: AttemptEntry, config: ActiveConfig | null): Explanation {
  const facts = config
    ? buildFacts(config.directory, { userId: entry.userId, clinicId: entry.clinicId, insuranceIds: entry.insuranceIds, noteType: entry.noteType }).values
    : null;
  const fill = (text: string) =>
    text.replace(PLACEHOLDER, (whole, fact: string, path: string) => {
      if (!facts || !FILLABLE.has(fact)) return whole;
      const v = facts[fact]?.[path];
      return v === undefined || v === '' || typeof v === 'object' ? whole : String(v);
    });
  const reasons = entry.rules.map((rule): ExplainedRule => {
    const own = /^finalize-guard:(.+)$/.exec(rule)?.[1];
    if (own === 'policy') {
      return {
        rule,
        gate: 'policy',
        known: true,
        message: 'Finalize Guard could not evaluate the rules, or the rule pack was invalid, so Finalize stayed locked.',
        remedy: 'Ask your Finalize Guard admin to check the rule pack.',
      };
    }
    if (rule === NOT_SET_UP.rule) return { rule, gate: 'policy', known: true, message: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy };
    if (own === 'missing-pack' || own === 'pack-turned-off') {
      return {
        rule,
        gate: 'policy',
        known: true,
        message: `A rule pack this clinic uses was ${own === 'missing-pack' ? 'not installed' : 'turned off'}, so Finalize stayed locked.`,
        remedy: "Turn the pack on (or install it) in the admin console, or remove it from the clinic's packs.",
      };
    }
    if (own && Object.hasOwn(UNREADABLE, own)) {
      const { message, remedy } = unreadableFinding(own);
      return { rule, gate: 'facts', known: true, message, remedy };
    }
    const r = config?.packs.flatMap((e) => e.pack.rules).find((x) => x.name === rule);
    if (!r)
      return {
        rule,
        gate: null,
        known: false,
        message: `The rule "${rule}" is not in the active rule pack (renamed or removed since): its text cannot be shown.`,
        remedy: '',
      };
    const p = r.event.params;
    return { rule, gate: p.gate, known: true, message: fill(p.message), remedy: fill(p.remedy), ...(p.source ? { source: p.source } : {}) };
  });
  const from = config ? activePacks(config, entry) : null;
  return { reasons, from, samePack: from && entry.pack ? from.hash === entry.pack.hash : null };
}

/**
 * The packs the active configuration would apply at the entry's clinic, summarised as a decision does.
 * Entries keep no date of service: the day of the attempt stands in for it.
 */
function activePacks(config: ActiveConfig, entry: AttemptEntry): Explanation['from'] {
  const { apply } = selectPacks(config.packs, config.directory, { clinicId: entry.clinicId, dateOfService: entry.at.slice(0, 10) });
  const s = summary(apply.map((e) => ({ name: e.pack.name, version: e.pack.version, mode: e.pack.mode, hash: e.hash })));
  return s && { name: s.name, version: s.version, hash: s.hash };
}
