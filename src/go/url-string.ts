/**
 * Go's net/url escaping: url.Parse followed by URL.String(), as ct writes
 * remote file URLs (the scheme lower-cased, the path re-escaped unless its
 * raw form is already a valid encoding, the fragment escaped; opaque URLs
 * (data:, mailto:) and queries as written), and url.PathEscape.
 */
const HEX = '0123456789ABCDEF';

/** Go's encodePath, encodeFragment and encodePathSegment modes of shouldEscape. */
type Mode = 'path' | 'fragment' | 'segment';

function shouldEscape(c: number, mode: Mode): boolean {
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return false;
  const ch = String.fromCharCode(c);
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'segment') return '/;,?'.includes(ch);
    return mode === 'path' ? ch === '?' : false;
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

function escapeFor(s: string, mode: Mode): string {
  let out = '';
  for (const b of new TextEncoder().encode(s))
    out += shouldEscape(b, mode) ? `%${HEX[b >> 4]}${HEX[b & 15]}` : String.fromCharCode(b);
  return out;
}

function percentUnescape(s: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else for (const b of new TextEncoder().encode(s[i]!)) bytes.push(b);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function validEncoded(s: string, mode: Mode): boolean {
  for (const ch of s) {
    if ("!$&'()*+,;=:@[]%".includes(ch)) continue;
    const c = ch.codePointAt(0)!;
    if (c > 0x7f || shouldEscape(c, mode)) return false;
  }
  return true;
}

function escapedPart(raw: string, mode: Mode): string {
  const decoded = percentUnescape(raw);
  return validEncoded(raw, mode) && escapeFor(decoded, mode) !== '' && percentUnescape(raw) === decoded
    ? raw
    : escapeFor(decoded, mode);
}

export function goUrlString(s: string): string {
  let rest = s;
  let fragment: string | undefined;
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let scheme = '';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (m !== null) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  }
  let query: string | undefined;
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let out = scheme === '' ? '' : `${scheme}:`;
  if (scheme !== '' && !rest.startsWith('/')) {
    out += rest;
  } else {
    if (rest.startsWith('//')) {
      const slash = rest.indexOf('/', 2);
      const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
      rest = slash < 0 ? '' : rest.slice(slash);
      out += `//${authority}`;
    }
    out += escapedPart(rest, 'path');
  }
  // Go keeps a bare "?" (ForceQuery).
  if (query !== undefined) out += `?${query}`;
  if (fragment !== undefined && fragment !== '') out += `#${escapedPart(fragment, 'fragment')}`;
  return out;
}

/** Go's url.PathEscape: everything but unreserved characters and $&+:=@ as %XX of its UTF-8 bytes. */
export function goPathEscape(s: string): string {
  return escapeFor(s, 'segment');
}
