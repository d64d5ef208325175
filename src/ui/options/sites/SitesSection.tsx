/**
 * Admin console: the draft's site profiles. Each is edited as JSON text, checked as it is typed (every problem
 * at its line and column); only a valid profile enters the draft. "Test against open tabs" asks the tabs where
 * Finalize Guard runs to evaluate the edited profile, unsaved, against their page.
 */
import { useMemo, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { hostPatterns } from '../../../sites/select';
import type { SiteProfile } from '../../../sites/types';
import { SHIPPED_PROFILES } from '../../../sites/shipped';
import type { SectionProps } from '../section';
import { HostAccess } from './HostAccess';
import { answerText, noAnswerText, probeTabs, type ProbeApi, type TabAnswer } from './probe';
import { browserSelectorProblem, checkSiteText, newSiteTemplate, ORIGIN_TEXT, originOf, problemText, siteText, withSite, withoutSite } from './site-edit';
import './sites.css';

/** Which profile the editor holds: a draft profile's name, or a new one not yet in the draft. */
type Editing = { name: string } | { added: true } | null;

const extensionApi: ProbeApi = {
  tabIds: async () => (await browser.tabs.query({})).map((t) => t.id).filter((id): id is number => typeof id === 'number'),
  send: (tabId, message) => browser.tabs.sendMessage(tabId, message),
};

export function SitesSection({ draft, onChange, readOnly, managed }: SectionProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const [text, setText] = useState('');
  const [original, setOriginal] = useState('');
  const [notice, setNotice] = useState('');

  const editingName = editing && 'name' in editing ? editing.name : null;
  const isManaged = editingName !== null && managed.sites.includes(editingName);
  const locked = readOnly || isManaged;
  const others = useMemo(() => draft.sites.filter((s) => s.name !== editingName), [draft.sites, editingName]);
  const file = `${editingName ?? 'new profile'}.json`;
  const check = useMemo(() => (editing ? checkSiteText(text, file, others, browserSelectorProblem) : null), [editing, text, file, others]);
  const changed = text !== original;

  const open = (next: Editing, profile: SiteProfile) => {
    const t = siteText(profile);
    setEditing(next);
    setText(t);
    setOriginal(t);
    setNotice('');
  };
  const close = () => {
    setEditing(null);
    setNotice('');
  };

  const apply = () => {
    if (!check?.ok || !check.profile || locked) return;
    onChange(withSite(draft, editingName, check.profile));
    const t = siteText(check.profile);
    setEditing({ name: check.profile.name });
    setText(t);
    setOriginal(t);
    setNotice(`Profile ${check.profile.name} is in the draft. Publish the draft to use it on note screens.`);
  };
  const remove = (name: string) => {
    if (readOnly || managed.sites.includes(name)) return;
    onChange(withoutSite(draft, name));
    if (editingName === name) setEditing(null);
    const shipped = SHIPPED_PROFILES.some((s) => s.name === name);
    setNotice(shipped ? `Profile ${name} is back to the one Finalize Guard ships with, once you publish.` : `Profile ${name} is no longer in the draft.`);
  };

  return (
    <section aria-labelledby="fg-sites-title" data-testid="sites-section" class="fg-sites">
      <h2 id="fg-sites-title">Site profiles</h2>
      <p class="hint">
        A site profile tells Finalize Guard how to read an EHR's note screen: which pages it applies to, how to recognise the note screen, every Finalize
        control, and where each note fact is shown. A profile of a shipped name replaces the shipped one; a profile of a new name is used on its own hosts once
        they are granted below.
      </p>
      {readOnly && (
        <p class="hint" data-testid="sites-read-only">
          Read-only: you can read and test profiles; unlock the console to change them.
        </p>
      )}

      <ul class="fg-site-list" aria-label="Site profiles in the draft">
        {draft.sites.map((site) => {
          const origin = originOf(site, SHIPPED_PROFILES);
          const isLocked = managed.sites.includes(site.name);
          return (
            <li key={site.name} data-testid={`site-${site.name}`} class={editingName === site.name ? 'current' : undefined}>
              <span class="fg-site-name">{site.name}</span>{' '}
              <span class="hint">
                version {site.version} · {ORIGIN_TEXT[origin]}
              </span>
              {isLocked && <span class="managed-note"> · set by your organisation's browser policy</span>}{' '}
              <button type="button" aria-label={`Edit ${site.name}`} onClick={() => open({ name: site.name }, site)}>
                {readOnly || isLocked ? 'View and test' : 'Edit and test'}
              </button>
              {!readOnly && !isLocked && origin !== 'shipped' && (
                <button type="button" class="link" onClick={() => remove(site.name)}>
                  {origin === 'changed' ? `Go back to the shipped ${site.name}` : `Remove ${site.name}`}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <p>
          <button
            type="button"
            onClick={() =>
              open(
                { added: true },
                newSiteTemplate(
                  SHIPPED_PROFILES[0],
                  draft.sites.map((s) => s.name),
                ),
              )
            }
          >
            Add a site profile
          </button>
        </p>
      )}
      <HostAccess sites={draft.sites} readOnly={readOnly} />
      {notice && (
        <p role="status" class="ok" data-testid="sites-notice">
          {notice}
        </p>
      )}

      {editing && check && (
        <section aria-labelledby="fg-site-editor-title" data-testid="site-editor">
          <h3 id="fg-site-editor-title">{editingName ? `Profile ${editingName}` : 'New site profile'}</h3>
          {isManaged && <p class="managed-note">Your organisation sets this profile through browser policy: it cannot be changed here.</p>}
          <label for="fg-site-text">Profile as JSON{locked ? ' (read-only)' : ''}</label>
          <textarea
            id="fg-site-text"
            class="fg-site-text mono"
            rows={24}
            spellcheck={false}
            readOnly={locked}
            aria-invalid={!check.ok}
            aria-describedby="fg-site-problems"
            value={text}
            onInput={(e) => setText((e.target as HTMLTextAreaElement).value)}
          />
          <div id="fg-site-problems" data-testid="site-problems" aria-live="polite">
            {check.problems.length === 0 ? (
              <p class="ok">{changed ? 'Valid profile: apply it to the draft, or test it first.' : 'Valid profile.'}</p>
            ) : (
              <ul class="problems">
                {check.problems.map((p, i) => (
                  <li key={i} class={p.severity === 'error' ? 'error' : 'warning'}>
                    {problemText(p)}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <p class="fg-site-actions">
            {!locked && (
              <button type="button" class="primary" disabled={!check.ok || !changed} onClick={apply}>
                Apply to the draft
              </button>
            )}
            {!locked && (
              <button type="button" disabled={!changed} onClick={() => setText(original)}>
                Undo my edits
              </button>
            )}
            <button type="button" onClick={close}>
              Close
            </button>
          </p>
          {!check.ok && !locked && <p class="hint">A profile with errors never enters the draft.</p>}
          <ProbePanel profile={check.profile} directory={draft.directory} hosts={hostPatterns(draft.sites)} />
        </section>
      )}
    </section>
  );
}

/** "Test against open tabs": the edited profile (unsaved), evaluated by each tab where Finalize Guard runs. */
function ProbePanel({ profile, directory, hosts, api = extensionApi }: { profile: SiteProfile | null; directory: unknown; hosts: string[]; api?: ProbeApi }) {
  const [busy, setBusy] = useState(false);
  const [answers, setAnswers] = useState<TabAnswer[] | null>(null);
  const [problem, setProblem] = useState('');
  const test = async () => {
    if (!profile) return;
    setBusy(true);
    setAnswers(null);
    setProblem('');
    try {
      setAnswers(await probeTabs(api, profile, directory));
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="fg-probe">
      <h4>Test against open tabs</h4>
      <p class="hint">
        Evaluates this profile as edited, without saving it, on every open tab where Finalize Guard runs: does the address match, is it the note screen, how
        many Finalize controls the selectors find, and which note facts it can read. Nothing on the page is clicked or changed, and no value from the page is
        shown (only whether each fact was read).
      </p>
      <button type="button" disabled={!profile || busy} onClick={test}>
        {busy ? 'Testing…' : 'Test against open tabs'}
      </button>
      {!profile && <span class="hint"> Fix the profile's errors to test it.</span>}
      <div data-testid="probe-results" aria-live="polite">
        {problem && <p class="hint">{problem}</p>}
        {answers && answers.length === 0 && <p class="hint">{noAnswerText(hosts)}</p>}
        {answers && answers.length > 0 && (
          <ul>
            {answers.map((a) => (
              <li key={a.tabId} data-testid="probe-result" class={a.result.ok && a.result.noteScreen && a.result.controls > 0 ? 'ok' : undefined}>
                {answerText(a.result, profile?.name ?? '')}
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
