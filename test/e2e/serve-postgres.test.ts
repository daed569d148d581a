import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startServer } from '../helpers/hull.js';
import { startPostgres, type PostgresServer } from '../helpers/postgres.js';

describe('hull serve --database postgres://… (a real PostgreSQL)', () => {
  let pg: PostgresServer;
  before(async () => {
    pg = await startPostgres();
  });
  after(() => pg?.stop());

  test('healthz names postgres; a restart keeps the instance and counts starts', async () => {
    const url = await pg.createDatabase('hull_serve');
    const seen: Array<{ store: string; instance: string; starts: number }> = [];
    for (let i = 0; i < 2; i++) {
      const server = await startServer(['--listen', '127.0.0.1:0', '--database', url]);
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
    assert.deepEqual(seen.map((s) => s.starts), [1, 2]);
  });

  test('the URL can come from HULL_DATABASE_URL, keeping the password out of argv', async () => {
    const url = await pg.createDatabase('hull_env');
    const server = await startServer(['--listen', '127.0.0.1:0'], { env: { HULL_DATABASE_URL: url } });
    try {
      const res = await fetch(`${server.url}/healthz`);
      assert.equal(((await res.json()) as { store: string }).store, 'postgres');
    } finally {
      await server.stop();
    }
  });
});
