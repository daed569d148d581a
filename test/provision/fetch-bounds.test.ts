import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { NodeFetcher, rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// Fetching is bounded: redirects (as Go's client), ignition.timeouts, the
// depth and number of merged configs, truncated gzip; appends stream through
// a temporary file and are verified before the file grows. All over loopback.
let work = '';
let main: Server;
let other: Server;
let base = '';
let otherBase = '';
const hits = new Map<string, number>();
const seen: Record<string, IncomingMessage['headers']> = {};
const sockets = new Set<Socket>();
const hit = (p: string) => hits.get(p) ?? 0;
const hitsUnder = (prefix: string) => [...hits].filter(([p]) => p.startsWith(prefix)).reduce((n, [, c]) => n + c, 0);
const ign = (o: object) => JSON.stringify({ ignition: { version: '3.3.0', ...o } });

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url!;
  hits.set(url, hit(url) + 1);
  seen[url] = req.headers;
  let m: RegExpExecArray | null;
  if ((m = /^\/hop\/(\d+)$/.exec(url))) {
    const n = Number(m[1]);
    if (n === 0) return void res.end('landed\n');
    return void res.writeHead(n % 2 ? 302 : 307, { Location: `/hop/${n - 1}` }).end();
  }
  if (url === '/loop') return void res.writeHead(301, { Location: `${base}/loop` }).end();
  if (url === '/to-other') return void res.writeHead(302, { Location: `${otherBase}/landing` }).end();
  if (url === '/to-file') return void res.writeHead(302, { Location: 'file:///etc/passwd' }).end();
  if (url === '/landing') return void res.end('elsewhere\n');
  if (url === '/silent') return; // never answers
  if (url === '/trickle') {
    res.writeHead(200);
    const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write('x')), 100);
    res.on('close', () => clearInterval(t));
    return;
  }
  if ((m = /^\/chain\/(\d+)$/.exec(url)))
    return void res.end(ign({ config: { merge: [{ source: `${base}/chain/${Number(m[1]) + 1}` }] } }));
  if ((m = /^\/wide\/(\d+)\/(\d+)$/.exec(url))) {
    const [d, i] = [Number(m[1]), Number(m[2])];
    const kids = d < 6 ? [0, 1, 2].map((k) => ({ source: `${base}/wide/${d + 1}/${i * 3 + k}` })) : [];
    return void res.end(ign({ config: { merge: kids } }));
  }
  if (url === '/truncated-gz') return void res.end(gzipSync(randomBytes(100_000)).subarray(0, 2000));
  if (url === '/part-a') return void res.end('a\n');
  if (url === '/part-b') return void res.end('b\n');
  res.writeHead(404).end();
}

const listen = async (s: Server, host: string) => {
  s.on('connection', (c) => {
    sockets.add(c);
    c.on('close', () => sockets.delete(c));
  });
  await new Promise<void>((r) => s.listen(0, host, r));
  return `http://${host}:${(s.address() as AddressInfo).port}`;
};

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-bounds-'));
  main = createServer(handle);
  other = createServer(handle);
  base = await listen(main, '127.0.0.1');
  // Another host (Linux routes all of 127/8 to loopback): a redirect there is cross-host.
  otherBase = await listen(other, '127.0.0.2');
});
after(() => {
  for (const s of [main, other]) s.close();
  for (const s of sockets) s.destroy();
  rmSync(work, { recursive: true, force: true });
});

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  return r;
}
const ports = (r: string) => rootPorts(r, { fetcher: { retries: 0, timeoutMs: 5000 } });
const file = (path: string, contents: object, extra: object = {}) => ({
  ignition: { version: '3.3.0' },
  storage: { files: [{ path, contents, ...extra }] },
});
const filesError = (res: Awaited<ReturnType<typeof provision>>) => res.stages.find((s) => s.stage === 'files')?.error;

