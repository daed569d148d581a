import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { dbTokenRepository, dbUpdateRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { openPackageFiles } from '../../src/adapters/node/package-files.js';
import { systemClock } from '../../src/core/index.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import { FLATCAR_APP_ID, type Package } from '../../src/update/index.js';

// Replays what the real Flatcar update_engine sent to `hull serve` (recorded by a proxy
// between the two; test/fixtures/update/real-client/README.md) against Hull in process,
// on a SQLite store as `hull serve` uses: the same catalog, the same requests in the same
// order. Hull must answer each as it answered the real client, in everything
// update_engine reads, and end in the state the real run left (statuses, events, activity).

const FIX = join(import.meta.dirname, '../fixtures/update/real-client');
const recording = JSON.parse(readFileSync(join(FIX, 'recording.json'), 'utf8')) as Recording;
/** The port of the public URL the answers name (the recording proxy's in the real run); nothing listens on it here. */
const PUBLIC_PORT = '18080';
const PUBLIC_URL = `http://127.0.0.1:${PUBLIC_PORT}`;
const STEP_MS = 1000;

interface Recording {
  scenarios: {
    name: string;
    machine: string;
    harness: string;
    result: string;
    newVersion: string;
    runningVersion: string;
  }[];
  catalog: {
    packages: (Pick<Package, 'version' | 'filename' | 'size' | 'sha1' | 'sha256Hex' | 'action'> & { arch: 'amd64' })[];
    channel: { name: string; arch: string; packageVersion: string };
    groups: {
      name: string;
      track: string;
      seeded: boolean;
      policy: Record<string, unknown>;
      pin: { packageVersion: string; allowDowngrade: boolean } | null;
    }[];
  };
  serverState: {
    machines: MachineState[];
    activity: { className: string; severity: string; version: string | null; message: string }[];
  };
}
interface MachineState {
  machine: string;
  alias: string;
  ip: string;
  oem: string;
  oemVersion: string;
  alephVersion: string;
  status: string;
  version: string;
  lastUpdateVersion: string | null;
  lastUpdateFromVersion: string | null;
  updateInProgress: boolean;
  statusSteps: string[][];
  events: {
    type: number;
    result: number;
    errorCode: number | null;
    rawErrorCode: string | null;
    previousVersion: string | null;
    version: string;
  }[];
}
interface HttpMessage {
  start: string;
  headers: [string, string][];
  body: Buffer;
}
interface Index {
  n: number;
  method: string;
  url: string;
  status: number;
  bodyBytes: number;
  bodySha256: string;
  bodyOmitted: boolean;
}

/** One recorded request or response: start line, headers, a blank line, the body (CRLF as on the wire). */
function parseHttp(raw: Buffer): HttpMessage {
  const end = raw.indexOf('\r\n\r\n');
  assert.ok(end > 0, 'a recorded message has a blank line after its headers');
  const [start, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  return {
    start: start!,
    headers: lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as [string, string]),
    body: raw.subarray(end + 4),
  };
}
const header = (m: HttpMessage, name: string) => m.headers.find(([k]) => k.toLowerCase() === name)?.[1];
const attr = (xml: string, element: string, name: string) =>
  new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1];
const count = (xml: string, re: RegExp) => xml.match(re)?.length ?? 0;

class StepClock {
  t = Date.parse('2026-12-07T02:43:40.000Z');
  now = () => new Date(this.t);
}

