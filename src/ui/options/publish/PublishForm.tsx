/** Publish the draft: validated here first (errors listed, nothing sent), then sent to the worker, which validates again and publishes atomically. */
import { useState } from 'preact/hooks';
import type { Change, ConfigBundle } from '../../../config/types';
import { MAX_SUMMARY_CHARS } from '../../../shared/config-messages';
import { publish } from '../../shared/config-client';
import { plural } from '../../shared/format';
import { checkDraft } from './draft';
import { defaultSummary } from './history-view';
import type { ActionResult } from './result';

interface Props {
  draft: ConfigBundle;
  /** The published version the draft was made from: the worker refuses the publish when a newer one exists. */
  baseVersion: number;
  changes: Change[];
  readOnly: boolean;
  onResult(r: ActionResult): void;
  onDiscard(): void;
}

export function PublishForm({ draft, baseVersion, changes, readOnly, onResult, onDiscard }: Props) {
  const [summary, setSummary] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    const { problems, ok } = checkDraft(draft);
    const errors = problems.filter((p) => p.severity === 'error');
    if (!ok) {
      return onResult({ ok: false, text: `Not published: the draft has ${plural(errors.length, 'problem')} to fix first. Nothing was changed.`, problems });
    }
    setBusy(true);
    onResult({ ok: true, text: 'Publishing…' });
    const reply = await publish(draft, 'publish', summary.trim() || defaultSummary(changes, MAX_SUMMARY_CHARS), baseVersion);
    setBusy(false);
    if (!reply.ok) return onResult({ ok: false, text: `Not published: ${reply.reason}`, problems: reply.problems });
    setSummary('');
    const warnings = problems.filter((p) => p.severity === 'warning');
    onResult({
      ok: true,
      text: `Published version ${reply.version}: every open note tab decides with it now.${warnings.length ? ` ${plural(warnings.length, 'warning')} to look at:` : ''}`,
      problems: warnings,
    });
  };

  return (
    <form class="publish-form" onSubmit={submit}>
      <label class="field">
        <span class="label">Summary (what changed and why; shown in the history)</span>
        <input
          value={summary}
          maxLength={MAX_SUMMARY_CHARS}
          placeholder={changes.length ? defaultSummary(changes, 120) : ''}
          onInput={(e) => setSummary(e.currentTarget.value)}
          aria-label="Summary"
        />
      </label>
      <button type="submit" class="primary" disabled={readOnly || busy || changes.length === 0}>
        {busy ? 'Publishing…' : 'Publish'}
      </button>
      <button type="button" disabled={changes.length === 0 || busy} onClick={onDiscard}>
        Discard unpublished changes
      </button>
    </form>
  );
}
