import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { openPackageFiles, type PackageFiles } from '../../src/adapters/node/package-files.js';
import { buildApp } from '../../src/http/app.js';
import { packageFilePath } from '../../src/http/routes/packages.js';
import { recordStart } from '../../src/http/server-facts.js';

// GET/HEAD /packages/<id>/<name>: in process (inject) and over a real socket (raw
// node:http, so paths reach the server as written and nothing is normalised).
const tmp = mkdtempSync(join(tmpdir(), 'hull-pkgdl-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const ID = randomUUID();
const NAME = 'flatcar_production_update.gz';
const ODD = 'odd name #1 ?% ü.gz';
const PAYLOAD = randomBytes(256 * 1024 + 17);
const SIZE = PAYLOAD.length;
const SECRET = 'SECRET-OF-THE-DATA-DIR';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

let app: FastifyInstance;
let files: PackageFiles;
let base: { host: string; port: number };

before(async () => {
  const data = join(tmp, 'data');
  files = await openPackageFiles(data);
  async function* once(b: Uint8Array) {
    yield b;
  }
  await files.receive(ID, NAME, once(PAYLOAD), { maxBytes: SIZE });
  await files.receive(ID, ODD, once(Buffer.from('odd')), { maxBytes: SIZE });
  writeFileSync(join(data, 'hull.sqlite'), SECRET);
  writeFileSync(join(files.root, ID, '.upload-x'), SECRET);
  writeFileSync(join(tmp, 'outside.gz'), SECRET);
  symlinkSync(join(tmp, 'outside.gz'), join(files.root, ID, 'link.gz'));
  mkdirSync(join(files.root, ID, 'sub'));
  const store = new MemoryStore();
  app = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i'), packageFiles: files });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  assert.ok(addr && typeof addr === 'object');
  base = { host: '127.0.0.1', port: addr.port };
});
after(async () => app.close());

// One request over a fresh socket, with update_engine's headers (Accept: any, no User-Agent) unless told.
function raw(method: string, path: string, headers: Record<string, string> = {}, stopAfter?: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ ...base, method, path, agent: false, headers: { accept: '*/*', ...headers } }, (res) => {
      const parts: Buffer[] = [];
      let got = 0;
      res.on('data', (c: Buffer) => {
        parts.push(c);
        got += c.length;
        // An interrupted transfer: the client goes away after `stopAfter` bytes.
        if (stopAfter !== undefined && got >= stopAfter) {
          res.destroy();
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts).subarray(0, stopAfter) });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }));
      res.on('error', (e) => (stopAfter === undefined ? reject(e) : undefined));
    });
    req.on('error', reject);
    req.end();
  });
}

async function inject(method: 'GET' | 'HEAD', url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await app.inject({ method, url, headers });
  return { status: res.statusCode, headers: res.headers as IncomingHttpHeaders, body: res.rawPayload };
}

const URL_ = `/packages/${ID}/${NAME}`;

