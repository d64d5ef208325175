/**
 * Configuration set by the organisation through browser policy (storage.managed, described by
 * managed_schema.json): rule packs, the directory and site profiles (each as JSON text), and `readOnly`. Managed items always win
 * over the local (published) configuration and are shown locked. An invalid managed configuration is never
 * applied, and never silently replaced by the local one: the caller keeps Finalize locked with the reason.
 * Pure.
 */
import { isObject } from '../policy/problems';
import { validateText, type FileKind } from '../policy/validate-file';
import type { Directory, Pack } from '../policy/types';
import type { SiteProfile } from '../sites/types';
import { BUNDLE_FORMAT, validateBundle, type BundleOptions } from './bundle';
import type { ActiveConfig, BundleProblem, ConfigBundle } from './types';
import { AUDIT_KEY_ITEM, isAuditKeyText } from '../shared/audit-fields';

const MANAGED_KEYS = ['packs', 'directory', 'sites', 'readOnly', AUDIT_KEY_ITEM] as const;

export interface ManagedItems {
  packs: Pack[];
  directory?: Directory;
  sites: SiteProfile[];
}

export interface ManagedState {
  /** Whether browser policy set anything at all (storage.managed not empty). */
  present: boolean;
  /** Whether policy sets configuration items (packs, directory or sites), not only `readOnly`. */
  hasItems: boolean;
  /** `readOnly: true`: the console only shows the configuration. */
  readOnly: boolean;
  /** The items to apply; null when the managed configuration is invalid (then nothing may be applied). */
  items: ManagedItems | null;
  problems: BundleProblem[];
  /** Why the managed configuration is not applied, in plain words (when `items` is null). */
  reason?: string;
}

export type ManagedInfo = NonNullable<ActiveConfig['managed']>;
export const NOTHING_MANAGED: ManagedInfo = { packs: [], directory: false, sites: [] };

/**
 * One managed item: JSON text (what managed_schema.json declares — Chrome drops object keys a schema does not
 * list, so packs, directories and profiles travel as text) or, from sources without a schema, the object itself.
 */
function item(value: unknown, kind: FileKind, label: string, problems: BundleProblem[]): unknown {
  if (typeof value !== 'string') return value;
  const report = validateText(label, value, kind);
  for (const p of report.problems) {
    if (p.severity !== 'error') continue;
    problems.push({ where: `managed ${label}`, path: `${p.where} (line ${p.line}, column ${p.column})`, message: p.message, hint: p.hint, severity: 'error' });
  }
  return report.value;
}

