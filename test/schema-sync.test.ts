/**
 * Keeps rules/schema/*.schema.json (editor completion) in step with the TypeScript validators (the authority):
 * every shipped example passes both, every structural mistake below fails both, and the schemas' vocabularies
 * are the catalog's.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { CLINIC_SETTINGS, CREDENTIALS, PAYERS, EVENT_TYPES, FACTS, GATES, MAX_RULES, MAX_TEXT, NOTE_TYPES, OPERATORS } from '../src/policy/catalog';
import { DATE, ID } from '../src/policy/facts';
import { validateCases } from '../src/policy/validate-cases';
import { validateContext } from '../src/policy/validate-context';
import { validateDirectory } from '../src/policy/validate-directory';
import { validatePack } from '../src/policy/validate-pack';
import { CONTEXT_FIELDS, validateSite } from '../src/sites/validate-site';

type M = Record<string, any>;
const VALIDATORS = { pack: validatePack, directory: validateDirectory, context: validateContext, cases: validateCases, site: validateSite };
type Kind = keyof typeof VALIDATORS;
const KINDS = Object.keys(VALIDATORS) as Kind[];

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): M => JSON.parse(readFileSync(join(root, file), 'utf8'));
const schemas = Object.fromEntries(KINDS.map((k) => [k, read(`rules/schema/${k}.schema.json`)])) as Record<Kind, M>;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const schemaCheck = Object.fromEntries(KINDS.map((k) => [k, ajv.compile(schemas[k])])) as Record<Kind, ReturnType<typeof ajv.compile>>;

const examples = [
  'rules/directory.example.json',
  ...['packs', 'contexts', 'cases', 'sites'].flatMap((d) =>
    (existsSync(join(root, 'rules', d)) ? readdirSync(join(root, 'rules', d)) : []).filter((f) => f.endsWith('.json')).map((f) => `rules/${d}/${f}`),
  ),
];
/** A file's kind is the schema its "$schema" points at, which must exist. */
function kindOf(file: string, value: M): Kind {
  const target = relative(root, join(root, dirname(file), String(value.$schema))).replaceAll('\\', '/');
  const kind = /^rules\/schema\/(pack|directory|context|cases|site)\.schema\.json$/.exec(target)?.[1];
  expect(kind, `${file}: "$schema" ${JSON.stringify(value.$schema)} is not a schema in rules/schema`).toBeDefined();
  return kind as Kind;
}

