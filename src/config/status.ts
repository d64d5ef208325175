/**
 * Whether note tabs may use the active configuration (storage.local `configStatus`, written by the
 * service worker): `ok`; `not-set-up` while its directory has nobody in it (first run: policy/not-set-up.ts);
 * `checking` while browser policy set the configuration before but storage.managed
 * is still empty (it is for a few seconds after the browser starts); `invalid` when the managed
 * configuration cannot be applied. Absent counts as `ok` (no policy involved). The worker writes the
 * words a tab shows (but "not set up"'s, which a fresh profile's tab needs before the worker has written anything):
 * this file is tiny, because every EHR page loads it.
 */
import { NOT_SET_UP } from '../policy/not-set-up';

export const STATUS_KEY = 'configStatus';
/** How long an empty storage.managed counts as "still loading" before it counts as missing. */
export const MANAGED_WAIT_MS = 30_000;

export type ConfigStatus =
  | { state: 'ok' }
  /** `reason` and `remedy`: what tabs show once the wait is over. */
  | { state: 'checking'; since: number; reason: string; remedy: string }
  /** `retry`: not a refusal, the check could not run; the worker refreshes again a few times (background/main.ts). */
  | { state: 'invalid'; reason: string; remedy: string; retry?: true }
  /** `rule`: the finding's rule name (policy/not-set-up.ts): the words and the name come from the worker. */
  | { state: 'not-set-up'; rule: string; reason: string; remedy: string };

/** What a tab does now: decide (`ok`), wait (`checking`, until `until`), or stay locked with a reason. */
export type StatusNow = { kind: 'ok' } | { kind: 'checking'; until: number } | { kind: 'locked'; rule: string; message: string; remedy: string };

/**
 * While the directory has nobody in it (policy/not-set-up.ts). Also what a tab assumes when nothing is stored at all:
 * a fresh profile whose worker has not yet installed the shipped configuration is not set up either.
 */
export const NOT_SET_UP_STATUS: ConfigStatus = { state: 'not-set-up', rule: NOT_SET_UP.rule, reason: NOT_SET_UP.message, remedy: NOT_SET_UP.remedy };

const text = (v: unknown, fallback: string) => (typeof v === 'string' && v ? v : fallback);

export function statusNow(status: unknown, now: number): StatusNow {
  if (status === undefined || status === null) return { kind: 'ok' };
  const s = (typeof status === 'object' ? status : {}) as Record<string, unknown>;
  if (s.state === 'ok') return { kind: 'ok' };
  const until = typeof s.since === 'number' ? s.since + MANAGED_WAIT_MS : 0;
  if (s.state === 'checking' && now < until) return { kind: 'checking', until };
  // Missing after the wait, invalid, or a status this script does not know: never unlock on it.
  return {
    kind: 'locked',
    rule: text(s.rule, `finalize-guard:managed-${s.state === 'checking' ? 'missing' : 'invalid'}`),
    message: text(s.reason, 'Finalize Guard cannot apply its configuration.'),
    remedy: text(s.remedy, 'Contact IT.'),
  };
}
