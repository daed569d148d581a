/**
 * The etcd v2 KvStore adapter: locksmithctl's requests on the wire (through a
 * logging proxy in front of a real etcd), endpoints tried in order, and clear
 * errors for what is not etcd: refused everywhere, not JSON, too large, no
 * node, no answer in time, TLS (CA, client certificate) and basic auth.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EtcdV2KvStore } from '../../src/adapters/etcd/v2-keys.js';
import { AppError } from '../../src/core/index.js';
import { semaphoreKey } from '../../src/reboot/keys.js';
import { RebootLock } from '../../src/reboot/reboot-lock.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';

let etcd: EtcdCluster;
const servers: Server[] = [];
before(async () => {
  etcd = await startEtcd();
});
after(async () => {
  for (const s of servers) s.close();
  await etcd?.stop();
});

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  srv: Server = createServer(),
): Promise<string> {
  srv.on('request', handler);
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const proto = 'cert' in srv || srv instanceof (await import('node:https')).Server ? 'https' : 'http';
  return `${proto}://127.0.0.1:${(srv.address() as AddressInfo).port}`;
}

async function refusedUrl(): Promise<string> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

test("the requests on the wire are locksmithctl's: create-if-absent, get, compare-and-swap", async () => {
  const log: string[] = [];
  const target = new URL(etcd.endpoints[0]!);
  const proxy = await serve((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      log.push(`${req.method} ${req.url}${body ? ` ${body}` : ''}`);
      const up = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.end(body);
    });
  });
  const kv = new EtcdV2KvStore({ endpoints: [proxy] });
  const key = semaphoreKey('wire');
  const path = '/v2/keys/coreos.com/updateengine/rebootlock/groups/wire/semaphore';
  assert.deepEqual(await new RebootLock(kv, key).status(), {
    ok: true,
    value: { semaphore: 1, max: 1, holders: null },
  });
  assert.deepEqual(await new RebootLock(kv, key).lock('m1'), {
    ok: true,
    value: { semaphore: 0, max: 1, holders: ['m1'] },
  });
  assert.equal(log.length, 5);
  assert.equal(
    log[0],
    `PUT ${path}?prevExist=false value=%7B%22semaphore%22%3A1%2C%22max%22%3A1%2C%22holders%22%3Anull%7D`,
  );
  assert.equal(log[1], `GET ${path}?quorum=false&recursive=false&sorted=false`);
  assert.equal(
    log[2],
    `PUT ${path}?prevExist=false value=%7B%22semaphore%22%3A1%2C%22max%22%3A1%2C%22holders%22%3Anull%7D`,
  );
  assert.equal(log[3], `GET ${path}?quorum=false&recursive=false&sorted=false`);
  assert.match(
    log[4]!,
    new RegExp(
      `^PUT ${path.replace(/\//g, '\\/')}\\?prevIndex=\\d+ value=%7B%22semaphore%22%3A0%2C%22max%22%3A1%2C%22holders%22%3A%5B%22m1%22%5D%7D$`,
    ),
  );
  // The etcd answers as read back: the CAS conflict text is Go's client's.
  const cas = await kv.compareAndSwap(key, 'x', 1);
  assert.equal(cas.ok, false);
  assert.match(cas.ok ? '' : cas.message, /^101: Compare failed \(\[1 != \d+\]\) \[\d+\]$/);
});

test('endpoints are tried in order; refused ones are skipped; all refused → ETCD_UNAVAILABLE naming them', async () => {
  const dead1 = await refusedUrl();
  const dead2 = await refusedUrl();
  const kv = new EtcdV2KvStore({ endpoints: [dead1, etcd.endpoints[0]!] });
  assert.equal(await kv.get(semaphoreKey('nothing-here')), undefined);
  const none = new EtcdV2KvStore({ endpoints: [dead1, dead2] });
  await rejectsWith(
    none.get('k'),
    'ETCD_UNAVAILABLE',
    new RegExp(`^no etcd endpoints available, tried: ${dead1},${dead2}$`),
  );
});

test('what is not etcd is ETCD_BAD_RESPONSE; an etcd error is ETCD_REQUEST_FAILED in Go client text', async () => {
  const html = await serve((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [html] }).get('k'),
    'ETCD_BAD_RESPONSE',
    /answered HTTP 200 with a body that is not JSON: "<html>hello<\/html>"; it does not look like etcd's v2 keys API/,
  );
  const noV2 = await serve((_q, r) => r.writeHead(404, { 'content-type': 'text/plain' }).end('404 page not found\n'));
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [noV2] }).createIfAbsent('k', 'v'),
    'ETCD_BAD_RESPONSE',
    /HTTP 404 .*is etcd running with --enable-v2=true\?/,
  );
  const noNode = await serve((_q, r) => r.writeHead(200).end('{"action":"get"}'));
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [noNode] }).get('k'),
    'ETCD_BAD_RESPONSE',
    /without a node value and modifiedIndex/,
  );
  const huge = await serve((_q, r) => {
    r.writeHead(200);
    r.end(`{"node":{"value":"${'x'.repeat(3000)}","modifiedIndex":1}}`);
  });
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [huge], maxResponseBytes: 1000 }).get('k'),
    'ETCD_BAD_RESPONSE',
    /larger than 1000 bytes/,
  );
  const authErr = await serve((_q, r) =>
    r
      .writeHead(401)
      .end(
        '{"errorCode":110,"message":"The request requires user authentication","cause":"Insufficient credentials","index":0}',
      ),
  );
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [authErr] }).get('k'),
    'ETCD_REQUEST_FAILED',
    /^110: The request requires user authentication \(Insufficient credentials\) \[0\]$/,
  );
  // A member answering 5xx with an etcd error is passed over; when all do, the last error is reported.
  const noLeader = await serve((_q, r) =>
    r
      .writeHead(500)
      .end('{"errorCode":300,"message":"Raft Internal Error","cause":"etcdserver: request timed out","index":0}'),
  );
  assert.equal(
    await new EtcdV2KvStore({ endpoints: [noLeader, etcd.endpoints[0]!] }).get(semaphoreKey('nothing-here')),
    undefined,
  );
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [noLeader, noLeader] }).get('k'),
    'ETCD_REQUEST_FAILED',
    /^300: Raft Internal Error \(etcdserver: request timed out\) \[0\]$/,
  );
  const silent = await serve(() => undefined);
  const t0 = Date.now();
  await rejectsWith(
    new EtcdV2KvStore({ endpoints: [silent], timeoutMs: 300 }).get('k'),
    'ETCD_UNAVAILABLE',
    /no etcd endpoints available/,
  );
  assert.ok(Date.now() - t0 < 3000);
});

test('username and password go as basic auth; TLS with a CA, and a client certificate', async () => {
  let auth: string | undefined;
  const basic = await serve((q, r) => {
    auth = q.headers.authorization;
    r.writeHead(200).end('{"node":{"value":"v","modifiedIndex":7}}');
  });
  assert.deepEqual(await new EtcdV2KvStore({ endpoints: [basic], username: 'root', password: 's3cret' }).get('k'), {
    value: 'v',
    index: 7,
  });
  assert.equal(auth, `Basic ${Buffer.from('root:s3cret').toString('base64')}`);

  const dir = mkdtempSync(join(tmpdir(), 'hull-etcd-tls-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          key,
          '-out',
          cert,
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
        ],
        { stdio: 'ignore' },
      );
    } catch (e) {
      throw new Error(
        `openssl is needed for this test: scripts/setup-system (apt-get install -y openssl): ${String(e)}`,
      );
    }
    let clientCert = false;
    const tls = createHttpsServer({
      key: readFileSync(key),
      cert: readFileSync(cert),
      ca: readFileSync(cert),
      requestCert: true,
      rejectUnauthorized: false,
    });
    const url = (
      await serve((q, r) => {
        clientCert = (q.socket as import('node:tls').TLSSocket).getPeerCertificate()?.subject !== undefined;
        r.writeHead(200).end('{"node":{"value":"tls","modifiedIndex":3}}');
      }, tls)
    ).replace('http:', 'https:');
    assert.deepEqual(await new EtcdV2KvStore({ endpoints: [url], caFile: cert }).get('k'), { value: 'tls', index: 3 });
    assert.equal(clientCert, false);
    assert.deepEqual(
      await new EtcdV2KvStore({ endpoints: [url], caFile: cert, certFile: cert, keyFile: key }).get('k'),
      { value: 'tls', index: 3 },
    );
    assert.equal(clientCert, true);
    await rejectsWith(
      new EtcdV2KvStore({ endpoints: [url] }).get('k'),
      'ETCD_UNAVAILABLE',
      /TLS to https:\/\/127\.0\.0\.1:\d+ failed: self.signed certificate/,
    );
    assert.throws(
      () => new EtcdV2KvStore({ endpoints: [url], certFile: cert }),
      /needs both the cert file and the key file/,
    );
    assert.throws(
      () => new EtcdV2KvStore({ endpoints: [url], caFile: join(dir, 'missing.pem') }),
      (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
