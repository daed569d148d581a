/**
 * The TokenRepository port's conformance suite: the memory fake and the
 * database repository (SQLite, PostgreSQL) answer to the same tests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TOKEN_LAST_USED_RESOLUTION_MS, type Clock, type TokenRepository } from '../../src/core/index.js';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(public ms = Date.parse('2030-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TokenTarget {
  readonly tokens: TokenRepository;
  readonly clock: ManualClock;
  /** Every stored column value as text (database repositories only), to prove no secret is stored. */
  storedText?(): Promise<string>;
  /** A second repository on the same database through another store (another server), when the target has one. */
  second?(): Promise<TokenRepository>;
  close(): Promise<void>;
}

export interface TokenConformanceFactory {
  readonly name: string;
  fresh(): Promise<TokenTarget>;
}

const SECRET = /^hull_[A-Za-z0-9_-]{43}$/;

export function tokenConformance(factory: TokenConformanceFactory): void {
  describe(`TokenRepository conformance: ${factory.name}`, () => {
    const withTarget = (title: string, fn: (t: TokenTarget) => Promise<void>) =>
      test(title, async () => {
        const target = await factory.fresh();
        try {
          await fn(target);
        } finally {
          await target.close();
        }
      });

    withTarget(
      'create: a hull_ secret of 32 random bytes, shown once; list has the token without it',
      async ({ tokens, clock, storedText }) => {
        assert.equal(await tokens.isEmpty(), true);
        const a = await tokens.create({ role: 'viewer', name: 'ci' });
        clock.advance(1000);
        const b = await tokens.create({ role: 'admin' });
        assert.match(a.secret, SECRET);
        assert.notEqual(a.secret, b.secret);
        assert.equal(a.token.prefix, a.secret.slice(0, 13));
        assert.deepEqual(a.token, {
          id: a.token.id,
          name: 'ci',
          role: 'viewer',
          prefix: a.secret.slice(0, 13),
          createdAt: '2030-01-01T00:00:00.000Z',
          lastUsedAt: null,
          revokedAt: null,
        });
        assert.equal(b.token.name, '');
        assert.deepEqual(await tokens.list(), [a.token, b.token]);
        assert.equal(await tokens.isEmpty(), false);
        if (storedText) {
          const text = await storedText();
          assert.ok(!text.includes(a.secret) && !text.includes(a.secret.slice(13)), 'the secret is not stored');
          assert.ok(text.includes(a.token.prefix));
        }
      },
    );

    withTarget('verify: the token of a valid secret; unknown, malformed, revoked → undefined', async ({ tokens }) => {
      const { token, secret } = await tokens.create({ role: 'viewer' });
      assert.equal((await tokens.verify(secret))?.id, token.id);
      assert.equal((await tokens.verify(secret))?.role, 'viewer');
      const other = `${secret.slice(0, 13)}${'A'.repeat(43 - 8)}`;
      for (const bad of [
        other,
        'hull_short',
        '',
        `${secret}x`,
        secret.toUpperCase(),
        ` ${secret}`,
        'x'.repeat(10_000),
      ]) {
        assert.equal(await tokens.verify(bad), undefined, bad.slice(0, 60));
      }
      const revoked = await tokens.revoke(token.id);
      assert.ok(revoked?.revokedAt);
      assert.equal(await tokens.verify(secret), undefined);
    });

    withTarget(
      'revoke: unknown id → undefined; twice keeps the first time; the token stays listed',
      async ({ tokens, clock }) => {
        const { token } = await tokens.create({ role: 'admin', name: 'x' });
        assert.equal(await tokens.revoke('no-such-id'), undefined);
        const first = await tokens.revoke(token.id);
        clock.advance(5000);
        const second = await tokens.revoke(token.id);
        assert.equal(first?.revokedAt, '2030-01-01T00:00:00.000Z');
        assert.deepEqual(second, first);
        assert.deepEqual(
          (await tokens.list()).map((t) => t.revokedAt),
          [first?.revokedAt],
        );
      },
    );

    withTarget('verify refreshes lastUsedAt at most once a minute', async ({ tokens, clock }) => {
      const { token, secret } = await tokens.create({ role: 'viewer' });
      const t0 = clock.now().toISOString();
      assert.equal((await tokens.verify(secret))?.lastUsedAt, t0);
      clock.advance(TOKEN_LAST_USED_RESOLUTION_MS - 1);
      assert.equal((await tokens.verify(secret))?.lastUsedAt, t0);
      assert.equal((await tokens.list()).find((t) => t.id === token.id)?.lastUsedAt, t0);
      clock.advance(1);
      const t1 = clock.now().toISOString();
      assert.equal((await tokens.verify(secret))?.lastUsedAt, t1);
      assert.equal((await tokens.list())[0]?.lastUsedAt, t1);
    });

    withTarget(
      'createFirstAdmin: only on an empty store, only once, one winner among concurrent callers',
      async ({ tokens, second }) => {
        const others = second ? await second() : tokens;
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? tokens : others).createFirstAdmin('first start')),
        );
        const made = results.filter((r) => r !== undefined);
        assert.equal(made.length, 1);
        assert.equal(made[0]!.token.role, 'admin');
        assert.equal(made[0]!.token.name, 'first start');
        assert.equal((await tokens.verify(made[0]!.secret))?.id, made[0]!.token.id);
        assert.equal((await tokens.list()).length, 1);
        assert.equal(await tokens.createFirstAdmin('again'), undefined);
        await tokens.revoke(made[0]!.token.id);
        assert.equal(await tokens.createFirstAdmin('after revoke'), undefined, 'a revoked token still counts');
      },
    );

    withTarget('createFirstAdmin: nothing when a token was made another way', async ({ tokens }) => {
      await tokens.create({ role: 'viewer' });
      assert.equal(await tokens.createFirstAdmin('first start'), undefined);
      assert.equal((await tokens.list()).length, 1);
    });
  });
}
