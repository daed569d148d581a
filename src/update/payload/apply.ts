import { bunzip } from './bunzip.js';
import { PayloadError, payloadFailure, type PayloadCode, type PayloadFailure } from './codes.js';
import { toHex } from './encoding.js';
import type { Extent, InstallInfo, Manifest, Operation, Procedure } from './manifest.js';
import { appliedOperations, readPayload, type OperationPlace, type ReadOptions } from './reader.js';

/** Where a payload's bytes go: a slot (a byte range of a disk, see `regionOf`) or a procedure's file. */
export interface ApplyTarget {
  /** Bytes the target holds; nothing is written at or past it. */
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Optional: reads `into.length` bytes into a buffer the caller reuses (hashing the written image without a buffer per MiB). */
  readInto?(offset: number, into: Uint8Array): Promise<void>;
  write(offset: number, data: Uint8Array): Promise<void>;
  flush(): Promise<void>;
}

export interface ApplyOptions extends ReadOptions {
  /**
   * The target of a procedure's operations (the KERNEL procedure: the slot's
   * kernel file). `undefined`: its operations are read, checked and not
   * applied, as update_engine does with a procedure it does not know.
   */
  readonly procedureTarget?: (procedure: Procedure, index: number) => ApplyTarget | undefined;
  /** Largest unpacked REPLACE_BZ operation accepted (default 64 MiB, like `maxBlobBytes`); update_engine's generator writes 1 MiB chunks. */
  readonly maxUnpackedBytes?: number;
  /** Called after each operation is written (for progress). */
  readonly onOperation?: (done: number, total: number, bytesWritten: number) => void;
  /**
   * The bzip2 decoder of REPLACE_BZ blobs (default: seek-bzip, `bunzip`). It
   * unpacks one stream of at most `max` bytes and throws PayloadError 28 for
   * more, or for data it cannot read; what it returns need only stay valid
   * until its next call (each operation is written before the next is
   * unpacked). The CLI passes libbzip2 compiled to WebAssembly
   * (src/adapters/node/bzip2-wasm.ts, D35), a few times faster.
   */
  readonly bunzip?: Bunzip;
}

export type Bunzip = (data: Uint8Array, max: number, what: string) => Uint8Array;

export interface InfoCheck {
  readonly size: number;
  /** SHA-256 (hex) of the first `size` bytes of the target after writing. */
  readonly sha256: string;
  /** The expected hash (hex) from the manifest. */
  readonly expected: string;
  readonly matches: boolean;
}

export interface ApplyDone {
  readonly ok: true;
  readonly manifest: Manifest;
  /** Operations written (partition and procedures), and those read but not applied. */
  readonly operations: number;
  readonly skippedOperations: number;
  readonly bytesWritten: number;
  readonly partition: InfoCheck;
  readonly procedures: readonly {
    readonly index: number;
    readonly type: string | number | undefined;
    readonly applied: boolean;
    readonly check?: InfoCheck;
  }[];
}

/** A refusal; `bytesWritten` > 0 means the target holds part of the new image and must not be booted. */
export interface ApplyFailure extends PayloadFailure {
  readonly bytesWritten: number;
  readonly operations: number;
}

export type ApplyResult = ApplyDone | ApplyFailure;

const HASH_CHUNK = 1024 * 1024;
export const DEFAULT_MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

function where(p: OperationPlace): string {
  return p.procedure === undefined
    ? `partition operation ${p.index}`
    : `operation ${p.index} of procedure ${p.procedure}`;
}

function typeName(t: Procedure['type']): string | number | undefined {
  return t;
}

interface Piece {
  readonly offset: number;
  readonly from: number;
  readonly length: number;
}

/**
 * Lays `length` bytes over the extents in order, stopping when the data ends
 * (an over-long final extent is tolerated, as update_engine's writer does).
 * Refuses (28) more data than the extents hold, and any byte that would land
 * outside [0, target size).
 */
