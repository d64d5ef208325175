/**
 * What the service worker does with each message (the router has already checked sender and shape):
 * attempts become audit entries (acknowledged only once committed), lock states drive the network block
 * and the popup's per-tab state, and the review page's requests go to the audit log's only writer.
 * Browser APIs come in as arguments, so this runs under test with fakes.
 */
import type { DeclarativeNetRequest, Storage } from 'webextension-polyfill';
import { entryHashOk } from '../audit/chain';
import { attemptBody, noteRef } from '../audit/entries';
import { shownFileName } from '../audit/export-import';
import type { AuditEntry } from '../audit/types';
import { auditEntryProblem } from '../audit/validate';
import { CREDENTIALS } from '../policy/catalog';
import type { Credential, Directory } from '../policy/types';
import { isAttemptRecord, type AttemptRecord, type LockStateMessage } from '../shared/messages';
import { readRetentionDays, saveRetentionDays, type AuditIdentity } from './audit-settings';
import type { AuditDb } from './audit-db';
import { AuditWriteError, type AuditWriter } from './audit-writer';
import { CONFIG_KEY, PENDING_ATTEMPT_PREFIX } from '../shared/storage-keys';
import { setNetworkBlock } from './network-block';
import { checkSignature, type SigningKey, signDigest } from './audit-signing';
import type { Handlers } from './router';

type Area = Pick<Storage.StorageArea, 'get' | 'set' | 'remove'>;

export interface HandlerDeps {
  local: Area;
  session: Area;
  dnr: Pick<DeclarativeNetRequest.Static, 'updateSessionRules' | 'getSessionRules'>;
  writer: AuditWriter;
  /** The audit log's database (the retention setting lives there, out of content scripts' reach). */
  db: () => Promise<AuditDb>;
  identity: () => Promise<AuditIdentity>;
  /** The admin console's unlocked session (the configuration store's, which publish requires too), or null. */
  adminSession: () => Promise<{ author: string } | null>;
  /** The organisation's export signing key from browser policy, or null (audit-signing.ts). */
  organisationKey?: () => Promise<SigningKey | null>;
  /** The review page's and the popup's banner (set: while writes fail; the writer's) and notice of what the log lost (keep, until dismissed). */
  problems: { set(message: string): Promise<void>; keep(message: string): Promise<void>; dismiss(): Promise<void> };
  now?: () => Date;
}

/** The documenting user's credential from the active configuration's directory, read once per configuration. */
function credentialLookup(local: Area) {
  let byUser: Promise<Map<string, Credential>> | null = null;
  return {
    async of(userId: string): Promise<Credential | undefined> {
      byUser ??= local.get(CONFIG_KEY).then((r) => {
        const directory = (r[CONFIG_KEY] as { directory?: Directory } | undefined)?.directory;
        const users = Array.isArray(directory?.users) ? directory.users : [];
        // The configuration was validated before it was stored; the check keeps a bad one out of the log.
        return new Map(users.filter((u) => (CREDENTIALS as readonly unknown[]).includes(u?.credential)).map((u) => [u.id, u.credential]));
      });
      byUser.catch(() => {
        byUser = null;
      });
      return (await byUser).get(userId);
    },
    /** The active configuration changed. */
    invalidate(): void {
      byUser = null;
    },
  };
}

export const tabKey = (tabId: number) => `tab:${tabId}`;

/** What the popup reads for a tab (storage.session `tab:<tabId>`). */
interface TabState {
  locked: boolean;
  outcome?: LockStateMessage['outcome'];
  reasons?: string[];
  frameId: number;
  at: string;
}

/** Own-hash checks of an imported part run this many at a time: quick, and bounded for 5,000 entries. */
const HASH_BATCH = 256;

/** The first entry of an imported part that is malformed or does not match its own hash, or null. */
async function badImportEntry(entries: unknown[]): Promise<{ index: number; problem: string } | null> {
  for (let i = 0; i < entries.length; i++) {
    const problem = auditEntryProblem(entries[i]);
    if (problem !== null) return { index: i, problem: `is malformed (${problem})` };
  }
  for (let start = 0; start < entries.length; start += HASH_BATCH) {
    const ok = await Promise.all((entries.slice(start, start + HASH_BATCH) as AuditEntry[]).map(entryHashOk));
    const bad = ok.indexOf(false);
    if (bad !== -1) return { index: start + bad, problem: 'does not match its hash' };
  }
  return null;
}

const REFUSED_ATTEMPT =
  'A note screen sent a blocked attempt the audit log cannot hold (a field is malformed or too long). The note screen keeps it and sends it again; report this to your IT department.';
const UNREADABLE_COPY =
  'A note screen kept a blocked attempt the audit log cannot read (a field is malformed or too long); it was removed without being logged. Report this to your IT department.';
const RETENTION_LOCKED = 'Unlock the admin console to change retention (Finalize Guard → Options → Access).';

