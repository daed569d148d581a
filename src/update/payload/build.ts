import { AppError } from '../../core/index.js';
import type { Sha256 } from './crypto-port.js';
import { toBase64, toHex } from './encoding.js';
import { encodeHeader, HEADER_SIZE } from './header.js';
import { DEFAULT_BLOCK_SIZE, encodeManifest, encodeSignatures, type Manifest, type Operation } from './manifest.js';

/**
 * The payload generator: a full CrAU v1 payload from a USR image and an
 * optional kernel, laid out as Flatcar's `delta_generator` lays one out
 * (update-engine-observed §6–7), so that the real client and Hull's reader
 * accept it alike:
 *
 * - one operation per 1 MiB chunk (256 blocks of 4096), REPLACE_BZ when the
 *   chunk's bzip2 output is smaller than the chunk, else REPLACE; a final
 *   short chunk still says 256 blocks (the client's writer stops where the
 *   data ends); `data_sha256_hash` on every operation;
 * - the KERNEL procedure's blobs after the partition's; one noop per
 *   procedure blob (same offset, length and hash) and one for the signature
 *   blob, each with start block 2^64−1 and ceil(length/4096) blocks;
 * - `new_partition_info` (size, raw SHA-256), no `old_partition_info`;
 * - `signatures_offset` at the end of the last blob, `signatures_size` fixed
 *   before the signed range is hashed; one RSASSA-PKCS1-v1_5 SHA-256
 *   signature per key over [0, 20 + M + signatures_offset), numbered so the
 *   last key is version 2.
 *
 * It never holds the image or the payload: pass 1 reads the sources in
 * 1 MiB chunks (a few compressing at once), hashes them and appends each
 * chosen blob to a spool (a temporary file); pass 2 writes the header, the
 * manifest and the spooled blobs to the output while hashing, then the
 * signatures. The same inputs give the same bytes (bzip2 and PKCS#1 v1.5
 * are deterministic).
 */

export const CHUNK_SIZE = 1024 * 1024;
export const CHUNK_BLOCKS = CHUNK_SIZE / DEFAULT_BLOCK_SIZE;
/** The noop destination that is never written (update_engine's kSparseHole). */
export const SPARSE_HOLE = 2n ** 64n - 1n;
/** `data_offset` and `data_length` are uint32 in update_metadata.proto. */
const MAX_BLOB_OFFSET = 2 ** 32 - 1;

/** A source read at any offset (an image file); `read` returns exactly `length` bytes. */
export interface RandomAccessSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Fills `target` from `offset` (when given, the builder reuses its chunk buffers instead of allocating one per read). */
  readInto?(offset: number, target: Uint8Array): Promise<void>;
}

/** A USR image or kernel: random access, or a stream of chunks of any size. */
export type BuildSource = RandomAccessSource | AsyncIterable<Uint8Array>;

/** bzip2 compression of one chunk into one complete bzip2 stream (libbz2 at level 9, as delta_generator). */
export interface Bzip2Compressor {
  /** The stream, or `undefined` once it would pass `maxBytes` (it can stop early then: the chunk goes as REPLACE). */
  compress(data: Uint8Array, maxBytes?: number): Promise<Uint8Array | undefined>;
}

/** Where pass 1 keeps the chosen blobs until pass 2 writes them after the manifest. */
export interface BlobSpool {
  /** Keeps a copy of `blob` (the builder reuses the buffer once the promise resolves). */
  append(blob: Uint8Array): Promise<void>;
  /** Everything appended, in order, as chunks (each may be reused once the next one is asked for). */
  readBack(): AsyncIterable<Uint8Array>;
}

/** One RSA private key: its signature length (the modulus in bytes) and PKCS#1 v1.5 over a SHA-256 digest. */
export interface PayloadSigner {
  readonly signatureSize: number;
  sign(sha256Digest: Uint8Array): Uint8Array;
}

export interface PayloadSink {
  /** Writes `bytes` (the buffer may be reused once the promise resolves). */
  write(bytes: Uint8Array): Promise<void>;
}

export type BuildProgress =
  | { readonly phase: 'compress'; readonly source: 'usr' | 'kernel'; readonly done: number; readonly total?: number }
  | { readonly phase: 'write'; readonly done: number; readonly total: number };

