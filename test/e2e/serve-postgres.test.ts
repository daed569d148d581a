import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../helpers/hull.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

describe('hull serve --database postgres://… (a real PostgreSQL)', () => {
  let pg: PostgresServer;
  // The admin-token file and hosted packages go to a data dir also with PostgreSQL: not the checkout's ./hull-data.
  const dataDir = mkdtempSync(join(tmpdir(), 'hull-serve-pg-'));
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    await pg?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('healthz names postgres; a restart keeps the instance and counts starts', async () => {
    const url = await pg.createDatabase('hull_serve');
    const seen: Array<{ store: string; instance: string; starts: number }> = [];
    for (let i = 0; i < 2; i++) {
      const server = await startServer(['--listen', '127.0.0.1:0', '--database', url, '--data-dir', dataDir]);
      try {
        const res = await fetch(`${server.url}/healthz`);
        assert.equal(res.status, 200);
        seen.push((await res.json()) as (typeof seen)[number]);
      } finally {
        assert.equal((await server.stop()).code, 0, server.logs());
      }
    }
    assert.equal(seen[0]!.store, 'postgres');
    assert.equal(seen[1]!.instance, seen[0]!.instance);
    assert.deepEqual(
      seen.map((s) => s.starts),
      [1, 2],
    );
  });

  test('the URL can come from HULL_DATABASE_URL, keeping the password out of argv', async () => {
    const url = await pg.createDatabase('hull_env');
    const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(dataDir, 'env')], {
      env: { HULL_DATABASE_URL: url },
    });
    try {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(((await res.json()) as { store: string }).store, 'postgres');
    } finally {
      await server.stop();
    }
  });
});
