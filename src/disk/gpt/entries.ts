/** Encode/decode of the partition entry array (128-byte entries, UTF-16LE names). */
import { decodeGuid, encodeGuid, ZERO_GUID } from './guid.js';
import { NAME_UNITS, type GptPartition } from './types.js';

const nameUnits16 = new Uint16Array(NAME_UNITS);

export function decodeEntries(bytes: Uint8Array, entryCount: number, entrySize: number): GptPartition[] {
  const out: GptPartition[] = [];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < entryCount; i++) {
    const at = i * entrySize;
    if (at + 128 > bytes.length) break;
    const typeGuid = decodeGuid(bytes, at);
    if (typeGuid === ZERO_GUID) continue;
    let len = 0;
    for (; len < NAME_UNITS; len++) {
      const code = v.getUint16(at + 56 + len * 2, true);
      if (code === 0) break;
      nameUnits16[len] = code;
    }
    // One flat string (not a rope of 36 one-character pieces: tables may hold 131 072 entries).
    const name = len === 0 ? '' : String.fromCharCode.apply(null, nameUnits16.subarray(0, len) as unknown as number[]); // bounded spread: at most 36 UTF-16 units
    out.push({
      number: i + 1,
      typeGuid,
      guid: decodeGuid(bytes, at + 16),
      firstLba: v.getBigUint64(at + 32, true),
      lastLba: v.getBigUint64(at + 40, true),
      attributes: v.getBigUint64(at + 48, true),
      name,
    });
  }
  return out;
}

/** Number of UTF-16 code units in `name` (the limit is 36). */
export const nameUnits = (name: string): number => name.length;

/** Encodes the full entry array (entryCount × entrySize bytes). Partitions outside 1..entryCount throw (callers validate first). */
export function encodeEntries(partitions: readonly GptPartition[], entryCount: number, entrySize: number): Uint8Array {
  const bytes = new Uint8Array(entryCount * entrySize);
  const v = new DataView(bytes.buffer);
  for (const p of partitions) {
    if (p.number < 1 || p.number > entryCount)
      throw new RangeError(`partition number ${p.number} outside 1..${entryCount}`);
    if (p.name.length > NAME_UNITS) throw new RangeError(`partition name longer than ${NAME_UNITS} UTF-16 code units`);
    const at = (p.number - 1) * entrySize;
    encodeGuid(p.typeGuid, bytes, at);
    encodeGuid(p.guid, bytes, at + 16);
    v.setBigUint64(at + 32, p.firstLba, true);
    v.setBigUint64(at + 40, p.lastLba, true);
    v.setBigUint64(at + 48, p.attributes, true);
    for (let u = 0; u < p.name.length; u++) v.setUint16(at + 56 + u * 2, p.name.charCodeAt(u), true);
  }
  return bytes;
}
