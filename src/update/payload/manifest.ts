import { PayloadError } from './codes.js';
import { ManifestType, SignaturesType } from './schema.js';

/** Operation types by their wire number; a number outside the table is kept as the number. */
export const OPERATION_TYPES = ['REPLACE', 'REPLACE_BZ', 'MOVE', 'BSDIFF'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number] | number;
export const PROCEDURE_TYPES = ['KERNEL', 'PCR_POLICY'] as const;
export type ProcedureType = (typeof PROCEDURE_TYPES)[number] | number;

/** A run of blocks; `startBlock` 2^64-1 marks a noop's (not written) destination. */
export interface Extent {
  readonly startBlock: bigint;
  readonly numBlocks: bigint;
}

export interface Operation {
  readonly type: OperationType;
  /** Where the operation's blob starts, counted from the end of the manifest. */
  readonly dataOffset?: number;
  readonly dataLength?: number;
  readonly srcExtents: readonly Extent[];
  readonly dstExtents: readonly Extent[];
  /** Raw SHA-256 of the blob (32 bytes); update_engine requires it on every operation with data. */
  readonly dataSha256?: Uint8Array;
}

/** Size and raw SHA-256 of what a set of operations produces (a partition or a procedure's file). */
export interface InstallInfo {
  readonly size?: bigint;
  readonly hash?: Uint8Array;
}

export interface Procedure {
  readonly type?: ProcedureType;
  readonly operations: readonly Operation[];
  readonly oldInfo?: InstallInfo;
  readonly newInfo?: InstallInfo;
}

/** The `DeltaArchiveManifest` of a payload, with the fields Hull uses. */
export interface Manifest {
  readonly partitionOperations: readonly Operation[];
  /** Blobs that are not applied (procedure blobs and the signature blob mirrored); update_engine ignores them. */
  readonly noopOperations: readonly Operation[];
  readonly blockSize: number;
  readonly signaturesOffset?: bigint;
  readonly signaturesSize?: bigint;
  readonly oldPartitionInfo?: InstallInfo;
  readonly newPartitionInfo?: InstallInfo;
  readonly procedures: readonly Procedure[];
}

export interface Signature {
  readonly version?: number;
  readonly data?: Uint8Array;
}

export const DEFAULT_BLOCK_SIZE = 4096;

// ---- decoding ---------------------------------------------------------------

type Wire = Record<string, unknown>;

function big(v: unknown): bigint {
  return BigInt(typeof v === 'string' || typeof v === 'number' ? v : String(v));
}
function bytes(v: unknown): Uint8Array | undefined {
  return v instanceof Uint8Array ? Uint8Array.from(v) : undefined;
}
function list(v: unknown): Wire[] {
  return Array.isArray(v) ? (v as Wire[]) : [];
}
function named<T extends readonly string[]>(names: T, v: unknown): T[number] | number {
  const n = Number(v);
  return n >= 0 && n < names.length ? (names[n] as T[number]) : n;
}

function extentFrom(w: Wire): Extent {
  return { startBlock: big(w.start_block ?? 0), numBlocks: big(w.num_blocks ?? 0) };
}
function operationFrom(w: Wire): Operation {
  return {
    type: named(OPERATION_TYPES, w.type),
    ...(w.data_offset !== undefined ? { dataOffset: Number(w.data_offset) } : {}),
    ...(w.data_length !== undefined ? { dataLength: Number(w.data_length) } : {}),
    srcExtents: list(w.src_extents).map(extentFrom),
    dstExtents: list(w.dst_extents).map(extentFrom),
    ...(w.data_sha256_hash !== undefined ? { dataSha256: bytes(w.data_sha256_hash) ?? new Uint8Array() } : {}),
  };
}
function infoFrom(w: unknown): InstallInfo | undefined {
  if (w === undefined || w === null) return undefined;
  const o = w as Wire;
  return {
    ...(o.size !== undefined ? { size: big(o.size) } : {}),
    ...(o.hash !== undefined ? { hash: bytes(o.hash) ?? new Uint8Array() } : {}),
  };
}
function procedureFrom(w: Wire): Procedure {
  const oldInfo = infoFrom(w.old_info);
  const newInfo = infoFrom(w.new_info);
  return {
    ...(w.type !== undefined ? { type: named(PROCEDURE_TYPES, w.type) } : {}),
    operations: list(w.operations).map(operationFrom),
    ...(oldInfo ? { oldInfo } : {}),
    ...(newInfo ? { newInfo } : {}),
  };
}

