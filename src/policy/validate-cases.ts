/**
 * Checks of a case file (what `finalize-guard test` runs): one pack (`pack`) or several installed together
 * (`packs`), a directory and the cases. Case contexts are not validated:
 * broken contexts are exactly what fail-closed cases test.
 */
import { GATES } from './catalog';
import { Problems, checkKeys, checkText, isObject, suggest, show, rootObject, type Json } from './problems';

const OUTCOMES = ['allowed', 'blocked', 'would-block'];

export function validateCases(value: unknown): Problems {
  const out = new Problems();
  const file = rootObject(value, ['$schema', 'pack', 'packs', 'directory', 'cases'], out, 'A case file', 'See rules/cases/webpt-default.cases.json.');
  if (!file) return out;
  checkText(file, 'pack', [], out, { required: false, max: 500, example: '"../packs/webpt-default.json"' });
  checkPacks(file, out);
  checkSource(file.directory, ['directory'], out);
  if (!Array.isArray(file.cases) || file.cases.length === 0) {
    out.error(['cases'], "'cases' must be a non-empty list", 'Add { "name", "context", "expect": { "outcome" } } entries.');
    return out;
  }
  const names = new Set<unknown>();
  file.cases.forEach((c, i) => {
    const at = ['cases', i];
    if (!isObject(c)) return out.error(at, 'Each case must be an object', 'Write { "name", "context", "expect" }.');
    checkKeys(c, ['name', 'description', 'context', 'directory', 'expect'], at, out);
    checkText(c, 'name', at, out, { required: true, max: 200, example: '"PTA with all three permissions off"' });
    checkText(c, 'description', at, out, { required: false, max: 2000, example: '"Why this case matters"' });
    if (names.has(c.name)) out.error([...at, 'name'], `Duplicate case name ${show(c.name)}`, 'Give every case its own name.');
    names.add(c.name);
    if (!('context' in c)) out.error(at, "Missing 'context'", 'Add the note context the case decides on.');
    checkSource(c.directory, [...at, 'directory'], out);
    const e = c.expect;
    if (!isObject(e)) return out.error([...at, 'expect'], "Missing 'expect'", 'Write "expect": { "outcome": "blocked", "gates": ["clinic"] }.');
    checkKeys(e, ['outcome', 'gates', 'failing', 'warnings'], [...at, 'expect'], out);
    if (typeof e.outcome !== 'string' || !OUTCOMES.includes(e.outcome)) {
      out.error([...at, 'expect', 'outcome'], `Unknown outcome ${show(e.outcome)}`, suggest(e.outcome ?? '', OUTCOMES));
    }
    for (const key of ['gates', 'failing', 'warnings']) {
      const v = e[key];
      if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) {
        out.error(
          [...at, 'expect', key],
          `'${key}' must be a list of names`,
          key === 'gates' ? `Gates: ${GATES.join(', ')}.` : 'Use rule names from the pack.',
        );
      }
    }
    if (Array.isArray(e.gates)) {
      e.gates.forEach((g, j) => {
        if (!GATES.includes(g as never)) out.error([...at, 'expect', 'gates', j], `Unknown gate ${show(g)}`, suggest(g, GATES));
      });
    }
  });
  return out;
}

/** Several packs installed together (a clinic's packs and the organisation's), instead of one 'pack'. */
function checkPacks(file: Json, out: Problems): void {
  const packs = file.packs;
  if (packs === undefined) return;
  if ('pack' in file) {
    out.error(['packs'], "Give either 'pack' or 'packs', not both", 'Use "packs": [...] to install several packs together, or "pack" for one.');
  }
  if (!Array.isArray(packs) || packs.length === 0) {
    out.error(['packs'], "'packs' must be a non-empty list of paths", 'Write e.g. "packs": ["../packs/webpt-default.json", "../packs/medicare-part-b.json"].');
    return;
  }
  const seen = new Set<string>();
  packs.forEach((p, i) => {
    if (typeof p !== 'string' || p.trim() === '' || p.length > 500) {
      out.error(['packs', i], 'Each pack must be a path (text, at most 500 characters)', 'Write a path relative to this file, e.g. "../packs/state-oh.json".');
    } else if (seen.has(p)) {
      out.error(['packs', i], `Pack ${show(p)} is listed twice`, 'List each pack once.');
    } else seen.add(p);
  });
}

/** A directory given inline or as a path relative to the case file. */
function checkSource(v: unknown, at: Array<string | number>, out: Problems): void {
  if (v !== undefined && typeof v !== 'string' && !isObject(v)) {
    out.error(at, 'Must be a path to a directory file or the directory itself', 'Write e.g. "directory": "../directory.example.json".');
  }
}
