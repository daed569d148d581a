/**
 * The Store port's conformance suite (habit 8): every adapter runs the same
 * tests. `storeConformance(factory)` registers them with node:test; the
 * adapter's test file says how to get a fresh database, what the adapter can
 * do, and which bad inputs must fail how.
 *
 *   SQLite / PostgreSQL: { database: true,  persistent: true,  … }
 *   in-memory fake:      { database: false, persistent: false, expectedMigrations: [], badInputs: [] }
 *
 * Tests that need the database (migration runner, timestamps, the Kysely
 * handle) or persistence (re-open, two stores on one database) are only
 * registered when the factory has them; everything else is the port's
 * contract and applies to every implementation.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, test } from 'node:test';
import { sql, type Kysely } from 'kysely';
import {
  isAppError,
  type AppError,
  type AppErrorCode,
  type Clock,
  type Logger,
  type Store,
} from '../../src/core/index.js';
import {
  isForeignKeyViolation,
  isUniqueViolation,
  MIGRATIONS,
  storeQuery,
  type DbStore,
  type HullMigration,
  type OpenStoreOptions,
} from '../../src/adapters/db/index.js';
import type { UntypedDb } from '../../src/adapters/db/untyped-db.js';

/** What a test may override when opening a store on a target. */
export type TargetOpenOptions = Pick<OpenStoreOptions, 'migrations' | 'clock' | 'logger'>;

/**
 * One database: every `open()` opens a new store on the same data (for a
 * store that is not `persistent`, on a new, empty one).
 */
export interface StoreTarget {
  open(options?: TargetOpenOptions): Promise<Store>;
}

export interface BadInputCase {
  readonly title: string;
  /** Tries to open a store with the bad input; must reject. */
  open(): Promise<unknown>;
  readonly code: AppErrorCode;
  /** Every pattern must match the error's message. */
  readonly message: readonly RegExp[];
  /** Strings that must NOT appear in the message (e.g. a password). */
  readonly secrets?: readonly string[];
}

export interface StoreConformanceFactory {
  readonly name: string;
  readonly dialect: Store['dialect'];
  /** A new, empty database. */
  fresh(): Promise<StoreTarget>;
  /**
   * The store is a DbStore over a real database: `open()` honours the
   * `migrations` and `clock` overrides and the Kysely handle can be used.
   * Enables the migration-runner, timestamp and repository tests.
   */
  readonly database: boolean;
  /** Data written through one store is seen by later or parallel stores on the same target. */
  readonly persistent: boolean;
  /** What appliedMigrations() reports on a fresh store. Default: the registry's names. */
  readonly expectedMigrations?: readonly string[];
  /**
   * Whether two stores in this one process may migrate the same fresh
   * database at the same moment. False for SQLite: better-sqlite3 blocks the
   * thread while it waits for a lock, so two in-process connections with
   * open transactions wait on each other (one Hull process opens one store;
   * the SQLite suite checks concurrent opens across processes instead).
   */
  readonly concurrentOpenInProcess: boolean;
  readonly badInputs: readonly BadInputCase[];
}

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2024-01-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { readonly lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, msg: msg ?? '', obj });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A migration that counts its runs and creates `table`. */
function countedMigration(name: string, table: string): HullMigration & { runs: number } {
  const m = {
    name,
    runs: 0,
    async up(db: UntypedDb) {
      m.runs++;
      await db.schema
        .createTable(table)
        .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
        .execute();
      await db.insertInto(table).values({ id: 1 }).execute();
    },
  };
  return m;
}

