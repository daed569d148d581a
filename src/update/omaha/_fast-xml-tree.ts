/**
 * Private: a strict fast path in front of fast-xml-parser for the documents
 * update_engine actually sends. fast-xml-parser (its validator, then its
 * parser) was two thirds of the server's CPU per update check; this reads the
 * common shape in one pass and answers the same tree as the full path
 * (_xml-tree.ts), or `undefined` for anything outside that shape, which then
 * goes the full way. The shape:
 *
 * - an optional `<?xml version="1.0" encoding="UTF-8"?>` (exactly so, or
 *   without the encoding) at the very start;
 * - elements `<name attr="value" …>` … `</name>` or `<name …/>`, names of
 *   ASCII letters, digits, `_` and `-` (not starting with a digit or `-`);
 * - attribute values in double quotes of printable ASCII without `"`, `<`,
 *   `>` and `&` (so no entity, no reference: update_engine's escapes of an
 *   alias take the full path), each name once per element;
 * - between tags only spaces, tabs, CR and LF (no text, comments, CDATA,
 *   processing instructions), and after the root element only those.
 *
 * `fast-xml-tree.fuzz.test.ts` holds it to the full path: whatever it
 * accepts, the full path accepts with a deep-equal tree.
 */
import type { TreeResult, XmlElement } from './_xml-tree.js';

const DECLARATION = /<\?xml version="1\.0"(?: encoding="(?:UTF-8|utf-8)")?\?>/y;
const NAME = /[A-Za-z_][A-Za-z0-9_-]*/y;
const VALUE = /[\x20\x21\x23-\x25\x27-\x3B\x3D\x3F-\x7E]*"/y;

interface Open {
  readonly name: string;
  readonly attrs: Record<string, string>;
  readonly children: Map<string, XmlElement[]>;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

function add(parent: Open, name: string, el: XmlElement): void {
  const list = parent.children.get(name);
  if (list) list.push(el);
  else parent.children.set(name, [el]);
}

/** The tree of `text` when it has the shape above; undefined otherwise (never a refusal). */
export function fastXmlTree(text: string): TreeResult | undefined {
  let i = 0;
  if (text.startsWith('<?', 0)) {
    DECLARATION.lastIndex = 0;
    if (!DECLARATION.test(text)) return undefined;
    i = DECLARATION.lastIndex;
  }
  const stack: Open[] = [];
  for (i = skipSpace(text, i); i < text.length; i = skipSpace(text, i)) {
    if (text.charCodeAt(i) !== 0x3c /* < */) return undefined;
    if (text.charCodeAt(i + 1) === 0x2f /* / */) {
      const top = stack.pop();
      if (top === undefined || !text.startsWith(top.name, i + 2)) return undefined;
      const end = i + 2 + top.name.length;
      if (text.charCodeAt(end) !== 0x3e /* > */) return undefined;
      i = end + 1;
      const el: XmlElement = { attrs: top.attrs, children: top.children };
      if (stack.length === 0)
        return skipSpace(text, i) === text.length ? { ok: true, name: top.name, root: el } : undefined;
      add(stack[stack.length - 1]!, top.name, el);
      continue;
    }
    NAME.lastIndex = i + 1;
    const name = NAME.exec(text)?.[0];
    if (name === undefined) return undefined;
    i = NAME.lastIndex;
    const attrs = Object.create(null) as Record<string, string>;
    let selfClosing: boolean;
    for (;;) {
      const at = skipSpace(text, i);
      const c = text.charCodeAt(at);
      if (c === 0x3e /* > */) {
        selfClosing = false;
        i = at + 1;
        break;
      }
      if (c === 0x2f /* / */ && text.charCodeAt(at + 1) === 0x3e) {
        selfClosing = true;
        i = at + 2;
        break;
      }
      if (at === i) return undefined; // an attribute needs space before it
      NAME.lastIndex = at;
      const attr = NAME.exec(text)?.[0];
      if (attr === undefined || attr in attrs) return undefined;
      const eq = NAME.lastIndex;
      if (text.charCodeAt(eq) !== 0x3d /* = */ || text.charCodeAt(eq + 1) !== 0x22 /* " */) return undefined;
      VALUE.lastIndex = eq + 2;
      if (!VALUE.test(text)) return undefined;
      attrs[attr] = text.slice(eq + 2, VALUE.lastIndex - 1);
      i = VALUE.lastIndex;
    }
    const open: Open = { name, attrs, children: new Map() };
    if (!selfClosing) {
      stack.push(open);
      continue;
    }
    const el: XmlElement = { attrs, children: open.children };
    if (stack.length === 0) return skipSpace(text, i) === text.length ? { ok: true, name, root: el } : undefined;
    add(stack[stack.length - 1]!, name, el);
  }
  return undefined;
}
