/** Encode/decode of the 92-byte GPT header (UEFI 2.x §5.3.2). */
import { crc32 } from '../../go/index.js';
import { decodeGuid, encodeGuid } from './guid.js';
import { GPT_HEADER_SIZE, GPT_REVISION, GPT_SIGNATURE, type GptHeader } from './types.js';

const SIG = new TextEncoder().encode(GPT_SIGNATURE);

export function hasSignature(sector: Uint8Array): boolean {
  if (sector.length < 8) return false;
  for (let i = 0; i < 8; i++) if (sector[i] !== SIG[i]) return false;
  return true;
}

/** Decodes a header sector. Does not validate (see validate.ts). */
export function decodeHeader(sector: Uint8Array): GptHeader {
  const v = new DataView(sector.buffer, sector.byteOffset, sector.byteLength);
  return {
    revision: v.getUint32(8, true),
    headerSize: v.getUint32(12, true),
    headerCrc: v.getUint32(16, true),
    myLba: v.getBigUint64(24, true),
    alternateLba: v.getBigUint64(32, true),
    firstUsableLba: v.getBigUint64(40, true),
    lastUsableLba: v.getBigUint64(48, true),
    diskGuid: decodeGuid(sector, 56),
    entriesLba: v.getBigUint64(72, true),
    entryCount: v.getUint32(80, true),
    entrySize: v.getUint32(84, true),
    entriesCrc: v.getUint32(88, true),
  };
}

/** The CRC a header sector should carry: CRC32 over headerSize bytes with the CRC field zeroed. */
export function computeHeaderCrc(sector: Uint8Array, headerSize: number): number {
  const copy = Uint8Array.from(sector.subarray(0, headerSize));
  copy[16] = copy[17] = copy[18] = copy[19] = 0;
  return crc32(copy);
}

/** Encodes a header into a fresh sector, computing its CRC (the `headerCrc` field of the input is ignored). */
export function encodeHeader(
  h: Omit<GptHeader, 'headerCrc' | 'revision' | 'headerSize'>,
  sectorSize: number,
): Uint8Array {
  const s = new Uint8Array(sectorSize);
  const v = new DataView(s.buffer);
  s.set(SIG, 0);
  v.setUint32(8, GPT_REVISION, true);
  v.setUint32(12, GPT_HEADER_SIZE, true);
  v.setBigUint64(24, h.myLba, true);
  v.setBigUint64(32, h.alternateLba, true);
  v.setBigUint64(40, h.firstUsableLba, true);
  v.setBigUint64(48, h.lastUsableLba, true);
  encodeGuid(h.diskGuid, s, 56);
  v.setBigUint64(72, h.entriesLba, true);
  v.setUint32(80, h.entryCount, true);
  v.setUint32(84, h.entrySize, true);
  v.setUint32(88, h.entriesCrc, true);
  v.setUint32(16, computeHeaderCrc(s, GPT_HEADER_SIZE), true);
  return s;
}
