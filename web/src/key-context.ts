/**
 * Where a key is being typed: the path of the mapping (YAML) or object
 * (JSON) the cursor is in, the start of the partial key, and the keys the
 * mapping already has. Read from the text alone, so it works while the text
 * is broken (which it usually is while a key is half typed). Pure.
 */
import type { KeyPath } from '../../src/transpile/index.js';

export interface KeyContext {
  /** Path of the mapping the key goes into (numbers: a list item). */
  readonly path: KeyPath;
  /** Offset where the partial key starts (in JSON after its opening quote, when there is one). */
  readonly from: number;
  /** What was typed of the key so far (without quotes). */
  readonly prefix: string;
  /** Keys the mapping already holds (YAML: above and below; JSON: before the cursor). */
  readonly existing: readonly string[];
  /** YAML: the key's column (for the indentation of what follows it). */
  readonly column: number;
  /** JSON: the key is inside a string literal the cursor is in. */
  readonly inString: boolean;
}

// ---- YAML -------------------------------------------------------------------------------------

type Element =
  | { readonly t: 'dash'; readonly col: number }
  | { readonly t: 'key'; readonly col: number; readonly name: string; readonly value: string }
  | { readonly t: 'scalar'; readonly col: number };

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{}[\],&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)[ \t]*:(?:[ \t]+(.*)|$)/;

