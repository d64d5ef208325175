// @vitest-environment happy-dom
/** The Packs section in happy-dom: details and citations shown, the status control edits the draft, managed packs locked, the form keeps invalid edits out. */
import { EditorView } from '@codemirror/view';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ActiveConfig, ConfigBundle } from '../../../config/types';
import type { Pack } from '../../../policy/types';
import webpt from '../../../../rules/packs/webpt-default.json';
import { TEST_DIRECTORY } from '../whatif/fixtures';
import type { SectionProps } from '../section';
import { PacksSection } from './PacksSection';

const pack = webpt as unknown as Pack;
const ohio: Pack = {
  name: 'state-oh',
  version: '1.2.0',
  mode: 'enforce',
  scope: 'clinic',
  jurisdiction: 'Ohio',
  effective: { from: '2025-01-01' },
  lastChecked: '2026-10-01',
  sources: ['OAC 4755:2-2-06'],
  rules: [
    {
      name: 'oh-cosign',
      conditions: { all: [{ fact: 'user', path: 'isAssistant', operator: 'equal', value: true }] },
      event: { type: 'warn', params: { gate: 'state', message: 'Ohio: <img src=x onerror=alert(1)> cosign.', remedy: 'Ask the PT.' } },
    },
  ],
};
const draft = (): ConfigBundle => ({
  format: 'finalize-guard-bundle',
  packs: [
    { pack, enabled: true },
    { pack: ohio, enabled: true },
  ],
  directory: { ...TEST_DIRECTORY, clinics: [...TEST_DIRECTORY.clinics, { id: 'clinic-lake', name: 'Lakeside Clinic', packs: ['state-oh'] }] },
  sites: [],
});
const active = (b: ConfigBundle): ActiveConfig => ({
  packs: b.packs.map((e) => ({ ...e, hash: 'h' })),
  directory: b.directory,
  installedAt: '2026-11-27T00:00:00Z',
});

afterEach(() => document.body.replaceChildren());

function mount(props: Partial<SectionProps> = {}) {
  const el = document.createElement('div');
  document.body.append(el);
  const changes: ConfigBundle[] = [];
  let current = props.draft ?? draft();
  const draw = () =>
    render(
      <PacksSection
        draft={current}
        active={props.active ?? active(draft())}
        readOnly={props.readOnly ?? false}
        managed={props.managed ?? { packs: [], directory: false, sites: [] }}
        onChange={(b) => {
          changes.push(b);
          current = b;
          draw();
        }}
      />,
      el,
    );
  act(() => draw());
  return { el, changes, card: (name: string) => el.querySelector<HTMLElement>(`[data-testid=pack-${name}]`)! };
}

const radio = (card: HTMLElement, value: string) => card.querySelector<HTMLInputElement>(`.status-control input[value=${value}]`)!;

/** Runs timers and effects until `ready()` holds (the rule editor is a lazily loaded chunk); gives up after 15 s. */
async function until(ready: () => unknown): Promise<void> {
  await vi.waitFor(
    async () => {
      await act(async () => {
        await new Promise((r) => setTimeout(r, 0));
      });
      if (!ready()) throw new Error('not yet');
    },
    { timeout: 15_000, interval: 5 },
  );
}
const editorReady = (el: Element) => () =>
  (el.querySelector('.cm-editor') ?? el.querySelector('textarea.pack-fallback')) && el.querySelector('[data-testid=pack-lint-status]')?.textContent;