/** Reads and validates what storage.managed holds (anything: it comes from outside). */
export function readManaged(raw: unknown, options: BundleOptions = {}): ManagedState {
  const value = isObject(raw) ? raw : {};
  const present = Object.keys(value).length > 0;
  const hasItems = value.packs !== undefined || value.directory !== undefined || value.sites !== undefined;
  const problems: BundleProblem[] = [];
  const problem = (path: string, message: string, hint: string) => problems.push({ where: 'managed', path, message, hint, severity: 'error' });
  if (raw !== undefined && raw !== null && !isObject(raw))
    problem(
      '(root)',
      'The managed configuration must be an object',
      'Set the policy as { "packs": [ … ], "directory": "…", "sites": [ … ], "readOnly": true }.',
    );
  for (const key of Object.keys(value)) {
    if (!(MANAGED_KEYS as readonly string[]).includes(key))
      problem(key, `Unknown key '${key}'`, 'Managed configuration has only "packs", "directory", "sites", "readOnly" and "auditKey".');
  }
  if (value[AUDIT_KEY_ITEM] !== undefined && !isAuditKeyText(value[AUDIT_KEY_ITEM]))
    problem(
      AUDIT_KEY_ITEM,
      "'auditKey' must be 64 to 128 hexadecimal characters",
      'Make one with `openssl rand -hex 32` and set the same key on every browser.',
    );
  if (value.readOnly !== undefined && typeof value.readOnly !== 'boolean')
    problem('readOnly', "'readOnly' must be true or false", 'Set "readOnly": true to make the admin console read-only.');
  if (value.packs !== undefined && !Array.isArray(value.packs))
    problem('packs', "'packs' must be a list of rule packs (each as JSON text)", 'Write "packs": [ "{ \\"name\\": …, \\"rules\\": [ … ] }" ].');
  if (value.sites !== undefined && !Array.isArray(value.sites))
    problem('sites', "'sites' must be a list of site profiles (each as JSON text)", 'Write "sites": [ "{ \\"name\\": …, … }" ].');

  const packs = (Array.isArray(value.packs) ? value.packs : []).map((p, i) => item(p, 'pack', `packs[${i}]`, problems));
  const sites = (Array.isArray(value.sites) ? value.sites : []).map((p, i) => item(p, 'site', `sites[${i}]`, problems));
  const directory = value.directory === undefined ? undefined : item(value.directory, 'directory', 'directory', problems);
  if (!problems.length) {
    // Each managed part is checked like a bundle of its own (packs, directory and sites may come alone);
    // references between them and the local configuration are checked on the merged configuration.
    const parts = validateBundle(
      {
        format: BUNDLE_FORMAT,
        packs: packs.map((pack) => ({ pack, enabled: true })),
        directory: directory ?? { clinics: [], insurances: [], users: [] },
        sites,
      },
      { ...options, partial: true },
    ).filter((p) => p.severity === 'error');
    problems.push(...parts.map((p) => ({ ...p, where: `managed ${p.where}` })));
  }

  const readOnly = value.readOnly === true;
  if (problems.length) {
    const first = problems[0];
    return {
      present,
      hasItems,
      readOnly,
      items: null,
      problems,
      reason: `The configuration your organisation sets through browser policy is invalid (${first.where}${first.path === '(root)' ? '' : ` ${first.path}`}: ${first.message}), so it is not applied.`,
    };
  }
  const items: ManagedItems = { packs: packs as Pack[], sites: sites as SiteProfile[] };
  if (directory !== undefined) items.directory = directory as Directory;
  return { present, hasItems, readOnly, items, problems };
}

/** The local bundle with the managed items over it: packs and sites replace those of the same name (managed packs are on), the directory replaces the local one. */
export function mergeManaged(local: ConfigBundle, items: ManagedItems | null): { bundle: ConfigBundle; managed: ManagedInfo } {
  if (!items) return { bundle: local, managed: NOTHING_MANAGED };
  const packNames = new Set(items.packs.map((p) => p.name));
  const siteNames = new Set(items.sites.map((s) => s.name));
  const packs = [
    ...local.packs.map((e) => (packNames.has(e.pack.name) ? { pack: items.packs.find((p) => p.name === e.pack.name)!, enabled: true } : e)),
    ...items.packs.filter((p) => !local.packs.some((e) => e.pack.name === p.name)).map((pack) => ({ pack, enabled: true })),
  ];
  const sites = [
    ...local.sites.map((s) => (siteNames.has(s.name) ? items.sites.find((m) => m.name === s.name)! : s)),
    ...items.sites.filter((m) => !local.sites.some((s) => s.name === m.name)),
  ];
  return {
    bundle: { format: BUNDLE_FORMAT, packs, directory: items.directory ?? local.directory, sites },
    managed: { packs: [...packNames], directory: items.directory !== undefined, sites: [...siteNames] },
  };
}

/**
 * The local part of a bundle an admin publishes while some items are managed: the console shows the
 * managed items locked and sends them back as they are; locally, the previously published versions of
 * those items stay (they apply again if the policy stops setting them).
 */
export function localPart(submitted: ConfigBundle, previous: ConfigBundle, managed: ManagedInfo | undefined): ConfigBundle {
  if (!managed) return submitted;
  const packs = new Set(managed.packs);
  const sites = new Set(managed.sites);
  const keep = <T>(list: T[], prev: T[], name: (t: T) => string, names: Set<string>) => [
    ...list.flatMap((t) => (names.has(name(t)) ? prev.filter((p) => name(p) === name(t)) : [t])),
    ...prev.filter((p) => names.has(name(p)) && !list.some((t) => name(t) === name(p))),
  ];
  return {
    format: BUNDLE_FORMAT,
    packs: keep(submitted.packs, previous.packs, (e) => e.pack.name, packs),
    directory: managed.directory ? previous.directory : submitted.directory,
    sites: keep(submitted.sites, previous.sites, (s) => s.name, sites),
  };
}
