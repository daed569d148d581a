import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryKvStore } from '../../adapters/memory/kv-store.js';
import { appSpecificId } from './node-id.js';
import { parseFleetLockRequest } from './protocol.js';
import { airlockKey, encodeSlots, recursiveLock, unlockIfHeld } from './semaphore.js';
import { FleetLockService } from './service.js';

const body = (id: string, group: string): string => JSON.stringify({ client_params: { id, group } });

test('airlock semaphore: recursive owned locks, full groups', () => {
  const s = { totalSlots: 2, holders: ['b'] };
  const cases: Array<[string, ReturnType<typeof recursiveLock>, string]> = [
    ['lock a sorts in', recursiveLock(s, 'a'), '{"total_slots":2,"holders":["a","b"]} changed'],
    ['lock b again: held, no change', recursiveLock(s, 'b'), '{"total_slots":2,"holders":["b"]} same'],
    ['full', recursiveLock({ totalSlots: 1, holders: ['b'] }, 'c'), 'all 1 semaphore slots currently locked'],
    ['unlock b', unlockIfHeld(s, 'b'), '{"total_slots":2,"holders":[]} changed'],
    ['unlock c: not held, fine', unlockIfHeld(s, 'c'), '{"total_slots":2,"holders":["b"]} same'],
  ];
  for (const [name, r, want] of cases)
    assert.equal(r.ok ? `${encodeSlots(r.value)} ${r.changed ? 'changed' : 'same'}` : r.message, want, name);
  assert.equal(airlockKey('a b'), 'com.coreos.airlock/groups/a+b/v1/semaphore');
});

test('FleetLock requests: header, JSON body, id and group', () => {
  const cases: Array<[string, string | undefined, string, string]> = [
    ['ok', 'true', body('n1', 'default'), 'n1@default'],
    [
      'no header',
      undefined,
      body('n1', 'default'),
      "failed to validate client identity: wrong 'fleet-lock-protocol' header",
    ],
    [
      'header false',
      'false',
      body('n1', 'default'),
      "failed to validate client identity: wrong 'fleet-lock-protocol' header",
    ],
    ['not JSON', 'true', '{"client_params":', 'failed to validate client identity: the body is not JSON'],
    ['no client_params', 'true', '{}', 'failed to validate client identity: no client_params object'],
    ['empty group', 'true', body('n1', ''), 'failed to validate client identity: empty client group'],
    ['empty id', 'true', body('', 'g'), 'failed to validate client identity: empty client ID'],
    [
      'bad group',
      'true',
      body('n1', 'a/b'),
      'failed to validate client identity: group "a/b" does not match ^[a-zA-Z0-9.-]+$',
    ],
  ];
  for (const [name, header, text, want] of cases) {
    const r = parseFleetLockRequest(header, text);
    const got = r.ok ? `${r.identity.id}@${r.identity.group}` : r.error.value;
    assert.ok(got.startsWith(want), `${name}: ${got}`);
    if (!r.ok) assert.deepEqual([r.error.status, r.error.kind], [400, 'invalid_client_identity'], name);
  }
});

test('FleetLock service: each case answered as the protocol says', async () => {
  const kv = new MemoryKvStore();
  const groups = new Map([
    ['default', 1],
    ['web', 2],
  ]);
  const svc = new FleetLockService({ kv, groups: () => groups, sleep: async () => undefined });
  const call = (path: string, id: string, group: string, method = 'POST', header: string | null = 'true') =>
    svc.handle(method, path, header ?? undefined, body(id, group));
  const lock = '/v1/pre-reboot';
  const unlock = '/v1/steady-state';
  const cases: Array<[string, () => Promise<{ status: number; body: string }>, string]> = [
    ['lock', () => call(lock, 'n1', 'default'), '200 '],
    ['recursive lock', () => call(lock, 'n1', 'default'), '200 '],
    [
      'full group',
      () => call(lock, 'n2', 'default'),
      '500 {"kind":"failed_lock","value":"all 1 semaphore slots currently locked"}\n',
    ],
    [
      'unknown group',
      () => call(lock, 'n1', 'nope'),
      '400 {"kind":"unknown_group","value":"unknown group \\"nope\\""}\n',
    ],
    [
      'missing header',
      () => call(lock, 'n1', 'default', 'POST', null),
      '400 {"kind":"invalid_client_identity","value":"failed to validate client identity: wrong \'fleet-lock-protocol\' header"}\n',
    ],
    [
      'GET',
      () => call(lock, 'n1', 'default', 'GET'),
      '405 {"kind":"method_not_allowed","value":"GET is not allowed; use POST"}\n',
    ],
    ['unlock when not holding', () => call(unlock, 'n2', 'default'), '200 '],
    ['unlock', () => call(unlock, 'n1', 'default'), '200 '],
    ['then n2 gets it', () => call(lock, 'n2', 'default'), '200 '],
    ['other path', () => call('/v1/other', 'n2', 'default'), '404 '],
  ];
  for (const [name, f, want] of cases) {
    const r = await f();
    assert.equal(`${r.status} ${r.body}`, want, name);
  }
  assert.deepEqual(await svc.holders('default'), { totalSlots: 1, holders: ['n2'] });
  // A changed slot count takes effect (airlock keeps the first one stored).
  groups.set('default', 2);
  assert.equal((await call(lock, 'n3', 'default')).status, 200);
  assert.equal(
    kv.history.filter((h) => h.key === airlockKey('default')).at(-1)?.value,
    '{"total_slots":2,"holders":["n2","n3"]}',
  );
});

test('FleetLock service: a CAS conflict is retried, then failed_lock', async () => {
  const kv = new MemoryKvStore();
  const svc = new FleetLockService({
    kv,
    groups: () => new Map([['g', 5]]),
    sleep: async () => undefined,
    attempts: 3,
  });
  let competing = 2;
  kv.beforeCas = (key) => {
    if (competing-- > 0) kv.set(key, '{"total_slots":5,"holders":["x"]}');
  };
  assert.equal((await svc.handle('POST', '/v1/pre-reboot', 'true', body('n1', 'g'))).status, 200);
  competing = 5;
  assert.equal(
    (await svc.handle('POST', '/v1/pre-reboot', 'true', body('n2', 'g'))).body,
    '{"kind":"failed_lock","value":"conflict on semaphore detected"}\n',
  );
});

test('app-specific ids: version and variant bits, bad ids refused', async () => {
  const id = await appSpecificId('0123456789abcdef0123456789abcdef', 'de35106b6ec24688b63afddaa156679b');
  assert.match(id, /^[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
  assert.equal(await appSpecificId('0123456789ABCDEF0123456789ABCDEF', 'de35106b6ec24688b63afddaa156679b'), id);
  await assert.rejects(appSpecificId('xyz', 'de35106b6ec24688b63afddaa156679b'), /not 32 hex digits/);
});