/** The structure of one YAML line: its sequence dashes, then a key or a scalar. undefined: blank or comment. */
function elementsOf(line: string): Element[] | undefined {
  const out: Element[] = [];
  let col = line.length - line.trimStart().length;
  let rest = line.slice(col);
  if (rest === '' || rest.startsWith('#')) return undefined;
  for (;;) {
    const dash = /^-(?:[ \t]+|$)/.exec(rest);
    if (dash === null) break;
    out.push({ t: 'dash', col });
    col += dash[0].length;
    rest = rest.slice(dash[0].length);
  }
  if (rest === '' || rest.startsWith('#')) return out;
  const key = KEY.exec(rest);
  if (key === null) out.push({ t: 'scalar', col });
  else {
    const raw = key[1]!;
    const name = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    out.push({ t: 'key', col, name, value: (key[2] ?? '').replace(/(^|\s)#.*$/, '').trim() });
  }
  return out;
}

/** A key's value opens a block (a mapping or a list on the next lines); `&anchor` or `!!map` alone count too. */
const opensBlock = (value: string): boolean => value === '' || /^([&!][^\s]*\s*)+$/.test(value);

/**
 * The mapping a YAML key at the cursor belongs to. The text before the cursor
 * on its line must be indentation, optional `- ` dashes and a partial key.
 */
export function yamlKeyContext(text: string, pos: number): KeyContext | undefined {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const before = text.slice(lineStart, pos);
  const m = /^([ ]*)((?:-[ ]+)*)([A-Za-z0-9_]*)$/.exec(before);
  if (m === null) return undefined;
  const keyCol = m[1]!.length + m[2]!.length;
  const own: Element[] = [];
  let c = m[1]!.length;
  for (const d of m[2]!.matchAll(/-[ ]+/g)) {
    own.push({ t: 'dash', col: c });
    c += d[0].length;
  }
  own.push({ t: 'key', col: keyCol, name: '', value: '' });

  const lines = text.split('\n');
  const cursorLine = text.slice(0, lineStart).split('\n').length - 1;
  const path: (string | number)[] = [];
  const existing: string[] = [];
  // What the next step looks for: the parent of a key or of a dash at `col`.
  let target: { t: 'key' | 'dash'; col: number } = { t: 'key', col: keyCol };
  let siblingsOf: number | undefined = keyCol; // siblings are collected for the cursor's own mapping only

  /** Walks one line's elements right to left (those left of the target's own element). false: no place for a key. */
  const climb = (els: readonly Element[], start: number): boolean => {
    for (let k = start; k >= 0; k--) {
      const e = els[k]!;
      if (e.col >= target.col) continue;
      if (e.t === 'dash') {
        path.unshift(0);
        target = { t: 'dash', col: e.col };
        siblingsOf = undefined;
      } else if (e.t === 'key' && opensBlock(e.value)) {
        path.unshift(e.name);
        target = { t: 'key', col: e.col };
        siblingsOf = undefined;
      } else return false;
    }
    return true;
  };
  if (!climb(own, own.length - 2)) return undefined;

  for (let n = cursorLine - 1; n >= 0; n--) {
    const line = lines[n]!;
    if (/^(---|\.\.\.)(\s|$)/.test(line)) break;
    const els = elementsOf(line);
    if (els === undefined) continue;
    if (els[0]!.col > target.col) continue; // inside a sibling's value
    const at = els.findIndex((e) => e.col === target.col);
    if (at >= 0) {
      const e = els[at]!;
      if (e.t === target.t) {
        // A sibling: a key of the same mapping, an item of the same list.
        if (e.t === 'key' && siblingsOf === target.col) existing.push(e.name);
        if (!climb(els, at - 1)) return undefined;
        continue;
      }
      if (target.t === 'key' && e.t === 'dash' && at === 0) continue; // a list that is a sibling key's value
      if (target.t === 'dash' && e.t === 'key' && opensBlock(e.value)) {
        // `key:` with its list items at the same column.
        path.unshift(e.name);
        target = { t: 'key', col: e.col };
        siblingsOf = undefined;
        if (!climb(els, at - 1)) return undefined;
        continue;
      }
      return undefined;
    }
    // Nothing at the target's column: the nearest element to its left holds it.
    if (!climb(els, els.length - 1)) return undefined;
  }
  if (target.t !== 'key') return undefined;

  // Siblings below the cursor.
  for (let n = cursorLine + 1; n < lines.length; n++) {
    const els = elementsOf(lines[n]!);
    if (els === undefined) continue;
    if (els[0]!.col < keyCol) break;
    if (els[0]!.col === keyCol && els[0]!.t === 'key') existing.push(els[0]!.name);
  }
  return { path, from: pos - m[3]!.length, prefix: m[3]!, existing, column: keyCol, inString: false };
}

// ---- JSON -------------------------------------------------------------------------------------

type Frame = { t: 'object'; keys: string[]; expectKey: boolean; lastKey: string | undefined } | { t: 'array' };

/**
 * The object a JSON key at the cursor belongs to: the cursor is in a string
 * in key position, or between members where a key may start.
 */
export function jsonKeyContext(text: string, pos: number): KeyContext | undefined {
  const stack: Frame[] = [];
  let i = 0;
  let openString = -1;
  while (i < pos) {
    const ch = text[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < pos && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      if (j >= pos) {
        openString = i;
        break;
      }
      const top = stack[stack.length - 1];
      if (top?.t === 'object' && top.expectKey) {
        const key = decodeKey(text.slice(i + 1, j));
        top.keys.push(key);
        top.lastKey = key;
      }
      i = j + 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (ch === '{') stack.push({ t: 'object', keys: [], expectKey: true, lastKey: undefined });
    else if (ch === '[') stack.push({ t: 'array' });
    else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',' && top?.t === 'object') top.expectKey = true;
    else if (ch === ':' && top?.t === 'object') top.expectKey = false;
    i++;
  }
  const top = stack[stack.length - 1];
  if (top?.t !== 'object' || !top.expectKey) return undefined;
  const path: (string | number)[] = [];
  for (const f of stack.slice(0, -1)) {
    if (f.t === 'array') path.push(0);
    else if (f.lastKey !== undefined) path.push(f.lastKey);
    else return undefined;
  }
  if (openString >= 0) {
    const prefix = text.slice(openString + 1, pos);
    if (!/^[A-Za-z0-9_]*$/.test(prefix)) return undefined;
    return { path, from: openString + 1, prefix, existing: top.keys, column: 0, inString: true };
  }
  const word = /[A-Za-z0-9_]*$/.exec(text.slice(0, pos))![0];
  return { path, from: pos - word.length, prefix: word, existing: top.keys, column: 0, inString: false };
}

function decodeKey(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
