import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rebootConfigFrom } from './config.js';

test('config: defaults', () => {
  const r = rebootConfigFrom({});
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.config.strategy, 'reboot');
  assert.equal(r.config.window, undefined);
  assert.deepEqual(r.config.etcd, { endpoints: ['http://127.0.0.1:2379', 'http://127.0.0.1:4001'], group: '' });
  assert.deepEqual(r.config.fleetlock, { url: undefined, group: 'default' });
});

test('config: LOCKSMITHD_* values, prefixed window first, empty counts as unset', () => {
  const r = rebootConfigFrom({
    REBOOT_STRATEGY: 'etcd-lock',
    LOCKSMITHD_REBOOT_WINDOW_START: 'Thu 23:00',
    REBOOT_WINDOW_START: '01:00',
    LOCKSMITHD_REBOOT_WINDOW_LENGTH: '',
    REBOOT_WINDOW_LENGTH: '1h30m',
    LOCKSMITHD_ENDPOINT: 'http://a:2379, http://b:2379',
    LOCKSMITHD_GROUP: 'web',
    LOCKSMITHD_ETCD_CAFILE: '/ca.pem',
    LOCKSMITHD_ETCD_CERTFILE: '/c.pem',
    LOCKSMITHD_ETCD_KEYFILE: '/k.pem',
    LOCKSMITHD_ETCD_USERNAME: 'u',
    LOCKSMITHD_ETCD_PASSWORD: 'p',
  });
  assert.ok(r.ok);
  if (!r.ok) return;
  assert.equal(r.config.strategy, 'etcd-lock');
  assert.equal(r.config.window?.dayOfWeek, 4);
  assert.equal(r.config.window?.lengthMs, 5_400_000);
  assert.deepEqual(r.config.etcd, {
    endpoints: ['http://a:2379', 'http://b:2379'],
    group: 'web',
    caFile: '/ca.pem',
    certFile: '/c.pem',
    keyFile: '/k.pem',
    username: 'u',
    password: 'p',
  });
});

test('config: bad values are refused', () => {
  const cases: Array<[Record<string, string>, string, string]> = [
    [
      { REBOOT_STRATEGY: 'best-effort' },
      'REBOOT_STRATEGY',
      'unknown strategy: best-effort (one of reboot, etcd-lock, off, fleetlock)',
    ],
    [
      { REBOOT_WINDOW_START: '10:00' },
      'REBOOT_WINDOW_LENGTH',
      'Either both or neither $REBOOT_WINDOW_START and $REBOOT_WINDOW_LENGTH must be set',
    ],
    [
      { LOCKSMITHD_REBOOT_WINDOW_LENGTH: '1h' },
      'REBOOT_WINDOW_START',
      'Either both or neither $REBOOT_WINDOW_START and $REBOOT_WINDOW_LENGTH must be set',
    ],
    [
      { REBOOT_WINDOW_START: '25:00', REBOOT_WINDOW_LENGTH: '1h' },
      'REBOOT_WINDOW_START',
      'unable to parse periodic: unable to parse start: invalid time of day "25:00": hour must be >= 0 and <= 23',
    ],
  ];
  for (const [values, key, message] of cases) assert.deepEqual(rebootConfigFrom(values), { ok: false, key, message });
  for (const s of ['reboot', 'etcd-lock', 'off']) assert.ok(rebootConfigFrom({ REBOOT_STRATEGY: s }).ok, s);
  assert.deepEqual(rebootConfigFrom({ REBOOT_STRATEGY: 'fleetlock' }), {
    ok: false,
    key: 'FLEETLOCK_URL',
    message: "REBOOT_STRATEGY=fleetlock needs FLEETLOCK_URL (the lock server's base URL)",
  });
  assert.deepEqual(rebootConfigFrom({ FLEETLOCK_GROUP: 'a b' }), {
    ok: false,
    key: 'FLEETLOCK_GROUP',
    message: 'group "a b" does not match ^[a-zA-Z0-9.-]+$',
  });
  const f = rebootConfigFrom({
    REBOOT_STRATEGY: 'fleetlock',
    FLEETLOCK_URL: 'http://lock:3333/',
    FLEETLOCK_GROUP: 'workers',
  });
  assert.deepEqual(f.ok ? f.config.fleetlock : f, { url: 'http://lock:3333/', group: 'workers' });
});
