/**
 * The admin console's data: what an admin edits (a bundle), what is published (versions in a history),
 * and who may edit. Pure types shared by the options page, the service worker and tests.
 */
import type { Directory, InstalledPack, Pack } from '../policy/types';
import type { SiteProfile } from '../sites/types';

/** One configuration as a file: packs (with their on/off switch), the directory, site profiles. */
export interface ConfigBundle {
  format: 'finalize-guard-bundle';
  packs: Array<{ pack: Pack; enabled: boolean }>;
  directory: Directory;
  sites: SiteProfile[];
}

/** The configuration every note tab decides with (storage.local `activeConfig`); written only after validation. */
export interface ActiveConfig {
  packs: InstalledPack[];
  directory: Directory;
  /** Site profiles published in the console or set by policy, each used under its own name (one of a shipped name replaces it: sites/select.ts). */
  sites?: SiteProfile[];
  installedAt: string;
  /** The published version this came from (0: the bundled default). */
  version?: number;
  /** Which items browser policy (storage.managed) set: they win over local ones and are shown locked. */
  managed?: { packs: string[]; directory: boolean; sites: string[] };
}

/** One published version (storage.local `configVersion:<n>` each, listed in `configVersions`, at most 50 kept). */
export interface PublishedVersion {
  version: number;
  publishedAt: string;
  /** Who published: the admin's name as typed when unlocking (self-declared, like the reviewer id). */
  author: string;
  summary: string;
  /** 'publish', 'rollback' (to `from`) or 'import'. */
  kind: 'publish' | 'rollback' | 'import';
  from?: number;
  bundle: ConfigBundle;
}

/** What the console may do, and why not (shown to the user as is). */
export interface Access {
  mode: 'no-passcode' | 'locked' | 'unlocked' | 'read-only-policy';
  reason: string;
}

/** One problem found in a bundle: which part, where in it, what is wrong and how to fix it. */
export interface BundleProblem {
  /** The part of the bundle: "bundle", "pack state-oh", "packs", "directory", "site demo-ehr". */
  where: string;
  /** JSON path inside that part, e.g. "rules[0].event.type" ("(root)" for the part itself). */
  path: string;
  message: string;
  hint: string;
  severity: 'error' | 'warning';
}

/** One change between two bundles, in words an admin understands. */
export interface Change {
  area: 'pack' | 'directory' | 'site';
  /** What changed, e.g. "Insurance 'Summit Workers' Comp' › Allow therapist assistants to finalize notes". */
  what: string;
  /** Absent when the thing was added. */
  before?: string;
  /** Absent when the thing was removed. */
  after?: string;
}

/** The stored passcode (storage.local `adminPasscode`): PBKDF2-SHA-256, never the passcode itself. */
export interface StoredPasscode {
  /** base64 of the 16 random salt bytes. */
  salt: string;
  /** base64 of the 32-byte derived key. */
  hash: string;
  iterations: number;
}

/** The admin session (storage.session `adminSession`): who unlocked the console, and until when. */
export interface AdminSession {
  author: string;
  /** Epoch milliseconds. */
  until: number;
}
