// The agent end to end, in process, against a real in-process Hull server (buildApp with
// the update service on SQLite) and a real disk image with ext2 USR slots: the events reach
// the server in order, USR-B holds the new image, the GPT bits are update_engine's; a
// simulated reboot into B, the success mark, 3/2 with the previous version, Complete on
// the server; a release whose health fails is not marked good, the next boot falls back
// to A and the agent reports the bare 44.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { filePayloadStore, filePrefs, statusFile } from '../../../src/adapters/agent/files.js';
import { httpOmahaTransport, httpPayloadFetcher } from '../../../src/adapters/agent/http.js';
import { rebootRequestedPath, simulatedHost } from '../../../src/adapters/agent/simulated-host.js';
import { dbTokenRepository, dbUpdateRepository, openStore, type DbStore } from '../../../src/adapters/db/index.js';
import { openPackageFiles } from '../../../src/adapters/node/package-files.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import { systemClock } from '../../../src/core/index.js';
import { buildApp } from '../../../src/http/app.js';
import { recordStart } from '../../../src/http/server-facts.js';
import { FLATCAR_APP_ID } from '../../../src/update/index.js';
import {
  immediateReboot,
  UpdateAgent,
  type OmahaTransport,
  type PayloadFetcher,
} from '../../../src/update/agent/index.js';
import { buildImagePayload, rsaKeys } from '../payload/build.js';
import { hostBoot, makeDisk, makeUsr, prios, readPartition, wouldBoot } from './sim.js';

let dir: string;
let store: DbStore;
let app: FastifyInstance;
let port: number;
let admin: string;
const keys = rsaKeys();
const packages = new Map<string, { id: string; usr: Uint8Array; payload: Uint8Array }>();

async function api(
  method: string,
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const r = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${admin}`, ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

async function upload(version: string, usr: Uint8Array): Promise<void> {
  const payload = buildImagePayload(usr, keys.privateKey);
  const r = await app.inject({
    method: 'POST',
    url: `/api/v1/apps/${FLATCAR_APP_ID}/packages/upload?version=${version}&arch=amd64&filename=flatcar_production_update.gz`,
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/octet-stream' },
    payload: Buffer.from(payload),
  });
  assert.ok(r.statusCode < 300, r.body);
  packages.set(version, { id: (r.json() as { id: string }).id, usr, payload });
}

async function offer(version: string): Promise<void> {
  const channel = (
    (await api('GET', `/api/v1/apps/${FLATCAR_APP_ID}/channels`)).items as { id: string; name: string; arch: string }[]
  ).find((c) => c.name === 'stable' && c.arch === 'amd64')!;
  await api('PATCH', `/api/v1/apps/${FLATCAR_APP_ID}/channels/${channel.id}`, { packageId: packages.get(version)!.id });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hull-agent-e2e-'));
  store = await openStore({ dataDir: dir });
  const tokens = dbTokenRepository(store, systemClock);
  admin = (await tokens.create({ role: 'admin', name: 'agent-test' })).secret;
  app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    packageFiles: await openPackageFiles(dir),
    update: { repo: dbUpdateRepository(store), catalogCacheMs: 0 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
  await upload('1000.0.1', makeUsr('1000.0.1', { health: 'exit 0\n' }));
  await upload('1000.0.2', makeUsr('1000.0.2', { health: 'echo "a unit failed" >&2; exit 1\n' }));
  const groups = (await api('GET', `/api/v1/apps/${FLATCAR_APP_ID}/groups`)).items as { id: string; track: string }[];
  for (const g of groups.filter((x) => x.track === 'stable'))
    await api('PATCH', `/api/v1/apps/${FLATCAR_APP_ID}/groups/${g.id}`, {
      policy: { safeMode: false, maxUpdatesPerPeriod: 100 },
    });
});
after(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  body: string;
}

/** A simulated machine: ROOT, IMG on A at 1000.0.0, update.conf naming the server; every request the agent sends kept. */
async function machine(name: string): Promise<{
  root: string;
  image: string;
  sent: Sent[];
  ranges: (string | undefined)[];
  statuses: number[];
  agent: (kill?: { afterBytes: number; ctl: AbortController }) => UpdateAgent;
}> {
  const root = join(dir, name);
  const image = join(dir, `${name}.img`);
  mkdirSync(join(root, 'etc/flatcar'), { recursive: true });
  writeFileSync(
    join(root, 'etc/flatcar/update.conf'),
    `SERVER=http://127.0.0.1:${port}/v1/update/\nGROUP=stable\nMACHINE_ALIAS=${name}\n`,
  );
  await makeDisk(image, makeUsr('1000.0.0'));
  const sent: Sent[] = [];
  const ranges: (string | undefined)[] = [];
  const statuses: number[] = [];
  const transport: OmahaTransport = {
    post: async (url, body, o) => {
      sent.push({ body });
      return httpOmahaTransport.post(url, body, o);
    },
  };
  const agent = (kill?: { afterBytes: number; ctl: AbortController }): UpdateAgent => {
    const host = simulatedHost(root, image);
    const http = httpPayloadFetcher({ onRequest: (_u, r) => ranges.push(r) });
    // The real HTTP fetcher; `kill` stops the agent (as kill -9 would) once that many bytes came.
    const fetcher: PayloadFetcher = {
      async get(url, o) {
        const res = await http.get(url, o);
        statuses.push(res.status);
        if (!kill) return res;
        let got = o.offset;
        return {
          ...res,
          chunks: (async function* () {
            for await (const c of res.chunks) {
              yield c;
              got += c.length;
              if (got >= kill.afterBytes) {
                kill.ctl.abort(new Error('killed'));
                throw new Error('killed');
              }
            }
          })(),
        };
      },
    };
    return new UpdateAgent({
      host,
      transport,
      fetcher,
      store: filePayloadStore(join(root, 'var/lib/hull-agent/payload')),
      prefs: filePrefs(join(root, 'var/lib/update_engine/prefs')),
      clock: { now: () => Date.now(), sleep: async () => undefined },
      reboot: host,
      rebootManager: immediateReboot,
      crypto: nodePayloadCrypto,
      publicKeyPem: keys.publicPem,
      status: statusFile(join(root, 'run/hull-agent/status.json')),
    });
  };
  return { root, image, sent, ranges, statuses, agent };
}

