/** Structural and semantic checks of a rule pack, before anything reaches json-rules-engine. */
import { EVENT_TYPES, FACTS, GATES, MAX_DEPTH, MAX_RULES, MAX_TEXT, OPERATORS, PLACEHOLDER, factType, type FactType } from './catalog';
import { Problems, checkKeys, checkText, isObject, suggest, type Json, type JsonPath, show, rootObject } from './problems';
import { DATE, isCalendarDate } from './facts';

const PACK_KEYS = ['$schema', 'name', 'version', 'mode', 'description', 'scope', 'jurisdiction', 'effective', 'lastChecked', 'sources', 'rules'];
const RULE_KEYS = ['name', 'description', 'conditions', 'event'];
const LEAF_KEYS = ['fact', 'path', 'operator', 'value', 'priority', 'name'];
const PARAM_KEYS = ['gate', 'message', 'remedy', 'source', 'audience'];
const SIMPLE_PATH = /^[A-Za-z][A-Za-z0-9]*$/;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function validatePack(value: unknown): Problems {
  const out = new Problems();
  const pack = rootObject(value, PACK_KEYS, out, 'A rule pack', 'Start from rules/packs/webpt-default.json.');
  if (!pack) return out;
  checkText(pack, 'name', [], out, { required: true, max: 64, pattern: NAME, example: '"webpt-default"' });
  checkText(pack, 'version', [], out, { required: true, max: 32, pattern: /^\d+\.\d+\.\d+$/, example: '"1.0.0"' });
  checkText(pack, '$schema', [], out, { required: false, max: 500, example: '"../schema/pack.schema.json"' });
  checkText(pack, 'description', [], out, { required: false, max: 2000, example: '"What this pack enforces"' });
  if (pack.mode !== 'enforce' && pack.mode !== 'monitor') {
    out.error(['mode'], `'mode' must be "enforce" or "monitor"`, 'Use "enforce" to lock Finalize, or "monitor" to only record what would have been blocked.');
  }
  checkMetadata(pack, out);
  if (pack.sources !== undefined && !(Array.isArray(pack.sources) && pack.sources.every((s) => typeof s === 'string'))) {
    out.error(['sources'], "'sources' must be a list of citations (text)", 'Write e.g. "sources": ["WebPT Help: Therapist Assistant Note Finalization"].');
  }
  const rules = pack.rules;
  if (!Array.isArray(rules) || rules.length === 0) {
    out.error(['rules'], "'rules' must be a non-empty list", 'Add at least one rule: { "name", "conditions", "event" }.');
    return out;
  }
  if (rules.length > MAX_RULES) {
    out.error(['rules'], `Too many rules (${rules.length}); at most ${MAX_RULES} are allowed`, 'Split the pack into smaller packs.');
  }
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    validateRule(rule, ['rules', i], out);
    const name = isObject(rule) ? rule.name : undefined;
    if (typeof name !== 'string') return;
    if (seen.has(name)) {
      out.error(
        ['rules', i, 'name'],
        `Duplicate rule name '${name}' (also rules[${seen.get(name)}])`,
        'Give every rule its own name: names identify rules in audit logs and coverage.',
      );
    } else seen.set(name, i);
  });
  return out;
}

/** Where and when the pack applies: its scope, jurisdiction and effective dates. */
function checkMetadata(pack: Json, out: Problems): void {
  if (pack.scope !== undefined && pack.scope !== 'organization' && pack.scope !== 'clinic') {
    out.error(
      ['scope'],
      `'scope' must be "organization" or "clinic" (not ${show(pack.scope)})`,
      'Use "clinic" for a pack that applies only where a clinic lists it in its "packs" (state, payer and program packs).',
    );
  }
  checkText(pack, 'jurisdiction', [], out, { required: false, max: 100, example: '"Medicare Part B"' });
  const day = { required: false, max: 10, pattern: DATE, example: '"2025-01-01"' };
  checkText(pack, 'lastChecked', [], out, day);
  const eff = pack.effective;
  if (eff === undefined) return;
  if (!isObject(eff) || (eff.from === undefined && eff.until === undefined)) {
    out.error(
      ['effective'],
      '\'effective\' must be { "from": "YYYY-MM-DD", "until": "YYYY-MM-DD" } (either may be left out, not both)',
      'Leave "effective" out for a pack that always applies.',
    );
    return;
  }
  checkKeys(eff, ['from', 'until'], ['effective'], out);
  checkText(eff, 'from', ['effective'], out, day);
  checkText(eff, 'until', ['effective'], out, day);
  for (const key of ['from', 'until'] as const) {
    const v = eff[key];
    if (typeof v === 'string' && DATE.test(v) && !isCalendarDate(v))
      out.error(['effective', key], `${v} is not a date in the calendar`, 'Check the day of the month.');
  }
  if (typeof eff.from === 'string' && typeof eff.until === 'string' && eff.from > eff.until) {
    out.error(['effective'], `'from' (${eff.from}) is after 'until' (${eff.until}): the pack would never apply`, 'Swap the dates, or leave one of them out.');
  }
}

