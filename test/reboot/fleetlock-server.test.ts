import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { openStore } from '../../src/adapters/db/index.js';
import { dbKvStore } from '../../src/adapters/db/index.js';
import { etcdV3KvStore } from '../../src/adapters/etcd/v3-kv.js';
import { systemClock } from '../../src/core/index.js';
import { findEtcd, startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { postgresForFile } from '../helpers/postgres.js';
import { runHull } from '../helpers/hull.js';
import { body, fleet, fleetLockCases, startServer } from './fleetlock-server-cases.js';
import { freePort } from '../../src/adapters/node/free-port.js';

// The FleetLock server in process (a real listening app), with its semaphores
// in the store on SQLite, on a real PostgreSQL, and on a real etcd v3.
const pg = postgresForFile('fleetlock');
let etcd: EtcdCluster | undefined;
after(() => etcd?.stop());

fleetLockCases('SQLite', async () => {
  const store = await openStore({ dataDir: pg.tempDir() });
  return { store, kv: dbKvStore(store, systemClock), close: () => store.close() };
});

fleetLockCases('PostgreSQL', async () => {
  const store = await openStore({ databaseUrl: await pg.database(), poolSize: 4 });
  return { store, kv: dbKvStore(store, systemClock), close: () => store.close() };
});

fleetLockCases('etcd v3 (groups in SQLite)', async () => {
  etcd ??= await startEtcd();
  const store = await openStore({ dataDir: pg.tempDir() });
  const kv = await etcdV3KvStore({ endpoints: etcd.endpoints });
  return {
    store,
    kv,
    async close() {
      kv.close();
      await store.close();
    },
  };
});

test('etcd unreachable: the FleetLock routes answer failed_sem_init, the API FLEETLOCK_LOCK_FAILED, nothing hangs', {
  timeout: 30_000,
}, async (t) => {
  const store = await openStore({ dataDir: pg.tempDir() });
  const kv = await etcdV3KvStore({ endpoints: ['http://127.0.0.1:1'] });
  const s = await startServer({
    store,
    kv,
    async close() {
      kv.close();
      await store.close();
    },
  });
  t.after(() => s.close());
  const r = await fleet(s.url, 'pre-reboot', body('a', 'default'));
  assert.equal(r.status, 500);
  assert.equal(r.json?.kind, 'failed_sem_init');
  assert.match(r.json!.value, /etcd v3 at http:\/\/127\.0\.0\.1:1/);
  const api = await fetch(`${s.url}/api/v1/fleetlock/groups/default`, {
    headers: { authorization: `Bearer ${s.viewer}` },
  });
  assert.equal(api.status, 503);
  assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'FLEETLOCK_LOCK_FAILED');
  // /metrics still answers: a group whose holders cannot be read counts 0.
  assert.equal((await fetch(`${s.url}/metrics`)).status, 200);
});

test('hull serve --fleetlock-etcd: a value that is not a list of URLs is a usage error', () => {
  const r = runHull([
    'serve',
    '--listen',
    '127.0.0.1:0',
    '--data-dir',
    pg.tempDir(),
    '--fleetlock-etcd',
    'localhost:2379',
  ]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(
    r.stderr,
    /USAGE: --fleetlock-etcd: "localhost:2379" is not an http:\/\/ or https:\/\/ URL of an etcd member/,
  );
});

test('hull fleetlock group: set, list (-o json), release, delete on the store; bad names and counts, unknown groups and holders', async () => {
  const dir = pg.tempDir();
  const hull = (...args: string[]) => runHull(['fleetlock', 'group', ...args, '--data-dir', dir]);
  const set = hull('set', 'web', '2');
  assert.deepEqual([set.status, set.stderr], [0, 'hull: created group web: 2 slots\n']);
  assert.equal(hull('set', 'web', '3').stderr, 'hull: changed group web: 3 slots\n');
  const bad = hull('set', 'web_1', '2');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /USAGE: group "web_1" does not match/);
  assert.equal(hull('set', 'web', 'many').status, 2);
  assert.equal(hull('set', 'web', '10001').status, 2);
  // A holder, as the server would store it.
  const store = await openStore({ dataDir: dir });
  await dbKvStore(store, systemClock).createIfAbsent(
    'com.coreos.airlock/groups/web/v1/semaphore',
    '{"total_slots":3,"holders":["m1","m2"]}',
  );
  await store.close();
  const list = runHull(['-o', 'json', 'fleetlock', 'group', 'list', '--data-dir', dir]);
  assert.equal(list.status, 0, list.stderr);
  const items = (
    JSON.parse(list.stdout) as { result: { items: Array<{ name: string; slots: number; holders: string[] }> } }
  ).result.items;
  assert.deepEqual(
    items.map((g) => [g.name, g.slots, g.holders]),
    [
      ['default', 1, []],
      ['web', 3, ['m1', 'm2']],
    ],
  );
  assert.deepEqual([hull('release', 'web', 'm1').status, hull('release', 'web', 'm1').status], [0, 3]);
  assert.match(hull('list').stdout, /^web +3 +m2$/m);
  assert.equal(hull('delete', 'web').status, 0);
  const gone = hull('delete', 'web');
  assert.equal(gone.status, 3);
  assert.match(gone.stderr, /NOT_FOUND: no FleetLock group web/);
});

