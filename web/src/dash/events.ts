// Omaha events in words: the event type and result, update_engine's error code by its name
// (src/update/omaha/error-codes.ts) and its flag bits.
import {
  errorCodeName,
  errorFlagNames,
  ROLLBACK_ERROR,
  splitErrorCode,
} from '../../../src/update/omaha/error-codes.js';
import type { UpdateEvent } from './types.js';

const TYPES: Record<number, string> = {
  3: 'update finished',
  13: 'download started',
  14: 'download finished',
  800: 'installed',
};
const RESULTS: Record<number, string> = {
  0: 'failed',
  1: 'succeeded',
  2: 'succeeded after the reboot',
  9: 'update deferred',
};
const FLAG_WORDS: Record<string, string> = {
  DevMode: 'developer mode',
  Resumed: 'resumed download',
  TestImage: 'test image',
  TestOmahaUrl: 'private update server',
};

/** `DownloadTransferError` → `download transfer error`. */
export const words = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2')
    .toLowerCase()
    .replace(/\bomaha\b/g, 'Omaha')
    .replace(/\bhttp\b/g, 'HTTP')
    .replace(/\bxml\b/g, 'XML');

export function eventWords(e: UpdateEvent): { what: string; error: string | null } {
  const what = `${TYPES[e.type] ?? `event ${e.type}`}: ${RESULTS[e.result] ?? `result ${e.result}`}`;
  if (e.rawErrorCode === null && e.errorCode === null) return { what, error: null };
  const n = e.rawErrorCode !== null ? Number(e.rawErrorCode) : (e.errorCode ?? 0);
  const { code, flags } = splitErrorCode(n);
  if (code === 0 && e.result !== 0) return { what, error: null };
  const name = errorCodeName(code);
  const flagText = errorFlagNames(flags).map((f) => FLAG_WORDS[f] ?? f);
  const explained =
    code === ROLLBACK_ERROR
      ? 'rolled back: the new version did not boot healthy, so the machine went back to the old one'
      : words(name);
  return {
    what,
    error: `${explained} (code ${code}, ${name}${flagText.length ? `; flags: ${flagText.join(', ')}` : ''})`,
  };
}
