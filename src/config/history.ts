/**
 * The published versions: each publish, import or rollback appends one, numbered one past the last; the
 * newest 50 are kept. Version 0 is the configuration in force before the first publish (the bundled
 * default), kept so the first publish can be rolled back.
 *
 * Stored one key per version (`configVersion:<n>`) with an index of their numbers (`configVersions`), so a
 * publish writes one version and the index, never the whole history: storage.local's change event carries
 * every written value to every open note tab, and a whole history in it made the tabs' re-decision slower
 * with each version. A history stored the old way (one `configHistory` list) is migrated (migrationWrites).
 */
import { HISTORY_INDEX_KEY, HISTORY_VERSION_PREFIX, LEGACY_HISTORY_KEY } from '../shared/storage-keys';
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

const versionKey = (version: number) => `${HISTORY_VERSION_PREFIX}${version}`;

/** A stored index: the version numbers, ascending; anything else counts as none. */
function readIndex(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((v): v is number => Number.isSafeInteger(v) && v >= 0).sort((a, b) => a - b) : [];
}

/** What a store needs to read the history (storage.local or a stand-in). */
interface Readable {
  get(keys: string[]): Promise<Record<string, unknown>>;
}

/** The stored history, oldest first: from the index and its versions' keys, else from a list stored the old way. */
export async function loadHistory(area: Readable): Promise<PublishedVersion[]> {
  const got = await area.get([HISTORY_INDEX_KEY, LEGACY_HISTORY_KEY]);
  if (got[HISTORY_INDEX_KEY] === undefined) return readHistory(got[LEGACY_HISTORY_KEY]);
  const keys = readIndex(got[HISTORY_INDEX_KEY]).map(versionKey);
  const versions = keys.length ? await area.get(keys) : {};
  return readHistory(keys.map((k) => versions[k]).filter((v) => v !== undefined));
}

/** The stored version numbers and the newest version: all a publish needs, read without the other versions. */
export async function loadNewest(area: Readable): Promise<{ numbers: number[]; newest: PublishedVersion | undefined }> {
  const numbers = readIndex((await area.get([HISTORY_INDEX_KEY]))[HISTORY_INDEX_KEY]);
  if (!numbers.length) return { numbers, newest: undefined };
  const key = versionKey(numbers[numbers.length - 1]);
  return { numbers, newest: readHistory([(await area.get([key]))[key]])[0] };
}

/**
 * The writes that add `added` (new versions, oldest first) to a history whose stored numbers are `stored`,
 * keeping the newest `keep`: each new version's key and the new index in `set`, the keys of versions that
 * fell out in `remove`.
 */
export function historyWrites(stored: number[], added: PublishedVersion[], keep = MAX_VERSIONS): { set: Record<string, unknown>; remove: string[] } {
  const all = [...stored, ...added.map((v) => v.version)];
  const kept = all.slice(-keep);
  const set: Record<string, unknown> = { [HISTORY_INDEX_KEY]: kept };
  for (const v of added) if (kept.includes(v.version)) set[versionKey(v.version)] = v;
  const remove = stored.filter((n) => !kept.includes(n)).map(versionKey);
  return { set, remove };
}

/** Migrating a history stored as one list: every version under its own key, the index, and the old key removed. */
export function migrationWrites(legacy: unknown): { set: Record<string, unknown>; remove: string[] } {
  const { set } = historyWrites([], readHistory(legacy).slice(-MAX_VERSIONS));
  return { set, remove: [LEGACY_HISTORY_KEY] };
}