/** What a request says, in short: `check 3/2 prev=X`, `check 3/0 44`, `event 13/1`, `event 3/0 268435466`, `ping`. */
function short(body: string): string {
  const ev = /<event eventtype="(\d+)" eventresult="(\d+)"(?: errorcode="(\d+)")?(?: previousversion="(.*?)")?>/.exec(
    body,
  );
  const evText = ev
    ? `${ev[1]}/${ev[2]}${ev[3] !== undefined ? ` ${ev[3]}` : ''}${ev[4] !== undefined ? ` prev=${ev[4]}` : ''}`
    : '';
  if (body.includes('<updatecheck>')) return `check ${evText}`;
  return ev ? `event ${evText}` : 'ping';
}

const sha256hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function instance(machineId: string): Promise<{
  status: string;
  version: string;
  events: { type: number; result: number; rawErrorCode: string | null; previousVersion: string | null }[];
}> {
  const d = (await api('GET', `/api/v1/instances/${machineId}`)) as {
    apps: {
      app: { status: string; version: string };
      events: { type: number; result: number; rawErrorCode: string | null; previousVersion: string | null }[];
    }[];
  };
  return { status: d.apps[0]!.app.status, version: d.apps[0]!.app.version, events: [...d.apps[0]!.events].reverse() };
}

const machineIdOf = (root: string): string => readFileSync(join(root, 'etc/machine-id'), 'utf8').trim();

test('update: check, 13, 14, 3/1; B holds the new image with update_engine bits; reboot into B, marked good, 3/2 with the previous version, Complete', async () => {
  await offer('1000.0.1');
  const m = await machine('m1');
  const boot = await hostBoot(m.image, m.root);
  assert.equal(boot.partition, 3);

  const r = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual(r.outcome, { kind: 'updated', version: '1000.0.1' });
  assert.equal(r.state, 'UPDATE_STATUS_UPDATED_NEED_REBOOT');
  assert.equal(r.rebootRequested, true);
  assert.ok(existsSync(rebootRequestedPath(m.root)), 'the simulated reboot was requested');
  assert.deepEqual(
    m.sent.map((s) => short(s.body)),
    ['check 3/2 prev=0.0.0.0', 'event 13/1', 'event 14/1', 'event 3/1'],
  );
  assert.deepEqual(m.ranges, [undefined], 'one GET of the whole payload');
  const usr = packages.get('1000.0.1')!.usr;
  assert.equal(
    sha256hex(await readPartition(m.image, 4, usr.length)),
    sha256hex(usr),
    'USR-B hashes to new_partition_info',
  );
  assert.deepEqual(await prios(m.image), {
    A: { priority: 1, tries: 0, successful: true },
    B: { priority: 2, tries: 1, successful: false },
  });
  assert.ok(existsSync(join(m.root, 'run/update_engine_autoupdate_completed')));
  assert.ok(!existsSync(join(m.root, 'var/lib/hull-agent/payload')), 'the download is removed after the update');

  // The reboot: GRUB picks B (a try consumed), B's health passes.
  const b = await hostBoot(m.image, m.root);
  assert.deepEqual([b.partition, b.release['FLATCAR_RELEASE_VERSION'], b.health.ok], [4, '1000.0.1', true]);
  assert.deepEqual((await prios(m.image)).B, { priority: 2, tries: 0, successful: false });
  m.sent.length = 0;
  const r2 = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual(r2.outcome, { kind: 'noupdate' });
  assert.deepEqual(
    await prios(m.image),
    { A: { priority: 1, tries: 0, successful: true }, B: { priority: 2, tries: 0, successful: true } },
    'B marked good (P2 T0 S1), A unchanged',
  );
  assert.deepEqual(
    m.sent.map((s) => short(s.body)),
    ['check 3/2 prev=1000.0.0'],
  );
  const inst = await instance(machineIdOf(m.root));
  assert.deepEqual([inst.status, inst.version], ['complete', '1000.0.1']);

  // Later checks say previousversion="".
  m.sent.length = 0;
  await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual(
    m.sent.map((s) => short(s.body)),
    ['check 3/2 prev='],
  );
});

