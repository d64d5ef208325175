/**
 * A configuration bundle (packs with their on/off switch, the directory, site profiles): validation as
 * one whole, and conversion to and from the active configuration note tabs decide with. Pure: no browser
 * APIs (contentHash uses Web Crypto, which Node has too).
 */
import { validateConfigSize } from './size';
import { PAYERS } from '../policy/catalog';
import { canonicalJson, contentHash } from '../policy/hash';
import { checkForbiddenKeys, formatPath, isObject, Problems, type JsonPath } from '../policy/problems';
import type { Directory, Pack } from '../policy/types';
import { validateDirectory } from '../policy/validate-directory';
import { validatePack } from '../policy/validate-pack';
import { validatePackSet } from '../policy/validate-pack-set';
import type { SiteProfile } from '../sites/types';
import { validateSite } from '../sites/validate-site';
import type { ActiveConfig, BundleProblem, ConfigBundle } from './types';

export type { BundleProblem } from './types';

export const BUNDLE_FORMAT = 'finalize-guard-bundle';
/** Whole bundle, as JSON: storage.local holds ~10 MB, and the history keeps up to 50 of them. */
export const MAX_BUNDLE_BYTES = 2 * 1024 * 1024;
const NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface BundleOptions {
  /** Names of the site profiles Finalize Guard ships with: a profile of another name needs its hosts granted (a warning says so). */
  bundledSites?: readonly string[];
  /** Parts of a configuration that may come alone (managed items): no pack required, no references checked. */
  partial?: boolean;
}

export const hasErrors = (problems: readonly BundleProblem[]) => problems.some((p) => p.severity === 'error');

function collect(into: BundleProblem[], where: string, problems: Problems, prefix: JsonPath = []): void {
  for (const p of problems.list) {
    into.push({ where, path: formatPath([...prefix, ...p.path]), message: p.message, hint: p.hint, severity: p.severity });
  }
}

const nameOf = (v: unknown) => (isObject(v) && typeof v.name === 'string' && NAME.test(v.name) ? v.name : null);

/** Every problem in a bundle: its format, each pack, the packs together, the directory, each site profile, and references between them. */
export function validateBundle(value: unknown, options: BundleOptions = {}): BundleProblem[] {
  const out: BundleProblem[] = [];
  const top = (path: string, message: string, hint: string, severity: BundleProblem['severity'] = 'error') =>
    out.push({ where: 'bundle', path, message, hint, severity });
  if (!isObject(value)) {
    top('(root)', 'A configuration bundle must be a JSON object', 'Export a bundle from the admin console and start from it.');
    return out;
  }
  const forbidden = new Problems();
  checkForbiddenKeys(value, [], forbidden);
  collect(out, 'bundle', forbidden);
  if (forbidden.hasErrors) return out;
  for (const key of Object.keys(value)) {
    if (!['format', 'packs', 'directory', 'sites'].includes(key))
      top(key, `Unknown key '${key}'`, 'A bundle has only "format", "packs", "directory" and "sites".');
  }
  if (value.format !== BUNDLE_FORMAT)
    top('format', `'format' must be "${BUNDLE_FORMAT}"`, `Set "format": "${BUNDLE_FORMAT}" (is this a bundle exported from the admin console?).`);
  let size = 0;
  try {
    size = new TextEncoder().encode(JSON.stringify(value)).length;
  } catch {
    size = Infinity;
  }
  if (size > MAX_BUNDLE_BYTES) {
    top(
      '(root)',
      `The bundle is ${Math.ceil(size / 1024)} KB; at most ${MAX_BUNDLE_BYTES / 1024} KB is allowed`,
      'Remove rule packs or site profiles that are not used.',
    );
    return out;
  }

  const packs = checkPacks(value.packs, out, options.partial === true);
  checkDirectory(value.directory, options.partial ? null : packs, out);
  checkSites(value.sites, out, options);
  return out;
}

