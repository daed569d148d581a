import { toHex } from './encoding.js';
import type { PayloadHeader } from './header.js';
import type { InstallInfo, Manifest, Operation, Signature } from './manifest.js';

export interface InfoSummary {
  readonly size: string | null;
  readonly sha256: string | null;
}

/** What `hull payload inspect` shows: plain JSON values (uint64 as decimal strings, hashes as hex). */
export interface PayloadSummary {
  readonly header: {
    readonly magic: 'CrAU';
    readonly version: string;
    readonly manifestSize: number;
    readonly metadataSize: number;
  };
  readonly manifest: {
    readonly blockSize: number;
    readonly newPartitionInfo: InfoSummary | null;
    readonly oldPartitionInfo: InfoSummary | null;
    readonly operations: number;
    readonly operationsByType: Readonly<Record<string, number>>;
    readonly dataBytes: number;
    readonly procedures: readonly {
      readonly type: string;
      readonly operations: number;
      readonly newInfo: InfoSummary | null;
    }[];
    readonly noopOperations: number;
    readonly signaturesOffset: string | null;
    readonly signaturesSize: string | null;
  };
  readonly signatures: readonly { readonly version: number | null; readonly bytes: number }[] | null;
  /** The file's length and SHA-256 (base64); null when the file was refused before its end. */
  readonly size: number | null;
  readonly sha256: string | null;
}

function info(i: InstallInfo | undefined): InfoSummary | null {
  if (!i) return null;
  return { size: i.size !== undefined ? i.size.toString() : null, sha256: i.hash !== undefined ? toHex(i.hash) : null };
}

function typeName(t: string | number | undefined): string {
  return t === undefined ? 'unset' : typeof t === 'number' ? `unknown(${t})` : t;
}

function countByType(ops: readonly Operation[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of ops) {
    const k = typeName(o.type);
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

export function summarizePayload(p: {
  header: PayloadHeader;
  manifest: Manifest;
  signatures?: readonly Signature[] | undefined;
  size?: number;
  sha256?: string;
}): PayloadSummary {
  const m = p.manifest;
  const manifestSize = Number(p.header.manifestSize);
  return {
    header: { magic: 'CrAU', version: p.header.version.toString(), manifestSize, metadataSize: 20 + manifestSize },
    manifest: {
      blockSize: m.blockSize,
      newPartitionInfo: info(m.newPartitionInfo),
      oldPartitionInfo: info(m.oldPartitionInfo),
      operations: m.partitionOperations.length,
      operationsByType: countByType(m.partitionOperations),
      dataBytes: m.partitionOperations.reduce((n, o) => n + (o.dataLength ?? 0), 0),
      procedures: m.procedures.map((pr) => ({
        type: typeName(pr.type),
        operations: pr.operations.length,
        newInfo: info(pr.newInfo),
      })),
      noopOperations: m.noopOperations.length,
      signaturesOffset: m.signaturesOffset !== undefined ? m.signaturesOffset.toString() : null,
      signaturesSize: m.signaturesSize !== undefined ? m.signaturesSize.toString() : null,
    },
    signatures: p.signatures
      ? p.signatures.map((s) => ({ version: s.version ?? null, bytes: s.data?.length ?? 0 }))
      : null,
    size: p.size ?? null,
    sha256: p.sha256 ?? null,
  };
}
