import type { Completion, CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import { keysAt, type DialectId, type KeyInfo } from '../../src/transpile/index.js';
import { jsonKeyContext, yamlKeyContext } from './key-context.js';

/** What a chosen key inserts in YAML: `key: `, or `key:` and the indented start of its block. */
function yamlInsert(k: KeyInfo, column: number, restOfLine: string): string {
  if (restOfLine.trim() !== '') return k.key;
  const indent = ' '.repeat(column + 2);
  if (k.kind === 'object') return `${k.key}:\n${indent}`;
  if (k.kind === 'list') return `${k.key}:\n${indent}- `;
  return `${k.key}: `;
}

/**
 * Completion of keys from the dialect's schema (src/transpile/playground/keys.ts):
 * typing a key (or Ctrl-Space) offers the keys the mapping may hold and does
 * not have yet.
 */
export function keyCompletion(dialectOf: () => DialectId): CompletionSource {
  return (cx: CompletionContext): CompletionResult | null => {
    const dialect = dialectOf();
    const text = cx.state.doc.toString();
    const at = dialect === 'ignition' ? jsonKeyContext(text, cx.pos) : yamlKeyContext(text, cx.pos);
    if (at === undefined) return null;
    if (!cx.explicit && at.prefix === '' && !at.inString) return null;
    const { schema, keys } = keysAt(dialect, text, at.path);
    const line = cx.state.doc.lineAt(cx.pos);
    const rest = text.slice(cx.pos, line.to);
    // JSON: the closing quote closeBrackets typed for us is replaced too.
    const to = at.inString && rest.startsWith('"') ? cx.pos + 1 : cx.pos;
    const options: Completion[] = keys
      .filter((k) => !at.existing.includes(k.key))
      .map((k) => ({
        label: k.key,
        type: 'property',
        detail: k.type,
        info: `${k.key}: ${k.type} (the ${schema} schema)`,
        apply: dialect !== 'ignition' ? yamlInsert(k, at.column, rest) : at.inString ? `${k.key}": ` : `"${k.key}": `,
      }));
    if (options.length === 0) return null;
    return { from: at.from, to, options, validFor: /^[A-Za-z0-9_]*$/, filter: true };
  };
}