/** Each pack, then the packs together; returns the entries' names (valid or not) and whether each is on. */
function checkPacks(list: unknown, out: BundleProblem[], partial: boolean): Map<string, boolean> {
  const names = new Map<string, boolean>();
  if (!Array.isArray(list)) {
    out.push({
      where: 'packs',
      path: '(root)',
      message: '\'packs\' must be a list of { "pack": …, "enabled": true|false }',
      hint: 'Add "packs": [ … ] with at least one rule pack.',
      severity: 'error',
    });
    return names;
  }
  if (list.length === 0 && !partial) {
    out.push({
      where: 'packs',
      path: '(root)',
      message: 'No rule pack is installed, so Finalize would stay locked on every note',
      hint: 'Add a rule pack, e.g. webpt-default.',
      severity: 'error',
    });
  }
  const packValues: unknown[] = [];
  list.forEach((entry, i) => {
    const name = isObject(entry) ? nameOf(entry.pack) : null;
    const where = name ? `pack ${name}` : `packs[${i}]`;
    if (!isObject(entry)) {
      out.push({
        where,
        path: '(root)',
        message: 'Each entry must be { "pack": …, "enabled": true|false }',
        hint: 'Wrap the rule pack: { "pack": { … }, "enabled": true }.',
        severity: 'error',
      });
      packValues.push(undefined);
      return;
    }
    for (const key of Object.keys(entry)) {
      if (key !== 'pack' && key !== 'enabled')
        out.push({ where, path: key, message: `Unknown key '${key}'`, hint: 'An entry has only "pack" and "enabled".', severity: 'error' });
    }
    if (typeof entry.enabled !== 'boolean')
      out.push({
        where,
        path: 'enabled',
        message: "'enabled' must be true or false",
        hint: 'Set "enabled": true to use the pack, false to keep it installed but off.',
        severity: 'error',
      });
    const problems = validatePack(entry.pack);
    collect(out, where, problems);
    packValues.push(entry.pack);
    // An invalid pack is still in the bundle: its own problems are reported here, once, and clinics that
    // use it must not also be told it is missing (or off, when its switch is what is wrong).
    if (name) names.set(name, entry.enabled !== false);
  });
  out.push(...validateConfigSize(list.filter((e) => isObject(e) && e.enabled !== false).map((e) => e.pack)));
  // Paths from the set check start with the pack's index: report them under that pack.
  for (const p of validatePackSet(packValues).list) {
    const [index, ...rest] = p.path;
    const name = nameOf(packValues[index as number]);
    out.push({ where: name ? `pack ${name}` : `packs[${String(index)}]`, path: formatPath(rest), message: p.message, hint: p.hint, severity: p.severity });
  }
  if (!partial && names.size > 0 && ![...names.values()].some(Boolean)) {
    out.push({
      where: 'packs',
      path: '(root)',
      message: 'Every rule pack is turned off, so Finalize stays locked on every note',
      hint: 'Turn on at least one rule pack (e.g. webpt-default).',
      severity: 'warning',
    });
  }
  return names;
}

function checkDirectory(directory: unknown, packs: Map<string, boolean> | null, out: BundleProblem[]): void {
  const problems = validateDirectory(directory);
  collect(out, 'directory', problems);
  if (isObject(directory)) checkPayersAndStates(directory, packs, out);
  if (!packs || !isObject(directory) || !Array.isArray(directory.clinics)) return;
  directory.clinics.forEach((clinic, c) => {
    if (!isObject(clinic) || !Array.isArray(clinic.packs)) return;
    const label = typeof clinic.name === 'string' ? clinic.name : `clinics[${c}]`;
    clinic.packs.forEach((name, p) => {
      if (typeof name !== 'string') return;
      const path = formatPath(['clinics', c, 'packs', p]);
      if (!packs.has(name)) {
        out.push({
          where: 'directory',
          path,
          message: `${label} uses the rule pack '${name}', which is not in this configuration`,
          hint: `Add the rule pack '${name}', or remove it from ${label}'s packs (otherwise Finalize stays locked there).`,
          severity: 'error',
        });
      } else if (!packs.get(name)) {
        out.push({
          where: 'directory',
          path,
          message: `${label} uses the rule pack '${name}', which is turned off`,
          hint: `Turn '${name}' on, or remove it from ${label}'s packs.`,
          severity: 'warning',
        });
      }
    });
  });
}

/** Packs that apply only to notes whose insurance has a payer, and the rules they bring. */
const PAYER_PACKS: Record<string, string> = {
  'medicare-part-b': 'Medicare Part B',
  'cq-co-modifiers': 'Medicare Part B',
  'payer-uhc-commercial': 'UnitedHealthcare commercial',
};
const STATE_PACK = /^state-([a-z]{2})$/;
const listed = (items: string[]) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/**
 * Mistakes that validate but quietly turn rules off or on: an insurance without a payer counts as "other",
 * so payer packs never apply to it; a state pack does not read the clinic's state, so it applies wherever it is listed.
 * A pack the configuration does not have gets no advice here: it is an error of its own (checkDirectory).
 */
