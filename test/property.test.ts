/** Property tests: decide() fails closed whatever the pack, note context or directory; oracles: validators, reference. */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import defaultPack from '../rules/packs/webpt-default.json';
import { CREDENTIALS } from '../src/policy/catalog';
import { decide } from '../src/policy/decide';
import { decideValidated } from '../src/policy/decide-validated';
import { contentHash } from '../src/policy/hash';
import type { Decision, Directory, Pack } from '../src/policy/types';
import { validatePack } from '../src/policy/validate-pack';
import { referenceDecision, type Scenario } from './support/reference-decision';
import { scenarioInputs } from './support/scenario-directory';

// Hundreds of generated cases a test: up to ≈1.6 s on a busy 2-core machine, so a timeout at least 3× that.
vi.setConfig({ testTimeout: 20_000 });

type Json = Record<string, any>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const ASSISTANTS: readonly string[] = ['PTA', 'COTA', 'SLPA'];
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  credential: fc.oneof(fc.constantFrom('PTA', 'COTA', 'SLPA' as const), fc.constantFrom(...CREDENTIALS)),
  clinicAllows: fc.constantFrom(true, false, undefined),
  insuranceAllows: fc.boolean(),
  permission: fc.constantFrom('none', 'off', 'unconfirmed', 'confirmed' as const),
  billingEnabled: fc.boolean(),
  userIsProvider: fc.boolean(),
  supervisorIsProvider: fc.boolean(),
});
const gates = (d: Decision) => d.failures.map((f) => f.gate);
/** The compiled decision (what note pages run) for a valid pack and directory; JSON, as it travels and is compared. */
async function compiledDecision(pack: unknown, directory: unknown, context: unknown): Promise<unknown> {
  const installed = [{ pack: pack as Pack, hash: await contentHash(pack), enabled: true }];
  return JSON.parse(JSON.stringify(decideValidated(installed, directory as Directory, context)));
}
const asJson = (d: Decision): unknown => JSON.parse(JSON.stringify(d));

// ---- 1. mutated packs ------------------------------------------------------------------------
/** Every (container, key) pair in a JSON tree. */
function slots(v: unknown, out: Array<[Json, string | number]> = []): Array<[Json, string | number]> {
  if (typeof v !== 'object' || v === null) return out;
  for (const k of Object.keys(v)) {
    out.push([v, Array.isArray(v) ? Number(k) : k]);
    slots((v as Json)[k], out);
  }
  return out;
}
const KINDS = ['delete', 'replace', 'proto', 'operator', 'fact', 'path', 'event', 'duplicate', 'nest', 'retype'] as const;
// 'delete' and 'nest' weighted up: they are the mutations that most often leave the pack valid.
const mutationArb = fc.record({
  kind: fc.oneof(fc.constantFrom(...KINDS), { weight: 2, arbitrary: fc.constantFrom('delete', 'nest' as const) }),
  at: fc.nat(),
  n: fc.integer({ min: 1, max: 40 }),
  value: fc.oneof(fc.jsonValue(), fc.string(), {
    weight: 3,
    arbitrary: fc.constantFrom(
      true,
      false,
      'false',
      'true',
      '__proto__',
      'constructor',
      '',
      ' ',
      'equal',
      'notEqual',
      'in',
      'regex',
      'user',
      'clinic',
      'supervisor',
      'isAssistant',
      'present',
      '$.isAssistant',
      'toString',
      'block',
      'warn',
      'info',
      'Block',
    ),
  }),
});
/** Half single mutations, so that some mutated packs stay valid; up to four otherwise. */
const mutationsArb = fc.oneof(fc.tuple(mutationArb), fc.array(mutationArb, { minLength: 2, maxLength: 4 }));

