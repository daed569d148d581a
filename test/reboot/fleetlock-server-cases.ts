/**
 * The FleetLock server's HTTP cases, run against a real listening `buildApp`
 * over any KvStore (the store on SQLite, on PostgreSQL, etcd v3): the
 * protocol's answers, groups through the management API (roles), holders in
 * the API and /metrics, an admin releasing a stale holder.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dbFleetLockGroups, dbTokenRepository, type DbStore } from '../../src/adapters/db/index.js';
import { systemClock, type Clock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { holderSinceKey } from '../../src/reboot/fleetlock/holder-since.js';
import { airlockKey } from '../../src/reboot/fleetlock/semaphore.js';
import type { KvStore } from '../../src/reboot/ports.js';

export interface Backend {
  readonly store: DbStore;
  readonly kv: KvStore;
  close(): Promise<void>;
}

export interface Server {
  readonly url: string;
  readonly admin: string;
  readonly viewer: string;
  readonly kv: KvStore;
  close(): Promise<void>;
}

export async function startServer(backend: Backend, clock: Clock = systemClock): Promise<Server> {
  const { store, kv } = backend;
  const tokens = dbTokenRepository(store, systemClock);
  const app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    fleetlock: { kv, groups: dbFleetLockGroups(store, systemClock), clock },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const admin = (await tokens.create({ role: 'admin' })).secret;
  const viewer = (await tokens.create({ role: 'viewer' })).secret;
  return {
    url,
    admin,
    viewer,
    kv,
    async close() {
      await app.close();
      await backend.close();
    },
  };
}

export const body = (id: string, group: string) => JSON.stringify({ client_params: { id, group } }, null, 2);

export async function fleet(
  url: string,
  op: 'pre-reboot' | 'steady-state',
  payload: string,
  headers: Record<string, string> = { 'fleet-lock-protocol': 'true' },
  method = 'POST',
) {
  const r = await fetch(`${url}/v1/${op}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(method === 'GET' ? {} : { body: payload }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await r.text();
  return {
    status: r.status,
    text,
    json: text === '' ? undefined : (JSON.parse(text) as { kind: string; value: string }),
  };
}

async function apiCall(s: Server, method: string, path: string, token: string | undefined, json?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`;
  if (json !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`${s.url}${path}`, {
    method,
    headers,
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

export function fleetLockCases(name: string, open: () => Promise<Backend>): void {
  test(`FleetLock server on ${name}: protocol answers, groups by role, holders, release`, {
    timeout: 60_000,
  }, async (t) => {
    const s = await startServer(await open());
    t.after(() => s.close());
    const setSlots = (group: string, slots: number, token = s.admin) =>
      apiCall(s, 'PUT', `/api/v1/fleetlock/groups/${group}`, token, { slots });

    // Management API roles.
    assert.equal((await apiCall(s, 'GET', '/api/v1/fleetlock/groups', undefined)).status, 401);
    assert.equal((await setSlots('web', 2, s.viewer)).status, 403);
    const created = await setSlots('web', 2);
    assert.equal(created.status, 201);
    assert.deepEqual([created.body.name, created.body.slots, created.body.holders], ['web', 2, []]);
    const listed = await apiCall(s, 'GET', '/api/v1/fleetlock/groups', s.viewer);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.items.map((g: any) => [g.name, g.slots]),
      [
        ['default', 1],
        ['web', 2],
      ],
    );
    assert.equal((await setSlots('bad_name', 1)).status, 400);
    assert.equal((await apiCall(s, 'PUT', '/api/v1/fleetlock/groups/web', s.admin, { slots: -1 })).status, 400);

    // Missing or wrong header, bad JSON, bad group, unknown group.
    const noHeader = await fleet(s.url, 'pre-reboot', body('a', 'web'), {});
    assert.equal(noHeader.status, 400);
    assert.equal(noHeader.json?.kind, 'invalid_client_identity');
    assert.equal(
      (await fleet(s.url, 'pre-reboot', body('a', 'web'), { 'fleet-lock-protocol': 'false' })).json?.kind,
      'invalid_client_identity',
    );
    const badJson = await fleet(s.url, 'pre-reboot', '{"client_params":');
    assert.deepEqual([badJson.status, badJson.json?.kind], [400, 'invalid_client_identity']);
    const badGroup = await fleet(s.url, 'pre-reboot', body('a', 'web_1'));
    assert.deepEqual([badGroup.status, badGroup.json?.kind], [400, 'invalid_client_identity']);
    assert.match(badGroup.json!.value, /does not match/);
    const emptyId = await fleet(s.url, 'pre-reboot', body('', 'web'));
    assert.deepEqual([emptyId.status, emptyId.json?.kind], [400, 'invalid_client_identity']);
    const unknown = await fleet(s.url, 'pre-reboot', body('a', 'nosuch'));
    assert.deepEqual([unknown.status, unknown.json?.kind], [400, 'unknown_group']);
    const get = await fleet(s.url, 'pre-reboot', '', { 'fleet-lock-protocol': 'true' }, 'GET');
    assert.deepEqual([get.status, get.json?.kind], [405, 'method_not_allowed']);
    const big = await fleet(
      s.url,
      'pre-reboot',
      JSON.stringify({ client_params: { id: 'x'.repeat(20_000), group: 'web' } }),
    );
    assert.deepEqual([big.status, big.json?.kind], [413, 'invalid_client_identity']);

    // Two slots: a and b lock, c is refused; a again is fine (recursive).
    const ok = await fleet(s.url, 'pre-reboot', body('b', 'web'));
    assert.deepEqual([ok.status, ok.text], [200, '']);
    assert.equal((await fleet(s.url, 'pre-reboot', body('a', 'web'))).status, 200);
    const full = await fleet(s.url, 'pre-reboot', body('c', 'web'));
    assert.deepEqual(
      [full.status, full.json],
      [500, { kind: 'failed_lock', value: 'all 2 semaphore slots currently locked' }],
    );
    assert.equal((await fleet(s.url, 'pre-reboot', body('a', 'web'))).status, 200, 'a holder locking again succeeds');
    assert.equal((await s.kv.get(airlockKey('web')))?.value, '{"total_slots":2,"holders":["a","b"]}');
    // Unlock when not holding: fine, nothing changes.
    const before = await s.kv.get(airlockKey('web'));
    assert.equal((await fleet(s.url, 'steady-state', body('c', 'web'))).status, 200);
    assert.equal((await s.kv.get(airlockKey('web')))?.index, before?.index, 'no write for an unlock by a non-holder');

    // Holders in the API and in /metrics.
    const one = await apiCall(s, 'GET', '/api/v1/fleetlock/groups/web', s.viewer);
    assert.deepEqual(one.body.holders, ['a', 'b']);
    assert.equal((await apiCall(s, 'GET', '/api/v1/fleetlock/groups/nosuch', s.viewer)).status, 404);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    assert.match(metrics, /hull_fleetlock_slots\{group="web"\} 2/);
    assert.match(metrics, /hull_fleetlock_holders\{group="web"\} 2/);
    assert.match(metrics, /hull_fleetlock_holder\{group="web",id="a"\} 1/);
    assert.match(metrics, /hull_fleetlock_requests_total\{op="lock",outcome="failed_lock"\} 1/);
    assert.match(metrics, /hull_fleetlock_requests_total\{op="lock",outcome="unknown_group"\} 1/);

    // A changed slot count takes effect at once (unlike airlock).
    assert.equal((await setSlots('web', 3)).status, 200);
    assert.equal((await fleet(s.url, 'pre-reboot', body('c', 'web'))).status, 200);
    assert.equal((await s.kv.get(airlockKey('web')))?.value, '{"total_slots":3,"holders":["a","b","c"]}');
    assert.equal((await setSlots('web', 1)).status, 200);
    const over = await fleet(s.url, 'pre-reboot', body('d', 'web'));
    assert.deepEqual([over.status, over.json?.value], [500, 'all 1 semaphore slots currently locked']);

    // An admin releases a stale holder; a viewer may not.
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/web/holders/b', s.viewer)).status, 403);
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/web/holders/b', s.admin)).status, 204);
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/web/holders/b', s.admin)).status, 404);
    assert.deepEqual((await apiCall(s, 'GET', '/api/v1/fleetlock/groups/web', s.viewer)).body.holders, ['a', 'c']);
    for (const id of ['a', 'c']) assert.equal((await fleet(s.url, 'steady-state', body(id, 'web'))).status, 200);
    assert.equal((await fleet(s.url, 'pre-reboot', body('d', 'web'))).status, 200);

    // Deleting a group: its machines get unknown_group.
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/web', s.viewer)).status, 403);
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/web', s.admin)).status, 204);
    assert.equal((await fleet(s.url, 'pre-reboot', body('d', 'web'))).json?.kind, 'unknown_group');
    // Zincati's default group exists with 1 slot.
    assert.equal((await fleet(s.url, 'pre-reboot', body('z', 'default'))).status, 200);
  });

  test(`FleetLock server on ${name}: since when each holder holds its slot, beside airlock's value`, {
    timeout: 60_000,
  }, async (t) => {
    let now = new Date('2026-03-01T10:00:00.000Z');
    const s = await startServer(await open(), { now: () => now });
    t.after(() => s.close());
    // A group of its own: the etcd backend is one etcd for all cases.
    const group = async () =>
      (await apiCall(s, 'GET', '/api/v1/fleetlock/groups/batch', s.viewer)).body as {
        holders: string[];
        holderSince: Record<string, string>;
      };
    assert.equal((await apiCall(s, 'PUT', '/api/v1/fleetlock/groups/batch', s.admin, { slots: 3 })).status, 201);
    assert.deepEqual((await group()).holderSince, {});

    assert.equal((await fleet(s.url, 'pre-reboot', body('b', 'batch'))).status, 200);
    now = new Date('2026-03-01T10:05:00.000Z');
    assert.equal((await fleet(s.url, 'pre-reboot', body('a', 'batch'))).status, 200);
    now = new Date('2026-03-01T10:09:00.000Z');
    assert.equal((await fleet(s.url, 'pre-reboot', body('a', 'batch'))).status, 200, 'a recursive lock');
    const g = await group();
    assert.deepEqual(
      [g.holders, g.holderSince],
      [['a', 'b'], { a: '2026-03-01T10:05:00.000Z', b: '2026-03-01T10:00:00.000Z' }],
      'a recursive lock keeps the first time',
    );
    const list = await apiCall(s, 'GET', '/api/v1/fleetlock/groups', s.viewer);
    assert.deepEqual(list.body.items.find((g: any) => g.name === 'batch').holderSince, {
      a: '2026-03-01T10:05:00.000Z',
      b: '2026-03-01T10:00:00.000Z',
    });
    // airlock's value is untouched: the times live in a key of their own.
    assert.equal((await s.kv.get(airlockKey('batch')))?.value, '{"total_slots":3,"holders":["a","b"]}');
    assert.equal(
      (await s.kv.get(holderSinceKey('batch')))?.value,
      '{"a":"2026-03-01T10:05:00.000Z","b":"2026-03-01T10:00:00.000Z"}',
    );

    // A holder added by another server on the same semaphore (airlock itself): held, time unknown.
    const sem = (await s.kv.get(airlockKey('batch')))!;
    assert.equal(
      (await s.kv.compareAndSwap(airlockKey('batch'), '{"total_slots":3,"holders":["a","b","z"]}', sem.index)).ok,
      true,
    );
    assert.deepEqual((await group()).holders, ['a', 'b', 'z']);
    assert.deepEqual(Object.keys((await group()).holderSince), ['a', 'b']);

    // Released by an admin, unlocked by the machine: their times go; locking again starts a new time.
    assert.equal((await apiCall(s, 'DELETE', '/api/v1/fleetlock/groups/batch/holders/b', s.admin)).status, 204);
    assert.equal((await fleet(s.url, 'steady-state', body('a', 'batch'))).status, 200);
    assert.deepEqual((await group()).holderSince, {});
    now = new Date('2026-03-01T11:00:00.000Z');
    assert.equal((await fleet(s.url, 'pre-reboot', body('a', 'batch'))).status, 200);
    assert.deepEqual((await group()).holderSince, { a: '2026-03-01T11:00:00.000Z' });

    // A since value that is not Hull's JSON reads as no times, and locks still work.
    const since = (await s.kv.get(holderSinceKey('batch')))!;
    assert.equal((await s.kv.compareAndSwap(holderSinceKey('batch'), 'not json', since.index)).ok, true);
    assert.deepEqual((await group()).holderSince, {});
    assert.equal((await fleet(s.url, 'steady-state', body('a', 'batch'))).status, 200);
    assert.equal((await fleet(s.url, 'pre-reboot', body('b', 'batch'))).status, 200);
    assert.deepEqual((await group()).holderSince, { b: '2026-03-01T11:00:00.000Z' });
  });
}
