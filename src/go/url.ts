/**
 * Go's net/url.Parse, for what Hull's callers need of it: the scheme, the
 * opaque part, the raw query, and on failure Go's error text
 * (`parse "<url>": <reason>`). Follows Parse → parse → getScheme →
 * parseAuthority → parseHost → setPath → setFragment, in Go's order.
 */
import { goQuote } from './quote.js';

/** The parts of Go's url.Parse result that Hull looks at. */
export interface GoUrl {
  /** Lower-cased, as Go stores it. */
  readonly scheme: string;
  readonly opaque: string;
  readonly rawQuery: string;
}

export type GoUrlParse = { readonly url: GoUrl } | { readonly error: string };

/** Go's url.Parse: the parts, or the error text Go gives. */
export function goUrlParse(raw: string): GoUrlParse {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  const r = parse(u);
  if (typeof r === 'string') return { error: `parse ${goQuote(u)}: ${r}` };
  if (hash >= 0) {
    const bad = badEscape(raw.slice(hash + 1), false);
    if (bad !== undefined) return { error: `parse ${goQuote(raw)}: ${bad}` };
  }
  return { url: r };
}

/** The parts Go's url.Parse gives, or undefined where it fails. */
export function parseGoUrl(raw: string): GoUrl | undefined {
  const r = goUrlParse(raw);
  return 'url' in r ? r.url : undefined;
}

/** Go's url.Parse error text, or undefined where it succeeds. */
export function goUrlParseError(raw: string): string | undefined {
  const r = goUrlParse(raw);
  return 'error' in r ? r.error : undefined;
}

function parse(raw: string): GoUrl | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '*') return { scheme: '', opaque: '', rawQuery: '' };
  let scheme = '';
  let rest = raw;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return 'missing protocol scheme';
      scheme = raw.slice(0, i).toLowerCase();
      rest = raw.slice(i + 1);
    }
    break;
  }
  let rawQuery = '';
  if (rest.endsWith('?') && rest.indexOf('?') === rest.length - 1) rest = rest.slice(0, -1);
  else {
    const q = rest.indexOf('?');
    if (q >= 0) [rest, rawQuery] = [rest.slice(0, q), rest.slice(q + 1)];
  }
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { scheme, opaque: rest, rawQuery };
    if (rest.split('/', 1)[0]!.includes(':')) return 'first path segment in URL cannot contain colon';
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
    const err = authorityError(authority);
    if (err !== undefined) return err;
  }
  const bad = badEscape(rest, false);
  if (bad !== undefined) return bad;
  return { scheme, opaque: '', rawQuery };
}

/** parseAuthority: the host first, then the userinfo's characters and escapes. */
function authorityError(authority: string): string | undefined {
  const at = authority.lastIndexOf('@');
  const hostErr = hostError(authority.slice(at + 1));
  if (hostErr !== undefined || at < 0) return hostErr;
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) return 'net/url: invalid userinfo';
  return badEscape(userinfo, false);
}

/** parseHost: the port after the host (or after `[...]`), then the host's escapes and characters. */
function hostError(host: string): string | undefined {
  let colonPort = '';
  if (host.startsWith('[')) {
    const close = host.lastIndexOf(']');
    if (close < 0) return "missing ']' in host";
    colonPort = host.slice(close + 1);
  } else {
    const colon = host.lastIndexOf(':');
    if (colon >= 0) colonPort = host.slice(colon);
  }
  if (colonPort !== '' && !/^:[0-9]*$/.test(colonPort)) return `invalid port ${goQuote(colonPort)} after host`;
  return badEscape(host, true);
}

/** Go's unescape: the first bad %-escape, or (in a host) a character a host may not hold. */
function badEscape(s: string, host: boolean): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      const h = s.slice(i + 1, i + 3);
      // In a host, an escape may only stand for a non-ASCII byte, or be %25.
      if (!/^[0-9A-Fa-f]{2}$/.test(h) || (host && parseInt(h[0]!, 16) < 8 && h !== '25'))
        return `invalid URL escape ${goQuote(s.slice(i, i + 3))}`;
      i += 2;
      continue;
    }
    if (host && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(c))
      return `invalid character ${goQuote(c)} in host name`;
  }
  return undefined;
}