export function placeData(
  extents: readonly Extent[],
  length: number,
  blockSize: number,
  targetSize: number,
  what: string,
): Piece[] {
  const pieces: Piece[] = [];
  let from = 0;
  const bs = BigInt(blockSize);
  for (const e of extents) {
    if (from >= length) break;
    const start = e.startBlock * bs;
    const room = e.numBlocks * bs;
    const n = Number(room < BigInt(length - from) ? room : BigInt(length - from));
    if (n === 0) continue;
    if (start + BigInt(n) > BigInt(targetSize)) {
      throw new PayloadError(
        28,
        `${what} writes bytes [${start}, ${start + BigInt(n)}) (extent at block ${e.startBlock}, ${e.numBlocks} blocks), outside the target's ${targetSize} bytes; nothing of it was written`,
      );
    }
    pieces.push({ offset: Number(start), from, length: n });
    from += n;
  }
  if (from < length)
    throw new PayloadError(28, `${what} has ${length} bytes of data, more than its destination extents hold`);
  return pieces;
}

function extentBytes(extents: readonly Extent[], blockSize: number): bigint {
  return extents.reduce((s, e) => s + e.numBlocks * BigInt(blockSize), 0n);
}

/** The bytes an operation writes: REPLACE's data or REPLACE_BZ's unpacked data, zero-padded to the block (`dataLength`: before the padding). */
function operationData(
  op: Operation,
  data: Uint8Array,
  blockSize: number,
  cap: number,
  what: string,
  unpack: Bunzip,
): { bytes: Uint8Array; dataLength: number } {
  let raw: Uint8Array;
  if (op.type === 'REPLACE') raw = data;
  else if (op.type === 'REPLACE_BZ') {
    // At most what its extents hold, the target holds and Hull accepts: a bzip2 bomb stops there (28).
    const room = extentBytes(op.dstExtents, blockSize);
    raw = unpack(data, Number(room < BigInt(cap) ? room : BigInt(cap)), what);
  } else {
    throw new PayloadError(
      28,
      `${what} is a ${typeof op.type === 'number' ? `type-${op.type}` : op.type} operation; Hull applies full payloads (REPLACE and REPLACE_BZ) only`,
    );
  }
  const padded = Math.ceil(raw.length / blockSize) * blockSize;
  if (padded === raw.length) return { bytes: raw, dataLength: raw.length };
  const out = new Uint8Array(padded);
  out.set(raw);
  return { bytes: out, dataLength: raw.length };
}

async function hashTarget(
  target: ApplyTarget,
  info: InstallInfo | undefined,
  crypto: ReadOptions['crypto'],
): Promise<InfoCheck | undefined> {
  if (info?.size === undefined || info.hash === undefined) return undefined;
  const size = Number(info.size);
  const h = crypto.sha256();
  const buf = target.readInto ? new Uint8Array(Math.min(HASH_CHUNK, size)) : undefined;
  for (let at = 0; at < size; at += HASH_CHUNK) {
    const n = Math.min(HASH_CHUNK, size - at);
    if (buf) {
      const view = buf.subarray(0, n);
      await target.readInto!(at, view);
      h.update(view);
    } else h.update(await target.read(at, n));
  }
  const sha256 = toHex(h.digest());
  const expected = toHex(info.hash);
  return { size, sha256, expected, matches: sha256 === expected };
}

/** Refuses, before any write, a manifest whose images cannot fit their targets. */
function checkFits(m: Manifest, slot: ApplyTarget, targets: ReadonlyMap<number, ApplyTarget>): void {
  const size = m.newPartitionInfo?.size;
  if (size === undefined || m.newPartitionInfo?.hash === undefined) {
    throw new PayloadError(
      15,
      'the manifest has no new_partition_info size and hash, so the written partition cannot be checked',
    );
  }
  if (size > BigInt(slot.size))
    throw new PayloadError(
      28,
      `the new partition image is ${size} bytes, more than the target's ${slot.size}; nothing was written`,
    );
  for (const { place, operation } of appliedOperations(m)) {
    const t = place.procedure === undefined ? slot : targets.get(place.procedure);
    if (t === undefined) continue;
    if (operation.type !== 'REPLACE' && operation.type !== 'REPLACE_BZ') {
      throw new PayloadError(
        28,
        `${where(place)} is a ${typeof operation.type === 'number' ? `type-${operation.type}` : operation.type} operation; Hull applies full payloads (REPLACE and REPLACE_BZ) only; nothing was written`,
      );
    }
    for (const e of operation.dstExtents) {
      if (e.numBlocks > 0n && e.startBlock * BigInt(m.blockSize) >= BigInt(t.size)) {
        throw new PayloadError(
          28,
          `${where(place)} has an extent at block ${e.startBlock}, outside the target's ${t.size} bytes; nothing was written`,
        );
      }
    }
  }
}

