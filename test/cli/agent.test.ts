// `hull agent` as a process (bin/hull.cjs) on a simulated machine against an in-process Hull
// server: `run --once --log-format json` updates, logs JSON lines (states, events) and exits
// 0 with the reboot requested; `status` prints update_engine_client's five lines; the
// daemon answers `status` and `check` over its socket; `reset-status` removes the marker.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbTokenRepository, dbUpdateRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { openPackageFiles } from '../../src/adapters/node/package-files.js';
import { systemClock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { FLATCAR_APP_ID } from '../../src/update/index.js';
import { buildImagePayload, rsaKeys } from '../update/payload/build.js';
import { hostBoot, makeDisk, makeUsr, prios } from '../update/agent/sim.js';
import { HULL_BIN, REPO } from '../helpers/hull.js';

let dir: string;
let store: DbStore;
let app: FastifyInstance;
let port: number;
const keys = rsaKeys();

/** The CLI, asynchronously (the server runs in this process). */
function hull(
  args: readonly string[],
  opts: { timeoutMs?: number } = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [HULL_BIN, ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

before(async () => {
  if (!existsSync(join(REPO, 'dist/hull.cjs'))) throw new Error('dist/ is missing: run `npm run build` first');
  dir = mkdtempSync(join(tmpdir(), 'hull-agent-cli-'));
  store = await openStore({ dataDir: dir });
  const tokens = dbTokenRepository(store, systemClock);
  const admin = (await tokens.create({ role: 'admin', name: 't' })).secret;
  app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    packageFiles: await openPackageFiles(dir),
    update: { repo: dbUpdateRepository(store), catalogCacheMs: 0 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
  const auth = { authorization: `Bearer ${admin}` };
  const up = await app.inject({
    method: 'POST',
    url: `/api/v1/apps/${FLATCAR_APP_ID}/packages/upload?version=1000.0.1&arch=amd64&filename=flatcar_production_update.gz`,
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    payload: Buffer.from(buildImagePayload(makeUsr('1000.0.1'), keys.privateKey)),
  });
  assert.ok(up.statusCode < 300, up.body);
  const channel = app
    .inject({ method: 'GET', url: `/api/v1/apps/${FLATCAR_APP_ID}/channels`, headers: auth })
    .then(
      (r) =>
        (r.json().items as { id: string; name: string; arch: string }[]).find(
          (c) => c.name === 'stable' && c.arch === 'amd64',
        )!,
    );
  await app.inject({
    method: 'PATCH',
    url: `/api/v1/apps/${FLATCAR_APP_ID}/channels/${(await channel).id}`,
    headers: auth,
    payload: { packageId: (up.json() as { id: string }).id },
  });
  const groups = (
    await app.inject({ method: 'GET', url: `/api/v1/apps/${FLATCAR_APP_ID}/groups`, headers: auth })
  ).json().items as { id: string; track: string }[];
  for (const g of groups.filter((x) => x.track === 'stable'))
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/apps/${FLATCAR_APP_ID}/groups/${g.id}`,
      headers: auth,
      payload: { policy: { safeMode: false, maxUpdatesPerPeriod: 100 } },
    });
});
after(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function machine(name: string, version = '1000.0.0'): Promise<{ root: string; image: string; key: string }> {
  const root = join(dir, name);
  const image = join(dir, `${name}.img`);
  mkdirSync(join(root, 'etc/flatcar'), { recursive: true });
  writeFileSync(join(root, 'etc/flatcar/update.conf'), `SERVER=http://127.0.0.1:${port}/v1/update/\nGROUP=stable\n`);
  mkdirSync(join(root, 'usr/share/update_engine'), { recursive: true });
  const key = join(root, 'usr/share/update_engine/update-payload-key.pub.pem');
  writeFileSync(key, keys.publicPem);
  await makeDisk(image, makeUsr(version));
  await hostBoot(image, root);
  return { root, image, key };
}

test('run --once --log-format json: updates, JSON lines of states and events on stderr, exit 0, reboot requested; status; reset-status', async () => {
  const m = await machine('once');
  const before = await hull(['agent', 'status', '--root', m.root]);
  assert.equal(before.status, 0, before.stderr);
  assert.equal(
    before.stdout,
    'LAST_CHECKED_TIME=0\nPROGRESS=0.000000\nCURRENT_OP=UPDATE_STATUS_IDLE\nNEW_VERSION=0.0.0\nNEW_SIZE=0\n',
  );

  const r = await hull(['agent', 'run', '--root', m.root, '--image', m.image, '--once', '--log-format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Update succeeded -- reboot needed\. \(1000\.0\.1\)\n$/);
  const lines = r.stderr
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { event: string; to?: string; kind?: string; type?: number; result?: number });
  const states = lines.filter((l) => l.event === 'state').map((l) => l.to);
  assert.deepEqual(
    [...new Set(states)],
    [
      'UPDATE_STATUS_CHECKING_FOR_UPDATE',
      'UPDATE_STATUS_UPDATE_AVAILABLE',
      'UPDATE_STATUS_DOWNLOADING',
      'UPDATE_STATUS_FINALIZING',
      'UPDATE_STATUS_UPDATED_NEED_REBOOT',
    ],
  );
  assert.deepEqual(
    lines.filter((l) => l.event === 'omaha' && l.kind === 'event').map((l) => `${l.type}/${l.result}`),
    ['13/1', '14/1', '3/1'],
  );
  assert.ok(existsSync(join(m.root, 'run/hull/reboot-requested')));
  assert.deepEqual((await prios(m.image)).B, { priority: 2, tries: 1, successful: false });

  const s = await hull(['agent', 'status', '--root', m.root]);
  assert.match(
    s.stdout,
    /^LAST_CHECKED_TIME=[1-9]\d+\nPROGRESS=1\.000000\nCURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT\nNEW_VERSION=1000\.0\.1\nNEW_SIZE=\d+\n$/,
  );
  const j = await hull(['agent', 'status', '--root', m.root, '-o', 'json']);
  assert.equal(JSON.parse(j.stdout).result.currentOperation, 'UPDATE_STATUS_UPDATED_NEED_REBOOT');

  // A restarted agent keeps showing the update that waits for the reboot (one scheduled ping, then the reboot request).
  const again = await hull(['agent', 'run', '--root', m.root, '--image', m.image, '--once']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /pinged the server/);
  assert.match(
    (await hull(['agent', 'status', '--root', m.root])).stdout,
    /CURRENT_OP=UPDATE_STATUS_UPDATED_NEED_REBOOT\nNEW_VERSION=1000\.0\.1\n/,
  );

  const reset = await hull(['agent', 'reset-status', '--root', m.root]);
  assert.equal(reset.status, 0, reset.stderr);
  assert.ok(!existsSync(join(m.root, 'run/update_engine_autoupdate_completed')));
  assert.match((await hull(['agent', 'status', '--root', m.root])).stdout, /CURRENT_OP=UPDATE_STATUS_IDLE/);
});

test('the daemon: status and check over its socket; the check updates and the daemon exits 0 after requesting the reboot', async () => {
  const m = await machine('daemon');
  const child = spawn(
    process.execPath,
    [HULL_BIN, 'agent', 'run', '--root', m.root, '--image', m.image, '--first-check', '3600', '--log-format', 'json'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const sock = join(m.root, 'run/hull-agent.sock');
    for (let i = 0; i < 400 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const s = await hull(['agent', 'status', '--root', m.root, '-o', 'json']);
    assert.equal(JSON.parse(s.stdout).result.daemon, true, s.stdout + s.stderr);
    const c = await hull(['agent', 'check', '--root', m.root]);
    assert.equal(c.status, 0, c.stderr);
    assert.match(c.stdout, /checking for an update/);
    assert.equal(await exited, 0, stderr);
    assert.match(stderr, /"installSource":"ondemandupdate"/);
    assert.ok(existsSync(join(m.root, 'run/hull/reboot-requested')));
    assert.ok(!existsSync(sock), 'the socket is removed at exit');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('check without a daemon runs one attempt itself and says so', async () => {
  const m = await machine('nodaemon');
  const r = await hull(['agent', 'check', '--root', m.root, '--image', m.image]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /no agent daemon runs here: running one attempt in this process/);
  assert.match(r.stdout, /Update succeeded -- reboot needed/);
});

test('SIGTERM stops the daemon: exit 0, the socket removed', async () => {
  const m = await machine('sigterm');
  const child = spawn(
    process.execPath,
    [HULL_BIN, 'agent', 'run', '--root', m.root, '--image', m.image, '--first-check', '3600'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const sock = join(m.root, 'run/hull-agent.sock');
  for (let i = 0; i < 400 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(existsSync(sock), stderr);
  child.kill('SIGTERM');
  assert.equal(await exited, 0, stderr);
  assert.ok(!existsSync(sock));
});

test('check --wait on a daemon waits for the attempt, as update_engine_client -update: "No update available"', async () => {
  const m = await machine('wait', '1000.0.1');
  const child = spawn(
    process.execPath,
    [HULL_BIN, 'agent', 'run', '--root', m.root, '--image', m.image, '--first-check', '3600'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const sock = join(m.root, 'run/hull-agent.sock');
    for (let i = 0; i < 400 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    const second = await hull(['agent', 'run', '--root', m.root, '--image', m.image, '--once']);
    assert.equal(second.status, 2);
    assert.match(second.stderr, /an agent daemon already runs/);
    const c = await hull(['agent', 'check', '--root', m.root, '--wait']);
    assert.equal(c.status, 0, c.stderr);
    assert.equal(c.stdout, 'No update available\n');
    assert.match(stderr, /no update/);
    assert.match(
      (await hull(['agent', 'status', '--root', m.root])).stdout,
      /^LAST_CHECKED_TIME=[1-9]\d*\n.*CURRENT_OP=UPDATE_STATUS_IDLE\n/s,
    );
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
});
