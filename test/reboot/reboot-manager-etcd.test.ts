/**
 * The reboot manager for a machine (`machineRebootManager`) against a real
 * etcd: two machines in a group of max 1 — the second waits (backing off)
 * until the first has rebooted and released the lock after its boot; both
 * write coordinator.conf under their root as locksmithd does.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { COORDINATOR_CONF, machineRebootManager } from '../../src/adapters/node/reboot-manager.js';
import { semaphoreKey } from '../../src/reboot/keys.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';

let etcd: EtcdCluster;
let dir: string;
before(async () => {
  etcd = await startEtcd();
  dir = mkdtempSync(join(tmpdir(), 'hull-reboot-mgr-'));
});
after(async () => {
  await etcd?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function stored(): Promise<string> {
  const r = await fetch(
    `${etcd.endpoints[0]}/v2/keys/${semaphoreKey('mgr').split('/').map(encodeURIComponent).join('/')}`,
  );
  return ((await r.json()) as { node: { value: string } }).node.value;
}

test('two machines, max 1: the second reboots only after the first has booted and released the lock', async () => {
  const values = {
    REBOOT_STRATEGY: 'etcd-lock',
    LOCKSMITHD_ENDPOINT: `http://127.0.0.1:9,${etcd.endpoints[0]}`,
    LOCKSMITHD_GROUP: 'mgr',
  };
  const events: string[] = [];
  const sleeps: { a: number[]; b: number[] } = { a: [], b: [] };
  let onBSleep: (n: number) => Promise<void> = async () => undefined;
  const make = (name: 'a' | 'b') =>
    machineRebootManager({
      values,
      machineId: `machine-${name}`,
      root: join(dir, name),
      sleep: async (ms) => {
        sleeps[name].push(ms);
        if (name === 'b') await onBSleep(sleeps.b.length);
      },
    });
  const a = make('a');
  const b = make('b');
  const signal = new AbortController().signal;

  await a.rebootNeeded(async () => void events.push('a reboots'), signal);
  assert.equal(await stored(), '{"semaphore":0,"max":1,"holders":["machine-a"]}');
  assert.equal(
    readFileSync(join(dir, 'a', COORDINATOR_CONF), 'utf8'),
    'NAME=hull\nSTRATEGY=etcd-lock\nSTATE=rebooting',
  );
  assert.equal(statSync(join(dir, 'a', COORDINATOR_CONF)).mode & 0o777, 0o644);

  onBSleep = async (n) => {
    if (n === 2) {
      events.push('a booted');
      await a.booted(signal);
    }
  };
  await b.rebootNeeded(async () => void events.push('b reboots'), signal);
  assert.deepEqual(events, ['a reboots', 'a booted', 'b reboots']);
  assert.deepEqual(sleeps.b, [10_000, 20_000]);
  assert.equal(await stored(), '{"semaphore":0,"max":1,"holders":["machine-b"]}');
  assert.equal(readFileSync(join(dir, 'a', COORDINATOR_CONF), 'utf8'), 'NAME=hull\nSTRATEGY=etcd-lock\nSTATE=running');
  await b.booted(signal);
  assert.equal(await stored(), '{"semaphore":1,"max":1,"holders":[]}');
});

test('bad update.conf values are REBOOT_CONFIG_INVALID', () => {
  assert.throws(
    () => machineRebootManager({ values: { REBOOT_STRATEGY: 'sometimes' }, machineId: 'x', root: dir }),
    (e: unknown) =>
      e instanceof Error &&
      'code' in e &&
      e.code === 'REBOOT_CONFIG_INVALID' &&
      /REBOOT_STRATEGY: unknown strategy: sometimes/.test(e.message),
  );
  assert.throws(
    () => machineRebootManager({ values: { REBOOT_WINDOW_START: 'Mon 10:00' }, machineId: 'x', root: dir }),
    (e: unknown) => e instanceof Error && /Either both or neither/.test(e.message),
  );
});
