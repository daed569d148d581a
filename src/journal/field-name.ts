/** Longest field name journald accepts. */
export const FIELD_NAME_MAX = 64;

/**
 * journald's rule for a field name: 1..64 characters of A-Z, 0-9 and `_`, not
 * starting with a digit. `_`-prefixed (trusted) names are allowed when
 * `allowProtected` (a receiver and a reader allow them; a client logging
 * through journald's socket may not set them).
 */
export function isValidFieldName(name: string, allowProtected = true): boolean {
  const n = name.length;
  if (n === 0 || n > FIELD_NAME_MAX) return false;
  const c0 = name.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) return false;
  if (c0 === 0x5f && !allowProtected) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return false;
  }
  return true;
}
