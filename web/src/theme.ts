import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/**
 * The editor's colours, all CSS variables of styles.css: the light and the
 * dark palette (prefers-color-scheme) are chosen there, so the editor follows
 * the system setting without being rebuilt. Every text colour meets WCAG AA
 * (4.5:1) on its background in both palettes.
 */
export const editorTheme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--editor-bg)' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    {
      backgroundColor: 'var(--selection)',
    },
  '.cm-activeLine': { backgroundColor: 'var(--active-line)' },
  '.cm-gutters': {
    backgroundColor: 'var(--gutter-bg)',
    color: 'var(--gutter-fg)',
    borderRight: '1px solid var(--line)',
  },
  '.cm-activeLineGutter': { backgroundColor: 'var(--active-line)', color: 'var(--fg)' },
  '.cm-foldPlaceholder': {
    backgroundColor: 'var(--panel-bg)',
    color: 'var(--fg)',
    border: '1px solid var(--control-border)',
  },
  '.cm-searchMatch': { backgroundColor: 'var(--search-match)', outline: '1px solid var(--control-border)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--selection)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--search-match)' },
  '&.cm-focused .cm-matchingBracket': {
    backgroundColor: 'var(--selection)',
    outline: '1px solid var(--control-border)',
  },
  '&.cm-focused .cm-nonmatchingBracket': { color: 'var(--error)' },
  '.cm-panels': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--line)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--line)' },
  '.cm-textfield': { backgroundColor: 'var(--surface)', color: 'var(--fg)', border: '1px solid var(--control-border)' },
  '.cm-button': {
    backgroundImage: 'none',
    backgroundColor: 'var(--surface)',
    color: 'var(--fg)',
    border: '1px solid var(--control-border)',
  },
  '.cm-panel.cm-search label': { color: 'var(--fg)' },
  '.cm-panel button[name=close]': { color: 'var(--fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel-bg)', color: 'var(--fg)', border: '1px solid var(--control-border)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': {
    backgroundColor: 'var(--accent-strong)',
    color: 'var(--on-accent)',
  },
  '.cm-tooltip-autocomplete > ul > li[aria-selected] .cm-completionDetail': { color: 'var(--on-accent)' },
  '.cm-completionDetail': { color: 'var(--muted)', fontStyle: 'normal', marginLeft: '1em' },
  '.cm-completionMatchedText': { textDecoration: 'none', fontWeight: '700' },
  '.cm-diagnostic': { color: 'var(--fg)' },
  '.cm-diagnosticSource': { color: 'var(--muted)', opacity: '1' },
});

/** Syntax colours for YAML and JSON (lang-yaml and lang-json tag names). */
export const highlight = syntaxHighlighting(
  HighlightStyle.define([
    { tag: [t.propertyName, t.definition(t.propertyName)], color: 'var(--hl-key)' },
    { tag: t.string, color: 'var(--hl-string)' },
    { tag: [t.number, t.bool, t.null, t.atom, t.special(t.string)], color: 'var(--hl-atom)' },
    { tag: [t.comment, t.lineComment], color: 'var(--hl-comment)', fontStyle: 'italic' },
    { tag: [t.keyword, t.meta, t.labelName, t.typeName, t.attributeValue], color: 'var(--hl-meta)' },
    { tag: t.invalid, color: 'var(--error)' },
  ]),
);
