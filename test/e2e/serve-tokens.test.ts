import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runHull, startServer } from '../helpers/hull.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

// The first start of the real `hull serve`: the admin-token file (docs/update-server.md#access).
const root = mkdtempSync(join(tmpdir(), 'hull-serve-tokens-'));
after(() => rmSync(root, { recursive: true, force: true }));

const whoami = async (url: string, token: string) => {
  const res = await fetch(`${url}/api/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { role?: string; name?: string } };
};

describe('hull serve: the first admin token (SQLite)', () => {
  test('the first start writes <data-dir>/admin-token (0600), logs its path, not the token; it works as a bearer token; a restart leaves it alone', async () => {
    const dataDir = join(root, 'first');
    const file = join(dataDir, 'admin-token');
    const first = await startServer(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-format', 'json']);
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
      assert.match(token, /^hull_[A-Za-z0-9_-]{43}$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      const logged = first.logs();
      assert.ok(logged.includes(JSON.stringify(file)), 'the log names the file');
      assert.ok(!logged.includes(token) && !logged.includes(token.slice(13)), 'the log never holds the token');
      assert.deepEqual((await whoami(first.url, token)).body.role, 'admin');
      // One character changed (never to itself: a token ending in A once made this 200, 1 run in 64).
      assert.equal((await whoami(first.url, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).status, 401);
    } finally {
      assert.equal((await first.stop()).code, 0);
    }
    const before = statSync(file);
    const second = await startServer(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-format', 'json']);
    try {
      assert.equal(readFileSync(file, 'utf8').trim(), token);
      assert.equal(statSync(file).mtimeMs, before.mtimeMs);
      assert.doesNotMatch(second.logs(), /first start/);
      assert.equal((await whoami(second.url, token)).status, 200);
    } finally {
      await second.stop();
    }
    const list = runHull(['-o', 'json', 'token', 'list', '--data-dir', dataDir]);
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(
      JSON.parse(list.stdout).result.items.map((t: { role: string; name: string }) => [t.role, t.name]),
      [['admin', 'first start']],
    );
  });

  test('an admin-token file that exists is never replaced: no token is made and the log says why', async () => {
    const dataDir = join(root, 'stale');
    mkdirSync(dataDir, { mode: 0o700 });
    writeFileSync(join(dataDir, 'admin-token'), 'old\n', { mode: 0o600 });
    const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', dataDir, '--log-format', 'json']);
    try {
      assert.match(server.logs(), /admin-token file exists: it is not replaced/);
    } finally {
      await server.stop();
    }
    assert.equal(readFileSync(join(dataDir, 'admin-token'), 'utf8'), 'old\n');
    const list = runHull(['-o', 'json', 'token', 'list', '--data-dir', dataDir]);
    assert.deepEqual(JSON.parse(list.stdout).result.items, []);
  });
});

describe('hull serve --database: the first admin token (a real PostgreSQL)', () => {
  let pg: PostgresServer;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  test("two servers starting at once on one database make one admin token, written to that server's data dir", async () => {
    const url = await pg.createDatabase('hull_first_token');
    const dirs = [join(root, 'pg-a'), join(root, 'pg-b')];
    const servers = await Promise.all(
      dirs.map((d) =>
        startServer(['--listen', '127.0.0.1:0', '--database', url, '--data-dir', d, '--log-format', 'json']),
      ),
    );
    try {
      const files = dirs.map((d) => join(d, 'admin-token')).filter((f) => existsSync(f));
      assert.equal(files.length, 1, servers.map((s) => s.logs()).join('\n'));
      assert.equal(statSync(files[0]!).mode & 0o777, 0o600);
      const token = readFileSync(files[0]!, 'utf8').trim();
      for (const s of servers) assert.equal((await whoami(s.url, token)).body.role, 'admin');
    } finally {
      for (const s of servers) await s.stop();
    }
    const list = runHull(['-o', 'json', 'token', 'list'], { env: { HULL_DATABASE_URL: url } });
    assert.equal(list.status, 0, list.stderr);
    assert.equal(JSON.parse(list.stdout).result.items.length, 1);
  });
});
