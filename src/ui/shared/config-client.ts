/**
 * Requests from the admin console to the service worker, the only writer of the configuration.
 * Replies are checked here: a worker that is restarting or answers something unexpected is an error.
 */
import { askWorker } from './ask-worker';
import type { Access, BundleProblem, ConfigBundle } from '../../config/types';
import { MAX_AUTHOR_CHARS, MAX_SUMMARY_CHARS } from '../../shared/config-messages';

type Failure = { ok: false; reason: string; unanswered?: boolean };
export type AccessReply = { ok: true; access: Access; author?: string } | Failure;
export type DoneReply = { ok: true } | Failure;
/** After unlock and lock: the access that now holds. */
export type AccessChangeReply = { ok: true; access: Access; author?: string } | Failure;
/** `problems`: everything validation found (nothing was changed when there is any error). */
export type PublishReply = { ok: true; version: number } | (Failure & { problems?: BundleProblem[] });

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const MODES: readonly Access['mode'][] = ['no-passcode', 'locked', 'unlocked', 'read-only-policy'];

async function ask(message: Record<string, unknown>): Promise<Record<string, unknown>> {
  const { problems, ...reply } = await askWorker(message);
  const checked = reply.ok === true ? undefined : toProblems(problems);
  return checked ? { ...reply, problems: checked } : reply;
}

function fail(r: Record<string, unknown>): Failure {
  return r.unanswered === true ? { ok: false, reason: String(r.reason), unanswered: true } : { ok: false, reason: String(r.reason) };
}

function toAccess(v: unknown): Access | null {
  if (!isObj(v) || !MODES.includes(v.mode as Access['mode']) || typeof v.reason !== 'string') return null;
  return { mode: v.mode as Access['mode'], reason: v.reason };
}

function toProblems(v: unknown): BundleProblem[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isObj).map((p) => ({
    where: String(p.where ?? ''),
    path: String(p.path ?? ''),
    message: String(p.message ?? ''),
    hint: String(p.hint ?? ''),
    severity: p.severity === 'warning' ? 'warning' : 'error',
  }));
}

function accessReply(r: Record<string, unknown>): AccessReply {
  if (r.ok !== true) return fail(r);
  const access = toAccess(r.access);
  if (!access) return { ok: false, reason: 'The service worker answered something unexpected.' };
  return typeof r.author === 'string' ? { ok: true, access, author: r.author } : { ok: true, access };
}

/** What this console may do now, and who unlocked it. */
export async function getAccess(): Promise<AccessReply> {
  return accessReply(await ask({ type: 'config:access' }));
}

/** Sets the first passcode (`current` null or '') or changes it (`current` required). */
export async function setPasscode(current: string | null | undefined, next: string): Promise<DoneReply> {
  const r = await ask(current ? { type: 'config:set-passcode', current, next } : { type: 'config:set-passcode', next });
  return r.ok === true ? { ok: true } : fail(r);
}

/** Opens a 30-minute admin session under `author` (the name shown in the version history). */
export async function unlock(author: string, passcode: string): Promise<AccessChangeReply> {
  return accessReply(await ask({ type: 'config:unlock', author: author.trim().slice(0, MAX_AUTHOR_CHARS), passcode }));
}

export async function lock(): Promise<AccessChangeReply> {
  return accessReply(await ask({ type: 'config:lock' }));
}

function versionReply(r: Record<string, unknown>): PublishReply {
  if (r.ok !== true) return r.problems ? { ...fail(r), problems: r.problems as BundleProblem[] } : fail(r);
  return Number.isSafeInteger(r.version)
    ? { ok: true, version: r.version as number }
    : { ok: false, reason: 'The service worker answered something unexpected.' };
}

/**
 * Validates and publishes `bundle` as the next version (atomic: every note tab sees all of it or none).
 * `baseVersion`: the published version the draft was made from (ActiveConfig.version, 0 for the bundled
 * default); the worker refuses, changing nothing, when someone published a newer one since.
 */
export async function publish(bundle: ConfigBundle, kind: 'publish' | 'import', summary: string, baseVersion: number): Promise<PublishReply> {
  return versionReply(await ask({ type: 'config:publish', bundle, kind, summary: summary.slice(0, MAX_SUMMARY_CHARS), baseVersion }));
}

/** Publishes an earlier version's bundle again, as a new version. */
export async function rollback(version: number): Promise<PublishReply> {
  return versionReply(await ask({ type: 'config:rollback', version }));
}