/**
 * Applies a full CrAU payload streamed in chunks into `slot`, as
 * update_engine does: the partition's operations, then each procedure's into
 * its target; noops ignored. Each blob's hash is checked before it is
 * written (38, 29); each byte lands inside its target or the operation is
 * refused (28) before writing. At the end the first `new_partition_info.size`
 * bytes of the slot must hash to `new_partition_info.hash` (15; a KERNEL
 * procedure's file to its `new_info`, 16). Holds one operation's blob (and its
 * unpacked data) at a time. The signature is not checked here: verify the
 * payload first (`verifyPayload`). Never throws for bad input.
 */
export async function applyPayload(
  source: AsyncIterable<Uint8Array>,
  slot: ApplyTarget,
  opts: ApplyOptions,
): Promise<ApplyResult> {
  let bytesWritten = 0;
  let operations = 0;
  let skipped = 0;
  let manifest: Manifest | undefined;
  const targets = new Map<number, ApplyTarget>();
  const fail = (code: PayloadCode, message: string): ApplyFailure => ({
    ...payloadFailure(code, message),
    bytesWritten,
    operations,
  });
  try {
    let total = 0;
    for await (const ev of readPayload(source, opts)) {
      if (ev.kind === 'manifest') {
        manifest = ev.manifest;
        ev.manifest.procedures.forEach((p, i) => {
          const t = opts.procedureTarget?.(p, i);
          if (t) targets.set(i, t);
        });
        checkFits(ev.manifest, slot, targets);
        total = appliedOperations(ev.manifest).length;
      } else if (ev.kind === 'blob') {
        const m = manifest!;
        const target = ev.place.procedure === undefined ? slot : targets.get(ev.place.procedure);
        if (target === undefined) {
          skipped++;
          continue;
        }
        const what = where(ev.place);
        const { bytes, dataLength } = operationData(
          ev.operation,
          ev.data,
          m.blockSize,
          Math.min(target.size, opts.maxUnpackedBytes ?? DEFAULT_MAX_UNPACKED_BYTES),
          what,
          opts.bunzip ?? bunzip,
        );
        let pieces: Piece[];
        try {
          pieces = placeData(ev.operation.dstExtents, bytes.length, m.blockSize, target.size, what);
        } catch (e) {
          // Only the block's zero padding passes the target's end (a kernel file of new_info.size, which
          // need not be whole blocks; update_engine truncates the file to that size): the padding is dropped.
          if (dataLength === bytes.length) throw e;
          pieces = placeData(ev.operation.dstExtents, dataLength, m.blockSize, target.size, what);
        }
        for (const p of pieces) await target.write(p.offset, bytes.subarray(p.from, p.from + p.length));
        bytesWritten += pieces.reduce((n, p) => n + p.length, 0);
        operations++;
        opts.onOperation?.(operations + skipped, total, bytesWritten);
      }
    }
    if (manifest === undefined) return fail(23, 'the payload has no manifest');
    await slot.flush();
    for (const t of targets.values()) await t.flush();
    const partition = (await hashTarget(slot, manifest.newPartitionInfo, opts.crypto))!;
    if (!partition.matches) {
      return fail(
        15,
        `the first ${partition.size} bytes of the target hash to ${partition.sha256}, new_partition_info says ${partition.expected}`,
      );
    }
    const procedures: ApplyDone['procedures'][number][] = [];
    for (const [index, p] of manifest.procedures.entries()) {
      const t = targets.get(index);
      const check = t ? await hashTarget(t, p.newInfo, opts.crypto) : undefined;
      if (check && !check.matches) {
        return fail(
          16,
          `procedure ${index} (${String(p.type)}): its file hashes to ${check.sha256}, new_info says ${check.expected}`,
        );
      }
      procedures.push({ index, type: typeName(p.type), applied: t !== undefined, ...(check ? { check } : {}) });
    }
    return { ok: true, manifest, operations, skippedOperations: skipped, bytesWritten, partition, procedures };
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    return fail(e.code, e.message);
  }
}
