/**
 * The chain's anchor: this browser's chain head (seq + hash) kept beside the log, under a MAC made with a
 * key only the extension holds. A hash chain alone cannot show a cut-off tail (the shorter chain is still
 * a valid chain) nor a rewrite of every later hash (they link again); compared with the anchor, both show.
 *
 * The key is a non-extractable HMAC key made once and kept in the extension's IndexedDB (web pages and
 * content scripts cannot open it; the key's bytes cannot be read back out through WebCrypto). The writer
 * moves the anchor in the same transaction as each entry it adds, so the two never disagree.
 *
 * What it does not stop: someone who can run code as the extension (its DevTools, a machine admin editing
 * the profile's files) can rewrite the entries and sign a new anchor too. Exports sent elsewhere are the
 * copy they cannot reach.
 */
import type { AuditEntry } from '../audit/types';
import { ANCHOR_STORE, type AuditDb, KEY_STORE, lastEntryOf } from './audit-db';

const KEY_NAME = 'anchor-mac';

export interface Anchor {
  chainId: string;
  seq: number;
  hash: string;
  /** HMAC-SHA256 (hex) of `chainId seq hash` under the anchor key. */
  mac: string;
}

/** What verification found about this browser's chain head. */
export type HeadCheck =
  | { state: 'ok' | 'empty'; seq: number }
  /** Entries after `lastSeq` up to `anchorSeq` are gone (a cut-off tail). */
  | { state: 'cut'; lastSeq: number; anchorSeq: number }
  /** The entry at the anchored position is not the one the log wrote (later hashes were recomputed). */
  | { state: 'rewritten'; seq: number }
  /** Entries the log's writer never anchored follow the head (added from outside the writer). */
  | { state: 'unanchored'; lastSeq: number; anchorSeq: number }
  /** The anchor was removed or does not carry a valid MAC. */
  | { state: 'anchor-missing' | 'anchor-forged'; lastSeq: number }
  /** The whole database was deleted or replaced after the chain had entries (audit-chain-record.ts): they are gone. */
  | { state: 'deleted'; noticedAt: string };

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const statement = (chainId: string, seq: number, hash: string) => new TextEncoder().encode(`finalize-guard-anchor ${chainId} ${seq} ${hash}`);

/**
 * The anchor key, made on first use. `fresh` is true when this call made it: a log written before anchors
 * existed is then anchored at its current head (trust on first use), and only then.
 */
export async function anchorKey(db: AuditDb): Promise<{ key: CryptoKey; fresh: boolean }> {
  const stored = (await db.get(KEY_STORE, KEY_NAME)) as CryptoKey | undefined;
  if (stored) return { key: stored, fresh: false };
  // Generated outside the transaction (awaiting WebCrypto inside one would let it commit), then added only if still absent.
  const made = await crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
  const tx = db.transaction(KEY_STORE, 'readwrite', { durability: 'strict' });
  const again = (await tx.store.get(KEY_NAME)) as CryptoKey | undefined;
  if (!again) void tx.store.add(made, KEY_NAME).catch(() => undefined);
  await tx.done;
  return again ? { key: again, fresh: false } : { key: made, fresh: true };
}

export async function makeAnchor(key: CryptoKey, entry: Pick<AuditEntry, 'chainId' | 'seq' | 'hash'>): Promise<Anchor> {
  const mac = hex(await crypto.subtle.sign('HMAC', key, statement(entry.chainId, entry.seq, entry.hash)));
  return { chainId: entry.chainId, seq: entry.seq, hash: entry.hash, mac };
}

async function macOk(key: CryptoKey, a: Anchor): Promise<boolean> {
  if (typeof a.mac !== 'string' || !/^[0-9a-f]{64}$/.test(a.mac)) return false;
  const bytes = new Uint8Array(a.mac.match(/../g)!.map((h) => Number.parseInt(h, 16)));
  return crypto.subtle.verify('HMAC', key, bytes, statement(a.chainId, a.seq, a.hash));
}

/** Compares this browser's chain in the database with its anchor. */
export async function checkHead(db: AuditDb, key: CryptoKey, chainId: string): Promise<HeadCheck> {
  const [last, anchor] = await Promise.all([lastEntryOf(db, chainId), db.get(ANCHOR_STORE, chainId) as Promise<Anchor | undefined>]);
  const lastSeq = last?.seq ?? 0;
  if (!anchor) return last ? { state: 'anchor-missing', lastSeq } : { state: 'empty', seq: 0 };
  if (!(await macOk(key, anchor))) return { state: 'anchor-forged', lastSeq };
  if (lastSeq < anchor.seq) return { state: 'cut', lastSeq, anchorSeq: anchor.seq };
  if (lastSeq > anchor.seq) return { state: 'unanchored', lastSeq, anchorSeq: anchor.seq };
  if (last?.hash !== anchor.hash) return { state: 'rewritten', seq: anchor.seq };
  return { state: 'ok', seq: lastSeq };
}