function mutate(pack: Json, m: { kind: (typeof KINDS)[number]; at: number; n: number; value: unknown }): void {
  const all = slots(pack),
    nodes = all.map(([o, k]) => o[k]);
  const pick = <T>(xs: T[]): T | undefined => xs[m.at % xs.length];
  const leaves = nodes.filter((v) => isObj(v) && 'operator' in v);
  const conditions = all.filter(([o, k]) => isObj(o[k]) && ['fact', 'all', 'any', 'not'].some((x) => x in o[k]));
  const [rules, slot]: [unknown[], [Json, string | number] | undefined] = [Array.isArray(pack.rules) ? pack.rules : [], pick(all)];
  switch (m.kind) {
    case 'delete':
      if (slot) Array.isArray(slot[0]) ? slot[0].splice(slot[1] as number, 1) : delete slot[0][slot[1]];
      break;
    case 'replace':
      if (slot) slot[0][slot[1]] = m.value;
      break;
    case 'proto':
      Object.defineProperty(pick([pack, ...nodes.filter((v) => typeof v === 'object' && v !== null)]), ['__proto__', 'constructor', 'prototype'][m.n % 3], {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      break;
    case 'operator':
    case 'fact':
    case 'path': {
      const leaf = pick(leaves);
      if (leaf) leaf[m.kind] = m.value;
      break;
    }
    case 'event': {
      const rule = pick(rules.filter((r) => isObj(r) && isObj(r.event))) as Json;
      if (rule) rule.event.type = m.value;
      break;
    }
    case 'duplicate':
      if (rules.length) rules.push(structuredClone(pick(rules)));
      break;
    case 'nest': {
      const c = pick(conditions);
      for (let i = 0; c && i < m.n; i++) c[0][c[1]] = { all: [c[0][c[1]]] };
      break;
    }
    case 'retype': {
      const leaf = pick(leaves);
      if (leaf) leaf.value = [String(leaf.value), Number(leaf.value), [leaf.value], { v: leaf.value }, null][m.n % 5];
      break;
    }
  }
}
/** Conditions up to `{ all: [x] }` ≡ x, so that extra nesting does not count as a change of meaning. */
const norm = (c: unknown): unknown =>
  Array.isArray(c)
    ? Array.from(c, norm)
    : !isObj(c)
      ? c
      : Object.keys(c).length === 1 && Array.isArray(c.all) && c.all.length === 1
        ? norm(c.all[0])
        : Object.fromEntries(Object.entries(c).map(([k, v]) => [k, norm(v)]));
const survives = (pack: Json, rule: Json) =>
  Array.isArray(pack.rules) &&
  pack.rules.some((r: unknown) => isObj(r) && isDeepStrictEqual(norm([r.conditions, r.event]), norm([rule.conditions, rule.event])));
/** A gate the reference blocks on whose blocking rules all survive, unchanged in meaning, in the mutated pack. */
const blockSurvives = (pack: Json, s: Scenario) =>
  referenceDecision(s).gates.some((g) =>
    defaultPack.rules.filter((r) => r.event.type === 'block' && r.event.params.gate === g).every((r) => survives(pack, r)),
  );

describe('property: mutated rule packs', () => {
  // Protects against a malformed pack crashing the guard or running half-valid. A mutation may legitimately weaken a
  // still-valid pack (delete a rule, event "warn"): "not allowed" is checked while a rule blocking the scenario survives.
  it('never crash validatePack or decide; invalid packs block as a policy error; surviving blocks still block', async () => {
    await fc.assert(
      fc.asyncProperty(mutationsArb, scenarioArb, async (mutations, s) => {
        const pack = structuredClone(defaultPack) as Json;
        for (const m of mutations) mutate(pack, m);
        const problems = validatePack(pack);
        const { directory, context } = scenarioInputs(s);
        const d = await decide(pack, directory, context);
        if (problems.hasErrors) expect([d.outcome, gates(d).includes('policy')]).toEqual(['blocked', true]);
        else if (blockSurvives(pack, s)) expect(d.outcome).not.toBe('allowed');
        // What publish accepts, note pages decide with the compiled evaluator: exactly as json-rules-engine, trace included.
        if (!problems.hasErrors) expect(await compiledDecision(pack, directory, context)).toEqual(asJson(d));
      }),
      { numRuns: 250 },
    );
  });

  // Protects against decide() rejecting (instead of blocking) when a caller hands it JS values no JSON
  // parser makes: null-prototype objects, BigInt. The validators must report them, never throw.
  it('non-JSON values in the pack or the directory never make validatePack throw or decide reject', async () => {
    const odd = fc.anything({ withNullPrototype: true, withBigInt: true, withBoxedValues: true });
    await fc.assert(
      fc.asyncProperty(mutationArb, odd, fc.nat(), scenarioArb, async (m, value, at, s) => {
        const pack = structuredClone(defaultPack) as Json;
        mutate(pack, { ...m, value });
        const { directory, context } = scenarioInputs(s);
        const slot = slots(directory)[at % slots(directory).length];
        slot[0][slot[1]] = value;
        if (validatePack(pack).hasErrors) expect(gates(await decide(pack, scenarioInputs(s).directory, context))).toContain('policy');
        expect(['allowed', 'blocked']).toContain((await decide(defaultPack, directory, context)).outcome);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- 2. garbage note contexts -------------------------------------------------------------------
const USERS = ['u-admin', 'u-sup', 'u-doc']; // the scenario directory's only ids, with 'c1' and 'i1'
/** Whether `ctx` could soundly be allowed: known ids only, and the reference's verdict for the documenter. */
function mayAllow(s: Scenario, ctx: unknown): boolean {
  if (!isObj(ctx) || !USERS.includes(ctx.userId) || ctx.clinicId !== 'c1') return false;
  if (!Array.isArray(ctx.insuranceIds) || ctx.insuranceIds.length === 0 || ctx.insuranceIds.some((i) => i !== 'i1')) return false;
  if (ctx.userId !== 'u-doc') return true; // another (PT) user of the directory documents: nothing blocks a PT
  if (ASSISTANTS.includes(s.credential) && !['u-sup', 'u-admin'].includes(ctx.supervisingTherapistId)) return false;
  return referenceDecision(s).outcome === 'allowed';
}
const oddValue = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    'false',
    'true',
    0,
    false,
    [],
    {},
    'u-unknown',
    'u-sup',
    'u-admin',
    'u-doc',
    'c1',
    'c2',
    'i1',
    ['i1'],
    ['i1', 'i1'],
    ['i1 '],
    ['i1', 'i2'],
    ['I1'],
    'daily',
  ),
);
const FIELDS = ['userId', 'clinicId', 'insuranceIds', 'noteType', 'noteId', 'supervisingTherapistId', 'dateOfService'] as const;

describe('property: garbage note contexts', () => {
  // Protects against an unreadable or spoofed screen (a page is untrusted) unlocking Finalize.
  it('arbitrary values, or objects of odd field values, are allowed only when sound', async () => {
    const fieldsOfOddValues = fc.record(Object.fromEntries(FIELDS.map((f) => [f, oddValue])), { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.oneof(fc.anything(), fieldsOfOddValues), async (s, ctx) => {
        const { directory } = scenarioInputs(s);
        const d = await decide(defaultPack, directory, ctx);
        if (d.outcome === 'allowed') expect(mayAllow(s, ctx)).toBe(true);
        expect(await compiledDecision(defaultPack, directory, ctx)).toEqual(asJson(d));
      }),
      { numRuns: 300 },
    );
  });

  // Protects against near-miss values ("u-doc ", "U-DOC", "false", ["i1 "]) being read as the real id.
  it('a valid context with one field replaced is allowed only when sound', async () => {
    const tweak = fc.constantFrom('replace', 'delete', 'trailing-space', 'leading-space', 'upper', 'wrap');
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.constantFrom(...FIELDS), tweak, oddValue, async (s, field, how, v) => {
        const { directory, context } = scenarioInputs(s);
        const [ctx, was]: [Json, unknown] = [{ ...context }, context[field]];
        if (how === 'delete') delete ctx[field];
        else ctx[field] = { replace: v, 'trailing-space': `${was} `, 'leading-space': ` ${was}`, upper: String(was).toUpperCase(), wrap: [was] }[how];
        const d = await decide(defaultPack, directory, ctx);
        if (d.outcome === 'allowed') expect(mayAllow(s, ctx)).toBe(true);
        expect(await compiledDecision(defaultPack, directory, ctx)).toEqual(asJson(d));
      }),
      { numRuns: 400 },
    );
  });
});

// ---- 3. mutated directories ---------------------------------------------------------------------
const RETYPED = ['true', 'false', 0, 1, null, '', [], {}];
const dirMutationArb = fc.record({
  target: fc.constantFrom('clinic', 'insurance', 'credential', 'permission', 'billing'),
  retype: fc.boolean(),
  pick: fc.nat(),
});
/** Applies one change; a valid one is mirrored in the scenario `s`, a retyped one is recorded in `bad`. */
function mutateDirectory(dir: Json, s: Scenario, bad: Set<string>, m: { target: string; retype: boolean; pick: number }): void {
  const [odd, flag] = [RETYPED[m.pick % RETYPED.length], m.pick % 2 === 0];
  const [clinic, insurance, user] = [dir.clinics[0], dir.insurances[0], dir.users[2]];
  if (m.retype) bad.add(m.target);
  else bad.delete(m.target);
  if (m.target === 'clinic') {
    const v = m.retype ? odd : [true, false, undefined][m.pick % 3];
    if (v === undefined) delete clinic.assistantFinalization;
    else clinic.assistantFinalization = v;
    if (!m.retype) s.clinicAllows = v as boolean | undefined;
  } else if (m.target === 'insurance') {
    if (!m.retype) insurance.assistantFinalization = s.insuranceAllows = flag;
    else if (m.pick % 3 === 0)
      delete insurance.assistantFinalization; // required: absent is invalid
    else insurance.assistantFinalization = odd;
  } else if (m.target === 'credential') {
    const c: string = user.credential; // retyped: 'PTA ', ' PTA', 'pta', 'PTA' + zero-width space
    if (m.retype) user.credential = [`${c} `, ` ${c}`, c.toLowerCase(), `${c}\u200b`][m.pick % 4];
    else user.credential = s.credential = CREDENTIALS[m.pick % CREDENTIALS.length];
  } else if (m.target === 'permission') {
    const p = user.finishSoapNotes;
    if (m.retype && isObj(p)) p.enabled = odd;
    else if (m.retype) user.finishSoapNotes = ['true', true, 1, null][m.pick % 4];
    else if (isObj(p)) p.enabled = typeof p.enabled === 'boolean' ? !p.enabled : flag;
    else user.finishSoapNotes = { enabled: flag };
    const q = user.finishSoapNotes;
    if (!m.retype) s.permission = !q.enabled ? 'off' : q.confirmedBy ? 'confirmed' : 'unconfirmed';
  } else if (m.retype) dir.billing.enabled = odd;
  else dir.billing.enabled = s.billingEnabled = flag;
}

describe('property: mutated directories', () => {
  // Protects against "false"/0/"PTA "/"true" settings being read loosely (truthy, trimmed, case-folded),
  // and checks that valid flips and deletions decide exactly as the reference does for the new settings.
  it('retyped settings block as a policy error; valid changes decide as the reference', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, fc.array(dirMutationArb, { minLength: 1, maxLength: 3 }), async (s0, ms) => {
        const { directory, context } = scenarioInputs(s0);
        const [s, bad] = [{ ...s0 }, new Set<string>()];
        for (const m of ms) mutateDirectory(directory as unknown as Json, s, bad, m);
        const d = await decide(defaultPack, directory, context);
        if (bad.size > 0) expect([d.outcome, gates(d).includes('policy')]).toEqual(['blocked', true]);
        else {
          expect([d.outcome, gates(d)]).toEqual([referenceDecision(s).outcome, referenceDecision(s).gates]);
          expect(await compiledDecision(defaultPack, directory, context)).toEqual(asJson(d));
        }
      }),
      { numRuns: 300 },
    );
  });
});
