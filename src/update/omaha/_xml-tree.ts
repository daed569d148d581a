/**
 * Private: XML text → a small element tree, through fast-xml-parser set up so
 * that it does nothing clever (docs/decisions.md D23): no entity processing
 * (the codec decodes attribute values itself, xml-text.ts), no number or
 * boolean parsing, attribute values untrimmed, every element an array.
 * Every attribute value and text node is checked here with the codec's own
 * entity rules (xml-text.ts), since the validator lets `&bogus;` and a bare
 * `&` pass. Content after the root element is ignored, as Go's decoder (and
 * so Nebraska) ignores it.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeAttributeValue } from './xml-text.js';
import { fastXmlTree } from './_fast-xml-tree.js';

export interface XmlElement {
  /** Raw attribute values (between the quotes, not yet decoded). */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: ReadonlyMap<string, readonly XmlElement[]>;
}

// Element and attribute names get a `$` prefix (a character no XML name has,
// and the validator has refused any name with one), so no name of the input
// is ever a property name the parser guards against (`__proto__`,
// `constructor`, `toString`, …) and none collides with ATTRS. The transform is
// idempotent because fast-xml-parser 5.12 applies it twice to a self-closing tag.
const ATTRS = '@';
const PREFIX = '$';
const prefixed = (name: string): string => (name.startsWith(PREFIX) ? name : PREFIX + name);

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRS,
  allowBooleanAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  transformTagName: prefixed,
  transformAttributeName: prefixed,
  isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
});

class NotWellFormed extends Error {}

function checkText(text: unknown, what: string): void {
  if (typeof text === 'string' && decodeAttributeValue(text.replaceAll('<', '')) === undefined) {
    throw new NotWellFormed(
      `${what} holds a bare "&" or an entity other than &amp; &lt; &gt; &quot; &apos; and character references`,
    );
  }
}

function toElement(value: unknown, name: string): XmlElement {
  const children = new Map<string, XmlElement[]>();
  if (typeof value !== 'object' || value === null) {
    checkText(value, `the text of <${name}>`);
    return { attrs: Object.create(null) as Record<string, string>, children };
  }
  const attrs = Object.create(null) as Record<string, string>;
  for (const [key, v] of Object.entries(value)) {
    if (key === ATTRS) {
      if (typeof v !== 'object' || v === null) continue;
      for (const [attr, text] of Object.entries(v)) {
        if (typeof text !== 'string') continue;
        if (decodeAttributeValue(text) === undefined) {
          throw new NotWellFormed(
            `<${name}> attribute ${attr.slice(PREFIX.length)}: a "<", a bare "&" or an entity other than &amp; &lt; &gt; &quot; &apos; and character references`,
          );
        }
        attrs[attr.slice(PREFIX.length)] = text;
      }
    } else if (key === '#text') {
      for (const t of Array.isArray(v) ? v : [v]) checkText(t, `the text of <${name}>`);
    } else if (key.startsWith(PREFIX) && Array.isArray(v)) {
      const child = key.slice(PREFIX.length);
      children.set(
        child,
        v.map((c) => toElement(c, child)),
      );
    }
  }
  return { attrs, children };
}

export type TreeResult =
  | { readonly ok: true; readonly name: string; readonly root: XmlElement }
  | { readonly ok: false; readonly message: string };

/**
 * Parses well-formed XML with exactly one root element. Never throws. The
 * common shape of update_engine's requests takes the strict fast path
 * (_fast-xml-tree.ts), everything else fast-xml-parser.
 */
export function parseXmlTree(text: string): TreeResult {
  return fastXmlTree(text) ?? parseXmlTreeFully(text);
}

/** The full path: fast-xml-parser's validator, then its parser. */
export function parseXmlTreeFully(text: string): TreeResult {
  try {
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
    if (valid !== true) {
      const { msg, line, col } = valid.err;
      return { ok: false, message: `${msg} (line ${line}${col === undefined ? '' : `, column ${col}`})` };
    }
    const doc: unknown = parser.parse(text);
    if (typeof doc !== 'object' || doc === null) return { ok: false, message: 'no root element' };
    const roots = Object.entries(doc).filter(([key]) => key.startsWith(PREFIX));
    const only = roots[0];
    if (roots.length !== 1 || only === undefined || !Array.isArray(only[1]) || only[1].length !== 1) {
      return { ok: false, message: 'a document needs exactly one root element' };
    }
    const name = only[0].slice(PREFIX.length);
    return { ok: true, name, root: toElement(only[1][0], name) };
  } catch (err) {
    if (err instanceof NotWellFormed) return { ok: false, message: err.message };
    return { ok: false, message: `the XML parser refused it: ${err instanceof Error ? err.message : String(err)}` };
  }
}
