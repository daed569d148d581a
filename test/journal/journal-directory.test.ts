/**
 * `hull journal -D DATA_DIR` (the real binary): reads a hull serve's store
 * directly; a directory without a store is refused and left uncreated; it is
 * one source among --file and --server, and -f needs the server's tail. Its
 * answers against journalctl are in query-differential.test.ts (the
 * `directory` side).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dbJournalRepository, openStore } from '../../src/adapters/db/index.js';
import { entryOf } from '../../src/journal/index.js';
import { runHull } from '../helpers/hull.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-journal-dir-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('hull journal -D: a data dir store read directly; refusals', async () => {
  const data = join(dir, 'data');
  const store = await openStore({ dataDir: data });
  await dbJournalRepository(store).append(
    'node-1',
    [1, 2, 3].map((k) =>
      entryOf([
        ['__CURSOR', `c${k}`],
        ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
        ['_SYSTEMD_UNIT', k === 2 ? 'b.service' : 'a.service'],
        ['MESSAGE', `m${k}`],
      ]),
    ),
    1n,
  );
  await store.close();
  const r = runHull(['journal', '-D', data, '-u', 'a', '-o', 'cat']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'm1\nm3\n');
  assert.equal(runHull(['journal', '--data-dir', data, '-g', 'm2', '-o', 'cat']).stdout, 'm2\n');

  const missing = join(dir, 'nothing-here');
  const m = runHull(['journal', '-D', missing]);
  assert.notEqual(m.status, 0);
  assert.match(m.stderr, /STORE_OPEN_FAILED|no store in/);
  assert.ok(!existsSync(missing), 'a missing data dir is not created');

  const both = runHull(['journal', '-D', data, '--file', '-']);
  assert.notEqual(both.status, 0);
  assert.match(both.stderr, /one of --file, --server, -D/);
  const follow = runHull(['journal', '-D', data, '-f']);
  assert.notEqual(follow.status, 0);
  assert.match(follow.stderr, /-f\/--follow needs --server/);
});
