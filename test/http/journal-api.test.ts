import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { openStore, type DbStore } from '../../src/adapters/db/index.js';
import { MemoryJournalRepository } from '../../src/adapters/memory/journal-repository.js';
import { MemoryTokenRepository } from '../../src/adapters/memory/token-repository.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { entryOf, LocalJournalTail, parseExport } from '../../src/journal/index.js';

// The journal API in process: shapes, paging, roles, limits, the SSE tail's
// token in the query and its subscriber cap, refusals with their codes.
let app: FastifyInstance;
let store: DbStore;
let dir: string;
let admin = '';
let viewer = '';
const repo = new MemoryJournalRepository();

const entry = (i: number, host: string, boot: string, unit: string, msg: string) =>
  entryOf([
    ['__CURSOR', `c${host}${i}`],
    ['__REALTIME_TIMESTAMP', String(1700000000000000 + i * 1000000)],
    ['__MONOTONIC_TIMESTAMP', String(i)],
    ['_BOOT_ID', boot],
    ['_SYSTEMD_UNIT', unit],
    ['PRIORITY', String(i % 8)],
    ['MESSAGE', msg],
  ]);

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hull-journal-api-'));
  store = await openStore({ dataDir: dir });
  const tokens = new MemoryTokenRepository();
  admin = (await tokens.create({ role: 'admin' })).secret;
  viewer = (await tokens.create({ role: 'viewer' })).secret;
  await repo.append(
    'h1',
    [
      entry(1, 'h1', A, 'x.service', 'one'),
      entry(2, 'h1', A, 'y.service', 'two'),
      entry(5, 'h1', B, 'x.service', 'five'),
    ],
    1n,
  );
  await repo.append(
    'h2',
    [entry(3, 'h2', A, 'x.service', 'three'), entry(4, 'h2', A, 'x.service', 'x'.repeat(5000))],
    2n,
  );
  app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    journal: { repo, tail: new LocalJournalTail(), maxSubscribers: 1, heartbeatMs: 50 },
  });
});

