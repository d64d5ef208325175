/**
 * The contract between the guard (which holds the lock from document_start) and the controller that decides and
 * explains. Both run in the one content script (guard.iife.ts), but a host that both the manifest and a run-time
 * registration cover gets that script twice in a frame: content scripts of one extension share an isolated world
 * per frame, so the guard publishes this object on its globalThis (the page cannot see it) and the second copy
 * uses the first one's.
 */
import type { SiteProfile } from '../sites/types';

/** Where the guard is published on the isolated world. */
export const GUARD_KEY = '__finalizeGuard';
/** Set once a controller runs in this frame: one controller (and one site-probe listener) per frame. */
export const CONTROLLER_KEY = '__finalizeGuardController';

export type LockReason = 'loading' | 'blocked' | 'orphaned' | 'error';
export type GuardState =
  /** `description`: why, for a screen reader (the locked control's aria-description). */
  | { locked: true; reason: LockReason; description?: string }
  /** `monitor`: not locked, but attempts are reported as "would have blocked". */
  | { locked: false; monitor: boolean };

export type AttemptKind = 'click' | 'key' | 'submit';
export interface Attempt {
  kind: AttemptKind;
  /** The control aimed at, when one can be told. */
  control: Element | null;
  /** Whether the guard stopped it (false in monitor mode, or when allowed). */
  stopped: boolean;
  at: number;
  /** The same gesture or key on the same control again within moments: already recorded, still worth an explanation. */
  repeat: boolean;
}

export interface GuardApi {
  /** The shipped profiles whose URL patterns match this page: always locked, whatever is published. */
  readonly shipped: readonly SiteProfile[];
  /** The site profiles this page reads with (those whose URL patterns match it; sites/select.ts); empty until known. */
  readonly profiles: readonly SiteProfile[];
  /** True until the profiles are known: every click, submit and activating key is stopped meanwhile (lock.ts). */
  pending(): boolean;
  /**
   * Sets the profiles in use. The lock covers their Finalize controls and shortcuts and, always, those of the shipped
   * profiles that match the page (a published profile can add controls, never release one); controls that only a
   * previously used profile named are released.
   */
  setProfiles(profiles: readonly SiteProfile[]): void;
  state(): GuardState;
  setState(state: GuardState): void;
  /** The Finalize controls currently in the document. */
  controls(): Element[];
  /** Called for every attempt on a Finalize control: stopped ones, monitored ones and allowed ones. */
  onAttempt(listener: (attempt: Attempt) => void): void;
  /** Called from the mutation callback (before paint) when Finalize controls appear or disappear: keep it cheap. */
  onChange(listener: () => void): void;
  /**
   * Asked, synchronously, before an attempt on an unlocked control goes through: the page may have
   * switched patient or user since the last decision. Returning false stops the attempt.
   */
  setVerifier(verify: () => boolean): void;
}
