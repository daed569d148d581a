import { PayloadError, payloadFailure, type PayloadCode, type PayloadFailure } from './codes.js';
import type { PayloadCrypto } from './crypto-port.js';
import { toBase64, toHex } from './encoding.js';
import type { PayloadHeader } from './header.js';
import type { Manifest, Signature } from './manifest.js';
import { readPayload } from './reader.js';

export interface VerifyOptions {
  readonly crypto: PayloadCrypto;
  /** The PEM public key; without it the signature is not checked (update_engine checks it only when its key file exists). */
  readonly publicKeyPem?: string;
  /** The Omaha response's `size`. */
  readonly expectedSize?: number;
  /** The Omaha response's `sha256`: the whole file's SHA-256 as base64. */
  readonly expectedSha256?: string;
  readonly maxManifestBytes?: number;
  readonly maxBlobBytes?: number;
}

export interface PayloadVerified {
  readonly ok: true;
  readonly header: PayloadHeader;
  readonly manifest: Manifest;
  /** Bytes in the file. */
  readonly size: number;
  /** The whole file's SHA-256, base64. */
  readonly sha256: string;
  /** SHA-256 (hex) of the signed range [0, 20 + M + signatures_offset). */
  readonly signedSha256: string;
  readonly signatures: readonly Signature[] | undefined;
  /** Whether a public key was given and the version-2 signature verified with it. */
  readonly signatureVerified: boolean;
}

/** A refusal, with the header and manifest when they were read before it. */
export interface VerifyFailure extends PayloadFailure {
  readonly header?: PayloadHeader;
  readonly manifest?: Manifest;
}

export type VerifyResult = PayloadVerified | VerifyFailure;

/** Counts the bytes of every chunk that passes. */
function counting(source: AsyncIterable<Uint8Array>, onChunk: (c: Uint8Array) => void): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      for await (const c of source) {
        onChunk(c);
        yield c;
      }
    },
  };
}

const SIGNATURE_VERSION = 2;

/**
 * Verifies a CrAU payload streamed in chunks, in update_engine's order and
 * with its error codes: while reading, the magic (21), the manifest (23), each
 * operation's offset (28), hash presence (38) and hash (29); after the end,
 * the size (11) and the whole-file SHA-256 (10) when expected values are
 * given, then, with a public key, the version-2 signature (17 absent, 18 not
 * verified). Never throws for bad input.
 */
export async function verifyPayload(source: AsyncIterable<Uint8Array>, opts: VerifyOptions): Promise<VerifyResult> {
  // One hashing pass for the whole file and its signed prefix [0, 20 + M + signatures_offset):
  // every byte is in a part the reader yields (header, manifest, blobs at the running offset,
  // the signature blob) or in the trailing bytes; the prefix's digest is a copy of the state
  // taken where the signature blob starts. A crypto port without copy() hashes the prefix twice.
  const whole = opts.crypto.sha256();
  const separate = whole.copy ? undefined : opts.crypto.sha256();
  let signedDigest: Uint8Array | undefined;
  const endSigned = (): void => {
    if (signedDigest === undefined) signedDigest = separate ? separate.digest() : whole.copy!().digest();
  };
  const hash = (c: Uint8Array): void => {
    whole.update(c);
    separate?.update(c);
  };
  let size = 0;
  const stream = counting(source, (c) => void (size += c.length));

  let header: PayloadHeader | undefined;
  let manifest: Manifest | undefined;
  let signatures: Signature[] | undefined;
  const fail = (code: PayloadCode, message: string): VerifyFailure => ({
    ...payloadFailure(code, message),
    ...(header ? { header } : {}),
    ...(manifest ? { manifest } : {}),
  });
  try {
    const onTrailing = (c: Uint8Array): void => {
      endSigned();
      whole.update(c);
    };
    for await (const ev of readPayload(stream, { ...opts, onTrailing })) {
      if (ev.kind === 'header') {
        header = ev.header;
        hash(ev.bytes);
      } else if (ev.kind === 'manifest') {
        manifest = ev.manifest;
        hash(ev.bytes);
      } else if (ev.kind === 'blob') hash(ev.data);
      else if (ev.kind === 'signatures') {
        signatures = ev.signatures;
        endSigned();
        whole.update(ev.bytes);
      } else if (ev.kind === 'end') endSigned();
    }
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    if (e.code === 11 && opts.expectedSize !== undefined && size !== opts.expectedSize) {
      return fail(11, `the payload has ${size} bytes, ${opts.expectedSize} expected (${e.message})`);
    }
    return fail(e.code, e.message);
  }
  if (header === undefined || manifest === undefined) return fail(23, 'the payload has no manifest');

  if (opts.expectedSize !== undefined && size !== opts.expectedSize) {
    return fail(11, `the payload has ${size} bytes, ${opts.expectedSize} expected`);
  }
  const sha256 = toBase64(whole.digest());
  if (opts.expectedSha256 !== undefined && sha256 !== opts.expectedSha256) {
    return fail(10, `the payload's SHA-256 is ${sha256}, ${opts.expectedSha256} expected`);
  }
  const digest = signedDigest!;
  let signatureVerified = false;
  if (opts.publicKeyPem !== undefined) {
    if (manifest.signaturesOffset === undefined || !manifest.signaturesSize) {
      return fail(17, 'the payload is not signed (its manifest has no signatures_offset/signatures_size)');
    }
    if (signatures === undefined) return fail(18, 'the signature blob is not a Signatures message');
    const v2 = signatures.find((s) => s.version === SIGNATURE_VERSION);
    if (v2 === undefined) return fail(17, `the payload has no signature with version ${SIGNATURE_VERSION}`);
    const verdict = opts.crypto.verifyRsaSha256Digest(opts.publicKeyPem, digest, v2.data ?? new Uint8Array());
    if (verdict === 'bad-key') return fail(18, 'the public key is not an RSA public key in PEM form');
    if (verdict === 'mismatch')
      return fail(18, `the version-${SIGNATURE_VERSION} signature does not verify with the public key`);
    signatureVerified = true;
  }
  return { ok: true, header, manifest, size, sha256, signedSha256: toHex(digest), signatures, signatureVerified };
}