function validateRule(rule: unknown, at: JsonPath, out: Problems): void {
  if (!isObject(rule)) {
    out.error(at, 'A rule must be an object', 'Write { "name": ..., "conditions": { "all": [...] }, "event": {...} }.');
    return;
  }
  if ('priority' in rule) {
    out.error(
      [...at, 'priority'],
      'Rule priorities are not allowed',
      'Remove "priority": all rules run together so that every failing gate is reported, not just the first.',
      true,
    );
  }
  checkKeys(rule, RULE_KEYS.concat('priority'), at, out);
  checkText(rule, 'name', at, out, { required: true, max: 64, pattern: NAME, example: '"clinic-allows-assistants"' });
  checkText(rule, 'description', at, out, { required: false, max: 2000, example: '"What this rule enforces"' });
  const cond = rule.conditions;
  if (!isObject(cond) || !('all' in cond || 'any' in cond || 'not' in cond)) {
    out.error(
      [...at, 'conditions'],
      '\'conditions\' must start with "all", "any" or "not"',
      'Write "conditions": { "all": [ { "fact": ..., "path": ..., "operator": ..., "value": ... } ] }.',
    );
  } else validateCondition(cond, [...at, 'conditions'], 1, out);
  validateEvent(rule.event, [...at, 'event'], out);
}

function validateCondition(cond: unknown, at: JsonPath, depth: number, out: Problems): void {
  if (depth > MAX_DEPTH) {
    out.error(at, `Conditions nested deeper than ${MAX_DEPTH} levels`, 'Flatten the conditions: combine levels of the same kind ("all" inside "all").');
    return;
  }
  if (!isObject(cond)) {
    out.error(at, 'A condition must be an object', 'Write { "fact": "user", "path": "isAssistant", "operator": "equal", "value": true }.');
    return;
  }
  if (cond.priority !== undefined && !(Number.isInteger(cond.priority) && (cond.priority as number) >= 1)) {
    out.error(
      [...at, 'priority'],
      "A condition's 'priority' must be a whole number of at least 1",
      'Higher priority conditions run first; lower ones are skipped once the result is known.',
    );
  }
  const group = (['all', 'any', 'not'] as const).filter((k) => k in cond);
  if (group.length > 1 || (group.length === 1 && 'fact' in cond)) {
    out.error(at, `A condition must be exactly one of "all", "any", "not" or a fact test`, 'Split it into separate conditions inside an "all".');
    return;
  }
  checkText(cond, 'name', at, out, { required: false, max: 200, example: '"assistant only"' });
  if (group.length === 1) {
    const kind = group[0];
    checkKeys(cond, [kind, 'priority', 'name'], at, out);
    const inner = cond[kind];
    if (kind === 'not') return validateCondition(inner, [...at, 'not'], depth + 1, out);
    if (!Array.isArray(inner) || inner.length === 0) {
      out.error([...at, kind], `"${kind}" must be a non-empty list of conditions`, `Write "${kind}": [ { "fact": ..., ... } ].`);
      return;
    }
    inner.forEach((c, i) => validateCondition(c, [...at, kind, i], depth + 1, out));
    return;
  }
  if ('condition' in cond) {
    out.error([...at, 'condition'], 'Shared condition references are not supported', 'Write the conditions out in the rule.', true);
    return;
  }
  checkKeys(cond, LEAF_KEYS, at, out);
  validateFactTest(cond, at, out);
}

