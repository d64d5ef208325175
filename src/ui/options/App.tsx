/**
 * The admin console's shell: reads the configuration in force and the published history from storage,
 * keeps the draft every section edits (a copy of what is in force until changed), says whether this person
 * may edit and what is unpublished, and shows one section at a time (the address's #hash names it).
 */
import type { ComponentType } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ActiveConfig, ConfigBundle, PublishedVersion } from '../../config/types';
import { CONFIG_KEY } from '../../shared/storage-keys';
import { STATUS_KEY, statusNow } from '../../config/status';
import { isNotSetUp, NOT_SET_UP } from '../../policy/not-set-up';
import { useStorageValue } from '../shared/storage';
import { useHistory } from './use-history';
import { AccessSection } from './access/AccessSection';
import { draftText, readOnlyReason, unlockedText } from './access/status';
import { useAccess } from './access/use-access';
import { BundleSection } from './bundle/BundleSection';
import { DirectorySection } from './directory/DirectorySection';
import { PacksSection } from './packs/PacksSection';
import { changesBetween, draftOf } from './publish/draft';
import { PublishSection } from './publish/PublishSection';
import { loadSavedDraft, saveDraft } from './saved-draft';
import type { SectionProps } from './section';
import { SetupSection } from './setup/SetupSection';
import { SitesSection } from './sites/SitesSection';
import { WhatIfSection } from './whatif/WhatIfSection';

type Extra = 'publish' | 'access' | 'setup' | null;
export const SECTIONS: Array<{ id: string; name: string; component: ComponentType<SectionProps> | null; extra?: Extra }> = [
  { id: 'setup', name: 'Setup guide', component: null, extra: 'setup' },
  { id: 'directory', name: 'Directory', component: DirectorySection },
  { id: 'packs', name: 'Rule packs', component: PacksSection },
  { id: 'whatif', name: 'What-if & replay', component: WhatIfSection },
  { id: 'sites', name: 'Site profiles', component: SitesSection },
  { id: 'publish', name: 'Publish & history', component: null, extra: 'publish' },
  { id: 'bundle', name: 'Import/export', component: BundleSection },
  { id: 'access', name: 'Access', component: null, extra: 'access' },
];

const NO_MANAGED: NonNullable<ActiveConfig['managed']> = { packs: [], directory: false, sites: [] };
const NO_HISTORY: PublishedVersion[] = [];
const DEFAULT_SECTION = 'directory';
const sectionFromHash = () => SECTIONS.find((s) => `#${s.id}` === location.hash)?.id ?? DEFAULT_SECTION;

