/**
 * The JSON editor of a rule pack: CodeMirror 6 with the policy core's lint (line:column problems with
 * their hints) and completion from its catalog. Loaded with a dynamic import when a pack is first opened
 * as JSON, so the console's first paint never waits for it. No eval: CodeMirror builds no code at run time.
 */
import {
  autocompletion,
  closeBrackets,
  closeBracketsKeymap,
  completionKeymap,
  type Completion,
  type CompletionContext,
  type CompletionResult,
} from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { forceLinting, linter, lintGutter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorSelection, EditorState } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers } from '@codemirror/view';
import { completionsAt, type Suggestion } from './completion';
import type { EditorProblem } from './lint';

export interface PackEditorOptions {
  doc: string;
  readOnly: boolean;
  label: string;
  /** Problems of a text (memoised by the caller: the editor and the page share one result). */
  lint(text: string): EditorProblem[];
  onChange(text: string): void;
}

export interface PackEditorHandle {
  setText(text: string): void;
  setReadOnly(readOnly: boolean): void;
  /** Moves the cursor to `offset`, scrolls it into view and focuses the editor. */
  goTo(offset: number): void;
  destroy(): void;
}

const TYPES: Record<Suggestion['kind'], string> = {
  fact: 'variable',
  path: 'property',
  operator: 'function',
  gate: 'enum',
  keyword: 'keyword',
  value: 'constant',
  property: 'property',
  placeholder: 'variable',
};

function complete(ctx: CompletionContext): CompletionResult | null {
  const text = ctx.state.doc.toString();
  const r = completionsAt(text, ctx.pos);
  if (!r) return null;
  // Outside a string (a value or key not started yet) only on request (Ctrl-Space), so Enter keeps making new lines.
  if (!r.inString && !ctx.explicit) return null;
  const options: Completion[] = r.options.map((o) => ({ label: o.label, apply: o.apply, detail: o.detail, type: TYPES[o.kind] }));
  return { from: r.from, to: r.to, options };
}

export function createPackEditor(parent: HTMLElement, options: PackEditorOptions): PackEditorHandle {
  const editable = new Compartment();
  const readOnlyExtensions = (ro: boolean) => [EditorState.readOnly.of(ro), EditorView.editable.of(!ro)];
  const lintSource = (view: EditorView): Diagnostic[] =>
    options.lint(view.state.doc.toString()).map((p) => ({
      from: p.from,
      to: p.to,
      severity: p.severity,
      source: `${p.line}:${p.column} ${p.where}`,
      message: `${p.message}. ${p.hint}`,
    }));

  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: options.doc,
      extensions: [
        lineNumbers(),
        highlightActiveLineGutter(),
        history(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        closeBrackets(),
        highlightActiveLine(),
        EditorView.lineWrapping,
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        linter(lintSource, { delay: 150 }),
        lintGutter(),
        autocompletion({ override: [complete] }),
        // No Tab-to-indent: Tab keeps moving focus, so the editor is never a keyboard trap.
        keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
        editable.of(readOnlyExtensions(options.readOnly)),
        EditorView.contentAttributes.of({ 'aria-label': options.label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) options.onChange(u.state.doc.toString());
        }),
        EditorView.theme({
          '&': { border: '1px solid #8c959f', borderRadius: '0.3em', fontSize: '0.9rem', maxHeight: '36rem' },
          '.cm-scroller': { overflow: 'auto', fontFamily: "ui-monospace, 'SFMono-Regular', Menlo, monospace" },
          '&.cm-focused': { outline: '3px solid #f59e0b', outlineOffset: '2px' },
        }),
      ],
    }),
  });

  return {
    setText(text) {
      if (text === view.state.doc.toString()) return;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    setReadOnly(ro) {
      view.dispatch({ effects: editable.reconfigure(readOnlyExtensions(ro)) });
    },
    goTo(offset) {
      const at = Math.max(0, Math.min(offset, view.state.doc.length));
      view.dispatch({ selection: EditorSelection.cursor(at), scrollIntoView: true });
      view.focus();
      forceLinting(view);
    },
    destroy() {
      view.destroy();
    },
  };
}
