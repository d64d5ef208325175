/**
 * A pack as JSON: CodeMirror (loaded on first use) with the validators' problems underlined and listed
 * below with their line:column and hint. A text enters the draft only when it parses, validates and fits
 * beside the draft's other packs; anything else stays here, with its problems, and is never published.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { canonicalJson } from '../../../policy/hash';
import type { Pack } from '../../../policy/types';
import { plural } from '../../shared/format';
import type { PackEditorHandle } from './codemirror';
import { lintPack, packText, type LintResult } from './lint';

interface Props {
  pack: Pack;
  /** The draft's other packs: names and rule names must not clash with them. */
  others: Pack[];
  readOnly: boolean;
  /** A valid text that differs from the draft's pack: put it in the draft. */
  onValid(pack: Pack): void;
  /** Whether the text holds errors (so it is not what the draft holds). */
  onPending(hasErrors: boolean): void;
}

/** One lint per text: the editor's underlines and the list below share it. */
function memoLint(others: Pack[]): (text: string) => LintResult {
  let last: { text: string; result: LintResult } | null = null;
  return (text) => {
    if (last?.text !== text) last = { text, result: lintPack(text, others) };
    return last.result;
  };
}

export function PackEditor({ pack, others, readOnly, onValid, onPending }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const handle = useRef<PackEditorHandle | null>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [text, setText] = useState(() => packText(pack));
  const lint = useMemo(() => memoLint(others), [others]);
  const result = lint(text);

  // Latest values for the editor's callbacks (created once).
  const latest = useRef({ lint, onValid, onPending, pack, text });
  latest.current = { lint, onValid, onPending, pack, text };

  useEffect(() => {
    let live = true;
    // If the editor cannot load or start, a plain text area takes its place: the same lint, no completion.
    import('./codemirror')
      .then(({ createPackEditor }) => {
        if (!live || !host.current) return;
        handle.current = createPackEditor(host.current, {
          doc: latest.current.text,
          readOnly,
          label: `Rule pack ${pack.name} as JSON`,
          lint: (t) => latest.current.lint(t).problems,
          onChange: setText,
        });
        setState('ready');
      })
      .catch(() => {
        if (live) setState('failed');
      });
    return () => {
      live = false;
      handle.current?.destroy();
      handle.current = null;
    };
  }, []);

  useEffect(() => {
    handle.current?.setReadOnly(readOnly);
  }, [readOnly]);

  // An edited text that is valid and differs from the draft goes into it; errors keep the draft as it is.
  // Only an edit does: a new lint of the same text (the other packs changed) must never push a stale text
  // back over a change made elsewhere (the status control, the form view).
  const edited = useRef(text);
  useEffect(() => {
    const { onValid: valid, onPending: pending, pack: current } = latest.current;
    pending(!result.ok);
    if (text === edited.current) return;
    edited.current = text;
    if (result.ok && result.pack && canonicalJson(result.pack) !== canonicalJson(current)) valid(result.pack);
  }, [result]);

  // The draft's pack changed elsewhere (status control, form view): show it, unless the text holds errors.
  useEffect(() => {
    if (!result.ok || !result.pack || canonicalJson(result.pack) === canonicalJson(pack)) return;
    const next = packText(pack);
    edited.current = next;
    setText(next);
    handle.current?.setText(next);
  }, [pack]);

  const errors = result.problems.filter((p) => p.severity === 'error');
  return (
    <div class="pack-editor">
      {state === 'loading' && (
        <p class="hint" role="status">
          Loading the editor…
        </p>
      )}
      {state === 'failed' && (
        <textarea
          class="mono pack-fallback"
          rows={24}
          value={text}
          readOnly={readOnly}
          aria-label={`Rule pack ${pack.name} as JSON`}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      )}
      <div ref={host} class="pack-editor-host" data-testid="pack-json-editor" hidden={state !== 'ready'} />
      <p role="status" aria-live="polite" data-testid="pack-lint-status" class={errors.length ? 'error' : 'ok'}>
        {errors.length
          ? `${plural(errors.length, 'error')}: this text is not in the draft and cannot be published. The draft keeps the last valid version of ${pack.name}.`
          : 'Valid: the draft holds this version.'}
      </p>
      {result.problems.length > 0 && (
        <ol class="lint-problems" data-testid="pack-problems" aria-label="Problems in the rule pack">
          {result.problems.map((p) => (
            <li key={`${p.from}-${p.where}-${p.message}`} class={p.severity} data-line={p.line} data-column={p.column}>
              <button type="button" class="link mono" onClick={() => handle.current?.goTo(p.from)} aria-label={`Line ${p.line}, column ${p.column}: go there`}>
                {p.line}:{p.column}
              </button>{' '}
              <span class="severity">{p.severity}</span> <code>{p.where}</code>: <span class="message">{p.message}.</span> <span class="hint">{p.hint}</span>
            </li>
          ))}
        </ol>
      )}
      <p class="hint">
        Completion: Ctrl+Space (fact names, each fact's paths, operators, gates, event types, values; <code>{'{{'}</code> in a message). Tab moves on to the
        next control.{' '}
        <button
          type="button"
          class="link"
          disabled={readOnly || result.ok}
          onClick={() => {
            const t = packText(pack);
            edited.current = t;
            setText(t);
            handle.current?.setText(t);
          }}
        >
          Discard the text and show the draft's version
        </button>
      </p>
    </div>
  );
}
