import type { IgnitionIssueCode } from '../codes.js';
import { dataUrlError } from './data-url.js';
import type { Found } from './sink.js';

export type UrlProblem = IgnitionIssueCode | Found;

/** The parts of Go's url.Parse result that Ignition's rules look at. */
export interface GoUrl {
  readonly scheme: string;
  readonly opaque: string;
  readonly rawQuery: string;
}

/**
 * An approximation of Go's net/url.Parse: the scheme (letters, then letters,
 * digits, + - .), opaque vs. hierarchical, the raw query; it fails where Go
 * fails on control characters, a missing scheme before ':', bad %-escapes
 * outside the query, and a non-numeric port.
 */
export function parseGoUrl(s: string): GoUrl | undefined {
  if (/[\x00-\x1f\x7f]/.test(s)) return undefined;
  const hash = s.indexOf('#');
  const beforeFragment = hash < 0 ? s : s.slice(0, hash);
  if (hash >= 0 && !validEscapes(s.slice(hash + 1))) return undefined;
  let scheme = '';
  let rest = beforeFragment;
  for (let i = 0; i < beforeFragment.length; i++) {
    const c = beforeFragment[i]!;
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+.-]/.test(c)) {
      if (i === 0) break;
      continue;
    }
    if (c === ':') {
      if (i === 0) return undefined; // missing protocol scheme
      scheme = beforeFragment.slice(0, i).toLowerCase();
      rest = beforeFragment.slice(i + 1);
    }
    break;
  }
  const q = rest.indexOf('?');
  const rawQuery = q < 0 ? '' : rest.slice(q + 1);
  const beforeQuery = q < 0 ? rest : rest.slice(0, q);
  if (scheme !== '' && !beforeQuery.startsWith('/')) return { scheme, opaque: beforeQuery, rawQuery };
  if (!validEscapes(beforeQuery)) return undefined;
  if (scheme === '' && /^[^/]*:/.test(beforeQuery)) return undefined; // first path segment cannot contain a colon
  if (beforeQuery.startsWith('//')) {
    const authority = beforeQuery.slice(2).split('/')[0]!;
    const at = authority.lastIndexOf('@');
    if (at >= 0 && !/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) return undefined; // invalid userinfo
    const host = authority.slice(at + 1);
    // Go refuses ASCII characters a host may not contain (space, {, }, |, \\, ^, `, ...); non-ASCII is allowed.
    if (/[^A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]/.test(host)) return undefined;
    // In a host, an escape may only stand for a non-ASCII byte, or be %25.
    if (/%(?!25)[0-7][0-9A-Fa-f]/.test(host)) return undefined;
    let port = '';
    if (host.startsWith('[')) {
      const close = host.indexOf(']');
      if (close < 0) return undefined;
      port = host.slice(close + 1);
    } else if (host.includes(':')) port = host.slice(host.lastIndexOf(':'));
    if (port !== '' && !/^:[0-9]*$/.test(port)) return undefined;
  }
  return { scheme, opaque: '', rawQuery };
}

function validEscapes(s: string): boolean {
  return !/%(?![0-9A-Fa-f]{2})/.test(s);
}

/** The first value of a query parameter, as Go's url.Values.Get; undefined when absent. */
function queryValues(rawQuery: string, key: string): string[] | undefined {
  let found: string[] | undefined;
  for (const part of rawQuery.split('&')) {
    if (part === '' || part.includes(';')) continue;
    const eq = part.indexOf('=');
    const k = safeUnescape(eq < 0 ? part : part.slice(0, eq));
    const v = safeUnescape(eq < 0 ? '' : part.slice(eq + 1));
    if (k === undefined || v === undefined || k !== key) continue;
    (found ??= []).push(v);
  }
  return found;
}

function safeUnescape(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function badVersionId(u: GoUrl): boolean {
  const v = queryValues(u.rawQuery, 'versionId');
  return v !== undefined && (v.length === 0 || v[0] === '');
}

/** Ignition's validateURL for the given set of allowed schemes. */
export function validateUrl(s: string, schemes: readonly string[]): UrlProblem | undefined {
  const u = parseGoUrl(s);
  if (u === undefined) return 'IGN_URL_INVALID';
  if (!schemes.includes(u.scheme)) return 'IGN_URL_SCHEME_INVALID';
  switch (u.scheme) {
    case 's3':
      return badVersionId(u) ? 'IGN_S3_VERSION_ID_INVALID' : undefined;
    case 'arn':
      return validateArn(u);
    case 'data': {
      const message = dataUrlError(s);
      return message === undefined ? undefined : { code: 'IGN_DATA_URL_INVALID', message };
    }
    default:
      return undefined;
  }
}

export function validateUrlNilOK(s: string | undefined, schemes: readonly string[]): UrlProblem | undefined {
  return s === undefined || s === '' ? undefined : validateUrl(s, schemes);
}

/** arn:partition:s3:region:account:resource, with an object key (or access point and key). */
function validateArn(u: GoUrl): IgnitionIssueCode | undefined {
  const full = `arn:${u.opaque}`;
  const sections = full.split(':');
  if (sections.length < 6) return 'IGN_S3_ARN_INVALID';
  const service = sections[2];
  const resource = sections.slice(5).join(':');
  if (service !== 's3') return 'IGN_S3_ARN_INVALID';
  const slashParts = full.split('/').length;
  if (resource.startsWith('accesspoint/') ? slashParts < 3 : slashParts < 2) return 'IGN_S3_ARN_INVALID';
  return badVersionId(u) ? 'IGN_S3_VERSION_ID_INVALID' : undefined;
}
