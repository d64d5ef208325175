/**
 * The review page: paints the newest attempts first (a short reverse-cursor read), then loads the whole
 * log (read-only), filters it in memory (applyFilter once per change), renders the first rows, and sends
 * every change (review, import, retention) to the worker. Filters, counts, chart, export and verify
 * chain wait for the whole log: nothing partial is shown as if it were complete.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { applyFilter, perDayByGate, reviewsByAttempt, type AuditFilter } from '../../audit/filter';
import type { AttemptEntry, AuditEntry } from '../../audit/types';
import type { ActiveConfig } from '../../background/config';
import { readAllEntries } from '../shared/audit-db';
import { formatCount, plural } from '../shared/format';
import { ProblemBanner } from '../shared/ProblemBanner';
import { CONFIG_KEY } from '../../shared/storage-keys';
import { useStorageValue } from '../shared/storage';
import { AttemptDetail } from './AttemptDetail';
import { AttemptTable, PAGE } from './AttemptTable';
import { readNewestEntries } from './newest';
import { ChainCheck } from './ChainCheck';
import { chartData } from './chart-data';
import { Filters } from './Filters';
import { filterChoices, summarize } from './options';
import { PerDayChart } from './PerDayChart';
import { RetentionSetting } from './RetentionSetting';
import { StorageUsed } from './StorageUsed';
import { Transfer } from './Transfer';

const readLog = () => readAllEntries();
const readNewest = () => readNewestEntries(PAGE);
const NO_ENTRIES: AuditEntry[] = [];
const NO_ATTEMPTS: AttemptEntry[] = [];

/**
 * `load`: the whole log, oldest first (IndexedDB; tests pass their own). `loadNewest`: the newest entries
 * (at least a page of attempts), oldest first, shown while the whole log loads (by default only with the default `load`).
 */
