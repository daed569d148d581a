/**
 * XML text rules the codec applies itself, so that nothing depends on a
 * parser's entity settings: decoding an attribute value (the five XML entities
 * and character references, nothing else) and escaping one for output.
 */

/** Characters XML 1.0 does not allow anywhere (C0 controls but tab/LF/CR, U+FFFE/F, lone surrogates). */
const FORBIDDEN_CHAR =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasForbiddenXmlChar(text: string): boolean {
  return FORBIDDEN_CHAR.test(text);
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const REFERENCE = /&(?:([a-zA-Z]+)|#([0-9]{1,8})|#x([0-9a-fA-F]{1,8}));/y;

/**
 * Decodes a raw attribute value (the text between the quotes). Returns
 * undefined when it is not well-formed XML: a `<`, a `&` that starts no
 * reference, an entity other than the five XML ones, or a character reference
 * to a character XML does not allow.
 */
export function decodeAttributeValue(raw: string): string | undefined {
  if (raw.includes('<')) return undefined;
  if (!raw.includes('&')) return raw;
  let out = '';
  let from = 0;
  for (let at = raw.indexOf('&'); at >= 0; at = raw.indexOf('&', from)) {
    out += raw.slice(from, at);
    REFERENCE.lastIndex = at;
    const m = REFERENCE.exec(raw);
    if (m === null) return undefined;
    if (m[1] !== undefined) {
      const named = NAMED[m[1]];
      if (named === undefined) return undefined;
      out += named;
    } else {
      const cp = m[2] !== undefined ? Number.parseInt(m[2], 10) : Number.parseInt(m[3]!, 16);
      if (!isXmlChar(cp)) return undefined;
      out += String.fromCodePoint(cp);
    }
    from = REFERENCE.lastIndex;
  }
  return out + raw.slice(from);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/**
 * Escapes a value for a double-quoted attribute. Tab, LF and CR become
 * character references (a parser would otherwise normalise them to spaces);
 * characters XML cannot carry at all become U+FFFD, so the output is always
 * well-formed.
 */
export function escapeAttributeValue(value: string): string {
  return value.replace(new RegExp(FORBIDDEN_CHAR.source, 'g'), '\uFFFD').replace(/[&<>"'\t\n\r]/g, (c) => ESCAPES[c]!);
}
