/**
 * The published versions (storage.local `configHistory`, newest last): each publish, import or rollback
 * appends one, numbered one past the last; the newest 50 are kept. Version 0 is the configuration in force
 * before the first publish (the bundled default), kept so the first publish can be rolled back. Pure.
 */
import type { PublishedVersion } from './types';

export const MAX_VERSIONS = 50;

export function latestVersion(history: readonly PublishedVersion[]): PublishedVersion | undefined {
  return history.length ? history[history.length - 1] : undefined;
}

/** The number the next version gets: one past the last (0 for an empty history). */
export function nextVersion(history: readonly PublishedVersion[]): number {
  const last = latestVersion(history);
  return last ? last.version + 1 : 0;
}

/** A new history with `entry` appended as the next version; only the newest MAX_VERSIONS are kept. */
export function appendVersion(history: readonly PublishedVersion[], entry: Omit<PublishedVersion, 'version'>): PublishedVersion[] {
  const next: PublishedVersion = { ...entry, version: nextVersion(history) };
  return [...history, next].slice(-MAX_VERSIONS);
}

export function findVersion(history: readonly PublishedVersion[], version: number): PublishedVersion | undefined {
  return history.find((v) => v.version === version);
}

/** A stored history as read from storage: anything that is not a list of versions counts as empty. */
export function readHistory(value: unknown): PublishedVersion[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (v): v is PublishedVersion =>
      typeof v === 'object' &&
      v !== null &&
      Number.isSafeInteger((v as PublishedVersion).version) &&
      typeof (v as PublishedVersion).bundle === 'object' &&
      (v as PublishedVersion).bundle !== null,
  );
}
