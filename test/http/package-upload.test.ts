import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { openPackageFiles, type PackageFiles, type ReceivedFile } from '../../src/adapters/node/package-files.js';
import { installErrorHandling } from '../../src/http/error-handler.js';
import { acceptOctetStream, receivePackageUpload } from '../../src/http/routes/packages.js';

// receivePackageUpload from a tiny fastify instance (the API route with its
// token and package record is the integrator's): in process and over a socket.
const tmp = mkdtempSync(join(tmpdir(), 'hull-pkgup-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const LIMIT = 3 * 1024 * 1024;
let files: PackageFiles;
let app: FastifyInstance;
let port: number;
/** Each upload's outcome, in order: lets a test wait for the server side of an aborted upload. */
const outcomes: Promise<unknown>[] = [];

before(async () => {
  files = await openPackageFiles(join(tmp, 'data'));
  // As buildApp: a parameter may be a whole file name.
  app = Fastify({ logger: false, routerOptions: { maxParamLength: 1024 } });
  installErrorHandling(app);
  await app.register(async (scope) => {
    acceptOctetStream(scope);
    scope.put<{ Params: { id: string; name: string }; Querystring: { replace?: string } }>(
      '/upload/:id/:name',
      async (request) => {
        const done = receivePackageUpload(request, files, request.params.id, request.params.name, LIMIT, {
          replace: request.query.replace === '1',
        });
        outcomes.push(done.catch((e: unknown) => e));
        return done;
      },
    );
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as { port: number }).port;
});
after(async () => app.close());

const hashes = (b: Buffer): ReceivedFile => ({
  size: b.length,
  sha1Base64: createHash('sha1').update(b).digest('base64'),
  sha256Hex: createHash('sha256').update(b).digest('hex'),
  sha256Base64: createHash('sha256').update(b).digest('base64'),
});
const stored = (id: string, name: string) => join(files.root, id, name);
const temps = (id: string) =>
  existsSync(join(files.root, id)) ? readdirSync(join(files.root, id)).filter((f) => f.startsWith('.upload-')) : [];

/** PUT over a socket; `chunked` sends no Content-Length. */
function put(
  path: string,
  body: Buffer,
  opts: { chunked?: boolean; type?: string } = {},
): Promise<{ status: number; headers: IncomingHttpHeaders; json: any }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/octet-stream' };
    if (!opts.chunked) headers['content-length'] = String(body.length);
    const req = httpRequest({ host: '127.0.0.1', port, method: 'PUT', path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    // In pieces, as a real client streams a file.
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.subarray(i, i + 64 * 1024));
    req.end();
  });
}

describe('package upload (in process)', () => {
  test('the body is stored and its hashes are what node:crypto computes over the same bytes', async () => {
    const id = randomUUID();
    const body = randomBytes(200_000);
    const res = await app.inject({
      method: 'PUT',
      url: `/upload/${id}/a.gz`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: body,
    });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), hashes(body));
    assert.deepEqual(readFileSync(stored(id, 'a.gz')), body);
  });

  test('refusals: another Content-Type 415, a bad file name 400 REQUEST_INVALID, an existing file 409 unless replace', async () => {
    const id = randomUUID();
    const text = await app.inject({
      method: 'PUT',
      url: `/upload/${id}/a.gz`,
      headers: { 'content-type': 'text/plain' },
      payload: 'x',
    });
    assert.equal(text.statusCode, 415);
    for (const name of ['.upload-x', '.hidden', 'a%2fb', 'a%5cb', 'a%00b', 'x'.repeat(256)]) {
      const r = await app.inject({
        method: 'PUT',
        url: `/upload/${id}/${name}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload: 'x',
      });
      assert.equal(r.statusCode, 400, name);
      assert.equal(r.json().error.code, 'REQUEST_INVALID', name);
    }
    const up = (payload: string, q = '') =>
      app.inject({
        method: 'PUT',
        url: `/upload/${id}/a.gz${q}`,
        headers: { 'content-type': 'application/octet-stream' },
        payload,
      });
    assert.equal((await up('one')).statusCode, 200);
    const again = await up('two');
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().error.code, 'CONFLICT');
    assert.equal(readFileSync(stored(id, 'a.gz'), 'utf8'), 'one');
    assert.equal((await up('three', '?replace=1')).statusCode, 200);
    assert.equal(readFileSync(stored(id, 'a.gz'), 'utf8'), 'three');
    assert.deepEqual(temps(id), []);
  });
});

describe('package upload (over a socket)', () => {
  test('with Content-Length and chunked: stored whole, hashes equal node:crypto', async () => {
    for (const chunked of [false, true]) {
      const id = randomUUID();
      const body = randomBytes(LIMIT - 1);
      const r = await put(`/upload/${id}/flatcar_production_update.gz`, body, { chunked });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, hashes(body));
      assert.equal(r.json.sha256Base64.length, 44);
      assert.deepEqual(readFileSync(stored(id, 'flatcar_production_update.gz')), body);
      assert.deepEqual(temps(id), []);
    }
  });

  test('over the limit, declared or streamed: 413 PAYLOAD_TOO_LARGE reaches the client; no file, no temporary file', async () => {
    for (const chunked of [false, true]) {
      const id = randomUUID();
      const r = await put(`/upload/${id}/a.gz`, randomBytes(LIMIT + 1), { chunked });
      assert.equal(r.status, 413, `chunked: ${chunked}`);
      assert.equal(r.json.error.code, 'PAYLOAD_TOO_LARGE');
      assert.equal(existsSync(stored(id, 'a.gz')), false);
      assert.deepEqual(temps(id), []);
    }
  });

  test('a declared Content-Length over the limit is refused before the body is sent', async () => {
    const id = randomUUID();
    const socket = connect(port, '127.0.0.1');
    const answer = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.setEncoding('utf8').on('data', (c: string) => {
        text += c;
        if (text.includes('\r\n\r\n') && text.includes('}')) resolve(text);
      });
      socket.on('error', reject);
      // Headers only: the 413 must come without a byte of the body.
      socket.write(
        `PUT /upload/${id}/a.gz HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`,
      );
    });
    socket.destroy();
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /PAYLOAD_TOO_LARGE/);
    assert.equal(existsSync(join(files.root, id)), false);
  });

  test('a client that disconnects mid-body leaves no file and no temporary file', async () => {
    const id = randomUUID();
    const before = outcomes.length;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    socket.write(
      `PUT /upload/${id}/a.gz HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: ${LIMIT}\r\n\r\n`,
    );
    socket.write(randomBytes(LIMIT / 2));
    // Wait until the server has started writing the temporary file, then vanish.
    const deadline = Date.now() + 10_000;
    while (temps(id).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(temps(id).length, 1, 'the upload was under way');
    socket.destroy();
    while (outcomes.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const err = await outcomes[before];
    assert.ok(err instanceof Error, 'the upload failed on the server');
    assert.equal((err as { code?: string }).code, 'USAGE', String(err));
    assert.equal(existsSync(stored(id, 'a.gz')), false);
    assert.deepEqual(temps(id), []);
    // The server still takes uploads.
    assert.equal((await put(`/upload/${id}/a.gz`, Buffer.from('again'))).status, 200);
  });
});
