/**
 * A journal entry as Hull keeps it: its fields in the order they arrived, each
 * value as the exact bytes. Address fields (`__CURSOR`, `__REALTIME_TIMESTAMP`,
 * `__MONOTONIC_TIMESTAMP`, `__SEQNUM`, ...) are fields like the others; the
 * helpers below read them.
 */
export interface JournalField {
  readonly name: string;
  readonly value: Uint8Array;
}

export interface JournalEntry {
  readonly fields: readonly JournalField[];
}

const utf8 = new TextEncoder();

export const bytesOf = (s: string): Uint8Array => utf8.encode(s);

/** The bytes as a string of code units 0..255 (for ASCII-only values such as names, numbers and ids). */
export function asciiOf(b: Uint8Array): string {
  if (b.length <= 32) {
    // Short strings (field names, timestamps): a loop beats spreading into a call.
    let t = '';
    for (let i = 0; i < b.length; i++) t += String.fromCharCode(b[i]!);
    return t;
  }
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, Math.min(b.length, i + 4096))); // bounded spread: 4096 code units a call
  return s;
}

export function field(name: string, value: string | Uint8Array): JournalField {
  return { name, value: typeof value === 'string' ? bytesOf(value) : value };
}

export function entryOf(pairs: ReadonlyArray<readonly [string, string | Uint8Array]>): JournalEntry {
  return { fields: pairs.map(([n, v]) => field(n, v)) };
}

/** The first value of a field, or undefined. */
export function firstValue(entry: JournalEntry, name: string): Uint8Array | undefined {
  for (const f of entry.fields) if (f.name === name) return f.value;
  return undefined;
}

export function firstString(entry: JournalEntry, name: string): string | undefined {
  const v = firstValue(entry, name);
  return v === undefined ? undefined : asciiOf(v);
}

const DECIMAL = /^[0-9]{1,20}$/;

function u64(entry: JournalEntry, name: string): bigint | undefined {
  const s = firstString(entry, name);
  if (s === undefined || !DECIMAL.test(s)) return undefined;
  const v = BigInt(s);
  return v < 2n ** 64n ? v : undefined;
}

/** `__REALTIME_TIMESTAMP` in µs since the epoch. */
export const realtimeOf = (e: JournalEntry): bigint | undefined => u64(e, '__REALTIME_TIMESTAMP');
/** `__MONOTONIC_TIMESTAMP` in µs since boot. */
export const monotonicOf = (e: JournalEntry): bigint | undefined => u64(e, '__MONOTONIC_TIMESTAMP');
export const cursorOf = (e: JournalEntry): string | undefined => firstString(e, '__CURSOR');
export const bootIdOf = (e: JournalEntry): string | undefined => firstString(e, '_BOOT_ID');

/** True for the address fields (`__` prefix), which describe the entry's place, not its data. */
export const isAddressField = (name: string): boolean => name.startsWith('__');

/** The total size of an entry's data as journald counts it (`NAME=value` of each field). */
export function entrySize(entry: JournalEntry): number {
  let n = 0;
  for (const f of entry.fields) n += f.name.length + 1 + f.value.length;
  return n;
}
