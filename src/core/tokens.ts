/**
 * Access tokens of the management API (`/api/v1/…`): the port every store
 * implements (src/adapters/db/auth/, src/adapters/memory/token-repository.ts,
 * under one conformance suite: test/store/token-conformance.ts). A token is
 * `hull_` + 43 base64url characters (32 random bytes); only its SHA-256 is
 * stored. See docs/update-server.md#access.
 */

export const TOKEN_ROLES = ['admin', 'viewer'] as const;
/** admin: everything; viewer: reads (GET, HEAD) only. */
export type TokenRole = (typeof TOKEN_ROLES)[number];

/** What is known of a token; never its secret nor its hash. */
export interface TokenInfo {
  readonly id: string;
  /** '' when none was given. */
  readonly name: string;
  readonly role: TokenRole;
  /** The secret's first characters (`hull_AbCdEfGh`): enough to recognise it, not to use it. */
  readonly prefix: string;
  /** ISO-8601 UTC. */
  readonly createdAt: string;
  /** ISO-8601 UTC, refreshed by `verify` at most once a minute; null before first use. */
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

/** A token as made: the secret is shown this once and never again. */
export interface CreatedToken {
  readonly token: TokenInfo;
  readonly secret: string;
}

export interface NewToken {
  readonly role: TokenRole;
  readonly name?: string;
}

export interface TokenRepository {
  create(input: NewToken): Promise<CreatedToken>;
  /** Every token, revoked ones too, oldest first. */
  list(): Promise<readonly TokenInfo[]>;
  /** Revokes the token (idempotent: a second revoke keeps the first time); undefined when there is no such id. */
  revoke(id: string): Promise<TokenInfo | undefined>;
  /**
   * The token a bearer secret belongs to, when it exists and is not revoked
   * (undefined otherwise, malformed secrets too). Compares hashes in constant
   * time and refreshes `lastUsedAt` when it is older than a minute.
   */
  verify(secret: string): Promise<TokenInfo | undefined>;
  /** True when the store holds no token at all (revoked ones count as tokens). */
  isEmpty(): Promise<boolean>;
  /**
   * The first start's admin token: created only when the store holds no token
   * at all, and by one caller only, also when several servers on one database
   * ask at once; undefined for every other caller.
   */
  createFirstAdmin(name: string): Promise<CreatedToken | undefined>;
}

/** The longest token name (API and CLI). */
export const TOKEN_NAME_MAX_LENGTH = 100;

/** How often `verify` writes `lastUsedAt` at most. */
export const TOKEN_LAST_USED_RESOLUTION_MS = 60_000;