const TO_OBJECT = { longs: String, enums: Number, defaults: false, arrays: true } as const;

/** Parses the manifest bytes; anything protobuf cannot read is update_engine's error 23. */
export function decodeManifest(b: Uint8Array): Manifest {
  let w: Wire;
  try {
    w = ManifestType.toObject(ManifestType.decode(b), TO_OBJECT) as Wire;
  } catch (e) {
    throw new PayloadError(23, `the manifest cannot be parsed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const oldPartitionInfo = infoFrom(w.old_partition_info);
  const newPartitionInfo = infoFrom(w.new_partition_info);
  return {
    partitionOperations: list(w.partition_operations).map(operationFrom),
    noopOperations: list(w.noop_operations).map(operationFrom),
    blockSize: w.block_size !== undefined ? Number(w.block_size) : DEFAULT_BLOCK_SIZE,
    ...(w.signatures_offset !== undefined ? { signaturesOffset: big(w.signatures_offset) } : {}),
    ...(w.signatures_size !== undefined ? { signaturesSize: big(w.signatures_size) } : {}),
    ...(oldPartitionInfo ? { oldPartitionInfo } : {}),
    ...(newPartitionInfo ? { newPartitionInfo } : {}),
    procedures: list(w.procedures).map(procedureFrom),
  };
}

/** Parses a `Signatures` blob; `undefined` when it is not one. */
export function decodeSignatures(b: Uint8Array): Signature[] | undefined {
  try {
    const w = SignaturesType.toObject(SignaturesType.decode(b), TO_OBJECT) as Wire;
    return list(w.signatures).map((s) => ({
      ...(s.version !== undefined ? { version: Number(s.version) } : {}),
      ...(s.data !== undefined ? { data: bytes(s.data) ?? new Uint8Array() } : {}),
    }));
  } catch {
    return undefined;
  }
}

// ---- encoding (for tests and the payload builder) ---------------------------

function typeNumber<T extends readonly string[]>(names: T, t: T[number] | number): number {
  return typeof t === 'number' ? t : names.indexOf(t);
}
function extentTo(e: Extent): Wire {
  return { start_block: e.startBlock.toString(), num_blocks: e.numBlocks.toString() };
}
function operationTo(o: Operation): Wire {
  return {
    type: typeNumber(OPERATION_TYPES, o.type),
    ...(o.dataOffset !== undefined ? { data_offset: o.dataOffset } : {}),
    ...(o.dataLength !== undefined ? { data_length: o.dataLength } : {}),
    src_extents: o.srcExtents.map(extentTo),
    dst_extents: o.dstExtents.map(extentTo),
    ...(o.dataSha256 !== undefined ? { data_sha256_hash: o.dataSha256 } : {}),
  };
}
function infoTo(i: InstallInfo): Wire {
  return {
    ...(i.size !== undefined ? { size: i.size.toString() } : {}),
    ...(i.hash !== undefined ? { hash: i.hash } : {}),
  };
}

export function encodeManifest(m: Manifest): Uint8Array {
  const w: Wire = {
    partition_operations: m.partitionOperations.map(operationTo),
    noop_operations: m.noopOperations.map(operationTo),
    block_size: m.blockSize,
    ...(m.signaturesOffset !== undefined ? { signatures_offset: m.signaturesOffset.toString() } : {}),
    ...(m.signaturesSize !== undefined ? { signatures_size: m.signaturesSize.toString() } : {}),
    ...(m.oldPartitionInfo ? { old_partition_info: infoTo(m.oldPartitionInfo) } : {}),
    ...(m.newPartitionInfo ? { new_partition_info: infoTo(m.newPartitionInfo) } : {}),
    procedures: m.procedures.map((p) => ({
      ...(p.type !== undefined ? { type: typeNumber(PROCEDURE_TYPES, p.type) } : {}),
      operations: p.operations.map(operationTo),
      ...(p.oldInfo ? { old_info: infoTo(p.oldInfo) } : {}),
      ...(p.newInfo ? { new_info: infoTo(p.newInfo) } : {}),
    })),
  };
  return Uint8Array.from(ManifestType.encode(ManifestType.fromObject(w)).finish());
}

export function encodeSignatures(sigs: readonly Signature[]): Uint8Array {
  const w = {
    signatures: sigs.map((s) => ({
      ...(s.version !== undefined ? { version: s.version } : {}),
      ...(s.data ? { data: s.data } : {}),
    })),
  };
  return Uint8Array.from(SignaturesType.encode(SignaturesType.fromObject(w)).finish());
}
