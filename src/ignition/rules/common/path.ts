import { pathClean } from '../../../go/index.js';
import type { IgnitionIssueCode } from '../../codes.js';

/** Ignition's validatePath: set, absolute, and clean. */
export function validatePath(p: string): IgnitionIssueCode | undefined {
  if (p === '') return 'IGN_PATH_NOT_SPECIFIED';
  if (!p.startsWith('/')) return 'IGN_PATH_NOT_ABSOLUTE';
  if (pathClean(p) !== p) return 'IGN_PATH_NOT_CLEAN';
  return undefined;
}

/** validatePathNilOK: unset or empty is fine. */
export function validatePathNilOK(p: string | undefined): IgnitionIssueCode | undefined {
  return p === undefined || p === '' ? undefined : validatePath(p);
}
