/** An incremental SHA-256. */
export interface Sha256 {
  update(chunk: Uint8Array): void;
  /** The raw 32-byte digest; the hash may not be used afterwards. */
  digest(): Uint8Array;
  /** A copy of the state so far (Node's Hash.copy()): lets one pass give a prefix's digest and the whole's. */
  copy?(): Sha256;
}

/** Hashing and RSA for payloads; the Node implementation is in src/adapters/node/payload-crypto.ts. */
export interface PayloadCrypto {
  sha256(): Sha256;
  /**
   * Whether `signature` is an RSASSA-PKCS1-v1_5 signature of the SHA-256
   * `digest` under the PEM public key; `bad-key` when the PEM is not an RSA
   * public key.
   */
  verifyRsaSha256Digest(publicKeyPem: string, digest: Uint8Array, signature: Uint8Array): 'ok' | 'mismatch' | 'bad-key';
}
