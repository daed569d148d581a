import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { MIGRATIONS, openStore, SQLITE_FILE_NAME } from '../../src/adapters/db/index.js';
import { assertAppError, storeConformance, type BadInputCase } from './store-conformance.js';

const root = mkdtempSync(join(tmpdir(), 'hull-sqlite-test-'));
chmodSync(root, 0o755); // another user's process must reach the dirs inside
after(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = () => join(root, `db-${++counter}`);

const isRoot = process.getuid?.() === 0;
const WORKER = fileURLToPath(new URL('./_sqlite-worker.ts', import.meta.url));
const run = promisify(execFile);

interface WorkerResult {
  ok: boolean;
  code?: string;
  message?: string;
  applied?: string[];
  results?: number[];
}

/** Runs the worker in its own process (as `user` when given) and parses its report. */
async function worker(dataDir: string, increments: number, user?: { uid: number; gid: number }): Promise<WorkerResult> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', WORKER, dataDir, String(increments)], {
    ...(user ?? {}),
    encoding: 'utf8',
  });
  return parseReport(stdout);
}

function parseReport(stdout: string): WorkerResult {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as WorkerResult;
}

/** Starts `n` workers, waits until all are loaded, then lets them go at once. */
async function workersAtOnce(n: number, dataDir: string, increments: number): Promise<WorkerResult[]> {
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir, String(increments), '--barrier'], {
      stdio: ['pipe', 'pipe', 'inherit'],
    }),
  );
  const outputs = children.map((child) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: string) => {
        out += chunk;
        if (out.includes('ready\n')) resolve();
      });
    });
    const done = new Promise<string>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', () => resolve(out));
    });
    return { child, ready, done };
  });
  await Promise.all(outputs.map((o) => o.ready));
  for (const o of outputs) o.child.stdin.end('go\n');
  return (await Promise.all(outputs.map((o) => o.done))).map(parseReport);
}

function badInputs(): BadInputCase[] {
  const aFile = join(root, 'a-regular-file');
  writeFileSync(aFile, 'not a directory');
  const garbageDir = join(root, 'garbage');
  mkdirSync(garbageDir);
  writeFileSync(join(garbageDir, SQLITE_FILE_NAME), 'this is not an SQLite database, just some text '.repeat(200));
  const dirAsFile = join(root, 'dir-as-file');
  mkdirSync(join(dirAsFile, SQLITE_FILE_NAME), { recursive: true });
  return [
    {
      title: 'the data dir is a regular file',
      open: () => openStore({ dataDir: aFile }),
      code: 'STORE_OPEN_FAILED',
      message: [/while opening the store at .*a-regular-file\/hull\.sqlite/, /exists and is not a directory/],
    },
    {
      title: 'the data dir would be inside a regular file',
      open: () => openStore({ dataDir: join(aFile, 'data') }),
      code: 'STORE_OPEN_FAILED',
      message: [/cannot create the data directory .*a-regular-file\/data/, /ENOTDIR/],
    },
    {
      title: 'hull.sqlite is not a database',
      open: () => openStore({ dataDir: garbageDir }),
      code: 'STORE_OPEN_FAILED',
      message: [
        /while opening the store at .*garbage\/hull\.sqlite/,
        /cannot open the database file: .*not a database/,
      ],
    },
    {
      title: 'hull.sqlite is a directory',
      open: () => openStore({ dataDir: dirAsFile }),
      code: 'STORE_OPEN_FAILED',
      message: [/dir-as-file\/hull\.sqlite/, /cannot open the database file/],
    },
    {
      title: 'neither a data dir nor a URL',
      open: () => openStore({}),
      code: 'STORE_OPEN_FAILED',
      message: [/^while opening the store: neither a data directory nor a database URL was given$/],
    },
  ];
}

storeConformance({
  name: 'sqlite (better-sqlite3)',
  dialect: 'sqlite',
  database: true,
  persistent: true,
  concurrentOpenInProcess: false,
  async fresh() {
    const dataDir = freshDir();
    return { open: (options) => openStore({ ...options, dataDir }) };
  },
  badInputs: badInputs(),
});