const writeFailure = (e: AuditWriteError) => ({ ok: false, error: e.reason === 'full' ? 'full' : 'unavailable', reason: e.message });

/**
 * Two frames' `page` times, with a second's margin: clocks of different renderer processes may differ a little, and
 * an error must keep a frame's lock (a frame of the page before kept holds too much; a frame of this page dropped
 * would hold nothing).
 */
const PAGE_CLOCK_MARGIN_MS = 1000;
const ofPageBefore = (f: { page?: number }, top: { page?: number }) =>
  f.page !== undefined && top.page !== undefined && f.page < top.page - PAGE_CLOCK_MARGIN_MS;
const ofThisPage = (f: { page?: number }, top: { page?: number }) => f.page !== undefined && top.page !== undefined && !ofPageBefore(f, top);

export function createHandlers(deps: HandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const credentials = credentialLookup(deps.local);
  /** Lock states of one tab are written one after another (each reads what the last one wrote). */
  const tabWrites = new Map<number, Promise<void>>();

  async function entryBodyFor(record: AttemptRecord) {
    const { chainId, salt } = await deps.identity();
    const credential = record.userId !== undefined ? await credentials.of(record.userId) : undefined;
    const ref = record.noteId !== undefined ? await noteRef(record.noteId, salt) : undefined;
    return attemptBody(record, { chainId, credential, noteRef: ref });
  }

  /** Stores an attempt; resolves once committed. Throws AuditWriteError when storage fails. */
  async function recordAttempt(record: AttemptRecord): Promise<string> {
    return (await deps.writer.append(await entryBodyFor(record))).id;
  }

  async function saveTabState(m: LockStateMessage, tabId: number, frameId: number): Promise<void> {
    const key = tabKey(tabId);
    const existing = (await deps.session.get(key))[key] as TabState | undefined;
    // A frame with no decision (not a note screen, still loading) does not hide another frame's decision.
    if (m.outcome === undefined && existing?.outcome !== undefined && existing.frameId !== frameId) return;
    const state: TabState = { locked: m.locked, frameId, at: now().toISOString() };
    if (m.outcome !== undefined) state.outcome = m.outcome;
    if (m.reasons !== undefined) state.reasons = [...m.reasons];
    await deps.session.set({ [key]: state });
  }

  /**
   * The tab's network block holds while ANY frame of its current page is locked (one frame's "allowed"
   * must not lift another's lock). A new top-level document replaces the page's frames: those that began before it
   * (`page`) belonged to the page before and go, as does a late report of one. A frame of the new page may report
   * before its top frame does, and it stays. Without `page` (an older content script), every frame goes.
   */
  async function updateNetworkBlock(m: LockStateMessage, tabId: number, frameId: number, documentId: string): Promise<void> {
    const key = `net:${tabId}`;
    type Frames = Record<string, { locked: boolean; endpoints?: string[]; documentId: string; page?: number }>;
    let frames = ((await deps.session.get(key))[key] ?? {}) as Frames;
    if (frameId === 0 && frames['0'] && frames['0'].documentId !== documentId)
      frames = Object.fromEntries(Object.entries(frames).filter(([id, f]) => id !== '0' && ofThisPage(f, m)));
    if (frameId !== 0 && frames['0'] && ofPageBefore(m, frames['0'])) return; // a frame of the page before, reporting late
    frames[frameId] = {
      locked: m.locked,
      documentId,
      ...(m.page !== undefined ? { page: m.page } : {}),
      ...(m.endpoints?.length ? { endpoints: m.endpoints } : {}),
    };
    await deps.session.set({ [key]: frames });
    // Every endpoint of every locked frame (not only the first's): each frame's profiles may name others.
    const endpoints = Object.values(frames).flatMap((f) => (f.locked ? (f.endpoints ?? []) : []));
    await setNetworkBlock(deps.dnr, tabId, endpoints.length > 0, endpoints);
  }

  async function prune(days: number, setBy?: string): Promise<number> {
    return (await deps.writer.prune(days, now(), setBy)).removed;
  }

  const handlers: Handlers = {
    async attempt(m) {
      try {
        return { ok: true, id: await recordAttempt(m.attempt) };
      } catch (e) {
        // Not acknowledged: the content script keeps the record and sends it again.
        if (e instanceof AuditWriteError) return { ok: false, error: e.reason === 'full' ? 'full' : 'unavailable' };
        return { ok: false, error: 'failed' };
      }
    },

    async refusedAttempt() {
      // The message checks share the entry validator's limits, so an attempt refused here could not be
      // stored either: say so where supervisors look, rather than let the tab retry it unseen.
      await deps.problems.set(REFUSED_ATTEMPT);
      return { ok: false, error: 'invalid message' };
    },

    async lockState(m, tabId, frameId, documentId) {
      const previous = tabWrites.get(tabId) ?? Promise.resolve();
      const write = previous
        .then(async () => {
          await saveTabState(m, tabId, frameId);
          await updateNetworkBlock(m, tabId, frameId, documentId);
        })
        .catch(() => undefined);
      tabWrites.set(tabId, write);
      void write.then(() => {
        if (tabWrites.get(tabId) === write) tabWrites.delete(tabId);
      });
      await write;
      return { ok: true };
    },

    async review(m) {
      try {
        const entry = await deps.writer.review(m.reviewOf, m.reviewer, m.note);
        return entry
          ? { ok: true, id: entry.id }
          : { ok: false, error: 'not found', reason: 'That attempt is not in the audit log (it may have been pruned).' };
      } catch (e) {
        if (e instanceof AuditWriteError) return writeFailure(e);
        return { ok: false, error: 'failed', reason: 'The review could not be recorded.' };
      }
    },

    async importEntries(m) {
      // The page verified the whole file (structure and chain), but what arrives here is not trusted: every
      // entry is checked again, and one bad entry refuses the whole part, so nothing of it is stored.
      const bad = await badImportEntry(m.entries);
      if (bad !== null) {
        return {
          ok: false,
          error: 'invalid entry',
          reason: `"${shownFileName(m.fileName)}" was refused: entry ${bad.index} of this part ${bad.problem}; nothing of this part was stored`,
        };
      }
      try {
        // The writer skips ids (and chain positions) already stored, within this part and across parts.
        const { imported, skipped } = await deps.writer.importEntries(m.entries as AuditEntry[]);
        return { ok: true, imported, skipped };
      } catch (e) {
        if (e instanceof AuditWriteError) return writeFailure(e);
        return { ok: false, reason: 'The import could not be stored.' };
      }
    },

    async checkHead() {
      try {
        return { ok: true, head: await deps.writer.checkHead() };
      } catch {
        return { ok: false, error: 'failed', reason: "The audit log's anchor could not be read." };
      }
    },

    async dismissNotice() {
      try {
        await deps.problems.dismiss();
        return { ok: true };
      } catch {
        return { ok: false, error: 'failed', reason: 'The notice could not be taken down.' };
      }
    },

    async signExport(m) {
      try {
        const org = (await deps.organisationKey?.()) ?? null;
        return { ok: true, signature: await signDigest(org ?? (await deps.writer.browserSigningKey()), m.digest) };
      } catch {
        return { ok: false, error: 'failed', reason: 'The export could not be signed.' };
      }
    },

    async checkSignature(m) {
      try {
        const org = (await deps.organisationKey?.()) ?? null;
        const keys = [...(org ? [org] : []), await deps.writer.browserSigningKey()];
        return { ok: true, valid: await checkSignature(keys, m.digest, m.signature) };
      } catch {
        return { ok: false, error: 'failed', reason: "The export's signature could not be checked." };
      }
    },

    async setRetention(m) {
      // Retention deletes history: only an admin with the console unlocked may change it, and the change is logged.
      const session = await deps.adminSession();
      if (!session) return { ok: false, error: 'locked', reason: RETENTION_LOCKED };
      try {
        await saveRetentionDays(await deps.db(), m.days);
        return { ok: true, removed: await prune(m.days, session.author) };
      } catch (e) {
        if (e instanceof AuditWriteError) return writeFailure(e);
        return { ok: false, reason: 'The retention setting could not be saved.' };
      }
    },
  };

  return {
    handlers,
    credentials,
    recordAttempt,
    /** At every worker start: apply the retention setting. */
    async pruneOnStart(): Promise<void> {
      await prune(await readRetentionDays(await deps.db(), deps.local)).catch(() => undefined);
    },
    /**
     * Attempts content scripts kept in storage.local (one 'attempt:<id>' key each) but could not deliver
     * (the tab closed, or the worker was stopped): move them into the log, each key removed only once its
     * entry is committed. The kept copy has no note id (content/attempts.ts), so the message an open tab is
     * still sending should win: `minAgeMs` leaves younger copies to their tab (at worker start, which the
     * tab's own message may have caused); when a tab closes, everything is collected.
     */
    async collectPendingAttempts(minAgeMs = 0): Promise<void> {
      const all = await deps.local.get(null);
      const newest = now().getTime() - minAgeMs;
      for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(PENDING_ATTEMPT_PREFIX)) continue;
        if (isAttemptRecord(value)) {
          if (minAgeMs > 0 && Date.parse(value.at) > newest) continue;
          await recordAttempt(value);
        } else await deps.problems.keep(UNREADABLE_COPY); // a good write must not clear this one: the attempt is gone
        await deps.local.remove(key);
      }
    },
    async tabRemoved(tabId: number): Promise<void> {
      await deps.session.remove([tabKey(tabId), `net:${tabId}`]).catch(() => undefined);
    },
  };
}
