/**
 * The admin console's rule packs: every pack of the draft with its details, citations and status, and
 * for the one opened, a JSON editor (lint and completion from the policy core) or a small form for the
 * common edits. Only valid packs enter the draft; the shell publishes the draft.
 */
import { useMemo, useState } from 'preact/hooks';
import { canonicalJson } from '../../../policy/hash';
import type { Pack } from '../../../policy/types';
import type { SectionProps } from '../section';
import { PackCard } from './PackCard';
import { PackEditor } from './PackEditor';
import { PackForm } from './PackForm';
import { lockedReason, newPackTemplate, otherPacks, putPack, removePack, setStatus } from './pack-status';
import './packs.css';

type View = 'json' | 'form';

export function PacksSection({ draft, onChange, active, readOnly, managed }: SectionProps) {
  const [open, setOpen] = useState<number | null>(null);
  const [view, setView] = useState<View>('json');
  const [held, setHeld] = useState(false);
  const [removing, setRemoving] = useState<number | null>(null);

  const activeByName = useMemo(() => new Map((active?.packs ?? []).map((e) => [e.pack.name, canonicalJson(e.pack)])), [active]);
  const openIndex = open !== null && open < draft.packs.length ? open : null;
  const others = useMemo(() => (openIndex === null ? [] : otherPacks(draft, openIndex)), [draft.packs, openIndex]);

  const toggle = (i: number) => {
    setOpen(openIndex === i ? null : i);
    setHeld(false);
    setRemoving(null);
  };
  const add = () => {
    const pack = newPackTemplate(draft.packs.map((e) => e.pack.name));
    onChange(putPack(draft, -1, pack));
    setOpen(draft.packs.length);
    setView('json');
    setHeld(false);
  };
  const put = (i: number, pack: Pack) => onChange(putPack(draft, i, pack));

  return (
    <section aria-labelledby="fg-packs-title" data-testid="packs-section" class="packs-section">
      <h2 id="fg-packs-title">Rule packs</h2>
      <p class="hint">
        Each pack is a set of rules with its citations. <strong>Enabled</strong> packs lock Finalize when a rule blocks;
        <strong> monitor</strong> packs never lock and record what they would have blocked; <strong>disabled</strong> packs are not used. Edits change the draft
        only when the pack is valid; publish the draft to put it in force.
      </p>
      {draft.packs.length === 0 && (
        <p class="fg-problem" role="alert">
          The draft has no rule pack: Finalize would stay locked on every note.
        </p>
      )}
      {draft.packs.map((entry, i) => {
        const name = entry.pack.name;
        const locked = lockedReason(name, managed, readOnly);
        const before = activeByName.get(name);
        const change = before === undefined ? 'new' : before === canonicalJson(entry.pack) ? null : 'changed';
        const isOpen = openIndex === i;
        return (
          <PackCard
            key={i}
            entry={entry}
            index={i}
            directory={draft.directory}
            change={active ? change : null}
            locked={locked}
            managed={managed.packs.includes(name)}
            statusHeld={isOpen && held}
            onStatus={(s) => onChange(setStatus(draft, i, s))}
          >
            <div class="pack-actions">
              <button type="button" aria-expanded={isOpen} aria-controls={`pack-${i}-edit`} onClick={() => toggle(i)}>
                {isOpen ? 'Close' : locked ? 'View rules' : 'Edit rules'}
              </button>
              {!locked &&
                (removing === i ? (
                  <span class="confirm" role="group" aria-label={`Remove ${name}?`}>
                    Remove {name} from the draft?{' '}
                    <button
                      type="button"
                      onClick={() => {
                        onChange(removePack(draft, i));
                        setRemoving(null);
                        setOpen(null);
                      }}
                    >
                      Remove
                    </button>{' '}
                    <button type="button" onClick={() => setRemoving(null)}>
                      Keep
                    </button>
                  </span>
                ) : (
                  <button type="button" onClick={() => setRemoving(i)}>
                    Remove…
                  </button>
                ))}
            </div>
            {isOpen && (
              <div id={`pack-${i}-edit`} class="pack-edit">
                <div class="view-switch" role="group" aria-label="View">
                  <button type="button" aria-pressed={view === 'json'} onClick={() => setView('json')}>
                    JSON
                  </button>
                  <button
                    type="button"
                    aria-pressed={view === 'form'}
                    disabled={held}
                    onClick={() => setView('form')}
                    title={held ? 'Fix or discard the JSON errors first' : undefined}
                  >
                    Form
                  </button>
                </div>
                {view === 'json' ? (
                  <PackEditor key={i} pack={entry.pack} others={others} readOnly={locked !== null} onValid={(p) => put(i, p)} onPending={setHeld} />
                ) : (
                  <PackForm pack={entry.pack} disabled={locked !== null} onChange={(p) => put(i, p)} />
                )}
              </div>
            )}
          </PackCard>
        );
      })}
      {!readOnly && (
        <p>
          <button type="button" onClick={add}>
            Add a rule pack
          </button>{' '}
          <span class="hint">Starts from a small valid pack in monitor mode; paste or write yours over it.</span>
        </p>
      )}
    </section>
  );
}
