// Issue 14's end to end, every part a real process: `hull serve` (SQLite) hosting
// payloads made by `hull payload build` (with a kernel), machines made by `hull disk
// create` and booted by `hull host boot`, `hull agent run --once` as the machine's
// update_engine. Good release: check, 13, 14, 3/1; the reboot into USR-B; the mark;
// 3/2 with the previous version; the server shows the machine Complete. A release
// whose health script fails: not marked good, the next boot falls back to USR-A, the
// agent reports the bare 44, the image boots USR-A.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  agentOnce,
  boot,
  buildPayloadFile,
  hullOk,
  makeBaseDisk,
  makeUsrImage,
  newMachine,
  offer,
  scratch,
  uploadPackage,
  writeKeys,
  type AgentLog,
  type Machine,
} from '../helpers/agent-machine.js';
import { partitionRange } from '../helpers/flatcar-image.js';
import { startServer, type RunningServer } from '../helpers/hull.js';
import { api } from '../helpers/omaha-fleet.js';

const dir = scratch('hull-agent-e2e-');
let server: RunningServer;
let token: string;
let base: string;
const pkg = new Map<string, string>();
const usr = new Map<string, string>();
let kernel: Buffer;
let keys: ReturnType<typeof writeKeys>;

before(async () => {
  keys = writeKeys(dir);
  kernel = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 31) & 0xff));
  writeFileSync(join(dir, 'vmlinuz'), kernel);
  usr.set('1000.0.0', makeUsrImage(dir, '1000.0.0'));
  usr.set('1000.0.1', makeUsrImage(dir, '1000.0.1', { health: 'exit 0\n', fillerMiB: 1 }));
  usr.set(
    '1000.0.2',
    makeUsrImage(dir, '1000.0.2', { health: 'echo "sshd.service failed" >&2\nexit 1\n', fillerMiB: 1 }),
  );
  server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data')]);
  token = readFileSync(join(dir, 'data/admin-token'), 'utf8').trim();
  for (const v of ['1000.0.1', '1000.0.2'])
    pkg.set(
      v,
      await uploadPackage(server.url, token, v, buildPayloadFile(dir, usr.get(v)!, keys, v, join(dir, 'vmlinuz'))),
    );
  base = await makeBaseDisk(dir, usr.get('1000.0.0')!);
});

after(async () => {
  if (server) assert.equal((await server.stop()).code, 0, server.logs());
  rmSync(dir, { recursive: true, force: true });
});

/** What the agent sent, in order: `check 3/2 prev=X`, `event 13/1`, `event 3/0 44` … */
const sent = (logs: AgentLog[]): string[] => logs.filter((l) => l['event'] === 'omaha').map((l) => String(l['what']));

async function instance(m: Machine): Promise<{
  status: string;
  version: string;
  events: { type: number; result: number; rawErrorCode: string | null; previousVersion: string | null }[];
}> {
  const id = readFileSync(join(m.root, 'etc/machine-id'), 'utf8').trim();
  const d = await api<{
    apps: {
      app: { status: string; version: string };
      events: { type: number; result: number; rawErrorCode: string | null; previousVersion: string | null }[];
    }[];
  }>(server.url, token, 'GET', `/api/v1/instances/${id}`);
  return { status: d.apps[0]!.app.status, version: d.apps[0]!.app.version, events: [...d.apps[0]!.events].reverse() };
}

/** The USR slots' GPT bits as `hull cgpt show -i N -A` prints them (hex). */
function bits(m: Machine): { A: string; B: string } {
  const attr = (n: number) => hullOk(['cgpt', 'show', '-i', String(n), '-A', m.image]).stdout.trim();
  return { A: attr(3), B: attr(4) };
}

async function slotHash(m: Machine, n: number, size: number): Promise<string> {
  const { offset } = await partitionRange(m.image, n);
  const fd = openSync(m.image, 'r');
  try {
    const b = Buffer.alloc(size);
    readSync(fd, b, 0, size, offset);
    return createHash('sha256').update(b).digest('hex');
  } finally {
    closeSync(fd);
  }
}

