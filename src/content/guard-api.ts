/**
 * The contract between the early guard (a dependency-free script that runs at document_start and holds
 * the lock) and the content script that decides and explains (loaded later). Content scripts of one
 * extension share an isolated world per frame, so the guard publishes this object on its globalThis;
 * the page cannot see it.
 */
import type { SiteProfile } from '../sites/types';

/** Where the guard is published on the isolated world (a type, not a shared constant: see guard.iife.ts). */
export type GuardKey = '__finalizeGuard';
/** Where the controller marks that it runs in this frame (a host both the manifest and a registration cover loads it twice). */
export type ControllerKey = '__finalizeGuardController';

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
  /** The shipped profiles of this page's host (path aside: an SPA moves between paths): always locked, whatever is published. */
  readonly shipped: readonly SiteProfile[];
  /**
   * The site profiles of this page's host (sites/select.ts profilesForHost), all held by the lock; the controller reads
   * the page with those whose URL patterns, path included, match it now. Empty until known.
   */
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