export function assertAppError(err: unknown, code: AppErrorCode, ...patterns: RegExp[]): asserts err is AppError {
  assert.ok(isAppError(err), `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, code, `code of: ${err.message}`);
  for (const p of patterns) assert.match(err.message, p);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the promise to reject');
}

/** The DbStore behind a Store, for the tests that need the database itself. */
function asDb(store: Store): DbStore {
  assert.ok('db' in store && 'location' in store, 'a database store has `db` and `location`');
  return store as DbStore;
}

export function storeConformance(factory: StoreConformanceFactory): void {
  const { database, persistent } = factory;
  describe(`Store conformance: ${factory.name}`, () => {
    const opened: Store[] = [];
    const track = async (p: Promise<Store>): Promise<Store> => {
      const store = await p;
      opened.push(store);
      return store;
    };
    const openFresh = async (options?: TargetOpenOptions) => {
      const target = await factory.fresh();
      return { target, store: await track(target.open(options)) };
    };
    const openFreshDb = async (options?: TargetOpenOptions) => {
      const { target, store } = await openFresh(options);
      return { target, store: asDb(store) };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    const registered = factory.expectedMigrations ?? MIGRATIONS.map((m) => m.name);

    describe('migrations', () => {
      test('a fresh store reports every registered migration, in order', async () => {
        const { store } = await openFresh();
        assert.equal(store.dialect, factory.dialect);
        assert.deepEqual(await store.appliedMigrations(), registered);
        if (!database) return;
        const rows = await asDb(store)
          .db.selectFrom('hull_migrations')
          .select(['name', 'seq'])
          .orderBy('seq')
          .execute();
        assert.deepEqual(
          rows.map((r) => [r.name, Number(r.seq)]),
          registered.map((n, i) => [n, i + 1]),
        );
      });

      if (database && persistent)
        test('re-opening keeps the data and applies nothing twice', async () => {
          const { target, store } = await openFresh();
          await store.setMeta('server.id', 'abc');
          await store.incrementMeta('boots');
          await store.close();

          const logger = recordingLogger();
          const again = await track(target.open({ logger }));
          assert.deepEqual(await again.appliedMigrations(), registered);
          assert.equal(await again.getMeta('server.id'), 'abc');
          assert.equal(await again.incrementMeta('boots'), 2);
          assert.deepEqual(
            logger.lines.filter((l) => l.msg === 'applied migration'),
            [],
            'no migration ran on re-open',
          );
          const opened = logger.lines.find((l) => l.msg === 'store opened');
          assert.ok(opened, 'the store logs that it opened');
          assert.deepEqual((opened.obj as { applied?: unknown }).applied, []);
        });

      // The migration runner: a database's own behaviour.
      if (database) {
        test('a migration added later runs once, after the recorded ones', async () => {
          const target = await factory.fresh();
          const a = countedMigration('0001_a', 'conf_a');
          const b = countedMigration('0002_b', 'conf_b');
          const first = await track(target.open({ migrations: [a] }));
          assert.deepEqual(await first.appliedMigrations(), ['0001_a']);
          await first.close();

          const second = await track(target.open({ migrations: [a, b] }));
          assert.deepEqual(await second.appliedMigrations(), ['0001_a', '0002_b']);
          await second.close();
          const third = await track(target.open({ migrations: [a, b] }));
          assert.deepEqual(await third.appliedMigrations(), ['0001_a', '0002_b']);
          assert.equal(a.runs, 1);
          assert.equal(b.runs, 1);
          const rows = await asDb(third).db.selectFrom('conf_a').select('id').execute();
          assert.equal(rows.length, 1, 'the first migration did not run again');
        });

        test('a failing migration is rolled back whole and the store does not open', async () => {
          const target = await factory.fresh();
          const a = countedMigration('0001_a', 'conf_a');
          const broken: HullMigration = {
            name: '0002_half',
            async up(db) {
              await db.schema
                .createTable('conf_half')
                .addColumn('id', 'integer', (c) => c.primaryKey().notNull())
                .execute();
              await db.insertInto('conf_half').values({ id: 1 }).execute();
              await sql`select * from conf_no_such_table`.execute(db);
            },
          };
          const err = await rejection(target.open({ migrations: [a, broken] }));
          assertAppError(
            err,
            'STORE_MIGRATION_FAILED',
            /while opening the store at /,
            /while applying migration 0002_half/,
            /conf_no_such_table/,
          );

          // The earlier migration stays; nothing of the broken one exists: a
          // fixed 0002_half can create conf_half again.
          const fixed = countedMigration('0002_half', 'conf_half');
          const store = await track(target.open({ migrations: [a, fixed] }));
          assert.deepEqual(await store.appliedMigrations(), ['0001_a', '0002_half']);
          assert.equal(a.runs, 1);
          assert.equal(fixed.runs, 1);
        });

        test('a database with a migration this registry does not know refuses to open', async () => {
          const target = await factory.fresh();
          const a = countedMigration('0001_a', 'conf_a');
          const b = countedMigration('0002_b', 'conf_b');
          await (await target.open({ migrations: [a, b] })).close();
          const err = await rejection(target.open({ migrations: [a] }));
          assertAppError(err, 'STORE_MIGRATION_FAILED', /"0002_b"/, /does not know/);
        });

        test('migrations recorded in another order than the registry refuse to open', async () => {
          const target = await factory.fresh();
          const a = countedMigration('0001_a', 'conf_a');
          const b = countedMigration('0002_b', 'conf_b');
          const c = countedMigration('0003_c', 'conf_c');
          await (await target.open({ migrations: [a, c] })).close();
          const err = await rejection(target.open({ migrations: [a, b, c] }));
          assertAppError(err, 'STORE_MIGRATION_FAILED', /different order/, /"0003_c"/);
          assert.equal(b.runs, 0);
        });

        test('a malformed registry is refused before anything runs', async () => {
          const target = await factory.fresh();
          const a = countedMigration('0001_a', 'conf_a');
          const b = countedMigration('0002_b', 'conf_b');
          assertAppError(
            await rejection(target.open({ migrations: [b, a] })),
            'STORE_MIGRATION_FAILED',
            /out of order/,
          );
          const badName = countedMigration('meta', 'conf_meta');
          assertAppError(
            await rejection(target.open({ migrations: [badName] })),
            'STORE_MIGRATION_FAILED',
            /NNNN_snake_name/,
          );
          assertAppError(
            await rejection(target.open({ migrations: [a, a] })),
            'STORE_MIGRATION_FAILED',
            /out of order/,
          );
          assert.equal(a.runs + b.runs + badName.runs, 0);
        });

        if (factory.concurrentOpenInProcess) {
          test('stores opening one fresh database at once apply each migration once', async () => {
            const target = await factory.fresh();
            const a = countedMigration('0001_a', 'conf_a');
            const b = countedMigration('0002_b', 'conf_b');
            const stores = await Promise.all([1, 2, 3, 4].map(() => track(target.open({ migrations: [a, b] }))));
            for (const s of stores) assert.deepEqual(await s.appliedMigrations(), ['0001_a', '0002_b']);
            assert.equal(a.runs, 1);
            assert.equal(b.runs, 1);
          });
        }
      }
    });

    describe('meta', () => {
      test('a missing key reads as undefined', async () => {
        const { store } = await openFresh();
        assert.equal(await store.getMeta('nothing.here'), undefined);
      });

      test('set, get and overwrite', async () => {
        const { store } = await openFresh();
        await store.setMeta('k', 'one');
        assert.equal(await store.getMeta('k'), 'one');
        await store.setMeta('k', 'two');
        assert.equal(await store.getMeta('k'), 'two');
        if (!database) return;
        const rows = await asDb(store).db.selectFrom('hull_meta').selectAll().where('key', '=', 'k').execute();
        assert.equal(rows.length, 1, 'overwrite does not duplicate the key');
      });

      test('values and keys are kept exactly: empty, unicode, quotes, long, case-sensitive', async () => {
        const { store } = await openFresh();
        const long = 'x'.repeat(100_000);
        const cases: [string, string][] = [
          ['empty', ''],
          ['unicode', 'grüße 🚢 日本'],
          ['it\'s "quoted"; --', "O'Reilly \\ %_ \n\t"],
          ['long', long],
          ['Case', 'upper'],
          ['case', 'lower'],
        ];
        for (const [k, v] of cases) await store.setMeta(k, v);
        for (const [k, v] of cases) assert.equal(await store.getMeta(k), v, `value of ${JSON.stringify(k)}`);
      });

      if (database)
        test('setMeta keeps created_at and moves updated_at', async () => {
          const clock = new ManualClock();
          const { store } = await openFreshDb({ clock });
          await store.setMeta('k', 'v1');
          clock.advance(60_000);
          await store.setMeta('k', 'v2');
          const row = await store.db
            .selectFrom('hull_meta')
            .select(['created_at', 'updated_at'])
            .where('key', '=', 'k')
            .executeTakeFirstOrThrow();
          assert.equal(row.created_at, '2024-01-01T00:00:00.000Z');
          assert.equal(row.updated_at, '2024-01-01T00:01:00.000Z');
        });

      test('incrementMeta starts at `by`, adds, goes negative, and reads back as text', async () => {
        const { store } = await openFresh();
        assert.equal(await store.incrementMeta('n'), 1);
        assert.equal(await store.incrementMeta('n', 5), 6);
        assert.equal(await store.incrementMeta('n', -10), -4);
        assert.equal(await store.getMeta('n'), '-4');
        assert.equal(await store.incrementMeta('fresh', 7), 7);
        await store.setMeta('set', '41');
        assert.equal(await store.incrementMeta('set'), 42);
        assert.equal(await store.incrementMeta('set', 0), 42);
      });

      test('50 parallel increments on one store give 50, each result once', async () => {
        const { store } = await openFresh();
        const results = await Promise.all(Array.from({ length: 50 }, () => store.incrementMeta('hits')));
        assert.equal(await store.getMeta('hits'), '50');
        assert.deepEqual(
          [...results].sort((x, y) => x - y),
          Array.from({ length: 50 }, (_, i) => i + 1),
        );
      });

      if (persistent)
        test('parallel increments through two stores on one database lose nothing', async () => {
          const { target, store: one } = await openFresh();
          const two = await track(target.open());
          const calls = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? one : two).incrementMeta('shared', 2));
          const results = await Promise.all(calls);
          assert.equal(await one.getMeta('shared'), '120');
          assert.equal(new Set(results).size, 60, 'every increment saw its own total');
        });

      test('incrementMeta refuses a value that is not an integer and leaves it alone', async () => {
        const { store } = await openFresh();
        for (const bad of ['abc', '1.5', '', ' 7', '07', '+7', '1e3']) {
          await store.setMeta('bad', bad);
          assertAppError(
            await rejection(store.incrementMeta('bad')),
            'STORE_QUERY_FAILED',
            /incrementing meta key "bad"/,
            /not an integer/,
          );
          assert.equal(await store.getMeta('bad'), bad);
        }
      });

      test('incrementMeta refuses to leave the safe integer range and leaves the value alone', async () => {
        const { store } = await openFresh();
        await store.setMeta('big', String(Number.MAX_SAFE_INTEGER - 1));
        assert.equal(await store.incrementMeta('big'), Number.MAX_SAFE_INTEGER);
        assertAppError(await rejection(store.incrementMeta('big')), 'STORE_QUERY_FAILED', /range of exact integers/);
        assert.equal(await store.getMeta('big'), String(Number.MAX_SAFE_INTEGER));
        await store.setMeta('huge', '123456789012345678901234567890');
        assertAppError(await rejection(store.incrementMeta('huge')), 'STORE_QUERY_FAILED');
        assert.equal(await store.getMeta('huge'), '123456789012345678901234567890');
      });

      test('incrementMeta refuses a `by` that is not a safe integer', async () => {
        const { store } = await openFresh();
        for (const by of [1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
          assertAppError(await rejection(store.incrementMeta('n', by)), 'INTERNAL', /safe integer/);
        }
        assert.equal(await store.getMeta('n'), undefined);
      });
    });

    describe('health and lifecycle', () => {
      test('ping answers on an open store', async () => {
        const { store } = await openFresh();
        await store.ping();
      });

      test('close is idempotent, and a closed store refuses work with STORE_QUERY_FAILED', async () => {
        const { target, store } = await openFresh();
        await store.setMeta('k', 'v');
        await Promise.all([store.close(), store.close()]);
        await store.close();
        for (const call of [
          () => store.ping(),
          () => store.getMeta('k'),
          () => store.setMeta('k', 'w'),
          () => store.incrementMeta('n'),
          () => store.appliedMigrations(),
        ]) {
          assertAppError(await rejection(call()), 'STORE_QUERY_FAILED', /is closed/);
        }
        if (!persistent) return;
        const again = await track(target.open());
        assert.equal(await again.getMeta('k'), 'v', 'the data survived close');
      });

      if (database)
        test('location says where the data is', async () => {
          const { store } = await openFreshDb();
          assert.match(store.location, factory.dialect === 'sqlite' ? /hull\.sqlite$/ : /^postgres(ql)?:\/\//);
        });
    });

    if (database)
      describe('repositories on the handle', () => {
        interface ConfTables {
          conf_parent: { id: string; name: string };
          conf_child: { id: string; parent_id: string };
        }
        const tables: HullMigration = {
          name: '0001_conf_tables',
          async up(db) {
            await db.schema
              .createTable('conf_parent')
              .addColumn('id', 'text', (c) => c.primaryKey().notNull())
              .addColumn('name', 'text', (c) => c.notNull().unique())
              .execute();
            await db.schema
              .createTable('conf_child')
              .addColumn('id', 'text', (c) => c.primaryKey().notNull())
              .addColumn('parent_id', 'text', (c) => c.notNull().references('conf_parent.id'))
              .execute();
          },
        };

        test('a typed view of the handle reads and writes, in transactions too', async () => {
          const { store } = await openFreshDb({ migrations: [...MIGRATIONS, { ...tables, name: '9001_conf_tables' }] });
          const db: Kysely<ConfTables> = store.db;
          await db.transaction().execute(async (trx) => {
            await trx.insertInto('conf_parent').values({ id: 'p1', name: 'one' }).execute();
            await trx.insertInto('conf_child').values({ id: 'c1', parent_id: 'p1' }).execute();
          });
          await assert.rejects(
            db.transaction().execute(async (trx) => {
              await trx.insertInto('conf_parent').values({ id: 'p2', name: 'two' }).execute();
              throw new Error('changed my mind');
            }),
            /changed my mind/,
          );
          const names = await db.selectFrom('conf_parent').select('name').orderBy('name').execute();
          assert.deepEqual(
            names.map((r) => r.name),
            ['one'],
            'the rolled-back insert is gone',
          );
        });

        test('constraint violations are recognised, raw or wrapped by storeQuery', async () => {
          const { store } = await openFreshDb({ migrations: [tables] });
          const db: Kysely<ConfTables> = store.db;
          await db.insertInto('conf_parent').values({ id: 'p1', name: 'one' }).execute();

          const dupKey = await rejection(db.insertInto('conf_parent').values({ id: 'p1', name: 'other' }).execute());
          const dupName = await rejection(db.insertInto('conf_parent').values({ id: 'p2', name: 'one' }).execute());
          const orphan = await rejection(db.insertInto('conf_child').values({ id: 'c1', parent_id: 'nope' }).execute());
          assert.ok(isUniqueViolation(dupKey), 'primary key violation');
          assert.ok(isUniqueViolation(dupName), 'unique violation');
          assert.ok(!isForeignKeyViolation(dupName));
          assert.ok(isForeignKeyViolation(orphan), 'foreign key violation');
          assert.ok(!isUniqueViolation(orphan));

          const wrapped = await rejection(
            storeQuery('adding parent "one"', () =>
              db.insertInto('conf_parent').values({ id: 'p3', name: 'one' }).execute(),
            ),
          );
          assertAppError(wrapped, 'STORE_QUERY_FAILED', /^while adding parent "one": /);
          assert.ok(isUniqueViolation(wrapped), 'still recognisable through the AppError');
          assert.equal(await storeQuery('counting', async () => 42), 42);
        });
      });

    describe('bad inputs', () => {
      for (const c of factory.badInputs) {
        test(`${c.title} → ${c.code}`, async () => {
          const err = await rejection(c.open());
          assertAppError(err, c.code, ...c.message);
          for (const secret of c.secrets ?? [])
            assert.ok(!err.message.includes(secret), `message leaks ${secret}: ${err.message}`);
          assert.doesNotMatch(err.message, /\n\s+at /, 'no stack trace in the message');
        });
      }
    });
  });
}