for (const [how, get] of [
  ['in process', inject],
  ['over a socket', raw],
] as const) {
  describe(`package downloads (${how})`, () => {
    test('GET: the whole file, application/octet-stream, Accept-Ranges, a strong ETag, Last-Modified; open (no token)', async () => {
      const r = await get('GET', URL_);
      assert.equal(r.status, 200);
      assert.deepEqual(r.body, PAYLOAD);
      assert.equal(r.headers['content-type'], 'application/octet-stream');
      assert.equal(r.headers['content-length'], String(SIZE));
      assert.equal(r.headers['accept-ranges'], 'bytes');
      assert.match(String(r.headers.etag), /^"[0-9a-f-]+"$/, 'strong: no W/');
      assert.equal(r.headers['last-modified'], (await files.stat(ID, NAME))!.mtime.toUTCString());
    });

    test('packageFilePath percent-encodes a name that is not URL-safe, and it is served', async () => {
      assert.equal(packageFilePath(ID, ODD), `/packages/${ID}/odd%20name%20%231%20%3F%25%20%C3%BC.gz`);
      const r = await get('GET', packageFilePath(ID, ODD));
      assert.equal(r.status, 200);
      assert.equal(r.body.toString(), 'odd');
    });

    test('HEAD: the same headers, no body', async () => {
      const g = await get('GET', URL_);
      const h = await get('HEAD', URL_);
      assert.equal(h.status, 200);
      assert.equal(h.body.length, 0);
      for (const k of ['content-type', 'content-length', 'accept-ranges', 'etag', 'last-modified'])
        assert.equal(h.headers[k], g.headers[k], k);
    });

    test('Range a-b, a-, -n: 206 with Content-Range and the bytes', async () => {
      for (const [range, start, end] of [
        ['bytes=0-99', 0, 99],
        ['bytes=1000-', 1000, SIZE - 1],
        ['bytes=-500', SIZE - 500, SIZE - 1],
        ['bytes=10-999999999', 10, SIZE - 1],
      ] as const) {
        const r = await get('GET', URL_, { range });
        assert.equal(r.status, 206, range);
        assert.equal(r.headers['content-range'], `bytes ${start}-${end}/${SIZE}`, range);
        assert.equal(r.headers['content-length'], String(end - start + 1), range);
        assert.deepEqual(r.body, PAYLOAD.subarray(start, end + 1), range);
      }
    });

    test('unsatisfiable range: 416 with Content-Range bytes */size', async () => {
      const r = await get('GET', URL_, { range: `bytes=${SIZE}-` });
      assert.equal(r.status, 416);
      assert.equal(r.headers['content-range'], `bytes */${SIZE}`);
      assert.equal(JSON.parse(r.body.toString()).error.code, 'RANGE_NOT_SATISFIABLE');
    });

    test('several ranges: 200 with the whole file, unless they merge into one (206)', async () => {
      const split = await get('GET', URL_, { range: 'bytes=0-9,100-109' });
      assert.equal(split.status, 200);
      assert.deepEqual(split.body, PAYLOAD);
      const merged = await get('GET', URL_, { range: 'bytes=0-9,5-19' });
      assert.equal(merged.status, 206);
      assert.equal(merged.headers['content-range'], `bytes 0-19/${SIZE}`);
    });

    test('If-None-Match: 304 without a body; If-Range: a match is honoured, a mismatch gets the whole file', async () => {
      const { headers } = await get('HEAD', URL_);
      const etag = String(headers.etag);
      const nm = await get('GET', URL_, { 'if-none-match': etag });
      assert.equal(nm.status, 304);
      assert.equal(nm.body.length, 0);
      assert.equal(nm.headers.etag, etag);
      assert.equal((await get('GET', URL_, { 'if-none-match': '"other"' })).status, 200);
      const hit = await get('GET', URL_, { range: 'bytes=5-9', 'if-range': etag });
      assert.equal(hit.status, 206);
      assert.deepEqual(hit.body, PAYLOAD.subarray(5, 10));
      const miss = await get('GET', URL_, { range: 'bytes=5-9', 'if-range': '"stale"' });
      assert.equal(miss.status, 200);
      assert.deepEqual(miss.body, PAYLOAD);
      assert.equal(
        (await get('GET', URL_, { range: 'bytes=5-9', 'if-range': `W/${etag}` })).status,
        200,
        'a weak tag never matches If-Range',
      );
      const failed = await get('GET', URL_, { 'if-match': '"other"' });
      assert.equal(failed.status, 412);
      assert.equal(JSON.parse(failed.body.toString()).error.code, 'PRECONDITION_FAILED');
      assert.equal((await get('GET', URL_, { 'if-match': etag, range: 'bytes=0-0' })).status, 206);
    });

    test('no traversal, no dot files, no temporary uploads, no links, no listings: JSON 404s', async () => {
      for (const path of [
        `/packages/${ID}/.upload-x`,
        `/packages/${ID}/%2eupload-x`,
        `/packages/${ID}/..%2f..%2fhull.sqlite`,
        `/packages/${ID}/..%2F..%2Fhull.sqlite`,
        `/packages/${ID}/%2e%2e%2f%2e%2e%2fhull.sqlite`,
        `/packages/${ID}/..%5c..%5chull.sqlite`,
        `/packages/%2e%2e/hull.sqlite`,
        `/packages/${ID}%2f..%2f../hull.sqlite`,
        `/packages/${ID}/../../hull.sqlite`,
        `/packages/${ID}/%2e%2e/%2e%2e/hull.sqlite`,
        '/packages/../hull.sqlite',
        `/packages/${ID}/link.gz`,
        `/packages/${ID}/sub`,
        `/packages/${ID}/`,
        `/packages/${ID}`,
        '/packages/',
        '/packages',
        `/packages/${ID.toUpperCase()}/${NAME}`,
        `/packages/${ID}/${NAME}%00`,
        `/packages/${ID}/${NAME}/`,
      ]) {
        for (const method of ['GET', 'HEAD'] as const) {
          const r = await get(method, path);
          assert.equal(r.status, 404, `${method} ${path}`);
          assert.ok(!r.body.toString('latin1').includes(SECRET), path);
          if (method === 'GET') assert.equal(JSON.parse(r.body.toString()).error.code, 'NOT_FOUND', path);
        }
      }
    });
  });
}

describe('a download resumed as update_engine resumes it (over a socket)', () => {
  test('bytes=0-<m-1>, then bytes=<k>- reassemble the file byte for byte', async () => {
    const metadata = 4096;
    const head = await raw('GET', URL_, { range: `bytes=0-${metadata - 1}` });
    assert.equal(head.status, 206);
    assert.equal(head.body.length, metadata);
    const rest = await raw('GET', URL_, { range: `bytes=${metadata}-` });
    assert.equal(rest.status, 206);
    assert.equal(rest.headers['content-range'], `bytes ${metadata}-${SIZE - 1}/${SIZE}`);
    assert.deepEqual(Buffer.concat([head.body, rest.body]), PAYLOAD);
  });

  test('a plain GET cut off mid-way, resumed with bytes=<received>-', async () => {
    const cut = await raw('GET', URL_, {}, 100_003);
    assert.equal(cut.status, 200);
    assert.equal(cut.body.length, 100_003);
    const rest = await raw('GET', URL_, { range: `bytes=${cut.body.length}-` });
    assert.equal(rest.status, 206);
    assert.deepEqual(Buffer.concat([cut.body, rest.body]), PAYLOAD);
    // The server is still there after the cut.
    assert.equal((await raw('HEAD', URL_)).status, 200);
  });
});

test('without a package store (buildApp with no packageFiles) there are no package routes', async () => {
  const store = new MemoryStore();
  const bare = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i') });
  try {
    assert.equal((await bare.inject({ method: 'GET', url: URL_ })).statusCode, 404);
  } finally {
    await bare.close();
  }
});