test('redirects are followed (9 hops); the 10th redirect is an error, as Go: "stopped after 10 redirects"', async () => {
  const r = root('redirects');
  const ok = await provision(JSON.stringify(file('/hopped', { source: `${base}/hop/9` })), ports(r));
  assert.equal(ok.ok, true, JSON.stringify(ok.stages));
  assert.equal(readFileSync(join(r, 'hopped'), 'utf8'), 'landed\n');
  const ten = await provision(JSON.stringify(file('/ten', { source: `${base}/hop/10` })), ports(r));
  assert.equal(filesError(ten)?.code, 'PROVISION_FETCH_FAILED');
  assert.match(filesError(ten)!.message, /stopped after 10 redirects/);
  hits.delete('/loop');
  const loop = await provision(
    JSON.stringify(file('/loop', { source: `${base}/loop` })),
    rootPorts(r, { fetcher: { retries: 3, backoffMs: 10 } }),
  );
  assert.equal(filesError(loop)?.code, 'PROVISION_FETCH_FAILED');
  assert.match(filesError(loop)!.message, /stopped after 10 redirects/);
  assert.equal(hit('/loop'), 10, 'a redirect loop is not retried');
  assert.equal(existsSync(join(r, 'loop')), false);
  const toFile = await provision(JSON.stringify(file('/f', { source: `${base}/to-file` })), ports(r));
  assert.match(filesError(toFile)!.message, /unsupported protocol scheme "file"/);
});

test('a redirect to another host keeps custom headers but drops Authorization and Cookie', async () => {
  const r = root('cross');
  const headers = [
    { name: 'Authorization', value: 'Bearer s3cret' },
    { name: 'Cookie', value: 'c=1' },
    { name: 'X-Token', value: 't' },
  ];
  const res = await provision(
    JSON.stringify(file('/x', { source: `${base}/to-other`, httpHeaders: headers })),
    ports(r),
  );
  assert.equal(res.ok, true, JSON.stringify(res.stages));
  assert.equal(readFileSync(join(r, 'x'), 'utf8'), 'elsewhere\n');
  assert.equal(seen['/to-other']!.authorization, 'Bearer s3cret');
  assert.equal(seen['/landing']!.authorization, undefined);
  assert.equal(seen['/landing']!.cookie, undefined);
  assert.equal(seen['/landing']!['x-token'], 't');
});

test('ignition.timeouts.httpResponseHeaders: a server that never answers fails after that many seconds', async () => {
  const r = root('headers');
  const started = Date.now();
  const res = await provision(
    JSON.stringify({
      ...file('/x', { source: `${base}/silent` }),
      ignition: { version: '3.3.0', timeouts: { httpResponseHeaders: 1 } },
    }),
    ports(r),
  );
  const ms = Date.now() - started;
  assert.equal(filesError(res)?.code, 'PROVISION_FETCH_FAILED');
  assert.match(filesError(res)!.message, /no response headers within 1 s \(ignition\.timeouts\.httpResponseHeaders\)/);
  assert.ok(ms >= 900 && ms < 4000, `took ${ms} ms`);
});

test('ignition.timeouts.httpTotal bounds retries and a body that never ends', async () => {
  const r = root('total');
  let started = Date.now();
  const trickle = await provision(
    JSON.stringify({
      ...file('/x', { source: `${base}/trickle` }),
      ignition: { version: '3.3.0', timeouts: { httpTotal: 1 } },
    }),
    ports(r),
  );
  let ms = Date.now() - started;
  assert.equal(filesError(trickle)?.code, 'PROVISION_FETCH_FAILED');
  assert.match(filesError(trickle)!.message, /unable to fetch resource in time \(ignition\.timeouts\.httpTotal: 1 s\)/);
  assert.ok(ms >= 900 && ms < 4000, `took ${ms} ms`);
  assert.deepEqual(
    readdirSync(r).filter((n) => n.startsWith('.tmp')),
    [],
  );
  // Retrying a silent server (each attempt cut at 1 s) ends at httpTotal, not after every retry.
  started = Date.now();
  const retried = await provision(
    JSON.stringify({
      ...file('/y', { source: `${base}/silent` }),
      ignition: { version: '3.3.0', timeouts: { httpResponseHeaders: 1, httpTotal: 2 } },
    }),
    rootPorts(r, { fetcher: { retries: 20, backoffMs: 10 } }),
  );
  ms = Date.now() - started;
  assert.match(filesError(retried)!.message, /unable to fetch resource in time/);
  assert.ok(ms >= 1900 && ms < 5000, `took ${ms} ms`);
});

