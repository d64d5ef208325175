// @vitest-environment happy-dom
/** The What-if section in happy-dom: a note's decision with the draft beside the one in force, an invalid draft refused, replay listing changes. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { AttemptEntry } from '../../../audit/types';
import type { ActiveConfig, ConfigBundle } from '../../../config/types';
import type { Pack } from '../../../policy/types';
import webpt from '../../../../rules/packs/webpt-default.json';
import { packHash } from './context';
import { TEST_DIRECTORY } from './fixtures';
import { WhatIfSection } from './WhatIfSection';

const pack = webpt as unknown as Pack;
const bundle = (p: Pack = pack): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: [{ pack: p, enabled: true }],
  directory: TEST_DIRECTORY,
  sites: [],
});
const active: ActiveConfig = { packs: [{ pack, enabled: true, hash: packHash(pack) }], directory: TEST_DIRECTORY, installedAt: '2026-11-27T00:00:00Z' };
const clinicWarns: Pack = {
  ...pack,
  version: '1.1.0',
  rules: pack.rules.map((r) => (r.name === 'clinic-allows-assistants' ? { ...r, event: { ...r.event, type: 'warn' as const } } : r)),
};

afterEach(() => document.body.replaceChildren());

async function mount(draft: ConfigBundle, load?: (n: number) => Promise<AttemptEntry[]>) {
  const el = document.createElement('div');
  document.body.append(el);
  await act(async () => {
    render(
      <WhatIfSection draft={draft} active={active} readOnly managed={{ packs: [], directory: false, sites: [] }} onChange={() => undefined} loadAudit={load} />,
      el,
    );
  });
  return el;
}

async function choose(el: Element, testId: string, value: string) {
  const select = el.querySelector<HTMLSelectElement>(`[data-testid=${testId}]`)!;
  select.value = value;
  await act(async () => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

describe('What-if', () => {
  it('decides the chosen note with the draft beside the configuration in force, with who, which gate, message, remedy and source', async () => {
    const el = await mount(bundle(clinicWarns));
    await choose(el, 'whatif-clinic', 'clinic-south');
    const draft = el.querySelector<HTMLElement>('[data-testid=whatif-draft]')!;
    const now = el.querySelector<HTMLElement>('[data-testid=whatif-active]')!;
    expect(now.dataset.outcome).toBe('blocked');
    expect(draft.dataset.outcome).toBe('allowed');
    const failure = now.querySelector('.findings li[data-rule=clinic-allows-assistants]')!;
    expect(failure.textContent).toContain('South Clinic does not allow therapist assistants to finalize notes.');
    expect(failure.textContent).toContain('How to fix:');
    expect(failure.textContent).toContain('Source: WebPT Help');
    expect(draft.textContent).toContain('Warnings');
    expect(el.querySelector('[data-testid=whatif-difference]')!.textContent).toBe(
      'The draft changes this decision. blocked now → allowed with the draft; blocks removed: clinic-allows-assistants.',
    );
    expect(now.querySelector('details.trace summary')!.textContent).toMatch(/^Trace: \d+ conditions/);

    await choose(el, 'whatif-clinic', 'clinic-north');
    expect(el.querySelector('[data-testid=whatif-difference]')!.textContent).toBe('The draft makes the same decision as the configuration in force.');
    await choose(el, 'whatif-user', 'u-pta-riley');
    expect(el.querySelector<HTMLElement>('[data-testid=whatif-active]')!.querySelector('li[data-rule=user-permission-off]')).not.toBeNull();
  });

  it('refuses an invalid draft and says why', async () => {
    const broken = {
      ...pack,
      rules: [{ ...pack.rules[0], event: { ...pack.rules[0].event, params: { ...pack.rules[0].event.params, gate: 'clinc' } } }],
    } as unknown as Pack;
    const el = await mount(bundle(broken));
    const draft = el.querySelector('[data-testid=whatif-draft]')!;
    expect(draft.textContent).toContain('The draft is invalid');
    expect(draft.querySelector('.problems li')!.textContent).toBe(
      'pack webpt-default rules[0].event.params.gate: Unknown gate "clinc". Did you mean \'clinic\'?',
    );
    expect(el.querySelector<HTMLButtonElement>('[data-testid=replay-panel] button[type=submit]')!.disabled).toBe(true);
  });
});

describe('Replay panel', () => {
  it('replays the newest N attempts and lists the decisions that would change', async () => {
    const attempts: AttemptEntry[] = Array.from({ length: 30 }, (_, i) => ({
      id: `e-${i}`,
      chainId: 'c',
      seq: i + 1,
      at: new Date(Date.UTC(2026, 10, 20, 9, i)).toISOString(),
      type: 'attempt',
      prev: '',
      hash: '',
      kind: 'click',
      outcome: 'blocked',
      userId: 'u-pta-jamie',
      credential: 'PTA',
      clinicId: i % 2 ? 'clinic-south' : 'clinic-north',
      insuranceIds: ['ins-acme-ppo'],
      noteType: 'daily',
      gates: ['clinic'],
      rules: ['clinic-allows-assistants'],
      pack: null,
      profile: 'demo-ehr',
    }));
    let asked = 0;
    const el = await mount(bundle(clinicWarns), async (n) => {
      asked = n;
      return attempts;
    });
    const count = el.querySelector<HTMLInputElement>('[data-testid=replay-count]')!;
    expect(count.value).toBe('1000');
    await act(async () => {
      count.value = '10';
      count.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const supervisor = el.querySelector<HTMLSelectElement>('[data-testid=replay-panel] select')!;
    supervisor.value = 'u-pt-avery';
    await act(async () => {
      supervisor.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await act(async () => {
      el.querySelector<HTMLFormElement>('.replay-form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    for (let i = 0; i < 5 && !el.querySelector('[data-testid=replay-result]'); i++)
      await act(async () => {
        await new Promise((r) => setTimeout(r, 0));
      });
    expect(asked).toBe(10);
    const result = el.querySelector('[data-testid=replay-result]')!;
    expect(result.querySelector('[role=status]')!.textContent).toMatch(
      /^Replayed 10 attempts \(.+\): 5 decisions would change \(5 now allowed, 0 now blocked, 0 with other reasons\)\.$/,
    );
    const rows = [...result.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toHaveLength(5);
    expect(rows[0].slice(1)).toEqual([
      'u-pta-jamie',
      'clinic-south',
      'daily',
      'blocked → allowed',
      '—',
      'clinic-allows-assistants',
      'clinic-allows-assistants / —',
    ]);
    // The clinic-north attempts were logged as blocked but the configuration in force allows them: said plainly.
    expect(result.querySelector('[data-testid=replay-not-reproduced]')!.textContent).toMatch(/^5 attempts would not be blocked the same way/);
    expect(el.querySelector('[data-testid=replay-panel] .hint')!.textContent).toContain('never logged');
  });
});
