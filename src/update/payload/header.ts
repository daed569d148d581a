import { PayloadError } from './codes.js';

/** The fixed part in front of every CrAU payload: magic, format version, manifest length. */
export interface PayloadHeader {
  /** The format version (1 for every payload update_engine reads; not checked by it). */
  readonly version: bigint;
  /** M, the byte length of the serialized manifest that follows the header. */
  readonly manifestSize: bigint;
}

export const HEADER_SIZE = 20;
export const MAGIC = Uint8Array.of(0x43, 0x72, 0x41, 0x55); // "CrAU"

export function encodeHeader(h: PayloadHeader): Uint8Array {
  const out = new Uint8Array(HEADER_SIZE);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setBigUint64(4, h.version, false);
  view.setBigUint64(12, h.manifestSize, false);
  return out;
}

/** Reads the 20 header bytes; a wrong magic is update_engine's error 21. */
export function decodeHeader(bytes: Uint8Array): PayloadHeader {
  if (bytes.length < HEADER_SIZE)
    throw new PayloadError(21, `the payload has ${bytes.length} bytes, fewer than the ${HEADER_SIZE} of a CrAU header`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[i] !== MAGIC[i]) throw new PayloadError(21, 'the payload does not start with the magic "CrAU"');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  return { version: view.getBigUint64(4, false), manifestSize: view.getBigUint64(12, false) };
}