describe('Packs section', () => {
  it("shows each pack's version, jurisdiction, scope with its clinics, dates, last check and citations, as text", () => {
    const { card } = mount();
    const oh = card('state-oh');
    expect(oh.querySelector('h3')!.textContent).toBe('state-oh 1.2.0');
    const meta = oh.querySelector('.pack-meta')!.textContent!;
    expect(meta).toContain('Ohio');
    expect(meta).toContain('Clinics that use it: Lakeside Clinic');
    expect(meta).toContain('Dates of service from 2025-01-01');
    expect(meta).toContain('2026-10-01');
    expect(oh.querySelector('.pack-sources li')!.textContent).toBe('OAC 4755:2-2-06');
    expect(card('webpt-default').querySelector('.pack-meta')!.textContent).toContain('Organisation-wide');
    expect(card('webpt-default').querySelectorAll('.pack-sources li')).toHaveLength(pack.sources!.length);
  });

  it('changes the draft through the status control: monitor, disabled, enabled', () => {
    const { card, changes } = mount();
    const c = card('webpt-default');
    expect(c.dataset.status).toBe('enabled');
    act(() => {
      radio(c, 'monitor').click();
    });
    expect(changes.at(-1)!.packs[0]).toMatchObject({ enabled: true, pack: { mode: 'monitor' } });
    expect(card('webpt-default').dataset.status).toBe('monitor');
    act(() => {
      radio(card('webpt-default'), 'disabled').click();
    });
    expect(changes.at(-1)!.packs[0].enabled).toBe(false);
    act(() => {
      radio(card('webpt-default'), 'enabled').click();
    });
    expect(changes.at(-1)!.packs[0]).toMatchObject({ enabled: true, pack: { mode: 'enforce' } });
    expect(changes.at(-1)!.packs[1]).toBe(changes[0].packs[1]);
    expect(card('webpt-default').querySelector('.change-badge')).toBeNull();
  });

  it('locks managed packs and says where they come from; read-only locks everything', () => {
    const { card } = mount({ managed: { packs: ['state-oh'], directory: false, sites: [] } });
    expect(card('state-oh').querySelector('[data-testid=managed-pack]')!.textContent).toMatch(/browser policy/);
    expect(card('state-oh').querySelector<HTMLFieldSetElement>('.status-control')!.disabled).toBe(true);
    expect(card('webpt-default').querySelector<HTMLFieldSetElement>('.status-control')!.disabled).toBe(false);
    expect(card('state-oh').textContent).not.toContain('Remove');
    document.body.replaceChildren();
    const ro = mount({ readOnly: true });
    expect(ro.card('webpt-default').querySelector<HTMLFieldSetElement>('.status-control')!.disabled).toBe(true);
    expect(ro.el.textContent).not.toContain('Add a rule pack');
  });

  it('marks packs the draft added or changed', () => {
    const { card } = mount({ active: active({ ...draft(), packs: [{ pack: { ...pack, version: '0.9.0' }, enabled: true }] }) });
    expect(card('webpt-default').querySelector('.change-badge')!.textContent).toBe('changed in the draft');
    expect(card('state-oh').querySelector('.change-badge')!.textContent).toBe('new in the draft');
  });

  it('form view: block ↔ warn and message edits go into the draft; an invalid remedy stays out, with its problem', async () => {
    const { el, card, changes } = mount();
    const c = card('state-oh');
    await act(async () => {
      [...c.querySelectorAll('button')].find((b) => b.textContent === 'Edit rules')!.click();
    });
    await act(async () => {
      [...el.querySelectorAll<HTMLButtonElement>('.view-switch button')].find((b) => b.textContent === 'Form')!.click();
    });
    const form = el.querySelector<HTMLElement>('[data-testid=pack-form]')!;
    // Rule text renders as text.
    expect(form.querySelector('img')).toBeNull();
    expect(form.querySelector<HTMLTextAreaElement>('textarea')!.value).toContain('<img src=x');
    await act(async () => {
      form.querySelector<HTMLInputElement>('input[value=block]')!.click();
    });
    expect(changes.at(-1)!.packs[1].pack.rules[0].event.type).toBe('block');
    const remedy = el.querySelector<HTMLTextAreaElement>('[data-testid=pack-form] textarea[id$=remedy]')!;
    const before = changes.length;
    await act(async () => {
      remedy.value = ' ';
      remedy.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(changes.length).toBe(before);
    expect(el.querySelector('[data-testid=pack-form] [role=alert]')!.textContent).toMatch(/^Not in the draft: rules\[0\]\.event\.params\.remedy/);
    const message = el.querySelector<HTMLTextAreaElement>('[data-testid=pack-form] textarea[id$=message]')!;
    await act(async () => {
      message.value = "Ohio: the PT cosigns {{user.name}}'s notes.";
      message.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(changes.at(-1)!.packs[1].pack.rules[0].event.params.message).toBe("Ohio: the PT cosigns {{user.name}}'s notes.");
  });

  it('a status change while the JSON is open stays in the draft (the editor follows it, never reverts it)', async () => {
    const { el, card, changes } = mount();
    await act(async () => {
      [...card('webpt-default').querySelectorAll('button')].find((b) => b.textContent === 'Edit rules')!.click();
    });
    await until(editorReady(el));
    expect(el.querySelector('[data-testid=pack-lint-status]')!.textContent).toBe('Valid: the draft holds this version.');
    await act(async () => {
      radio(card('webpt-default'), 'monitor').click();
    });
    await until(() => changes.at(-1)?.packs[0].pack.mode === 'monitor');
    expect(changes.at(-1)!.packs[0]).toMatchObject({ enabled: true, pack: { mode: 'monitor' } });
    expect(changes.filter((c) => c.packs[0].pack.mode === 'enforce' && c.packs[0].enabled)).toHaveLength(0);
    expect(card('webpt-default').dataset.status).toBe('monitor');
  });

  it('JSON edits: a valid text goes into the draft, an invalid one is listed with line:column and stays out', async () => {
    const { el, card, changes } = mount();
    await act(async () => {
      [...card('state-oh').querySelectorAll('button')].find((b) => b.textContent === 'Edit rules')!.click();
    });
    await until(editorReady(el));
    const type = async (text: string) => {
      const area = el.querySelector<HTMLTextAreaElement>('textarea.pack-fallback');
      if (area) {
        area.value = text;
        await act(async () => {
          area.dispatchEvent(new Event('input', { bubbles: true }));
        });
      } else {
        // CodeMirror: replace the document through its view, as typing would.
        const view = EditorView.findFromDOM(el.querySelector<HTMLElement>('.cm-editor')!)!;
        await act(async () => {
          view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
        });
      }
    };
    const before = changes.length;
    await type(JSON.stringify({ ...ohio, version: '1.3.0' }, null, 2));
    await until(() => changes.length > before);
    expect(changes.length).toBe(before + 1);
    expect(changes.at(-1)!.packs[1].pack.version).toBe('1.3.0');
    await type(JSON.stringify({ ...ohio, version: '1.4.0', mode: 'watch' }, null, 2));
    await until(() => el.querySelector('[data-testid=pack-problems] li'));
    expect(changes.length).toBe(before + 1);
    const problem = el.querySelector<HTMLElement>('[data-testid=pack-problems] li')!;
    expect(problem.dataset.line).toBe('4');
    expect(problem.textContent).toContain(`'mode' must be "enforce" or "monitor"`);
    expect(el.querySelector('[data-testid=pack-lint-status]')!.textContent).toMatch(/^1 error: this text is not in the draft/);
    expect(card('state-oh').querySelector<HTMLFieldSetElement>('.status-control')!.disabled).toBe(true);
  });

  it('adds a valid new pack to the draft, in monitor mode', async () => {
    const { el, changes } = mount();
    await act(async () => {
      [...el.querySelectorAll('button')].find((b) => b.textContent === 'Add a rule pack')!.click();
    });
    expect(changes.at(-1)!.packs.map((e) => e.pack.name)).toEqual(['webpt-default', 'state-oh', 'new-pack-1']);
    expect(changes.at(-1)!.packs[2].pack.mode).toBe('monitor');
  });
});