export interface BuildOptions {
  readonly usr: BuildSource;
  readonly kernel?: BuildSource;
  /** At least one; the last one signs as version 2. */
  readonly signers: readonly PayloadSigner[];
  readonly bzip2: Bzip2Compressor;
  readonly spool: BlobSpool;
  readonly out: PayloadSink;
  readonly crypto: { sha256(): Sha256 };
  /** Chunks compressing at once (default 4); each holds at most two chunks in memory. */
  readonly parallel?: number;
  readonly onProgress?: (p: BuildProgress) => void;
}

export interface BuiltInfo {
  readonly size: number;
  /** Raw SHA-256 as hex. */
  readonly sha256: string;
  readonly operations: number;
  readonly operationsByType: { readonly REPLACE: number; readonly REPLACE_BZ: number };
  readonly dataBytes: number;
}

export interface BuildResult {
  /** The payload's length: the Omaha response's `size`. */
  readonly size: number;
  /** The whole file's SHA-256 as canonical base64: the Omaha response's `sha256`. */
  readonly sha256: string;
  readonly sha256Hex: string;
  /** SHA-256 (hex) of the signed range [0, 20 + M + signatures_offset). */
  readonly signedSha256Hex: string;
  readonly manifestSize: number;
  readonly metadataSize: number;
  /** The USR image: new_partition_info's size and hash, its operations. */
  readonly partition: BuiltInfo;
  readonly kernel?: BuiltInfo;
  readonly noopOperations: number;
  readonly signaturesOffset: number;
  readonly signaturesSize: number;
  readonly signatures: readonly { readonly version: number; readonly bytes: number }[];
}

/** Signature versions as Flatcar's signer numbers them: the last key is 2 (one key: 2; two: 1, 2). */
export function signatureVersions(count: number): number[] {
  return Array.from({ length: count }, (_, i) => 2 + 1 - count + i);
}

function isRandomAccess(s: BuildSource): s is RandomAccessSource {
  return typeof (s as RandomAccessSource).read === 'function' && typeof (s as RandomAccessSource).size === 'number';
}

/**
 * The source as chunks of exactly `size` bytes (the last one shorter), each
 * in a buffer taken from `free` when one is there (the caller gives buffers
 * back once a chunk is spooled, so reading allocates only a few).
 */
async function* chunksOf(src: BuildSource, size: number, what: string, free: Uint8Array[]): AsyncGenerator<Uint8Array> {
  const buffer = (): Uint8Array => free.pop() ?? new Uint8Array(size);
  if (isRandomAccess(src)) {
    for (let at = 0; at < src.size; at += size) {
      const want = Math.min(size, src.size - at);
      const view = buffer().subarray(0, want);
      if (src.readInto) await src.readInto(at, view);
      else {
        const b = await src.read(at, want);
        if (b.length !== want)
          throw new AppError(
            'IO_FAILED',
            `${what}: ${b.length} bytes read at offset ${at}, ${want} expected (did the file change?)`,
          );
        view.set(b);
      }
      yield view;
    }
    return;
  }
  let buf = buffer();
  let fill = 0;
  for await (const c of src) {
    let at = 0;
    while (at < c.length) {
      const n = Math.min(size - fill, c.length - at);
      buf.set(c.subarray(at, at + n), fill);
      fill += n;
      at += n;
      if (fill === size) {
        yield buf;
        buf = buffer();
        fill = 0;
      }
    }
  }
  if (fill > 0) yield buf.subarray(0, fill);
}

interface Pass1State {
  offset: number;
}

interface Spooled {
  readonly ops: Operation[];
  readonly info: BuiltInfo;
  readonly hash: Uint8Array;
}

