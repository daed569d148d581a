/**
 * GUIDs as GPT stores them: 16 bytes, "mixed endian" — the first three groups
 * little-endian, the last two as written. Text form is lowercase with dashes.
 *
 * Tables can hold 131 072 entries (two GUIDs each), so both directions work on
 * character codes: no per-byte substrings, and decoded GUIDs are flat strings
 * (a chain of `+` would leave a rope of 20 pieces per GUID in the heap).
 */

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

export function isGuid(text: string): boolean {
  return GUID_RE.test(text.toLowerCase());
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

/** Stored byte i holds the text's byte ORDER[i] (0-based, in text order). */
const ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
/** Index in the 36-character text of the first hex digit of text byte j. */
const TEXT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const scratch = new Uint16Array(36);

export function decodeGuid(bytes: Uint8Array, at: number): string {
  scratch[8] = scratch[13] = scratch[18] = scratch[23] = 45; // '-'
  for (let i = 0; i < 16; i++) {
    const b = bytes[at + i]!;
    const t = TEXT_AT[ORDER[i]!]!;
    scratch[t] = HEX[b >> 4]!;
    scratch[t + 1] = HEX[b & 15]!;
  }
  return String.fromCharCode.apply(null, scratch as unknown as number[]); // bounded spread: 36 characters
}

const nibble = (c: number): number => (c <= 57 ? c - 48 : (c | 32) - 87);

/** Writes `guid` (text form, any case) into `bytes` at `at`. Throws on malformed text (a programming error: callers validate user input first). */
export function encodeGuid(guid: string, bytes: Uint8Array, at: number): void {
  if (!GUID_RE.test(guid) && !GUID_RE.test(guid.toLowerCase())) throw new RangeError(`not a GUID: ${guid}`);
  for (let i = 0; i < 16; i++) {
    const t = TEXT_AT[ORDER[i]!]!;
    bytes[at + i] = (nibble(guid.charCodeAt(t)) << 4) | nibble(guid.charCodeAt(t + 1));
  }
}

/** A random version-4 GUID from 16 random bytes (the caller supplies randomness: engines do no IO). */
export function guidFromRandom(random: Uint8Array): string {
  const r = Uint8Array.from(random.subarray(0, 16));
  r[6] = (r[6]! & 0x0f) | 0x40;
  r[8] = (r[8]! & 0x3f) | 0x80;
  const h = Array.from(r, hex2).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
