/**
 * An entry's fields as one byte string, for a store's column: for each field
 * one byte of name length, the name (ASCII), four bytes of value length
 * (little-endian) and the value's exact bytes. Field order and repeated names
 * are kept; nothing is normalized.
 */
import type { JournalEntry, JournalField } from './entry.js';
import { asciiOf } from './entry.js';

export function encodeEntry(entry: JournalEntry): Uint8Array {
  let n = 0;
  for (const f of entry.fields) n += 1 + f.name.length + 4 + f.value.length;
  const out = new Uint8Array(n);
  const view = new DataView(out.buffer);
  let o = 0;
  for (const f of entry.fields) {
    out[o++] = f.name.length;
    for (let i = 0; i < f.name.length; i++) out[o++] = f.name.charCodeAt(i);
    view.setUint32(o, f.value.length, true);
    o += 4;
    out.set(f.value, o);
    o += f.value.length;
  }
  return out;
}

/** The inverse of encodeEntry; values are views into `data`. Throws on a malformed encoding. */
export function decodeEntry(data: Uint8Array): JournalEntry {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fields: JournalField[] = [];
  let o = 0;
  while (o < data.length) {
    const nl = data[o++]!;
    const name = asciiOf(data.subarray(o, o + nl));
    o += nl;
    if (o + 4 > data.length) throw new Error('malformed stored entry');
    const vl = view.getUint32(o, true);
    o += 4;
    if (o + vl > data.length) throw new Error('malformed stored entry');
    fields.push({ name, value: data.subarray(o, o + vl) });
    o += vl;
  }
  return { fields };
}