describe('sqlite store specifics', () => {
  test('creates the data dir (and its parents) with mode 0700 and hull.sqlite inside', async () => {
    const dataDir = join(freshDir(), 'nested', 'deeper');
    const store = await openStore({ dataDir });
    try {
      assert.equal(store.location, join(dataDir, 'hull.sqlite'));
      assert.ok(statSync(dataDir).isDirectory());
      assert.equal(statSync(dataDir).mode & 0o777, 0o700);
      assert.ok(statSync(join(dataDir, 'hull.sqlite')).isFile());
    } finally {
      await store.close();
    }
  });

  test('keeps an existing data dir as it is', async () => {
    const dataDir = freshDir();
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    writeFileSync(join(dataDir, 'other-system-file'), 'x');
    const store = await openStore({ dataDir });
    await store.close();
    assert.equal(statSync(dataDir).mode & 0o777, 0o755);
    assert.ok(existsSync(join(dataDir, 'other-system-file')));
  });

  test('runs in WAL mode with foreign keys on and a busy timeout', async () => {
    const store = await openStore({ dataDir: freshDir(), busyTimeoutMs: 1234 });
    try {
      const pragma = async (name: string) =>
        Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      assert.equal(String(await pragma('journal_mode')), 'wal');
      assert.equal(await pragma('foreign_keys'), 1);
      assert.equal(await pragma('busy_timeout'), 1234);
      // foreign keys are enforced, not just declared
      await store.db.schema
        .createTable('p')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .execute();
      await store.db.schema
        .createTable('c')
        .addColumn('pid', 'integer', (c) => c.references('p.id'))
        .execute();
      await assert.rejects(store.db.insertInto('c').values({ pid: 99 }).execute(), /FOREIGN KEY/);
    } finally {
      await store.close();
    }
  });

  test('close checkpoints the WAL: no -wal file is left behind', async () => {
    const dataDir = freshDir();
    const store = await openStore({ dataDir });
    await store.setMeta('k', 'v');
    assert.ok(existsSync(join(dataDir, 'hull.sqlite-wal')), 'WAL file while open');
    await store.close();
    assert.ok(!existsSync(join(dataDir, 'hull.sqlite-wal')), 'no WAL file after close');
  });

  test('processes opening one fresh data dir at once migrate it once and count together', async () => {
    const dataDir = freshDir();
    const results = await workersAtOnce(3, dataDir, 40);
    for (const r of results) {
      assert.equal(r.ok, true, r.message);
      assert.deepEqual(
        r.applied,
        MIGRATIONS.map((m) => m.name),
      );
    }
    const all = results.flatMap((r) => r.results ?? []).sort((a, b) => a - b);
    assert.deepEqual(
      all,
      Array.from({ length: 120 }, (_, i) => i + 1),
    );
    const store = await openStore({ dataDir });
    try {
      assert.equal(await store.getMeta('shared'), '120');
      assert.deepEqual(
        await store.appliedMigrations(),
        MIGRATIONS.map((m) => m.name),
      );
    } finally {
      await store.close();
    }
  });

  test('a data dir the process may not write to → STORE_OPEN_FAILED', async () => {
    const parent = freshDir();
    mkdirSync(parent, { mode: 0o755 });
    chmodSync(parent, 0o755);
    const locked = join(parent, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    if (!isRoot) {
      const err = await openStore({ dataDir: locked }).then(
        () => assert.fail('opened'),
        (e: unknown) => e,
      );
      assertAppError(err, 'STORE_OPEN_FAILED', /locked\/hull\.sqlite/, /is not writable/, /EACCES/);
      const err2 = await openStore({ dataDir: join(locked, 'sub') }).then(
        () => assert.fail('opened'),
        (e: unknown) => e,
      );
      assertAppError(err2, 'STORE_OPEN_FAILED', /cannot create the data directory/, /EACCES/);
      return;
    }
    // Root may write anywhere, so ask an unprivileged user's process.
    const nobody = { uid: 65534, gid: 65534 };
    const r = await worker(locked, 0, nobody);
    assert.equal(r.ok, false);
    assert.equal(r.code, 'STORE_OPEN_FAILED');
    assert.match(
      r.message ?? '',
      /while opening the store at .*locked\/hull\.sqlite: the data directory .*locked is not writable/,
    );
    assert.match(r.message ?? '', /EACCES/);
    const r2 = await worker(join(locked, 'sub'), 0, nobody);
    assert.equal(r2.code, 'STORE_OPEN_FAILED');
    assert.match(r2.message ?? '', /cannot create the data directory .*locked\/sub: .*EACCES/);
  });
});
