import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import type { DialectId } from '../../src/transpile/index.js';
import { keyCompletion } from './completion.js';
import { spanOf } from './positions.js';
import { editorTheme, highlight } from './theme.js';
import type { PlaygroundIssue } from './types.js';

export interface EditorHandle {
  /** Replaces the whole text (examples, dialect switch, share links). */
  setText(text: string): void;
  /** Puts the cursor at a 1-based line and column (code points) and scrolls there. */
  goTo(line: number, column: number): void;
}

interface Props {
  readonly initialText: string;
  readonly language: 'yaml' | 'json';
  /** Whose schema key completion reads. */
  readonly dialect: DialectId;
  readonly issues: readonly PlaygroundIssue[];
  readonly onChange: (text: string) => void;
}

const lineAt = (view: EditorView) => (n: number) =>
  n >= 1 && n <= view.state.doc.lines ? view.state.doc.line(n) : undefined;

/** The issues as CodeMirror diagnostics: underlined at their span, message on hover. */
export function diagnosticsOf(view: EditorView, issues: readonly PlaygroundIssue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const i of issues) {
    const span = spanOf(i, lineAt(view));
    if (span === undefined) continue;
    out.push({ from: span.from, to: span.to, severity: i.severity, source: i.code, message: i.message });
  }
  return out;
}

/** The system's colour scheme (prefers-color-scheme). */
const darkQuery = () => (typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : undefined);

export const Editor = forwardRef<EditorHandle, Props>(function Editor(
  { initialText, language, dialect, issues, onChange },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  const dark = useRef(new Compartment());
  const changed = useRef(onChange);
  changed.current = onChange;
  const dialectNow = useRef(dialect);
  dialectNow.current = dialect;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the editor is made once; later changes go through the effects below and the handle
  useEffect(() => {
    const completionData = [{ autocomplete: keyCompletion(() => dialectNow.current) }];
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          basicSetup,
          lintGutter(),
          lang.current.of(language === 'json' ? json() : yaml()),
          EditorView.lineWrapping,
          editorTheme,
          highlight,
          dark.current.of(EditorView.darkTheme.of(darkQuery()?.matches === true)),
          // One source object: CodeMirror tells completion sources apart by identity.
          EditorState.languageData.of(() => completionData),
          EditorView.contentAttributes.of({ 'aria-label': 'Config source' }),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = v;
    // CodeMirror's own dark/light defaults follow the system setting too (the colours are CSS variables).
    const query = darkQuery();
    const onScheme = (e: MediaQueryListEvent) =>
      v.dispatch({ effects: dark.current.reconfigure(EditorView.darkTheme.of(e.matches)) });
    query?.addEventListener('change', onScheme);
    return () => {
      query?.removeEventListener('change', onScheme);
      v.destroy();
    };
    // The editor is made once; later changes go through the effects below and the handle.
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: lang.current.reconfigure(language === 'json' ? json() : yaml()) });
  }, [language]);

  useEffect(() => {
    const v = view.current;
    if (v !== null) v.dispatch(setDiagnostics(v.state, diagnosticsOf(v, issues)));
  }, [issues]);

  useImperativeHandle(ref, () => ({
    setText(text) {
      const v = view.current;
      if (v === null || v.state.doc.toString() === text) return;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text }, selection: { anchor: 0 } });
    },
    goTo(line, column) {
      const v = view.current;
      if (v === null) return;
      const span = spanOf({ line, column, endLine: null, endColumn: null }, lineAt(v));
      if (span === undefined) return;
      v.dispatch({ selection: { anchor: span.from }, scrollIntoView: true });
      v.focus();
    },
  }));

  return <div className="editor" ref={host} />;
});