function validateFactTest(cond: Json, at: JsonPath, out: Problems): void {
  const { fact, path, operator, value } = cond;
  const facts = Object.keys(FACTS);
  if (typeof fact !== 'string' || !Object.hasOwn(FACTS, fact)) {
    out.error([...at, 'fact'], `Unknown fact ${show(fact)}`, suggest(fact, facts));
    return;
  }
  const paths = Object.keys(FACTS[fact]);
  if (typeof path !== 'string') {
    out.error([...at, 'path'], `Fact '${fact}' needs a "path"`, `Add e.g. "path": "${paths[0]}". Known paths: ${paths.join(', ')}.`);
    return;
  }
  if (!SIMPLE_PATH.test(path)) {
    const hint =
      path.startsWith('$.') && SIMPLE_PATH.test(path.slice(2))
        ? `Write "${path.slice(2)}" instead of "${path}": paths are plain property names.`
        : 'Only plain property names are allowed: no JSONPath filters, wildcards, recursive descent, indexes or regular expressions.';
    out.error([...at, 'path'], `Path ${show(path)} is not a simple property path`, hint);
    return;
  }
  const type = factType(fact, path);
  if (!type) {
    out.error([...at, 'path'], `Fact '${fact}' has no path '${path}'`, suggest(path, paths));
    return;
  }
  if (typeof operator !== 'string' || !Object.hasOwn(OPERATORS, operator)) {
    const regex = typeof operator === 'string' && /regex|match|pattern/i.test(operator);
    out.error(
      [...at, 'operator'],
      `Unknown operator ${show(operator)}`,
      regex ? "Regular expressions are not supported (they can hang the page); use 'in' with a list of values." : suggest(operator, Object.keys(OPERATORS)),
    );
    return;
  }
  validateValue(fact, path, type, operator, value, [...at, 'value'], out);
}

function validateValue(fact: string, path: string, type: FactType, operator: string, value: unknown, at: JsonPath, out: Problems): void {
  const kind = typeof type === 'string' ? type : 'enum';
  const op = OPERATORS[operator];
  if (!op.types.includes(kind)) {
    out.error(
      at.slice(0, -1).concat('operator'),
      `Operator '${operator}' does not apply to ${fact}.${path} (${kind})`,
      `Use one of: ${Object.keys(OPERATORS)
        .filter((o) => OPERATORS[o].types.includes(kind))
        .join(', ')}.`,
    );
    return;
  }
  const fits = (v: unknown) => (typeof type === 'string' ? typeof v === type : typeof v === 'string' && type.includes(v));
  const expect = typeof type === 'string' ? `a ${type}` : `one of ${type.join(', ')}`;
  if (op.list) {
    if (!Array.isArray(value) || value.length === 0 || !value.every(fits)) {
      out.error(
        at,
        `'${operator}' needs a non-empty list, each value ${expect}`,
        `Write e.g. "value": [${
          typeof type === 'string'
            ? '...'
            : type
                .slice(0, 2)
                .map((t) => show(t))
                .join(', ')
        }].`,
      );
    }
  } else if (!fits(value)) {
    const stringBool = type === 'boolean' && (value === 'true' || value === 'false');
    out.error(
      at,
      `${fact}.${path} is compared with ${show(value)}, which is not ${expect}`,
      stringBool
        ? `Write ${value} without quotes: "${value}" is text, not a yes/no value.`
        : typeof type === 'string'
          ? `Write a ${type} value.`
          : suggest(value, type),
    );
  }
}

function validateEvent(event: unknown, at: JsonPath, out: Problems): void {
  if (!isObject(event)) {
    out.error(at, "A rule needs an 'event'", 'Write "event": { "type": "block", "params": { "gate": ..., "message": ..., "remedy": ... } }.');
    return;
  }
  checkKeys(event, ['type', 'params'], at, out);
  if (typeof event.type !== 'string' || !EVENT_TYPES.includes(event.type as never)) {
    out.error([...at, 'type'], `Unknown event type ${show(event.type)}`, suggest(event.type, EVENT_TYPES));
  }
  const params = event.params;
  if (!isObject(params)) {
    out.error(
      [...at, 'params'],
      "An event needs 'params' with gate, message and remedy",
      'Write "params": { "gate": "clinic", "message": "...", "remedy": "..." }.',
    );
    return;
  }
  const p = [...at, 'params'];
  checkKeys(params, PARAM_KEYS, p, out);
  if (typeof params.gate !== 'string' || !GATES.includes(params.gate as never)) {
    out.error([...p, 'gate'], `Unknown gate ${show(params.gate)}`, suggest(params.gate, GATES));
  }
  if (params.audience !== undefined && params.audience !== 'documenter' && params.audience !== 'admin') {
    out.error([...p, 'audience'], '\'audience\' must be "documenter" or "admin"', 'Use "admin" for warnings only administrators can act on.');
  }
  for (const key of ['message', 'remedy', 'source'] as const) {
    checkText(params, key, p, out, { required: key !== 'source', max: MAX_TEXT, example: '"Ask a clinic admin to ..."' });
    const text = params[key];
    if (typeof text !== 'string') continue;
    for (const [, fact, path] of text.matchAll(PLACEHOLDER)) {
      if (!factType(fact, path)) {
        out.error(
          [...p, key],
          `Unknown placeholder {{${fact}.${path}}}`,
          Object.hasOwn(FACTS, fact) ? suggest(path, Object.keys(FACTS[fact])) : suggest(fact, Object.keys(FACTS)),
        );
      }
    }
  }
}
