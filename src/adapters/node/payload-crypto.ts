import { createHash, createPublicKey, publicDecrypt, constants, type Hash, type KeyObject } from 'node:crypto';
import type { PayloadCrypto, Sha256 } from '../../update/index.js';

/** The DER DigestInfo prefix of a SHA-256 digest in a PKCS#1 v1.5 signature (RFC 8017 §9.2). */
const SHA256_DIGEST_INFO = Uint8Array.from([
  0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
]);

function rsaKey(pem: string): KeyObject | undefined {
  try {
    const k = createPublicKey(pem);
    return k.asymmetricKeyType === 'rsa' ? k : undefined;
  } catch {
    return undefined;
  }
}

function wrap(h: Hash): Sha256 {
  return {
    update: (c) => void h.update(c),
    digest: () => new Uint8Array(h.digest()),
    copy: () => wrap(h.copy()),
  };
}

/**
 * SHA-256 and RSA through node:crypto. The signature check recovers the
 * signed DigestInfo with the public key and compares it, as update_engine
 * does with OpenSSL's verify_recover, so a digest computed while streaming
 * can be checked.
 */
export const nodePayloadCrypto: PayloadCrypto = {
  sha256() {
    return wrap(createHash('sha256'));
  },
  verifyRsaSha256Digest(pem, digest, signature) {
    const key = rsaKey(pem);
    if (!key) return 'bad-key';
    let recovered: Uint8Array;
    try {
      recovered = new Uint8Array(publicDecrypt({ key, padding: constants.RSA_PKCS1_PADDING }, signature));
    } catch {
      return 'mismatch';
    }
    const want = new Uint8Array(SHA256_DIGEST_INFO.length + digest.length);
    want.set(SHA256_DIGEST_INFO, 0);
    want.set(digest, SHA256_DIGEST_INFO.length);
    return recovered.length === want.length && recovered.every((b, i) => b === want[i]) ? 'ok' : 'mismatch';
  },
};
