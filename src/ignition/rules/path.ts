import type { IgnitionIssueCode } from '../codes.js';

/** Go's path.Clean: the shortest equivalent slash-separated path. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = out.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Go's path.Join. */
export function joinPath(...parts: string[]): string {
  const nonEmpty = parts.filter((p) => p !== '');
  return nonEmpty.length === 0 ? '' : cleanPath(nonEmpty.join('/'));
}

/** Ignition's validatePath: set, absolute, and clean. */
export function validatePath(p: string): IgnitionIssueCode | undefined {
  if (p === '') return 'IGN_PATH_NOT_SPECIFIED';
  if (!p.startsWith('/')) return 'IGN_PATH_NOT_ABSOLUTE';
  if (cleanPath(p) !== p) return 'IGN_PATH_NOT_CLEAN';
  return undefined;
}

/** validatePathNilOK: unset or empty is fine. */
export function validatePathNilOK(p: string | undefined): IgnitionIssueCode | undefined {
  return p === undefined || p === '' ? undefined : validatePath(p);
}
