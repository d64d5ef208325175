// @vitest-environment happy-dom
/** The review page's wiring in happy-dom: filters change the rows, the chart has a text alternative, import results read right. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { perDayByGate } from '../../audit/filter';
import { attempt, CHAIN_A, sealAll, uuid } from '../../audit/fixtures';
import type { AttemptEntry, AuditEntry } from '../../audit/types';
import { chartData } from './chart-data';
import { importMessage } from './import-message';
import { PerDayChart } from './PerDayChart';

vi.mock('webextension-polyfill', () => ({
  default: {
    storage: { local: { get: async () => ({}) }, session: { get: async () => ({}) }, onChanged: { addListener() {}, removeListener() {} } },
    runtime: { sendMessage: async () => ({ ok: true }) },
  },
}));

const at = (d: number, h = 9) => new Date(Date.UTC(2026, 10, d, h)).toISOString();
let log: AuditEntry[] = [];

beforeAll(async () => {
  const attempts = await sealAll([
    attempt(CHAIN_A, 0, { at: at(24), userId: 'u-pta-riley', gates: ['clinic', 'insurance', 'user'] }),
    attempt(CHAIN_A, 0, { at: at(25), userId: 'u-pta-riley', gates: ['user'] }),
    attempt(CHAIN_A, 0, { at: at(26), userId: 'u-pta-morgan', clinicId: 'clinic-north', insuranceIds: ['ins-acme-ppo'], gates: ['user'] }),
    attempt(CHAIN_A, 0, { at: at(26, 10), userId: 'u-cota-sam', credential: 'COTA', gates: ['clinic'] }),
  ]);
  const [review] = await sealAll(
    [{ id: uuid(), chainId: CHAIN_A, at: at(27), type: 'review', reviewOf: attempts[1].id, reviewer: 'u-pt-avery', note: 'talked to Riley' }],
    attempts[3],
  );
  log = [...attempts, review];
});

afterEach(() => document.body.replaceChildren());

async function mount(node: preact.ComponentChild) {
  const el = document.createElement('div');
  document.body.append(el);
  await act(async () => {
    render(node, el);
  });
  // The log loads, the rows render, then the choices and the chart follow in the next task.
  for (let i = 0; i < 3; i++)
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  return el;
}

const rows = (el: Element) => [...el.querySelectorAll('.attempts tbody tr')];
async function choose(el: Element, id: string, value: string) {
  const select = el.querySelector<HTMLSelectElement>(`#filter-${id}`)!;
  select.value = value;
  await act(async () => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('review page filters', () => {
  it('populate their choices from the data and narrow the rows with each change', async () => {
    const { ReviewApp } = await import('./App');
    const el = await mount(<ReviewApp load={async () => log} />);
    expect(el.querySelector('[data-testid=row-count]')!.textContent).toBe('Showing 4 of 4 blocked attempts, newest first.');
    const users = [...el.querySelectorAll('#filter-userId option')].map((o) => o.getAttribute('value'));
    expect(users).toEqual(['', 'u-cota-sam', 'u-pta-morgan', 'u-pta-riley']);
    expect([...el.querySelectorAll('#filter-gate option')].map((o) => o.textContent)).toEqual(['All', 'clinic', 'insurance', 'user']);

    await choose(el, 'userId', 'u-pta-riley');
    expect(rows(el)).toHaveLength(2);
    await choose(el, 'gate', 'user');
    expect(rows(el)).toHaveLength(2);
    await choose(el, 'reviewed', 'no');
    expect(rows(el).map((r) => r.getAttribute('data-id'))).toEqual([log[0].id]);
    await choose(el, 'reviewed', 'yes');
    expect(rows(el).map((r) => r.querySelector('[data-col=reviewed]')!.textContent)).toEqual(['Yes (u-pt-avery)']);

    await act(async () => {
      el.querySelector<HTMLButtonElement>('.filters button')!.click();
    });
    expect(rows(el)).toHaveLength(4);
    // Newest first.
    expect(rows(el)[0].getAttribute('data-id')).toBe(log[3].id);
  });

  it('shows the newest rows while the whole log loads, with filters, counts, chart, export and verify disabled until then', async () => {
    const { ReviewApp } = await import('./App');
    let finish!: (e: AuditEntry[]) => void;
    const whole = new Promise<AuditEntry[]>((r) => {
      finish = r;
    });
    const el = await mount(<ReviewApp load={() => whole} loadNewest={async () => log.slice(2)} />);
    expect(rows(el).map((r) => r.getAttribute('data-id'))).toEqual([log[3].id, log[2].id]);
    expect(el.querySelector('[data-testid=row-count]')!.textContent).toBe(
      'Loading the whole log… (3 entries so far) Showing the newest 2 blocked attempts meanwhile.',
    );
    expect(el.querySelector('[data-testid=totals]')!.textContent).toContain('Loading the whole log… (3 entries so far)');
    expect(el.querySelector<HTMLFieldSetElement>('.filters fieldset')!.disabled).toBe(true);
    expect(el.querySelector('[data-testid=chart-summary]')!.textContent).toBe('Preparing the chart…');
    const button = (name: string) => [...el.querySelectorAll('button')].find((b) => b.textContent === name)!;
    expect(button('Verify chain').disabled).toBe(true);
    expect(button('Export CSV').disabled).toBe(true);
    expect(button('Export JSON').disabled).toBe(true);

    await act(async () => {
      finish(log);
      await whole;
    });
    for (let i = 0; i < 3; i++)
      await act(async () => {
        await new Promise((r) => setTimeout(r, 0));
      });
    expect(el.querySelector('[data-testid=row-count]')!.textContent).toBe('Showing 4 of 4 blocked attempts, newest first.');
    expect(el.querySelector('[data-testid=totals]')!.textContent).toContain('4 blocked attempts in the log, 3 unreviewed');
    expect(el.querySelector<HTMLFieldSetElement>('.filters fieldset')!.disabled).toBe(false);
    expect(button('Verify chain').disabled).toBe(false);
    expect(button('Export CSV').disabled).toBe(false);
  });

  it("opens an attempt's detail with its rules, the rebuilt explanation and its review history", async () => {
    const { ReviewApp } = await import('./App');
    const el = await mount(<ReviewApp load={async () => log} />);
    const row = rows(el).find((r) => r.getAttribute('data-id') === log[1].id)!;
    await act(async () => {
      row.querySelector('button')!.click();
    });
    const detail = el.querySelector('[data-testid=detail]')!;
    expect(detail.querySelector('[data-testid=detail-rules]')!.textContent).toBe('clinic-allows-assistants');
    expect(detail.querySelector('[data-testid=review-history]')!.textContent).toContain('u-pt-avery');
    expect(detail.querySelector('[data-testid=review-history] q')!.textContent).toBe('talked to Riley');
    expect(detail.textContent).toContain('No active rule pack');
    expect(document.activeElement?.id).toBe('detail-title');
  });
});

describe('the per-day chart', () => {
  it('is an image labelled by a text summary, with the numbers as a table', async () => {
    const attempts = log.filter((e): e is AttemptEntry => e.type === 'attempt');
    const data = chartData(perDayByGate(attempts));
    expect(data.summary).toBe(
      '4 blocked attempts on 3 days from 2026-11-24 to 2026-11-26; the most on 2026-11-26 (2). ' +
        'By gate: user 3, clinic 2, insurance 1 (an attempt with several gates counts under each).',
    );
    const el = await mount(<PerDayChart data={data} />);
    const svg = el.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    const labelledBy = svg
      .getAttribute('aria-labelledby')!
      .split(' ')
      .map((id) => el.querySelector(`#${id}`)!.textContent)
      .join(' ');
    expect(labelledBy).toContain('4 blocked attempts on 3 days');
    expect(svg.querySelectorAll('rect')).toHaveLength(6); // 3 + 1 + 2 gate segments
    const table = [...el.querySelectorAll('[data-testid=chart-table] tbody tr')].map((r) => [...r.children].map((c) => c.textContent));
    expect(table).toEqual([
      ['2026-11-24', '1', '1', '1', '1'],
      ['2026-11-25', '1', '1', '0', '0'],
      ['2026-11-26', '2', '1', '1', '0'],
    ]);
  });

  it('says so when there is nothing to chart', async () => {
    const el = await mount(<PerDayChart data={chartData([])} />);
    expect(el.textContent).toContain('No blocked attempts to chart.');
    expect(el.querySelector('svg')).toBeNull();
  });
});

describe('import result messages', () => {
  it('count what was imported and what was skipped', () => {
    expect(importMessage('a.json', { ok: true, imported: 3, skipped: 0 })).toEqual({ ok: true, text: 'a.json: imported 3, skipped 0 duplicates.' });
    expect(importMessage('a.json', { ok: true, imported: 0, skipped: 1 }).text).toBe('a.json: imported 0, skipped 1 duplicate.');
  });

  it('name an altered file and say nothing was imported from it', () => {
    const reason = '"b.json" was altered: entry 2 (seq 3 of chain 1a2b3c4d…) does not match its hash — nothing was imported from it';
    expect(importMessage('b.json', { ok: false, reason })).toEqual({ ok: false, text: `${reason}.` });
    expect(importMessage('c.json', { ok: false, reason: 'The service worker did not answer.' }).text).toBe(
      'c.json: The service worker did not answer — nothing was imported from it.',
    );
  });
});