describe('shipped examples are valid for their schema and their validator', () => {
  it('covers every kind of file', () => {
    expect(new Set(examples.map((f) => kindOf(f, read(f))))).toEqual(new Set(KINDS));
  });
  it.each(examples)('%s', (file) => {
    const value = read(file);
    const kind = kindOf(file, value);
    expect(schemaCheck[kind](value), ajv.errorsText(schemaCheck[kind].errors)).toBe(true);
    expect(VALIDATORS[kind](value).list.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('schema vocabularies are the catalog', () => {
  it('uses the same enums, limits and patterns', () => {
    const { pack, directory, context, cases, site } = schemas;
    const fact = pack.$defs.factTest.properties,
      params = pack.$defs.event.properties.params.properties;
    expect(fact.fact.enum).toEqual(Object.keys(FACTS));
    expect(fact.operator.enum).toEqual(Object.keys(OPERATORS));
    expect(pack.$defs.event.properties.type.enum).toEqual(EVENT_TYPES);
    expect(params.gate.enum).toEqual(GATES);
    expect(cases.$defs.case.properties.expect.properties.gates.items.enum).toEqual(GATES);
    expect([params.message.maxLength, params.remedy.maxLength, params.source.maxLength]).toEqual([MAX_TEXT, MAX_TEXT, MAX_TEXT]);
    expect(pack.properties.rules.maxItems).toBe(MAX_RULES);
    expect(directory.properties.users.items.properties.credential.enum).toEqual(CREDENTIALS);
    expect(context.properties.noteType.enum).toEqual(NOTE_TYPES);
    expect(directory.properties.clinics.items.properties.setting.enum).toEqual(CLINIC_SETTINGS);
    expect(directory.properties.insurances.items.properties.payer.enum).toEqual(PAYERS);
    expect([directory.$defs.id.pattern, context.$defs.id.pattern]).toEqual([ID.source, ID.source]);
    expect(context.properties.dateOfService.pattern).toBe(DATE.source);
    expect(Object.keys(site.properties.facts.properties)).toEqual(CONTEXT_FIELDS);
    expect(site.properties.facts.properties.noteType.items.properties.map.additionalProperties.enum).toEqual(NOTE_TYPES);
  });
});

const base: Record<Kind, M> = {
  pack: read('rules/packs/webpt-default.json'),
  directory: read('rules/directory.example.json'),
  context: read('rules/contexts/pta-allowed.json'),
  cases: read('rules/cases/webpt-default.cases.json'),
  site: read('rules/sites/demo-ehr.json'),
};
const leaf = (p: M): M => p.rules[0].conditions.all[1];
const params = (p: M): M => p.rules[0].event.params;

const MUTATIONS: Array<[string, Kind, (v: M) => void]> = [
  [
    'unknown top-level key',
    'pack',
    (p) => {
      p.rulez = [];
    },
  ],
  [
    'unknown key in a rule',
    'pack',
    (p) => {
      p.rules[0].evnt = {};
    },
  ],
  [
    'rule priority',
    'pack',
    (p) => {
      p.rules[0].priority = 1;
    },
  ],
  [
    'event type "blok"',
    'pack',
    (p) => {
      p.rules[0].event.type = 'blok';
    },
  ],
  [
    'gate "clinc"',
    'pack',
    (p) => {
      params(p).gate = 'clinc';
    },
  ],
  [
    'audience "everyone"',
    'pack',
    (p) => {
      params(p).audience = 'everyone';
    },
  ],
  [
    'operator "regex"',
    'pack',
    (p) => {
      leaf(p).operator = 'regex';
    },
  ],
  [
    'fact "clinc"',
    'pack',
    (p) => {
      leaf(p).fact = 'clinc';
    },
  ],
  [
    'path "$.x[*]"',
    'pack',
    (p) => {
      leaf(p).path = '$.x[*]';
    },
  ],
  [
    '"all" and "any" together',
    'pack',
    (p) => {
      p.rules[0].conditions.any = [leaf(p)];
    },
  ],
  [
    'empty "all"',
    'pack',
    (p) => {
      p.rules[0].conditions.all = [];
    },
  ],
  [
    'fact test as top-level conditions',
    'pack',
    (p) => {
      p.rules[0].conditions = leaf(p);
    },
  ],
  [
    'missing remedy',
    'pack',
    (p) => {
      delete params(p).remedy;
    },
  ],
  [
    'message over 500 characters',
    'pack',
    (p) => {
      params(p).message = 'x'.repeat(MAX_TEXT + 1);
    },
  ],
  [
    'mode "enforced"',
    'pack',
    (p) => {
      p.mode = 'enforced';
    },
  ],
  [
    'version "1.0"',
    'pack',
    (p) => {
      p.version = '1.0';
    },
  ],
  [
    '201 rules',
    'pack',
    (p) => {
      p.rules = Array.from({ length: MAX_RULES + 1 }, (_, i) => ({ ...p.rules[0], name: `rule-${i}` }));
    },
  ],
  [
    'credential "PTA " with a trailing space',
    'directory',
    (d) => {
      d.users[4].credential = 'PTA ';
    },
  ],
  [
    'insurance missing assistantFinalization',
    'directory',
    (d) => {
      delete d.insurances[0].assistantFinalization;
    },
  ],
  [
    'unknown key in a user',
    'directory',
    (d) => {
      d.users[0].role = 'therapist';
    },
  ],
  [
    'confirmedAt not a date',
    'directory',
    (d) => {
      d.users[4].finishSoapNotes.confirmedAt = 'yesterday';
    },
  ],
  [
    'negative licenses',
    'directory',
    (d) => {
      d.billing.licenses = -1;
    },
  ],
  [
    'insuranceIds empty',
    'context',
    (c) => {
      c.insuranceIds = [];
    },
  ],
  [
    'noteType "eval"',
    'context',
    (c) => {
      c.noteType = 'eval';
    },
  ],
  [
    'dateOfService month 13',
    'context',
    (c) => {
      c.dateOfService = '2026-13-01';
    },
  ],
  [
    'outcome "deny"',
    'cases',
    (f) => {
      f.cases[0].expect.outcome = 'deny';
    },
  ],
  [
    'expected gate "clinc"',
    'cases',
    (f) => {
      f.cases[1].expect.gates = ['clinc'];
    },
  ],
  [
    'case missing context',
    'cases',
    (f) => {
      delete f.cases[0].context;
    },
  ],
  [
    '"__proto__" key in a case context',
    'cases',
    (f) => {
      f.cases[0].context = JSON.parse('{"__proto__": {"userId": "x"}}');
    },
  ],
  [
    '"pack" and "packs" together',
    'cases',
    (f) => {
      f.packs = ['../packs/webpt-default.json'];
    },
  ],
  [
    '"packs" empty',
    'cases',
    (f) => {
      delete f.pack;
      f.packs = [];
    },
  ],
  [
    '"packs" not a list',
    'cases',
    (f) => {
      delete f.pack;
      f.packs = '../packs/webpt-default.json';
    },
  ],
  [
    'a pack listed twice in "packs"',
    'cases',
    (f) => {
      delete f.pack;
      f.packs = ['../packs/webpt-default.json', '../packs/webpt-default.json'];
    },
  ],
  [
    'unknown top-level key',
    'site',
    (s) => {
      s.finalizeButton = 'button';
    },
  ],
  [
    'empty finalizeControls',
    'site',
    (s) => {
      s.finalizeControls = [];
    },
  ],
  [
    'empty finalizeForms',
    'site',
    (s) => {
      s.finalizeForms = [];
    },
  ],
  [
    'finalizeForms not a list',
    'site',
    (s) => {
      s.finalizeForms = 'form#note-form';
    },
  ],
  [
    'urlPatterns not a list',
    'site',
    (s) => {
      s.urlPatterns = 'https://*.example.com/*';
    },
  ],
  [
    'extractor with attribute and property',
    'site',
    (s) => {
      s.facts.userId[0].property = 'value';
    },
  ],
  [
    'capture without {value}',
    'site',
    (s) => {
      s.facts.userId[1].capture = 'Signed by: ';
    },
  ],
  [
    'capture with {value} twice',
    'site',
    (s) => {
      s.facts.userId[1].capture = '{value}, {value}';
    },
  ],
  [
    'lookup "patients"',
    'site',
    (s) => {
      s.facts.clinicId[1].lookup = 'patients';
    },
  ],
  [
    'lookup "users" for clinicId',
    'site',
    (s) => {
      s.facts.clinicId[1].lookup = 'users';
    },
  ],
  [
    'facts key "patientName"',
    'site',
    (s) => {
      s.facts.patientName = [{ selector: '.patient' }];
    },
  ],
  [
    'noteType mapped to "eval"',
    'site',
    (s) => {
      s.facts.noteType[1].map['Daily Note'] = 'eval';
    },
  ],
  [
    'version "v1"',
    'site',
    (s) => {
      s.version = 'v1';
    },
  ],
];

describe('structural mistakes are rejected by both the schema and the validator', () => {
  it.each(MUTATIONS)('%s (%s)', (_, kind, mutate) => {
    const value = structuredClone(base[kind]);
    mutate(value);
    expect({ schemaAccepts: schemaCheck[kind](value), validatorAccepts: !VALIDATORS[kind](value).hasErrors }).toEqual({
      schemaAccepts: false,
      validatorAccepts: false,
    });
  });
});