export function ReviewApp({
  load = readLog,
  loadNewest = load === readLog ? readNewest : undefined,
}: {
  load?: () => Promise<AuditEntry[]>;
  loadNewest?: () => Promise<AuditEntry[]>;
}) {
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [newest, setNewest] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  const [filter, setFilter] = useState<AuditFilter>({});
  const [limit, setLimit] = useState(PAGE);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const config = useStorageValue<ActiveConfig>('local', CONFIG_KEY) ?? null;

  const reload = useCallback(() => {
    load().then(
      (e) => {
        performance.mark('fg-review:loaded');
        setEntries(e);
        setError('');
        setVersion((v) => v + 1);
      },
      (e: Error) => setError(e.message),
    );
  }, [load]);
  // First open: the newest rows, then the whole log (one after the other: IndexedDB would serve the small
  // read after the big one). A failed first read only costs the preview.
  useEffect(() => {
    if (!loadNewest) return reload();
    let live = true;
    loadNewest()
      .then(
        (e) => {
          if (live) {
            performance.mark('fg-review:newest-read');
            setNewest(e);
          }
        },
        () => undefined,
      )
      .finally(() => {
        if (live) reload();
      });
    return () => {
      live = false;
    };
  }, [reload, loadNewest]);
  useEffect(() => {
    if (newest) performance.mark('fg-review:newest');
  }, [newest]);

  // The first paint with data shows the newest rows at once; the filter choices, the counts and the
  // chart follow in the next task (over 100,000 entries they cost ~100-200 ms, mostly first-time string hashing).
  const [firstPaint, setFirstPaint] = useState(false);
  useEffect(() => {
    if (version === 0 || firstPaint) return;
    const t = setTimeout(() => setFirstPaint(true), 0);
    return () => clearTimeout(t);
  }, [version]);

  // User Timing marks for the bench (effects run after the frame is painted).
  useEffect(() => {
    if (version > 0) performance.mark('fg-review:rendered');
  }, [version]);
  useEffect(() => {
    if (firstPaint) performance.mark('fg-review:complete');
  }, [firstPaint]);

  // Until the whole log is loaded, the rows are the newest ones only (no filter applies: the form is disabled).
  const loaded = entries !== null;
  const all = entries ?? NO_ENTRIES;
  const shownLog = entries ?? newest ?? NO_ENTRIES;
  const reviews = useMemo(() => reviewsByAttempt(shownLog), [shownLog]);
  const filtered = useMemo(() => applyFilter(shownLog, loaded ? filter : {}, reviews), [shownLog, loaded, filter, reviews]);
  const summary = useMemo(() => (firstPaint ? summarize(all, reviews) : null), [firstPaint, entries, reviews]);
  const choices = useMemo(() => filterChoices(summary, config?.directory ?? null), [summary, config]);
  const chart = useMemo(() => (firstPaint ? chartData(perDayByGate(filtered)) : null), [firstPaint, filtered]);
  const selected = useMemo(
    () => (selectedId ? (shownLog.find((e): e is AttemptEntry => e.id === selectedId && e.type === 'attempt') ?? null) : null),
    [shownLog, selectedId],
  );
  const soFar = newest === null ? '' : ` (${plural(newest.length, 'entry', 'entries')} so far)`;
  const loadingText =
    newest === null
      ? 'Loading the audit log…'
      : `Loading the whole log…${soFar} Counts, filters, the chart, export and verify chain are available once it is loaded.`;
  const rowsLoadingText = newest === null ? true : `Loading the whole log…${soFar} Showing the newest ${plural(filtered.length, 'blocked attempt')} meanwhile.`;

  const changeFilter = (f: AuditFilter) => {
    setFilter(f);
    setLimit(PAGE);
  };
  const closeDetail = () => {
    const id = selectedId;
    setSelectedId(null);
    // Back to the row it was opened from (keyboard users keep their place).
    if (id) requestAnimationFrame(() => document.querySelector<HTMLElement>(`tr[data-id="${CSS.escape(id)}"] button`)?.focus());
  };
  const filtering = Object.keys(filter).length > 0;

  return (
    <>
      <header class="page-head">
        <h1>Finalize Guard · Blocked attempts review</h1>
        <p class="sub" data-testid="totals">
          {entries === null
            ? loadingText
            : !summary
              ? 'Counting…'
              : `${plural(summary.attempts.length, 'blocked attempt')} in the log, ${formatCount(summary.unreviewed)} unreviewed. Times and days are UTC.`}
        </p>
      </header>
      <ProblemBanner canDismiss />
      {error && (
        <p class="fg-problem" role="alert">
          The audit log could not be read: {error}{' '}
          <button type="button" onClick={reload}>
            Try again
          </button>
        </p>
      )}
      <main>
        <section class="actions-bar" aria-label="Verify, export and import">
          <ChainCheck entries={all} disabled={!loaded} />
          <Transfer
            entries={all}
            filtered={loaded ? filtered : NO_ATTEMPTS}
            reviews={reviews}
            filtering={filtering}
            filter={filter}
            onImported={reload}
            disabled={!loaded}
          />
        </section>
        <Filters filter={filter} choices={choices} onChange={changeFilter} disabled={entries === null} />
        <PerDayChart data={chart} />
        <div class={selected ? 'split' : undefined}>
          <AttemptTable
            rows={filtered}
            reviews={reviews}
            limit={limit}
            selectedId={selectedId}
            loading={entries === null ? rowsLoadingText : false}
            onSelect={setSelectedId}
            onMore={() => setLimit((l) => l + PAGE)}
          />
          {selected && <AttemptDetail entry={selected} reviews={reviews.get(selected.id) ?? []} config={config} onClose={closeDetail} onReviewed={reload} />}
        </div>
        <section class="tools" aria-labelledby="tools-title">
          <h2 id="tools-title">Retention and storage</h2>
          <RetentionSetting onChanged={reload} />
          <StorageUsed version={version} />
          <button type="button" onClick={reload}>
            Reload the log
          </button>
        </section>
      </main>
    </>
  );
}
