/**
 * GUIDs as GPT stores them: 16 bytes, "mixed endian" — the first three groups
 * little-endian, the last two as written. Text form is lowercase with dashes.
 */

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';

export function isGuid(text: string): boolean {
  return GUID_RE.test(text.toLowerCase());
}

const hex2 = (b: number): string => b.toString(16).padStart(2, '0');

export function decodeGuid(bytes: Uint8Array, at: number): string {
  const b = (i: number): string => hex2(bytes[at + i]!);
  return (
    b(3) + b(2) + b(1) + b(0) + '-' + b(5) + b(4) + '-' + b(7) + b(6) + '-' +
    b(8) + b(9) + '-' + b(10) + b(11) + b(12) + b(13) + b(14) + b(15)
  );
}

/** Writes `guid` (text form, any case) into `bytes` at `at`. Throws on malformed text (a programming error: callers validate user input first). */
export function encodeGuid(guid: string, bytes: Uint8Array, at: number): void {
  const g = guid.toLowerCase();
  if (!GUID_RE.test(g)) throw new RangeError(`not a GUID: ${guid}`);
  const h = g.replace(/-/g, '');
  const byte = (i: number): number => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let i = 0; i < 16; i++) bytes[at + i] = byte(order[i]!);
}

/** A random version-4 GUID from 16 random bytes (the caller supplies randomness: engines do no IO). */
export function guidFromRandom(random: Uint8Array): string {
  const r = Uint8Array.from(random.subarray(0, 16));
  r[6] = (r[6]! & 0x0f) | 0x40;
  r[8] = (r[8]! & 0x3f) | 0x80;
  const h = Array.from(r, hex2).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
