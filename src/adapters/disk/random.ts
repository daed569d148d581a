import { randomBytes as nodeRandomBytes } from 'node:crypto';

/** Cryptographically random bytes, for new partition GUIDs (engines take randomness as a parameter). */
export const randomBytes = (n: number): Uint8Array => new Uint8Array(nodeRandomBytes(n));