test('a release whose health fails: not marked good, no check; the next boot falls back to A, which reports the bare 44', async () => {
  await offer('1000.0.2');
  const m = await machine('m2');
  await hostBoot(m.image, m.root);
  const r = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual(r.outcome, { kind: 'updated', version: '1000.0.2' });

  const b = await hostBoot(m.image, m.root);
  assert.deepEqual([b.partition, b.health.ok], [4, false]);
  m.sent.length = 0;
  const r2 = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.equal(r2.unhealthy, true);
  assert.equal(m.sent.length, 0, 'an unhealthy boot sends nothing');
  assert.deepEqual((await prios(m.image)).B, { priority: 2, tries: 0, successful: false }, 'B not marked good');

  assert.equal(await wouldBoot(m.image), 3, 'the next boot falls back to A');
  const a = await hostBoot(m.image, m.root);
  assert.deepEqual([a.partition, a.release['FLATCAR_RELEASE_VERSION']], [3, '1000.0.0']);
  m.sent.length = 0;
  await offer('1000.0.1');
  const r3 = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.equal(short(m.sent[0]!.body), 'check 3/0 44', 'the bare 44, no flag bits, no previousversion');
  assert.deepEqual(r3.outcome, { kind: 'updated', version: '1000.0.1' });
  const inst = await instance(machineIdOf(m.root));
  assert.ok(
    inst.events.some((e) => e.type === 3 && e.result === 0 && e.rawErrorCode === '44'),
    'the server stored the 44',
  );
});

test('a restart in the middle of the download: the real fetcher asks Hull for Range: bytes=N- and gets 206; the update completes', async () => {
  await offer('1000.0.1');
  const m = await machine('m3');
  await hostBoot(m.image, m.root);
  const ctl = new AbortController();
  await assert.rejects(m.agent({ afterBytes: 300_000, ctl }).run({ signal: ctl.signal, once: true }));
  assert.equal(await wouldBoot(m.image), 3, 'the image still boots A');
  const stored = readFileSync(join(m.root, 'var/lib/hull-agent/payload')).length;
  assert.ok(stored >= 300_000 && stored < packages.get('1000.0.1')!.payload.length, `${stored} bytes kept`);
  // Hull, as Nebraska, refuses a check from a machine whose update is in progress
  // (error-updateInProgressOnInstance, which update_engine reads as 34 and reports, as the
  // agent does); the report ends the update on the server, so the next check offers the
  // same response again and the agent resumes.
  const early = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual([early.outcome?.kind, early.outcome?.kind === 'error' && early.outcome.code], ['error', 34]);
  m.sent.length = 0;
  const r = await m.agent().run({ signal: new AbortController().signal, once: true });
  assert.deepEqual(r.outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(m.ranges, [undefined, `bytes=${stored}-`]);
  assert.deepEqual(m.statuses, [200, 206]);
  assert.deepEqual(
    m.sent.map((s) => short(s.body)),
    ['check 3/2 prev=', 'event 13/1', 'event 14/1', 'event 3/1'],
  );
  const usr = packages.get('1000.0.1')!.usr;
  assert.equal(sha256hex(await readPartition(m.image, 4, usr.length)), sha256hex(usr));
});
