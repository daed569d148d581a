/**
 * Digest encodings the Omaha response uses: `package/@hash` is standard
 * base64 of a SHA-1, `hash_sha256` lowercase hex, and the postinstall
 * action's `sha256` standard padded base64, which update_engine compares as
 * TEXT with its own encoding, so only the canonical 44-character form works
 * (update-engine-observed.md §4).
 */

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Lowercase or uppercase hex → standard padded base64; undefined when not hex of whole bytes. */
export function hexToBase64(hex: string): string | undefined {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(hex)) return undefined;
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** Standard base64 → lowercase hex; undefined when not canonical padded base64. */
export function base64ToHex(b64: string): string | undefined {
  if (!isCanonicalBase64(b64)) return undefined;
  let hex = '';
  for (const c of atob(b64)) hex += c.charCodeAt(0).toString(16).padStart(2, '0');
  return hex;
}

/** Standard alphabet, `=` padding, and unused low bits zero (the one text a given byte string encodes to). */
export function isCanonicalBase64(b64: string): boolean {
  const m = /^(?:[A-Za-z0-9+/]{4})*(?:([A-Za-z0-9+/]{2})==|([A-Za-z0-9+/]{3})=)?$/.exec(b64);
  if (m === null) return false;
  if (m[1] !== undefined) return (B64.indexOf(m[1][1]!) & 0xf) === 0;
  if (m[2] !== undefined) return (B64.indexOf(m[2][2]!) & 0x3) === 0;
  return true;
}

/** The postinstall `sha256` as update_engine needs it: canonical base64 of 32 bytes (44 characters). */
export function isOmahaSha256(b64: string): boolean {
  return b64.length === 44 && isCanonicalBase64(b64);
}

/** `package/@hash`: canonical base64 of a 20-byte SHA-1 (28 characters). */
export function isOmahaSha1(b64: string): boolean {
  return b64.length === 28 && isCanonicalBase64(b64);
}

/** `package/@hash_sha256`: 64 lowercase hex digits. */
export function isSha256Hex(hex: string): boolean {
  return /^[0-9a-f]{64}$/.test(hex);
}
