import { dataUrlError, parseGoUrl, type GoUrl } from '../../../go/index.js';
import type { IgnitionIssueCode } from '../../codes.js';
import type { Found } from './sink.js';

export type UrlProblem = IgnitionIssueCode | Found;

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
  const plain = plainUrlScheme(s);
  if (plain !== undefined) return schemes.includes(plain) ? undefined : 'IGN_URL_SCHEME_INVALID';
  return validateUrlFull(s, schemes);
}

// Character classes of the fast path: 1 = a plain data character (printable ASCII but the ones RFC 2397's
// library or Go's parser treat specially: space " # % < > [ \ ] ^ ` { | }); 2 = also a plain host character.
const PLAIN = new Uint8Array(128);
for (let c = 0x21; c <= 0x7e; c++) if (!'"#%<>[\\]^`{|}'.includes(String.fromCharCode(c))) PLAIN[c] = 1;
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_~') PLAIN[c.charCodeAt(0)] = 2;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);

/**
 * The scheme of a URL in one of the common plain forms, which every check accepts: `data:,` then plain
 * characters and %XX escapes; `http://` or `https://`, a host of letters, digits and `.-_~`, then
 * optionally `/` and plain characters other than `?`. Undefined when the URL needs the full path
 * ({@link validateUrlFull}), which gives the same result for these forms (a property test checks).
 */
export function plainUrlScheme(s: string): 'data' | 'http' | 'https' | undefined {
  if (s.startsWith('data:,')) {
    for (let i = 6; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === 37) {
        if (i + 2 < s.length && isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2))) i += 2;
        else return undefined;
      } else if (c >= 128 || PLAIN[c] === 0) return undefined;
    }
    return 'data';
  }
  const scheme = s.startsWith('https://') ? 'https' : s.startsWith('http://') ? 'http' : undefined;
  if (scheme === undefined) return undefined;
  let i = scheme.length + 3;
  for (; i < s.length && s.charCodeAt(i) !== 47; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || PLAIN[c] !== 2) return undefined;
  }
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || PLAIN[c] === 0 || c === 63) return undefined;
  }
  return scheme;
}

/** validateUrl without the fast path: Go's url.Parse, then the scheme's own checks. */
export function validateUrlFull(s: string, schemes: readonly string[]): UrlProblem | undefined {
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
