import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// http(s) resources over loopback: headers sent, retries with backoff on 5xx,
// verification before use, gzip, configs merged from http.
let server: Server;
let base = '';
let work = '';
const hits = new Map<string, number>();
const seenHeaders: Record<string, string | undefined> = {};

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-http-'));
  server = createServer((req, res) => {
    const n = (hits.get(req.url!) ?? 0) + 1;
    hits.set(req.url!, n);
    if (req.url === '/flaky' && n < 3) return res.writeHead(503).end();
    if (req.url === '/flaky') return res.end('third time\n');
    if (req.url === '/auth') {
      seenHeaders['x-token'] = req.headers['x-token'] as string | undefined;
      return req.headers['x-token'] === 'secret' ? res.end('authorized\n') : res.writeHead(403).end();
    }
    if (req.url === '/gz') return res.end(gzipSync(Buffer.from('unzipped\n')));
    if (req.url === '/child.ign') {
      return res.end(
        JSON.stringify({
          ignition: { version: '3.3.0' },
          storage: { files: [{ path: '/from-child', contents: { source: 'data:,child' } }] },
        }),
      );
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.close();
  rmSync(work, { recursive: true, force: true });
});

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  return r;
}
const ports = (r: string) => rootPorts(r, { fetcher: { retries: 4, backoffMs: 10, timeoutMs: 2000 } });

test('http contents: headers, retries on 503, gzip and verification', async () => {
  const r = root('ok');
  const cfg = JSON.stringify({
    ignition: { version: '3.3.0' },
    storage: {
      files: [
        { path: '/flaky', contents: { source: `${base}/flaky` } },
        { path: '/auth', contents: { source: `${base}/auth`, httpHeaders: [{ name: 'X-Token', value: 'secret' }] } },
        {
          path: '/gz',
          contents: {
            source: `${base}/gz`,
            compression: 'gzip',
            verification: { hash: `sha512-${createHash('sha512').update('unzipped\n').digest('hex')}` },
          },
        },
      ],
    },
  });
  const res = await provision(cfg, ports(r));
  assert.equal(res.ok, true, JSON.stringify(res.stages));
  assert.equal(readFileSync(join(r, 'flaky'), 'utf8'), 'third time\n');
  assert.equal(hits.get('/flaky'), 3);
  assert.equal(seenHeaders['x-token'], 'secret');
  assert.equal(readFileSync(join(r, 'auth'), 'utf8'), 'authorized\n');
  assert.equal(readFileSync(join(r, 'gz'), 'utf8'), 'unzipped\n');
});

test('a verification mismatch writes nothing and fails the files stage', async () => {
  const r = root('mismatch');
  const cfg = JSON.stringify({
    ignition: { version: '3.3.0' },
    storage: {
      files: [
        {
          path: '/gz',
          contents: { source: `${base}/gz`, compression: 'gzip', verification: { hash: `sha512-${'0'.repeat(128)}` } },
        },
      ],
    },
  });
  const res = await provision(cfg, ports(r));
  assert.equal(res.ok, false);
  assert.equal(res.stages.find((s) => s.stage === 'files')?.error?.code, 'PROVISION_VERIFICATION_FAILED');
  assert.equal(existsSync(join(r, 'gz')), false);
});

test('a 404 fails after no retries; a config merged from http is applied', async () => {
  const r = root('merge');
  const bad = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/x', contents: { source: `${base}/missing` } }] },
    }),
    ports(r),
  );
  assert.equal(bad.ok, false);
  assert.equal(bad.stages.find((s) => s.stage === 'files')?.error?.code, 'PROVISION_FETCH_FAILED');
  assert.equal(hits.get('/missing'), 1);
  const res = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0', config: { merge: [{ source: `${base}/child.ign` }] } },
      storage: { files: [{ path: '/from-parent' }] },
    }),
    ports(r),
  );
  assert.equal(res.ok, true, JSON.stringify(res.stages));
  assert.equal(readFileSync(join(r, 'from-child'), 'utf8'), 'child');
  assert.ok(existsSync(join(r, 'from-parent')));
});