/** Pass 1 for one source: chunk, compress (a few at once), choose, hash, spool; blob offsets continue from `state.offset`. */
/** Whether every byte is zero (four at a time where the view allows it). */
function isZero(b: Uint8Array): boolean {
  let i = 0;
  if (b.byteOffset % 4 === 0) {
    const words = new Uint32Array(b.buffer, b.byteOffset, b.length >>> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i = words.length * 4;
  }
  for (; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

async function spoolSource(
  src: BuildSource,
  which: 'usr' | 'kernel',
  what: string,
  state: Pass1State,
  o: BuildOptions,
  zeros: Map<number, Promise<Uint8Array | undefined>>,
): Promise<Spooled> {
  const parallel = Math.max(1, Math.floor(o.parallel ?? 4));
  const total = isRandomAccess(src) ? src.size : undefined;
  const imageHash = o.crypto.sha256();
  const ops: Operation[] = [];
  const counts = { REPLACE: 0, REPLACE_BZ: 0 };
  let size = 0;
  let dataBytes = 0;
  let index = 0;
  const pending: { chunk: Uint8Array; index: number; bz: Promise<Uint8Array | undefined> }[] = [];
  const free: Uint8Array[] = [];
  // REPLACE_BZ only when smaller: a stream of the chunk's length or more is not wanted.
  const compress = (chunk: Uint8Array): Promise<Uint8Array | undefined> => {
    if (!isZero(chunk)) return o.bzip2.compress(chunk, chunk.length - 1);
    // Free space in a filesystem image: chunks of zeros, compressed once per length (bzip2 is deterministic).
    let z = zeros.get(chunk.length);
    if (z === undefined) zeros.set(chunk.length, (z = o.bzip2.compress(chunk, chunk.length - 1)));
    return z;
  };

  const take = async (): Promise<void> => {
    const p = pending.shift()!;
    const bz = await p.bz;
    const compress = bz !== undefined && bz.length < p.chunk.length;
    const blob = compress ? bz : p.chunk;
    if (state.offset + blob.length > MAX_BLOB_OFFSET) {
      throw new AppError(
        'INPUT_INVALID',
        `${what}: the payload's blobs pass 4 GiB, more than a CrAU v1 manifest can address (data_offset is 32 bits)`,
      );
    }
    const h = o.crypto.sha256();
    h.update(blob);
    await o.spool.append(blob);
    ops.push({
      type: compress ? 'REPLACE_BZ' : 'REPLACE',
      dataOffset: state.offset,
      dataLength: blob.length,
      srcExtents: [],
      // delta_generator's habit: every chunk says 256 blocks, the short last one too.
      dstExtents: [{ startBlock: BigInt(p.index * CHUNK_BLOCKS), numBlocks: BigInt(CHUNK_BLOCKS) }],
      dataSha256: h.digest(),
    });
    counts[compress ? 'REPLACE_BZ' : 'REPLACE']++;
    state.offset += blob.length;
    dataBytes += blob.length;
    // spooled and hashed: its buffer can take the next chunk
    if (p.chunk.buffer.byteLength === CHUNK_SIZE && free.length <= parallel)
      free.push(new Uint8Array(p.chunk.buffer, 0, CHUNK_SIZE));
  };

  try {
    for await (const chunk of chunksOf(src, CHUNK_SIZE, what, free)) {
      imageHash.update(chunk);
      size += chunk.length;
      const bz = compress(chunk);
      bz.catch(() => undefined); // awaited in order by take(); this only keeps an early failure from counting as unhandled
      pending.push({ chunk, index: index++, bz });
      while (pending.length >= parallel) await take();
      o.onProgress?.({ phase: 'compress', source: which, done: size, ...(total !== undefined ? { total } : {}) });
    }
    while (pending.length > 0) await take();
  } finally {
    // a failure leaves compressions running: let them settle without anyone waiting
    for (const p of pending) p.bz.catch(() => undefined);
  }
  const hash = imageHash.digest();
  return {
    ops,
    hash,
    info: { size, sha256: toHex(hash), operations: ops.length, operationsByType: counts, dataBytes },
  };
}

const blocksOf = (n: number): bigint => BigInt(Math.ceil(n / DEFAULT_BLOCK_SIZE));

/** Builds a signed full payload into `o.out`; throws AppError for a wrong-size image, an empty kernel, no key. */
export async function buildPayload(o: BuildOptions): Promise<BuildResult> {
  if (o.signers.length === 0) throw new AppError('USAGE', 'a payload needs at least one signing key');
  const state: Pass1State = { offset: 0 };

  // ---- pass 1: the blobs, spooled
  if (isRandomAccess(o.usr)) checkImageSize(o.usr.size);
  const zeros = new Map<number, Promise<Uint8Array | undefined>>();
  const usr = await spoolSource(o.usr, 'usr', 'the USR image', state, o, zeros);
  checkImageSize(usr.info.size);
  let kernel: Spooled | undefined;
  if (o.kernel !== undefined) {
    kernel = await spoolSource(o.kernel, 'kernel', 'the kernel', state, o, zeros);
    if (kernel.info.size === 0)
      throw new AppError('INPUT_INVALID', 'the kernel file is empty (delta_generator refuses an empty kernel too)');
  }
  const blobBytes = state.offset;

  // ---- the manifest, with the signature's size fixed before anything is hashed
  const versions = signatureVersions(o.signers.length);
  const signaturesSize = encodeSignatures(
    o.signers.map((s, i) => ({ version: versions[i]!, data: new Uint8Array(s.signatureSize) })),
  ).length;
  const noops: Operation[] = (kernel?.ops ?? []).map((op) => ({
    type: 'REPLACE',
    dataOffset: op.dataOffset!,
    dataLength: op.dataLength!,
    srcExtents: [],
    dstExtents: [{ startBlock: SPARSE_HOLE, numBlocks: blocksOf(op.dataLength!) }],
    dataSha256: op.dataSha256!,
  }));
  noops.push({
    type: 'REPLACE',
    dataOffset: blobBytes,
    dataLength: signaturesSize,
    srcExtents: [],
    dstExtents: [{ startBlock: SPARSE_HOLE, numBlocks: blocksOf(signaturesSize) }],
  });
  const manifest: Manifest = {
    partitionOperations: usr.ops,
    noopOperations: noops,
    blockSize: DEFAULT_BLOCK_SIZE,
    signaturesOffset: BigInt(blobBytes),
    signaturesSize: BigInt(signaturesSize),
    newPartitionInfo: { size: BigInt(usr.info.size), hash: usr.hash },
    procedures: kernel
      ? [{ type: 'KERNEL', operations: kernel.ops, newInfo: { size: BigInt(kernel.info.size), hash: kernel.hash } }]
      : [],
  };
  const manifestBytes = encodeManifest(manifest);
  const header = encodeHeader({ version: 1n, manifestSize: BigInt(manifestBytes.length) });
  const total = HEADER_SIZE + manifestBytes.length + blobBytes + signaturesSize;

  // ---- pass 2: header, manifest, blobs (hashed as they go), then the signatures
  const signed = o.crypto.sha256();
  const whole = o.crypto.sha256();
  let written = 0;
  const emit = async (b: Uint8Array, isSigned: boolean): Promise<void> => {
    if (isSigned) signed.update(b);
    whole.update(b);
    await o.out.write(b);
    written += b.length;
    o.onProgress?.({ phase: 'write', done: written, total });
  };
  await emit(header, true);
  await emit(manifestBytes, true);
  let spooled = 0;
  for await (const c of o.spool.readBack()) {
    spooled += c.length;
    await emit(c, true);
  }
  if (spooled !== blobBytes)
    throw new AppError('IO_FAILED', `the blob spool gave back ${spooled} bytes, ${blobBytes} were written to it`);
  const signedDigest = signed.digest();
  const sigs = o.signers.map((s, i) => {
    const data = s.sign(signedDigest);
    if (data.length !== s.signatureSize)
      throw new AppError(
        'INTERNAL',
        `signing key ${i + 1} gave a ${data.length}-byte signature, ${s.signatureSize} expected`,
      );
    return { version: versions[i]!, data };
  });
  const sigBlob = encodeSignatures(sigs);
  if (sigBlob.length !== signaturesSize)
    throw new AppError(
      'INTERNAL',
      `the Signatures message has ${sigBlob.length} bytes, ${signaturesSize} were reserved`,
    );
  await emit(sigBlob, false);
  const digest = whole.digest();

  return {
    size: written,
    sha256: toBase64(digest),
    sha256Hex: toHex(digest),
    signedSha256Hex: toHex(signedDigest),
    manifestSize: manifestBytes.length,
    metadataSize: HEADER_SIZE + manifestBytes.length,
    partition: usr.info,
    ...(kernel ? { kernel: kernel.info } : {}),
    noopOperations: noops.length,
    signaturesOffset: blobBytes,
    signaturesSize,
    signatures: sigs.map((s) => ({ version: s.version, bytes: s.data.length })),
  };
}

function checkImageSize(size: number): void {
  if (size === 0) throw new AppError('INPUT_INVALID', 'the USR image is empty');
  if (size % DEFAULT_BLOCK_SIZE !== 0) {
    throw new AppError(
      'INPUT_INVALID',
      `the USR image has ${size} bytes, not a multiple of ${DEFAULT_BLOCK_SIZE} (the block size); update_engine writes whole blocks, and delta_generator refuses such an image too`,
    );
  }
}
