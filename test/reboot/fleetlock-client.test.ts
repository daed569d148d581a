/**
 * The FleetLock client side against a lock server in this process (the
 * FleetLock service over an in-memory KvStore behind node:http): `hull
 * fleetlock lock|unlock` (success, a full group, an unknown group, a server
 * that is not FleetLock, none at all), Zincati's node id checked against
 * systemd-id128, and the reboot manager with REBOOT_STRATEGY=fleetlock.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { MemoryKvStore } from '../../src/adapters/memory/kv-store.js';
import { machineRebootManager } from '../../src/adapters/node/reboot-manager.js';
import { zincatiNodeId } from '../../src/reboot/fleetlock/node-id.js';
import { FleetLockService } from '../../src/reboot/fleetlock/service.js';
import { HULL_BIN, REPO } from '../helpers/hull.js';

let server: Server;
let base: string;
let dir: string;
const groups = new Map([
  ['default', 1],
  ['workers', 2],
]);
const requests: Array<{ path: string; header: string | undefined; body: string }> = [];
let svc: FleetLockService;

before(async () => {
  svc = new FleetLockService({ kv: new MemoryKvStore(), groups: () => groups, sleep: async () => undefined });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const header = req.headers['fleet-lock-protocol'] as string | undefined;
      requests.push({ path: req.url ?? '', header, body });
      if (req.url?.startsWith('/not-fleetlock/')) {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>');
        return;
      }
      void svc
        .handle(req.method ?? '', req.url ?? '', header, body)
        .then((a) => res.writeHead(a.status, { 'content-type': 'application/json' }).end(a.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  dir = mkdtempSync(join(tmpdir(), 'hull-fleetlock-'));
});
after(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function hull(args: readonly string[]): Promise<{ exit: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HULL_BIN, ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (exit) => resolve({ exit, stdout, stderr }));
  });
}

test("Zincati's node id is systemd's app-specific id (checked against systemd-id128)", async () => {
  let expected: string;
  let machineId: string;
  try {
    machineId = execFileSync('systemd-id128', ['machine-id'], { encoding: 'utf8' }).trim();
    expected = execFileSync('systemd-id128', ['machine-id', '-a', 'de35106b6ec24688b63afddaa156679b'], {
      encoding: 'utf8',
    }).trim();
  } catch (e) {
    throw new Error(
      `systemd-id128 (Debian's systemd) is needed for this test: apt-get install -y systemd: ${String(e)}`,
    );
  }
  assert.equal(await zincatiNodeId(machineId), expected);
});

test("hull fleetlock lock/unlock: the request is Zincati's; full and unknown groups, not FleetLock, nobody there", async () => {
  const root = join(dir, 'm1');
  mkdirSync(join(root, 'etc'), { recursive: true });
  writeFileSync(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
  const nodeId = await zincatiNodeId('0123456789abcdef0123456789abcdef');

  requests.length = 0;
  assert.deepEqual(await hull(['fleetlock', 'lock', '--url', base, '--root', root]), {
    exit: 0,
    stdout: '',
    stderr: `hull: locked ${nodeId} in group default\n`,
  });
  assert.deepEqual(requests, [
    {
      path: '/v1/pre-reboot',
      header: 'true',
      body: `{\n  "client_params": {\n    "id": "${nodeId}",\n    "group": "default"\n  }\n}`,
    },
  ]);
  assert.equal((await hull(['fleetlock', 'lock', '--url', base, '--root', root])).exit, 0, 'recursive');

  const full = await hull(['fleetlock', 'lock', '--url', base, '--id', 'other']);
  assert.equal(full.exit, 1);
  assert.match(
    full.stderr,
    /FLEETLOCK_REFUSED.*failed_lock: all 1 semaphore slots currently locked|failed_lock: all 1 semaphore slots currently locked/,
  );

  const unknown = await hull(['-o', 'json', 'fleetlock', 'lock', '--url', base, '--id', 'x', '--group', 'nope']);
  assert.equal(unknown.exit, 1);
  assert.match(unknown.stdout + unknown.stderr, /"code":\s*"FLEETLOCK_REFUSED"/);
  assert.match(unknown.stdout + unknown.stderr, /unknown_group: unknown group \\"nope\\"/);

  const notFleetLock = await hull(['fleetlock', 'lock', '--url', `${base}not-fleetlock/`, '--id', 'x']);
  assert.equal(notFleetLock.exit, 1);
  assert.match(notFleetLock.stderr, /generic_http_502: <html>bad gateway<\/html>/);

  const closed = createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((r) => closed.close(() => r()));
  const nobody = await hull(['fleetlock', 'unlock', '--url', `http://127.0.0.1:${port}/`, '--id', 'x']);
  assert.equal(nobody.exit, 3);
  assert.equal(
    nobody.stderr,
    `hull: error FLEETLOCK_UNREACHABLE: the FleetLock server at http://127.0.0.1:${port}/v1/steady-state could not be reached: connection refused\n`,
  );

  assert.deepEqual(await hull(['fleetlock', 'unlock', '--url', base, '--root', root]), {
    exit: 0,
    stdout: '',
    stderr: `hull: unlocked ${nodeId} in group default\n`,
  });
  assert.deepEqual(await svc.holders('default'), { totalSlots: 1, holders: [] });
});

test('the reboot manager with REBOOT_STRATEGY=fleetlock: lock before the reboot, steady-state after the boot', async () => {
  const values = { REBOOT_STRATEGY: 'fleetlock', FLEETLOCK_URL: base, FLEETLOCK_GROUP: 'workers' };
  const machineId = 'fedcba9876543210fedcba9876543210';
  const m = machineRebootManager({ values, machineId, root: join(dir, 'm2'), sleep: async () => undefined });
  const signal = new AbortController().signal;
  let rebooted = false;
  await m.rebootNeeded(async () => void (rebooted = true), signal);
  assert.equal(rebooted, true);
  const id = await zincatiNodeId(machineId);
  assert.deepEqual(await svc.holders('workers'), { totalSlots: 2, holders: [id] });
  await m.booted(signal);
  assert.deepEqual(await svc.holders('workers'), { totalSlots: 2, holders: [] });
});