let dir: string;
let store: DbStore;
let app: FastifyInstance;
let port: number;
let admin: string;
const clock = new StepClock();
const packageIds = new Map<string, string>();

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hull-ue-replay-'));
  store = await openStore({ dataDir: dir });
  const tokens = dbTokenRepository(store, systemClock);
  admin = (await tokens.create({ role: 'admin', name: 'replay' })).secret;
  const repo = dbUpdateRepository(store);
  const files = await openPackageFiles(dir);
  app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    packageFiles: files,
    update: { repo, clock, publicUrl: PUBLIC_URL, catalogCacheMs: 0 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;

  // The catalog of the real run. Packages as hull stored them on upload (same size and
  // hashes), each hosted file a same-sized stand-in (the payload bytes are not kept).
  const { catalog } = recording;
  for (const p of catalog.packages) {
    const pkg = await repo.createPackage(
      {
        appId: FLATCAR_APP_ID,
        version: p.version,
        arch: p.arch,
        url: null,
        filename: p.filename,
        size: p.size,
        sha1: p.sha1,
        sha256Hex: p.sha256Hex,
        action: p.action,
      },
      clock.now().toISOString(),
    );
    packageIds.set(p.version, pkg.id);
    await files.receive(
      pkg.id,
      p.filename,
      (async function* () {
        yield Buffer.alloc(p.size);
      })(),
      { maxBytes: p.size },
    );
  }
  const channel = (await repo.listChannels(FLATCAR_APP_ID)).find(
    (c) => c.name === catalog.channel.name && c.arch === catalog.channel.arch,
  )!;
  await api('PATCH', `/api/v1/apps/${FLATCAR_APP_ID}/channels/${channel.id}`, {
    packageId: packageIds.get(catalog.channel.packageVersion),
  });
  const groups = (await api('GET', `/api/v1/apps/${FLATCAR_APP_ID}/groups`)).items as {
    id: string;
    track: string;
    channelId: string;
  }[];
  for (const g of catalog.groups) {
    const policy = {
      ...g.policy,
      ...(g.pin
        ? { pin: { packageId: packageIds.get(g.pin.packageVersion), allowDowngrade: g.pin.allowDowngrade } }
        : {}),
    };
    if (g.seeded) {
      const seeded = groups.find((x) => x.track === g.track && x.channelId === channel.id)!;
      await api('PATCH', `/api/v1/apps/${FLATCAR_APP_ID}/groups/${seeded.id}`, { policy });
    } else {
      await api('POST', `/api/v1/apps/${FLATCAR_APP_ID}/groups`, {
        name: g.name,
        track: g.track,
        channelId: channel.id,
        policy,
      });
    }
  }
});
after(async () => {
  await app?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function api(method: string, url: string, payload?: unknown): Promise<Record<string, unknown>> {
  const r = await app.inject({
    method: method as 'GET',
    url,
    headers: { authorization: `Bearer ${admin}` },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  assert.ok(r.statusCode < 300, `${method} ${url}: ${r.statusCode} ${r.body}`);
  return r.json();
}

/** The recorded request, placeholders filled, sent over a socket with the recorded headers; the answer as received. */
function send(req: HttpMessage): Promise<HttpMessage> {
  const [method, target] = req.start.split(' ') as [string, string];
  const fill = (s: string) =>
    s.replaceAll('{{PORT}}', PUBLIC_PORT).replace(/\{\{PACKAGE_([0-9.]+)\}\}/g, (_m, v: string) => packageIds.get(v)!);
  const headers: Record<string, string> = {};
  for (const [k, v] of req.headers) headers[k] = fill(v);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      { host: '127.0.0.1', port, method, path: fill(target), headers, agent: false, setHost: false },
      (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => {
          const raw = res.rawHeaders;
          const hs: [string, string][] = [];
          for (let i = 0; i < raw.length; i += 2) hs.push([raw[i]!, raw[i + 1]!]);
          resolve({
            start: `HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}`,
            headers: hs,
            body: Buffer.concat(parts),
          });
        });
      },
    );
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Hull's answer with this run's public port and package ids written as the recording's placeholders. */
function normalise(body: string): string {
  let s = body.replaceAll(`127.0.0.1:${PUBLIC_PORT}`, '127.0.0.1:{{PORT}}');
  for (const [v, id] of packageIds) s = s.replaceAll(id, `{{PACKAGE_${v}}}`);
  return s;
}

const hexToBase64 = (hex: string) => Buffer.from(hex, 'hex').toString('base64');

// The scenarios run in recorded order on one server: later ones start from the state earlier ones left.
for (const scenario of recording.scenarios) {
  test(`replay ${scenario.name} (${scenario.harness}, machine ${scenario.machine.slice(0, 8)}…): answers as to the real client`, async () => {
    const sdir = join(FIX, scenario.name);
    const index = readFileSync(join(sdir, 'index.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Index);
    const files = readdirSync(sdir)
      .filter((f) => f.endsWith('-request.http'))
      .sort();
    assert.equal(files.length, index.length);
    const download = index.find((x) => x.method === 'GET');
    for (const f of files) {
      const n = f.slice(0, 4);
      const req = parseHttp(readFileSync(join(sdir, f)));
      const want = parseHttp(readFileSync(join(sdir, `${n}-response.http`)));
      clock.t += STEP_MS;
      const got = await send(req);
      const where = `${scenario.name}/${n} ${req.start}`;
      assert.equal(got.start.split(' ')[1], want.start.split(' ')[1], `${where}: HTTP status`);
      assert.equal(header(got, 'content-type'), header(want, 'content-type'), `${where}: content type`);
      if (req.start.startsWith('GET ')) {
        // The payload download (the recording kept its headers, not its bytes).
        for (const h of ['content-length', 'accept-ranges', 'cache-control'])
          assert.equal(header(got, h), header(want, h), `${where}: ${h}`);
        continue;
      }
      const sent = req.body.toString('utf8');
      const answer = got.body.toString('utf8');
      const recorded = want.body.toString('utf8');
      assert.equal(Number(header(got, 'content-length')), got.body.length, `${where}: Content-Length`);
      // What update_engine reads, one by one (notes §4), then the whole answer byte for byte.
      const check = /<updatecheck\b/.test(sent);
      assert.equal(
        count(answer, /<event status="ok"><\/event>/g),
        count(sent, /<event\b/g),
        `${where}: one event ack per event`,
      );
      assert.equal(attr(answer, 'app', 'status'), attr(recorded, 'app', 'status'), `${where}: app status`);
      assert.equal(
        attr(answer, 'updatecheck', 'status'),
        check ? attr(recorded, 'updatecheck', 'status') : undefined,
        `${where}: updatecheck status`,
      );
      if (attr(recorded, 'updatecheck', 'status') === 'ok') {
        const version = attr(recorded, 'manifest', 'version')!;
        const pkg = recording.catalog.packages.find((p) => p.version === version)!;
        assert.equal(
          attr(answer, 'url', 'codebase'),
          `${PUBLIC_URL}/packages/${packageIds.get(version)}/`,
          `${where}: codebase`,
        );
        assert.equal(attr(answer, 'manifest', 'version'), version, `${where}: manifest version`);
        assert.equal(attr(answer, 'package', 'name'), attr(recorded, 'package', 'name'), `${where}: package name`);
        assert.equal(attr(answer, 'package', 'size'), String(pkg.size), `${where}: package size`);
        const sha = attr(answer, 'action', 'sha256');
        assert.match(
          sha ?? '',
          /^[A-Za-z0-9+/]{43}=$/,
          `${where}: postinstall sha256 is padded base64, as update_engine compares it`,
        );
        assert.equal(sha, hexToBase64(pkg.sha256Hex), `${where}: postinstall sha256`);
        if (download) {
          // The bytes the real client downloaded and accepted: their size and SHA-256.
          assert.equal(
            attr(answer, 'package', 'size'),
            String(download.bodyBytes),
            `${where}: size = the downloaded payload's`,
          );
          assert.equal(sha, hexToBase64(download.bodySha256), `${where}: sha256 = the downloaded payload's`);
        }
        assert.equal(
          attr(answer, 'action', 'DisablePayloadBackoff'),
          attr(recorded, 'action', 'DisablePayloadBackoff'),
          `${where}: DisablePayloadBackoff`,
        );
      }
      assert.equal(normalise(answer), recorded, `${where}: the whole answer`);
    }
  });
}

test('after the replay, every machine is in the state the real run left it in (statuses, events, activity)', async () => {
  for (const m of recording.serverState.machines) {
    const d = (await api('GET', `/api/v1/instances/${m.machine}`)) as unknown as {
      instance: Record<string, string>;
      apps: {
        app: Record<string, unknown>;
        statusHistory: { status: string; version: string; createdAt: string }[];
        events: (MachineState['events'][number] & { createdAt: string })[];
      }[];
    };
    const a = d.apps[0]!;
    const where = `machine ${m.machine} (${m.alias})`;
    assert.deepEqual(
      {
        alias: d.instance.alias,
        ip: d.instance.ip,
        oem: d.instance.oem,
        oemVersion: d.instance.oemVersion,
        alephVersion: d.instance.alephVersion,
      },
      { alias: m.alias, ip: m.ip, oem: m.oem, oemVersion: m.oemVersion, alephVersion: m.alephVersion },
      where,
    );
    const { status, version, lastUpdateVersion, lastUpdateFromVersion, updateInProgress } = a.app;
    assert.deepEqual(
      { status, version, lastUpdateVersion, lastUpdateFromVersion, updateInProgress },
      {
        status: m.status,
        version: m.version,
        lastUpdateVersion: m.lastUpdateVersion,
        lastUpdateFromVersion: m.lastUpdateFromVersion,
        updateInProgress: m.updateInProgress,
      },
      where,
    );
    // Rows written by one request share its time: compared as sets.
    const steps: string[][] = [];
    let last = '';
    for (const h of [...a.statusHistory].reverse()) {
      if (h.createdAt === last) steps[steps.length - 1]!.push(`${h.status}@${h.version}`);
      else steps.push([`${h.status}@${h.version}`]);
      last = h.createdAt;
    }
    assert.deepEqual(
      steps.map((s) => s.sort()),
      m.statusSteps,
      `${where}: status history`,
    );
    const events = [...a.events]
      .reverse()
      .map(({ type, result, errorCode, rawErrorCode, previousVersion, version: v }) => ({
        type,
        result,
        errorCode,
        rawErrorCode,
        previousVersion,
        version: v,
      }));
    assert.deepEqual(events, m.events, `${where}: events`);
  }
  const classes = new Set(recording.serverState.activity.map((x) => x.className).concat(['rollout-halted']));
  const activity = (
    (await api('GET', '/api/v1/activity?perPage=100')).items as {
      className: string;
      severityName: string;
      version: string | null;
      message: string;
    }[]
  )
    .filter((x) => classes.has(x.className))
    .reverse()
    .map((x) => ({ className: x.className, severity: x.severityName, version: x.version, message: x.message }));
  assert.deepEqual(activity, recording.serverState.activity);
});

test('the recording is what the real client did: an update whose answer it took, a Complete, a rollback, a downgrade', () => {
  const by = new Map(recording.scenarios.map((s) => [s.name, s]));
  assert.deepEqual([by.get('update')?.result, by.get('update')?.newVersion], ['updated', '1000.0.1']);
  assert.deepEqual(
    [
      by.get('pinned-downgrade')?.result,
      by.get('pinned-downgrade')?.newVersion,
      by.get('pinned-downgrade')?.runningVersion,
    ],
    ['updated', '1000.0.0', '1000.0.1'],
  );
  for (const name of ['staged-zero', 'updates-disabled', 'after-reboot'])
    assert.equal(by.get(name)?.result, 'idle', name);
  const m1 = recording.serverState.machines.find((m) => m.machine === by.get('update')!.machine)!;
  assert.deepEqual(m1.statusSteps.slice(0, 4).flat(), [
    'granted@1000.0.0',
    'downloading@1000.0.0',
    'downloaded@1000.0.0',
    'complete@1000.0.1',
  ]);
  assert.ok(
    m1.events.some((e) => e.type === 3 && e.result === 0 && e.rawErrorCode === '44'),
    'the bare 44 was stored',
  );
});
