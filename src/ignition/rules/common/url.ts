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