test('etcd v3 with authentication: the right user and password lock; a wrong password is failed_sem_init naming etcd', {
  timeout: 40_000,
}, async (t) => {
  const secured = await startEtcd();
  t.after(() => secured.stop());
  const admin = new Etcd3({ hosts: [...secured.endpoints] });
  await admin.role('root').create();
  await admin.user('root').create('rootpw');
  await admin.user('root').addRole('root');
  await admin.auth.authEnable();
  admin.close();
  for (const [password, status] of [
    ['rootpw', 200],
    ['wrong', 500],
  ] as const) {
    const store = await openStore({ dataDir: pg.tempDir() });
    const kv = await etcdV3KvStore({ endpoints: secured.endpoints, username: 'root', password });
    const s = await startServer({
      store,
      kv,
      async close() {
        kv.close();
        await store.close();
      },
    });
    try {
      const r = await fleet(s.url, 'pre-reboot', body('a', 'default'));
      assert.equal(r.status, status, r.text);
      if (status === 500) {
        assert.equal(r.json?.kind, 'failed_sem_init');
        assert.match(r.json!.value, /etcd v3 at .*authentication failed/i);
      }
    } finally {
      await s.close();
    }
  }
});

test('etcd v3 over TLS with a client certificate (a real etcd with --client-cert-auth); without the CA the request fails as failed_sem_init', {
  timeout: 40_000,
}, async (t) => {
  const dir = pg.tempDir();
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  // One self-signed certificate serves as the CA, the server's and the client's.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'extendedKeyUsage=serverAuth,clientAuth',
    ],
    { stdio: 'ignore' },
  );
  const port = await freePort();
  const peer = await freePort();
  const child = spawn(
    findEtcd(),
    [
      '--name=tls',
      `--data-dir=${join(dir, 'etcd')}`,
      `--listen-client-urls=https://127.0.0.1:${port}`,
      `--advertise-client-urls=https://127.0.0.1:${port}`,
      `--listen-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
      `--initial-cluster=tls=http://127.0.0.1:${peer}`,
      `--cert-file=${cert}`,
      `--key-file=${key}`,
      `--trusted-ca-file=${cert}`,
      '--client-cert-auth',
    ],
    { stdio: 'ignore' },
  );
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const endpoint = `https://127.0.0.1:${port}`;
  const open = async (opts: { caFile?: string; certFile?: string; keyFile?: string }) => {
    const store = await openStore({ dataDir: pg.tempDir() });
    const kv = await etcdV3KvStore({ endpoints: [endpoint], callTimeoutMs: 2000, ...opts });
    return startServer({
      store,
      kv,
      async close() {
        kv.close();
        await store.close();
      },
    });
  };
  const good = await open({ caFile: cert, certFile: cert, keyFile: key });
  try {
    // etcd needs a moment to start: retry until it answers.
    let r = await fleet(good.url, 'pre-reboot', body('a', 'default'));
    for (let i = 0; i < 50 && r.status !== 200; i++) {
      await new Promise((res) => setTimeout(res, 200));
      r = await fleet(good.url, 'pre-reboot', body('a', 'default'));
    }
    assert.equal(r.status, 200, r.text);
    assert.equal(
      (await good.kv.get('com.coreos.airlock/groups/default/v1/semaphore'))?.value,
      '{"total_slots":1,"holders":["a"]}',
    );
  } finally {
    await good.close();
  }
  const noCa = await open({ certFile: cert, keyFile: key });
  try {
    const r = await fleet(noCa.url, 'pre-reboot', body('b', 'default'));
    assert.equal(r.status, 500);
    assert.equal(r.json?.kind, 'failed_sem_init');
  } finally {
    await noCa.close();
  }
  await assert.rejects(
    etcdV3KvStore({ endpoints: [endpoint], certFile: cert }),
    /needs both the certificate and the key file/,
  );
  await assert.rejects(
    etcdV3KvStore({ endpoints: [endpoint], caFile: join(dir, 'nope.pem') }),
    /cannot read the etcd CA file/,
  );
});

for (const dialect of ['SQLite', 'PostgreSQL'] as const) {
  test(`the store's KvStore on ${dialect}: create once, compare-and-swap by revision, one winner among concurrent writers, the history`, async () => {
    const dataDir = pg.tempDir();
    const url = dialect === 'PostgreSQL' ? await pg.database() : undefined;
    const open = () => openStore(url !== undefined ? { databaseUrl: url, poolSize: 8 } : { dataDir });
    // PostgreSQL: two handles (two pools), as two replicas have. SQLite: one handle — two in one
    // process would block each other (better-sqlite3 waits for the lock synchronously, on the
    // event loop the holder needs); two processes on one file are what the busy timeout serves.
    const s1 = await open();
    const s2 = dialect === 'PostgreSQL' ? await open() : s1;
    try {
      const [a, b] = [dbKvStore(s1, systemClock), dbKvStore(s2, systemClock)];
      assert.equal(await a.createIfAbsent('k', 'v1'), true);
      assert.equal(await b.createIfAbsent('k', 'other'), false);
      assert.deepEqual(await b.get('k'), { value: 'v1', index: 1 });
      assert.equal(await a.get('missing'), undefined);
      assert.equal((await a.compareAndSwap('k', 'x', 7)).ok, false);
      assert.deepEqual(await a.compareAndSwap('k', 'v2', 1), { ok: true, index: 2 });
      // 20 concurrent writers, all against revision 2: exactly one wins.
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).compareAndSwap('k', `w${i}`, 2)),
      );
      assert.equal(results.filter((r) => r.ok).length, 1);
      const winner = (await a.get('k'))!;
      assert.equal(winner.index, 3);
      assert.deepEqual(
        (await b.history('k')).map((h) => [h.revision, h.value]),
        [
          [1, 'v1'],
          [2, 'v2'],
          [3, winner.value],
        ],
      );
      assert.equal(await b.createIfAbsent('k', 'again'), false);
    } finally {
      await s1.close();
      if (s2 !== s1) await s2.close();
    }
  });
}
