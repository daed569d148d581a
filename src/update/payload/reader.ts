import { ByteQueue } from './byte-queue.js';
import { PayloadError } from './codes.js';
import type { PayloadCrypto } from './crypto-port.js';
import { HEADER_SIZE, decodeHeader, type PayloadHeader } from './header.js';
import { decodeManifest, decodeSignatures, type Manifest, type Operation, type Signature } from './manifest.js';

/** Where an operation comes from: the partition's list, or procedure `procedure`'s. */
export interface OperationPlace {
  readonly procedure?: number;
  readonly index: number;
}

export type PayloadEvent =
  | { readonly kind: 'header'; readonly header: PayloadHeader; readonly bytes: Uint8Array }
  | { readonly kind: 'manifest'; readonly manifest: Manifest; readonly bytes: Uint8Array }
  /**
   * One operation's blob, its SHA-256 already checked against `data_sha256_hash`.
   * `data` is valid only until the next event is asked for (its buffer is reused): copy it to keep it.
   */
  | { readonly kind: 'blob'; readonly place: OperationPlace; readonly operation: Operation; readonly data: Uint8Array }
  /** The signature blob at `signatures_offset`; `signatures` undefined when it is not a `Signatures` message. */
  | { readonly kind: 'signatures'; readonly bytes: Uint8Array; readonly signatures: Signature[] | undefined }
  /** The stream ended; `size` is every byte read, `trailing` those after the last part the manifest names. */
  | { readonly kind: 'end'; readonly size: number; readonly trailing: number };

export interface ReadOptions {
  readonly crypto: PayloadCrypto;
  /** Largest manifest accepted (default 64 MiB). */
  readonly maxManifestBytes?: number;
  /** Largest single blob accepted (default 64 MiB); update_engine's generator writes 1 MiB chunks. */
  readonly maxBlobBytes?: number;
  /** Receives the bytes after the last part the manifest names (before the `end` event), e.g. to hash the whole file. */
  readonly onTrailing?: (chunk: Uint8Array) => void;
}

export const DEFAULT_MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_BLOB_BYTES = 64 * 1024 * 1024;

function truncated(at: number, what: string, want: number): PayloadError {
  return new PayloadError(11, `the payload ends after ${at} bytes, inside ${what} (${want} bytes expected there)`);
}

function where(p: OperationPlace): string {
  return p.procedure === undefined
    ? `partition operation ${p.index}`
    : `operation ${p.index} of procedure ${p.procedure}`;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The operations update_engine executes, in its order: the partition's, then each procedure's. */
export function appliedOperations(m: Manifest): { place: OperationPlace; operation: Operation }[] {
  const out: { place: OperationPlace; operation: Operation }[] = m.partitionOperations.map((operation, index) => ({
    place: { index },
    operation,
  }));
  m.procedures.forEach((p, procedure) =>
    p.operations.forEach((operation, index) => out.push({ place: { procedure, index }, operation })),
  );
  return out;
}

/**
 * Reads a CrAU v1 payload from a stream of chunks, in order: header,
 * manifest, each operation's blob, the signature blob, the end. Holds at most
 * the manifest and one blob. Faults are thrown as `PayloadError` with
 * update_engine's code: 21 magic, 23 manifest, 28 an operation's data not at
 * the running offset (or the blobs not ending at `signatures_offset`), 38 an
 * operation with data but no hash, 29 a blob whose hash differs, 11 the
 * stream ending early.
 */
export async function* readPayload(
  source: AsyncIterable<Uint8Array>,
  opts: ReadOptions,
): AsyncGenerator<PayloadEvent, void, undefined> {
  const q = new ByteQueue(source);
  try {
    yield* readParts(q, opts);
  } finally {
    await q.close();
  }
}

async function* readParts(q: ByteQueue, opts: ReadOptions): AsyncGenerator<PayloadEvent, void, undefined> {
  const maxManifest = opts.maxManifestBytes ?? DEFAULT_MAX_MANIFEST_BYTES;
  const maxBlob = opts.maxBlobBytes ?? DEFAULT_MAX_BLOB_BYTES;

  const headerBytes = await q.take(HEADER_SIZE);
  if (headerBytes.length < 4) throw truncated(q.consumed, 'the header', HEADER_SIZE);
  if (headerBytes.length < HEADER_SIZE) {
    decodeHeader(Uint8Array.from([...headerBytes, ...new Uint8Array(HEADER_SIZE - headerBytes.length)])); // a wrong magic still says 21
    throw truncated(q.consumed, 'the header', HEADER_SIZE);
  }
  const header = decodeHeader(headerBytes);
  yield { kind: 'header', header, bytes: headerBytes };

  if (header.manifestSize > BigInt(maxManifest)) {
    throw new PayloadError(
      23,
      `the header announces a manifest of ${header.manifestSize} bytes, more than the ${maxManifest} Hull accepts`,
    );
  }
  const manifestSize = Number(header.manifestSize);
  const manifestBytes = await q.take(manifestSize);
  if (manifestBytes.length < manifestSize) throw truncated(q.consumed, 'the manifest', manifestSize);
  const manifest = decodeManifest(manifestBytes);
  yield { kind: 'manifest', manifest, bytes: manifestBytes };

  let offset = 0; // running blob offset, counted from the end of the manifest
  for (const { place, operation } of appliedOperations(manifest)) {
    const length = operation.dataLength ?? 0;
    if (length === 0) continue;
    if ((operation.dataOffset ?? 0) !== offset) {
      throw new PayloadError(
        28,
        `${where(place)} has its data at offset ${operation.dataOffset ?? 0}, but the blobs so far end at ${offset}`,
      );
    }
    if (operation.dataSha256 === undefined)
      throw new PayloadError(38, `${where(place)} has data but no data_sha256_hash`);
    if (length > maxBlob)
      throw new PayloadError(
        28,
        `${where(place)} has a blob of ${length} bytes, more than the ${maxBlob} Hull accepts`,
      );
    const data = await q.takeTransient(length);
    if (data.length < length) throw truncated(q.consumed, `the blob of ${where(place)}`, length);
    const h = opts.crypto.sha256();
    h.update(data);
    if (!sameBytes(h.digest(), operation.dataSha256))
      throw new PayloadError(29, `the blob of ${where(place)} does not match its data_sha256_hash`);
    offset += length;
    yield { kind: 'blob', place, operation, data };
  }

  if (manifest.signaturesOffset !== undefined) {
    if (manifest.signaturesOffset !== BigInt(offset)) {
      throw new PayloadError(
        28,
        `the blobs end at offset ${offset}, but signatures_offset is ${manifest.signaturesOffset}`,
      );
    }
    const size = manifest.signaturesSize ?? 0n;
    if (size > BigInt(maxBlob))
      throw new PayloadError(28, `signatures_size ${size} is more than the ${maxBlob} bytes Hull accepts`);
    if (size > 0n) {
      const n = Number(size);
      const bytes = await q.take(n);
      if (bytes.length < n) throw truncated(q.consumed, 'the signature blob', n);
      yield { kind: 'signatures', bytes, signatures: decodeSignatures(bytes) };
    }
  }

  const before = q.consumed;
  const trailing = await q.drain(opts.onTrailing);
  yield { kind: 'end', size: before + trailing, trailing };
}