after(async () => {
  await app.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, token = viewer) =>
  app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

test('entries: journalctl JSON objects, filters, cursor paging, export format with Hull address fields', async () => {
  const r = await get('/api/v1/journal/entries?unit=x&limit=2');
  assert.equal(r.statusCode, 200);
  const body = r.json() as {
    entries: Array<{ cursor: string; host: string; receivedAt: string; fields: Record<string, unknown> }>;
    next: string | null;
  };
  assert.deepEqual(
    body.entries.map((e) => [e.host, e.fields['MESSAGE']]),
    [
      ['h1', 'one'],
      ['h2', 'three'],
    ],
  );
  assert.ok(body.next);
  const r2 = (await get(`/api/v1/journal/entries?unit=x&limit=2&after=${body.next}`)).json() as typeof body;
  assert.deepEqual(
    r2.entries.map((e) => e.fields['MESSAGE']),
    [null, 'five'],
  ); // 5000 bytes: null without all
  assert.equal(r2.next, null);
  const all = (await get('/api/v1/journal/entries?host=h2&all=true&reverse=true')).json() as typeof body;
  assert.equal((all.entries[0]!.fields['MESSAGE'] as string).length, 5000);
  const boot = (
    await get('/api/v1/journal/entries?boot=-1&match=_SYSTEMD_UNIT%3Dx.service&match=%2B&match=PRIORITY%3D2')
  ).json() as typeof body;
  // per host: h1's previous boot is A; h2 has one boot, so no -1
  assert.deepEqual(
    boot.entries.map((e) => e.fields['MESSAGE']),
    ['one', 'two'],
  );
  const grep = (await get('/api/v1/journal/entries?grep=T')).json() as typeof body;
  assert.deepEqual(grep.entries, []);
  const grepi = (await get('/api/v1/journal/entries?grep=T&case=false')).json() as typeof body;
  assert.deepEqual(
    grepi.entries.map((e) => e.fields['MESSAGE']),
    ['two', 'three'],
  );
  const ex = await get('/api/v1/journal/entries?host=h1&limit=1&format=export');
  assert.equal(ex.headers['content-type'], 'application/vnd.fdo.journal');
  assert.equal(ex.headers['hull-journal-next'], repo && (await repo.query({ limit: 1 })).entries[0]!.position);
  const parsed = parseExport(ex.rawPayload);
  assert.equal(parsed.length, 1);
  assert.ok(parsed[0]!.fields.some((f) => f.name === '__HULL_HOST' && Buffer.from(f.value).toString() === 'h1'));
});

test('hosts, boots with -b offsets, field values', async () => {
  const hosts = (await get('/api/v1/journal/hosts')).json() as {
    items: Array<{ host: string; entries: number; boots: number; first: string }>;
  };
  assert.deepEqual(
    hosts.items.map((h) => [h.host, h.entries, h.boots]),
    [
      ['h1', 3, 2],
      ['h2', 2, 1],
    ],
  );
  assert.equal(hosts.items[0]!.first, '2023-11-14T22:13:21.000Z');
  const boots = (await get('/api/v1/journal/hosts/h1/boots')).json() as {
    items: Array<{ bootId: string; offset: number }>;
  };
  assert.deepEqual(
    boots.items.map((b) => [b.bootId, b.offset]),
    [
      [A, -1],
      [B, 0],
    ],
  );
  const values = (await get('/api/v1/journal/fields/_SYSTEMD_UNIT?host=h1')).json() as { values: string[] };
  assert.deepEqual(values.values.sort(), ['x.service', 'y.service']);
});

test('refusals: bounds, bad filters with their codes, roles; the routes are in the OpenAPI document', async () => {
  const big = await get('/api/v1/journal/entries?limit=10001');
  assert.equal(big.statusCode, 400);
  assert.equal(big.json().error.code, 'REQUEST_INVALID');
  const cases: Array<[string, number, string]> = [
    ['grep=a%2B%2B', 400, 'JOURNAL_PATTERN_UNSUPPORTED'],
    ['grep=(', 400, 'JOURNAL_PATTERN_INVALID'],
    ['since=soon', 400, 'JOURNAL_TIME_INVALID'],
    ['priority=loud', 400, 'JOURNAL_QUERY_INVALID'],
    ['unit=nothing*', 404, 'JOURNAL_NO_DATA'],
    ['boot=-7', 404, 'JOURNAL_NO_DATA'],
  ];
  for (const [q, status, code] of cases) {
    const r = await get(`/api/v1/journal/entries?${q}`);
    assert.equal(r.statusCode, status, q);
    assert.equal(r.json().error.code, code, q);
  }
  assert.equal((await app.inject({ method: 'GET', url: '/api/v1/journal/entries' })).statusCode, 401);
  assert.equal(
    (await app.inject({ method: 'GET', url: `/api/v1/journal/entries?access_token=${viewer}` })).statusCode,
    401,
  ); // only the tail takes it
  const del = await app.inject({
    method: 'DELETE',
    url: '/api/v1/journal/hosts/h2',
    headers: { authorization: `Bearer ${viewer}` },
  });
  assert.equal(del.statusCode, 403);
  const ok = await app.inject({
    method: 'DELETE',
    url: '/api/v1/journal/hosts/h2',
    headers: { authorization: `Bearer ${admin}` },
  });
  assert.deepEqual(ok.json(), { host: 'h2', deleted: 2 });
  assert.equal(
    (
      await app.inject({
        method: 'DELETE',
        url: '/api/v1/journal/hosts/h2',
        headers: { authorization: `Bearer ${admin}` },
      })
    ).statusCode,
    404,
  );
  const doc = (await get('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> };
  for (const p of [
    '/api/v1/journal/entries',
    '/api/v1/journal/hosts',
    '/api/v1/journal/hosts/{host}',
    '/api/v1/journal/hosts/{host}/boots',
    '/api/v1/journal/fields/{name}',
    '/api/v1/journal/tail',
  ]) {
    assert.ok(doc.paths[p], `${p} missing from openapi.json`);
  }
});

test('tail: ?access_token= lets an EventSource in; heartbeats; at most maxSubscribers at once', async () => {
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const none = await fetch(`${url}/api/v1/journal/tail`);
  assert.equal(none.status, 401);
  await none.body?.cancel();
  const first = await fetch(`${url}/api/v1/journal/tail?access_token=${viewer}`);
  assert.equal(first.status, 200);
  assert.match(first.headers.get('content-type') ?? '', /^text\/event-stream/);
  const reader = first.body!.getReader();
  let text = '';
  while (!text.includes(': heartbeat')) text += Buffer.from((await reader.read()).value!).toString();
  const second = await fetch(`${url}/api/v1/journal/tail?access_token=${viewer}`);
  assert.equal(second.status, 503);
  assert.equal(((await second.json()) as { error: { code: string } }).error.code, 'SERVER_BUSY');
  await reader.cancel();
});

test('tail: closing the server ends the open tails at once (a graceful shutdown is not held up)', async () => {
  const dir2 = mkdtempSync(join(tmpdir(), 'hull-journal-api-close-'));
  const store2 = await openStore({ dataDir: dir2 });
  try {
    const tokens = new MemoryTokenRepository();
    const secret = (await tokens.create({ role: 'viewer' })).secret;
    const app2 = await buildApp({ store: store2, facts: await recordStart(store2, '9.9.9', () => 'i'), tokens });
    const url = await app2.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${url}/api/v1/journal/tail?access_token=${secret}`);
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    await reader.read();
    const t0 = performance.now();
    await app2.close();
    const ms = performance.now() - t0;
    assert.ok(ms < 2000, `close took ${ms} ms`);
    for (;;) if ((await reader.read()).done) break;
  } finally {
    await store2.close();
    rmSync(dir2, { recursive: true, force: true });
  }
});