test('a good release: check, 13, 14, 3/1 → USR-B written with the kernel → reboot into B → marked good → 3/2 previousversion → Complete', async () => {
  await offer(server.url, token, pkg.get('1000.0.1')!);
  const m = newMachine(dir, 'good', base, server.url, keys);
  const r = agentOnce(m);
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /Update succeeded -- reboot needed\. \(1000\.0\.1\)/);
  assert.deepEqual(sent(r.logs), ['check with 3/2 previousversion="0.0.0.0"', 'event 13/1', 'event 14/1', 'event 3/1']);
  assert.ok(existsSync(join(m.root, 'run/hull/reboot-requested')), 'the reboot was asked for');
  const want = readFileSync(usr.get('1000.0.1')!);
  assert.equal(
    await slotHash(m, 4, want.length),
    createHash('sha256').update(want).digest('hex'),
    'USR-B holds the new image',
  );
  assert.deepEqual(bits(m), { A: '0x101', B: '0x12' }, "update_engine's postinstall bits: B P2 T1 S0, A unchanged");
  // Nebraska's statuses: 14/1 Downloaded; 3/1 changes nothing (Installed is 800/1, which update_engine never sends).
  assert.equal((await instance(m)).status, 'downloaded', 'the server saw 13/1 and 14/1');

  const b = boot(m);
  assert.deepEqual([b.partition, b.release['FLATCAR_RELEASE_VERSION'], b.health.ok], [4, '1000.0.1', true]);
  assert.deepEqual(bits(m), { A: '0x101', B: '0x2' }, 'the try is consumed: B P2 T0 S0');
  const r2 = agentOnce(m);
  assert.equal(r2.status, 0, r2.stdout);
  assert.deepEqual(sent(r2.logs), ['check with 3/2 previousversion="1000.0.0"']);
  assert.deepEqual(bits(m), { A: '0x101', B: '0x102' }, 'B marked good: P2 T0 S1');
  const inst = await instance(m);
  assert.deepEqual([inst.status, inst.version], ['complete', '1000.0.1']);
  assert.ok(inst.events.some((e) => e.type === 3 && e.result === 2 && e.previousVersion === '1000.0.0'));
  // The kernel went to the EFI partition, where GRUB finds it for slot B.
  const { offset } = await partitionRange(m.image, 1);
  const out = join(dir, 'vmlinuz-b.read');
  hullOkTool('mcopy', ['-n', '-i', `${m.image}@@${offset}`, '::/flatcar/vmlinuz-b', out]);
  assert.ok(readFileSync(out).equals(kernel), 'flatcar/vmlinuz-b on EFI-SYSTEM is the payload kernel');
});

test('a release whose health fails: not marked good; the next boot falls back to USR-A; the agent reports the bare 44; the image boots USR-A', async () => {
  await offer(server.url, token, pkg.get('1000.0.2')!);
  const m = newMachine(dir, 'bad', base, server.url, keys);
  const r = agentOnce(m);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(sent(r.logs), ['check with 3/2 previousversion="0.0.0.0"', 'event 13/1', 'event 14/1', 'event 3/1']);

  const b = boot(m);
  assert.deepEqual([b.partition, b.health.ok], [4, false]);
  const r2 = agentOnce(m);
  assert.equal(r2.status, 3, `an unhealthy boot exits 3\n${r2.stdout}`);
  assert.deepEqual(sent(r2.logs), [], 'an unhealthy boot sends nothing');
  assert.deepEqual(bits(m), { A: '0x101', B: '0x2' }, 'B not marked good (P2 T0 S0)');

  assert.equal(boot(m, true).partition, 3, 'the next boot falls back to USR-A');
  const a = boot(m);
  assert.deepEqual([a.partition, a.release['FLATCAR_RELEASE_VERSION'], a.health.ok], [3, '1000.0.0', true]);
  const r3 = agentOnce(m);
  assert.equal(sent(r3.logs)[0], 'check with 3/0 44', 'the bare 44 in the first check back on the old version');
  const inst = await instance(m);
  assert.ok(
    inst.events.some((e) => e.type === 3 && e.result === 0 && e.rawErrorCode === '44'),
    'the server stored the 44',
  );
  // As Nebraska, the server offers the channel's release again after the 44 (auto-halt is the guard,
  // docs/update-server.md), so the agent writes 1000.0.2 into B once more.
  assert.deepEqual(sent(r3.logs), ['check with 3/0 44', 'event 13/1', 'event 14/1', 'event 3/1']);
});

function hullOkTool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
}
