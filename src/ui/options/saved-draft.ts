/**
 * The console's unpublished draft, kept across a closed tab or browser (an admin halfway through the setup
 * guide must not lose it). Kept in the console's own IndexedDB, not storage.local: every storage.local write is
 * broadcast to every open note tab, and a draft changes with each keystroke. Without IndexedDB (or when it
 * fails) the console still works; the draft is then kept only while its tab is open.
 */
import { openDB } from 'idb';
import type { ConfigBundle } from '../../config/types';

export interface SavedDraft {
  draft: ConfigBundle;
  /** The published version the draft was made from (publish sends it: the worker refuses a stale one). */
  version: number;
}

const DB = { name: 'finalize-guard-console', version: 1, store: 'draft', key: 'current' } as const;

/** One connection for the page's life: the draft is saved on every edit. */
let connection: ReturnType<typeof openDB> | null = null;
const open = () => {
  connection ??= openDB(DB.name, DB.version, {
    upgrade(db) {
      db.createObjectStore(DB.store);
    },
  });
  connection.catch(() => {
    connection = null;
  });
  return connection;
};

export async function loadSavedDraft(): Promise<SavedDraft | null> {
  try {
    const db = await open();
    const saved = (await db.get(DB.store, DB.key)) as SavedDraft | undefined;
    return saved && typeof saved.version === 'number' && saved.draft ? saved : null;
  } catch {
    return null;
  }
}

/** Keeps `saved`, or forgets the draft (null: nothing unpublished). */
export async function saveDraft(saved: SavedDraft | null): Promise<void> {
  try {
    const db = await open();
    if (saved) await db.put(DB.store, saved, DB.key);
    else await db.delete(DB.store, DB.key);
  } catch {
    /* no IndexedDB here: the draft lives only in this tab, as the README says */
  }
}