function checkPayersAndStates(directory: Record<string, unknown>, packs: Map<string, boolean> | null, out: BundleProblem[]): void {
  const clinics = Array.isArray(directory.clinics) ? directory.clinics : [];
  const byRules = new Map<string, string[]>();
  clinics.forEach((clinic, c) => {
    if (!isObject(clinic) || !Array.isArray(clinic.packs)) return;
    const label = typeof clinic.name === 'string' ? clinic.name : `clinics[${c}]`;
    clinic.packs.forEach((name, p) => {
      if (typeof name !== 'string') return;
      const rules = Object.hasOwn(PAYER_PACKS, name) ? PAYER_PACKS[name] : undefined;
      if (rules) {
        const at = byRules.get(rules) ?? [];
        if (!at.includes(label)) at.push(label);
        byRules.set(rules, at);
      }
      const state = STATE_PACK.exec(name)?.[1].toUpperCase();
      // A clinic without a state says nothing against the pack: only a state that differs is flagged.
      if (state && (!packs || packs.has(name)) && typeof clinic.state === 'string' && clinic.state !== '' && clinic.state !== state) {
        out.push({
          where: 'directory',
          path: formatPath(['clinics', c, 'packs', p]),
          message: `${label} uses the rule pack '${name}', but its state is ${clinic.state}`,
          hint: `A state pack applies wherever it is listed: set ${label}'s state to ${state}, or remove '${name}' from its packs.`,
          severity: 'warning',
        });
      }
    });
  });
  if (byRules.size === 0 || !Array.isArray(directory.insurances)) return;
  const notApplied = [...byRules]
    .map(([rules, at], i) => `${i === 0 ? '' : 'nor '}${rules} rules${i === 0 ? ' will not apply to its notes' : ''} at ${listed(at)}`)
    .join(', ');
  directory.insurances.forEach((ins, i) => {
    if (!isObject(ins) || ins.payer !== undefined) return;
    const label = typeof ins.name === 'string' ? ins.name : typeof ins.id === 'string' ? ins.id : `insurances[${i}]`;
    out.push({
      where: 'directory',
      path: formatPath(['insurances', i]),
      message: `Insurance '${label}' has no payer: ${notApplied}`,
      hint: `Set its payer (${PAYERS.slice(0, -1).join(', ')} or ${PAYERS.at(-1)}).`,
      severity: 'warning',
    });
  });
}

function checkSites(list: unknown, out: BundleProblem[], options: BundleOptions): void {
  if (!Array.isArray(list)) {
    out.push({
      where: 'sites',
      path: '(root)',
      message: "'sites' must be a list of site profiles",
      hint: 'Write "sites": [ … ] (it may be empty: the profiles Finalize Guard ships with are used).',
      severity: 'error',
    });
    return;
  }
  const seen = new Set<string>();
  list.forEach((site, i) => {
    const name = nameOf(site);
    const where = name ? `site ${name}` : `sites[${i}]`;
    collect(out, where, validateSite(site));
    if (!name) return;
    if (seen.has(name))
      out.push({
        where,
        path: 'name',
        message: `Two site profiles are named '${name}'`,
        hint: 'Keep one profile per name: a published profile replaces the one Finalize Guard ships with of the same name.',
        severity: 'error',
      });
    seen.add(name);
    if (options.bundledSites && !options.bundledSites.includes(name)) {
      out.push({
        where,
        path: 'urlPatterns',
        message: `'${name}' is a profile of its own (Finalize Guard ships ${options.bundledSites.join(', ')}): beyond the hosts Finalize Guard covers from installation, it runs only on hosts this browser has granted`,
        hint: 'After publishing, grant its hosts under Site profiles (or, in a managed browser, by policy): until then Finalize Guard does not run there.',
        severity: 'warning',
      });
    }
  });
}

/** The bundle an admin edits, from what is in force: published site profiles replace the shipped ones by name. */
export function bundleOf(active: ActiveConfig, bundledSites: SiteProfile[]): ConfigBundle {
  const published = active.sites ?? [];
  const sites = [
    ...bundledSites.map((s) => published.find((p) => p.name === s.name) ?? s),
    ...published.filter((p) => !bundledSites.some((s) => s.name === p.name)),
  ];
  return {
    format: BUNDLE_FORMAT,
    packs: active.packs.map(({ pack, enabled }) => ({ pack, enabled })),
    directory: active.directory,
    sites: structuredClone(sites),
  };
}

export interface ActiveMeta {
  installedAt: string;
  version?: number;
  managed?: ActiveConfig['managed'];
  /** The shipped site profiles: a published one identical to its shipped profile is not stored (an update's new profile then applies). */
  bundledSites?: SiteProfile[];
}

/** The active configuration for a validated bundle: each pack with its content hash. */
export async function activeOf(bundle: ConfigBundle, meta: ActiveMeta): Promise<ActiveConfig> {
  const packs = await Promise.all(bundle.packs.map(async ({ pack, enabled }) => ({ pack: pack as Pack, hash: await contentHash(pack), enabled })));
  const shipped = meta.bundledSites ?? [];
  const sites = await filterAsync(bundle.sites, async (s) => {
    const same = shipped.find((b) => b.name === s.name);
    return !same || (await contentHash(same)) !== (await contentHash(s));
  });
  const active: ActiveConfig = { packs, directory: bundle.directory as Directory, installedAt: meta.installedAt };
  if (sites.length) active.sites = sites;
  if (meta.version !== undefined) active.version = meta.version;
  if (meta.managed && (meta.managed.packs.length || meta.managed.directory || meta.managed.sites.length)) active.managed = meta.managed;
  return active;
}

async function filterAsync<T>(list: T[], keep: (t: T) => Promise<boolean>): Promise<T[]> {
  const flags = await Promise.all(list.map(keep));
  return list.filter((_, i) => flags[i]);
}

/** Whether two active configurations decide the same (everything but when they were installed). */
export function sameActive(a: ActiveConfig | null | undefined, b: ActiveConfig): boolean {
  if (!a) return false;
  const { installedAt: _a, ...restA } = a;
  const { installedAt: _b, ...restB } = b;
  return canonicalJson(restA) === canonicalJson(restB);
}