export function ConsoleApp() {
  const active = useStorageValue<ActiveConfig>('local', CONFIG_KEY);
  const status = statusNow(useStorageValue<unknown>('local', STATUS_KEY), Date.now());
  // Browser policy that cannot be applied locks every note, whatever the directory holds: IT fixes it, not the setup guide.
  const policyProblem = status.kind === 'locked' && status.rule !== NOT_SET_UP.rule ? `${status.message} ${status.remedy}` : null;
  const storedHistory = useHistory();
  const history = Array.isArray(storedHistory) ? storedHistory : NO_HISTORY;
  const { access, refresh } = useAccess();
  const [section, setSection] = useState(sectionFromHash);
  const mainRef = useRef<HTMLElement>(null);

  useEffect(() => {
    const onHash = () => {
      setSection(sectionFromHash());
      mainRef.current?.focus();
    };
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  // The draft starts as what is in force and follows it (after a publish, a rollback, another admin's
  // publish) as long as it holds no changes of its own; a draft with changes is kept, and says so.
  // `draftVersion`: the published version the draft was made from, sent with a publish so that the worker
  // refuses it when someone published since (it would silently undo their changes).
  const inForce = useMemo(() => (active ? draftOf(active) : null), [active]);
  const inForceVersion = active?.version ?? 0;
  const [draft, setDraft] = useState<ConfigBundle | null>(null);
  const [draftVersion, setDraftVersion] = useState(0);
  const [base, setBase] = useState<ConfigBundle | null>(null);
  const [overtaken, setOvertaken] = useState(false);
  useEffect(() => {
    if (!inForce) return;
    const untouched = !draft || !base || changesBetween(base, draft).length === 0 || changesBetween(inForce, draft).length === 0;
    if (untouched) {
      setDraft(inForce);
      setDraftVersion(inForceVersion);
      setOvertaken(false);
    } else if (base) setOvertaken(true);
    setBase(inForce);
  }, [inForce]);
  const startOver = () => {
    if (inForce) {
      setDraft(inForce);
      setDraftVersion(inForceVersion);
      setOvertaken(false);
    }
  };
  // After reviewing what was published since: the draft, as it is, now counts as made from the version in force.
  const keepDraft = () => {
    setDraftVersion(inForceVersion);
    setOvertaken(false);
  };

  const changes = useMemo(() => (inForce && draft ? changesBetween(inForce, draft) : []), [inForce, draft]);
  // A draft left unpublished (tab or browser closed) comes back; one made from an older version says so.
  const restored = useRef(false);
  useEffect(() => {
    if (!inForce || restored.current) return;
    void loadSavedDraft().then((saved) => {
      if (!restored.current && saved && changesBetween(inForce, saved.draft).length > 0) {
        setDraft(saved.draft);
        setDraftVersion(saved.version);
        setOvertaken(saved.version !== inForceVersion);
      }
      restored.current = true;
    });
  }, [inForce]);
  useEffect(() => {
    if (restored.current && draft) void saveDraft(changes.length ? { draft, version: draftVersion } : null);
  }, [draft, draftVersion, changes.length]);
  // The draft lives in this page only: ask before closing it with unpublished changes.
  useEffect(() => {
    if (changes.length === 0) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    addEventListener('beforeunload', ask);
    return () => removeEventListener('beforeunload', ask);
  }, [changes.length > 0]);
  const readOnlyWhy = readOnlyReason(access);
  const readOnly = readOnlyWhy !== null;
  const managed = active?.managed ?? NO_MANAGED;
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0];
  const notSetUp = !policyProblem && active ? isNotSetUp(active.directory) : false;
  // Not set up yet: the console opens on the setup guide (unless the address names a section).
  const opened = useRef(false);
  useEffect(() => {
    if (!active || opened.current) return;
    opened.current = true;
    if (!location.hash && !policyProblem && isNotSetUp(active.directory)) setSection('setup');
  }, [active]);

  const body = () => {
    if (active === undefined) return <p role="status">Loading the configuration…</p>;
    if (!active || !inForce || !draft) {
      return (
        <p class="fg-problem" role="alert">
          No configuration is installed yet. The service worker installs the default one when the extension starts: reload this page in a moment.
        </p>
      );
    }
    const props: SectionProps = { draft, onChange: setDraft, active, readOnly, managed };
    const publishPart = <PublishSection {...props} inForce={inForce} baseVersion={draftVersion} changes={changes} history={history} onDiscard={startOver} />;
    const accessPart = <AccessSection access={access} directory={active.directory} onChanged={refresh} />;
    if (current.extra === 'publish') return publishPart;
    if (current.extra === 'setup') {
      return <SetupSection {...props} author={access?.author} unlocked={access?.mode === 'unlocked'} accessPart={accessPart} publishPart={publishPart} />;
    }
    if (current.id === 'directory') return <DirectorySection {...props} author={access?.author} />;
    if (current.extra === 'access') return accessPart;
    const Section = current.component;
    return Section ? <Section {...props} /> : null;
  };

  return (
    <>
      <header class="page-head">
        <h1>Finalize Guard · Admin console</h1>
        <p class="console-status" role="status" data-testid="console-status">
          <span class={readOnly ? 'read-only' : 'ok'} data-testid="access-status">
            {readOnlyWhy ?? unlockedText(access, active?.directory)}
          </span>{' '}
          {inForce && draft && (
            <span data-testid="draft-status" class={changes.length ? 'unpublished' : undefined}>
              {draftText(changes.length)}
            </span>
          )}
        </p>
        {policyProblem && (
          <p class="fg-problem" role="alert" data-testid="console-policy-problem">
            {policyProblem}
          </p>
        )}
        {notSetUp && (
          <p class="warn" role="alert" data-testid="console-not-set-up">
            {NOT_SET_UP.message} {section === 'setup' ? 'The steps below set it up.' : <a href="#setup">Open the setup guide.</a>}
          </p>
        )}
        {readOnly && access && (
          <p class="hint">Anyone can read these settings and see why a note is blocked; only an admin with the passcode can change them.</p>
        )}
        {overtaken && (
          <p class="warn" role="alert" data-testid="overtaken">
            Someone published a new configuration (version {inForceVersion}) while you were editing (version {draftVersion}). Your draft is now compared with
            it, so its changes show as changes your draft would undo; it is not published until you choose.{' '}
            <button type="button" onClick={startOver}>
              Discard my draft and start from it
            </button>{' '}
            <button type="button" onClick={keepDraft}>
              Keep my draft: I have reviewed their changes
            </button>
          </p>
        )}
      </header>
      <div class="console">
        <nav aria-label="Console sections">
          <ul>
            {SECTIONS.map((s) => (
              <li key={s.id}>
                <a href={`#${s.id}`} aria-current={s.id === current.id ? 'page' : undefined}>
                  {s.name}
                  {s.id === 'publish' && changes.length > 0 && (
                    <>
                      <span class="count-badge" aria-hidden="true">
                        {changes.length}
                      </span>
                      <span class="visually-hidden">{changes.length} unpublished</span>
                    </>
                  )}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main ref={mainRef} tabIndex={-1} aria-label={current.name} data-section={current.id}>
          {body()}
        </main>
      </div>
    </>
  );
}
