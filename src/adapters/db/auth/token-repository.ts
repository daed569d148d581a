import type { Kysely, Selectable } from 'kysely';
import {
  TOKEN_LAST_USED_RESOLUTION_MS,
  type Clock,
  type CreatedToken,
  type NewToken,
  type TokenInfo,
  type TokenRepository,
  type TokenRole,
} from '../../../core/index.js';
import { newId, hashTokenSecret, newTokenSecret, sameHash, tokenPrefix, TOKEN_PATTERN } from '../../node/index.js';
import { isUniqueViolation, storeQuery } from '../driver-error.js';
import type { DbStore } from '../kysely-store.js';

interface AuthTokensTable {
  id: string;
  name: string;
  role: TokenRole;
  secret_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  first_start: number | null;
}

interface AuthTables {
  auth_tokens: AuthTokensTable;
}

type Row = Selectable<AuthTokensTable>;

const info = (row: Row): TokenInfo => ({
  id: row.id,
  name: row.name,
  role: row.role,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

/** Thrown inside the first-start transaction to roll it back when other tokens exist. */
class NotFirst extends Error {}

/** The TokenRepository on the store's database (table auth_tokens, migration 0002_tokens). */
export function dbTokenRepository(store: DbStore, clock: Clock): TokenRepository {
  const db: Kysely<AuthTables> = store.db;
  const newRow = (input: NewToken, firstStart: boolean): { row: Row; secret: string } => {
    const secret = newTokenSecret();
    const row: Row = {
      id: newId(),
      name: input.name ?? '',
      role: input.role,
      secret_hash: hashTokenSecret(secret),
      prefix: tokenPrefix(secret),
      created_at: clock.now().toISOString(),
      last_used_at: null,
      revoked_at: null,
      first_start: firstStart ? 1 : null,
    };
    return { row, secret };
  };

  return {
    create: (input) =>
      storeQuery(`creating a ${input.role} token`, async () => {
        const { row, secret } = newRow(input, false);
        await db.insertInto('auth_tokens').values(row).execute();
        return { token: info(row), secret };
      }),

    list: () =>
      storeQuery('listing tokens', async () => {
        const rows = await db.selectFrom('auth_tokens').selectAll().orderBy('created_at').orderBy('id').execute();
        return rows.map(info);
      }),

    revoke: (id) =>
      storeQuery(`revoking token ${id}`, async () => {
        await db
          .updateTable('auth_tokens')
          .set({ revoked_at: clock.now().toISOString() })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        const row = await db.selectFrom('auth_tokens').selectAll().where('id', '=', id).executeTakeFirst();
        return row === undefined ? undefined : info(row);
      }),

    verify: (secret) =>
      storeQuery('checking a token', async () => {
        if (!TOKEN_PATTERN.test(secret)) return undefined;
        const hash = hashTokenSecret(secret);
        const rows = await db.selectFrom('auth_tokens').selectAll().where('prefix', '=', tokenPrefix(secret)).execute();
        const row = rows.find((r) => sameHash(r.secret_hash, hash));
        if (row === undefined || row.revoked_at !== null) return undefined;
        const now = clock.now();
        const stale = new Date(now.getTime() - TOKEN_LAST_USED_RESOLUTION_MS).toISOString();
        if (row.last_used_at !== null && row.last_used_at > stale) return info(row);
        const usedAt = now.toISOString();
        await db
          .updateTable('auth_tokens')
          .set({ last_used_at: usedAt })
          .where('id', '=', row.id)
          .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', stale)]))
          .execute();
        return info({ ...row, last_used_at: usedAt });
      }),

    isEmpty: () =>
      storeQuery('counting tokens', async () => {
        const row = await db.selectFrom('auth_tokens').select('id').limit(1).executeTakeFirst();
        return row === undefined;
      }),

    createFirstAdmin: (name) =>
      storeQuery('creating the first admin token', async () => {
        const { row, secret } = newRow({ role: 'admin', name }, true);
        try {
          // The insert comes first: it takes the write lock (SQLite) or waits on
          // another server's uncommitted first_start row (PostgreSQL), so the
          // count below sees every token committed before it.
          await db.transaction().execute(async (trx) => {
            await trx.insertInto('auth_tokens').values(row).execute();
            const { n } = await trx
              .selectFrom('auth_tokens')
              .select((eb) => eb.fn.countAll<number | string>().as('n'))
              .executeTakeFirstOrThrow();
            if (Number(n) !== 1) throw new NotFirst();
          });
        } catch (err) {
          if (err instanceof NotFirst || isUniqueViolation(err)) return undefined;
          throw err;
        }
        return { token: info(row), secret } satisfies CreatedToken;
      }),
  };
}
