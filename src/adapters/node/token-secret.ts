import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `hull_` and 43 base64url characters: 32 random bytes. */
export const TOKEN_PATTERN = /^hull_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 'hull_'.length + 8;

/** A new token secret: `hull_` + 32 random bytes, base64url. */
export function newTokenSecret(): string {
  return `hull_${randomBytes(32).toString('base64url')}`;
}

/**
 * The stored form of a secret: SHA-256, hex. A fast hash is right here: the
 * secret has 256 random bits, so no guessing or precomputation can reach it,
 * and a slow password hash would only cost time on every request (D24).
 */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The non-secret part shown in lists and used to find the row: `hull_` + 8 characters. */
export function tokenPrefix(secret: string): string {
  return secret.slice(0, PREFIX_LENGTH);
}

/** Whether two hex hashes are equal, in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}