test('an endless chain of merged configs stops at depth 10 with PROVISION_CONFIG_LIMIT', async () => {
  const r = root('chain');
  const res = await provision(ign({ config: { merge: [{ source: `${base}/chain/1` }] } }), ports(r));
  assert.equal(res.ok, false);
  const issue = res.report.issues.find((i) => i.code === 'PROVISION_CONFIG_LIMIT');
  assert.ok(issue, JSON.stringify(res.report.issues));
  assert.match(issue.message, /nested more than 10 levels deep/);
  assert.equal(hitsUnder('/chain/'), 10);
  assert.equal(res.stages.find((s) => s.stage === 'fetch')?.status, 'failed');
});

test('a wide tree of merged configs stops after 100 fetches with PROVISION_CONFIG_LIMIT', async () => {
  const r = root('wide');
  const res = await provision(ign({ config: { merge: [{ source: `${base}/wide/1/0` }] } }), ports(r));
  assert.equal(res.ok, false);
  const issue = res.report.issues.find((i) => i.code === 'PROVISION_CONFIG_LIMIT');
  assert.ok(issue, JSON.stringify(res.report.issues));
  assert.match(issue.message, /more than 100 configs are referenced in all/);
  assert.equal(hitsUnder('/wide/'), 100);
});

test('a truncated gzip body is a verification failure; nothing is written', async () => {
  const r = root('gz');
  const res = await provision(
    JSON.stringify(file('/z', { source: `${base}/truncated-gz`, compression: 'gzip' })),
    ports(r),
  );
  assert.equal(filesError(res)?.code, 'PROVISION_VERIFICATION_FAILED');
  assert.match(filesError(res)!.message, /cannot decompress \(gzip\)/);
  assert.deepEqual(
    readdirSync(r).filter((n) => n !== 'etc'),
    [],
  );
});

test('appends stream and are verified before the file grows: a bad append leaves the file as it was', async () => {
  const r = root('append');
  const sha = (s: string) => `sha512-${createHash('sha512').update(s).digest('hex')}`;
  writeFileSync(join(r, 'etc/log'), 'start\n');
  const ok = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: {
        files: [
          {
            path: '/etc/log',
            append: [{ source: `${base}/part-a`, verification: { hash: sha('a\n') } }, { source: `${base}/part-b` }],
          },
          { path: '/etc/new', contents: { source: `${base}/part-a` }, append: [{ source: 'data:,tail%0A' }] },
        ],
      },
    }),
    ports(r),
  );
  assert.equal(ok.ok, true, JSON.stringify(ok.stages));
  assert.equal(readFileSync(join(r, 'etc/log'), 'utf8'), 'start\na\nb\n');
  assert.equal(readFileSync(join(r, 'etc/new'), 'utf8'), 'a\ntail\n');
  const bad = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: {
        files: [{ path: '/etc/log', append: [{ source: `${base}/part-b`, verification: { hash: sha('not b') } }] }],
      },
    }),
    ports(r),
  );
  assert.equal(filesError(bad)?.code, 'PROVISION_VERIFICATION_FAILED');
  assert.equal(readFileSync(join(r, 'etc/log'), 'utf8'), 'start\na\nb\n');
  assert.deepEqual(readdirSync(join(r, 'etc')).sort(), ['log', 'new']);
});

test("file: URLs (Hull's own use) stream with their size; a missing file is PROVISION_FETCH_FAILED", async () => {
  const path = join(work, 'local.bin');
  const data = randomBytes(3 * 1024 * 1024 + 5);
  writeFileSync(path, data);
  const body = await new NodeFetcher().open({ url: pathToFileURL(path).href, headers: [] });
  assert.equal(body.size, data.length);
  const parts: Uint8Array[] = [];
  for await (const c of body.chunks) parts.push(c);
  assert.ok(Buffer.concat(parts).equals(data));
  await assert.rejects(
    new NodeFetcher().open({ url: pathToFileURL(join(work, 'missing')).href, headers: [] }),
    (e: { code?: string }) => e.code === 'PROVISION_FETCH_FAILED',
  );
});
