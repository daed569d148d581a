import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AppError } from '../../core/index.js';
import { httpRequest, readTokenFile } from './http-client.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-http-client-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('http-client (hull update)', () => {
  test('a file goes out streamed as application/octet-stream with its Content-Length (not chunked); onBytes counts up to the size', async () => {
    const file = join(dir, 'payload');
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
    writeFileSync(file, bytes);
    let seen: { headers: IncomingMessage['headers']; sha: string; size: number } | undefined;
    const server = createServer((req, res) => {
      const h = createHash('sha256');
      let size = 0;
      req.on('data', (c: Buffer) => {
        h.update(c);
        size += c.length;
      });
      req.on('end', () => {
        seen = { headers: req.headers, sha: h.digest('hex'), size };
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":1}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const calls: [number, number][] = [];
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/up`;
      const answer = await httpRequest({ method: 'POST', url, headers: { authorization: 'Bearer t' }, file: { path: file, onBytes: (d, t) => calls.push([d, t]) } });
      assert.deepEqual([answer.status, answer.text], [201, '{"ok":1}']);
      assert.equal(seen!.headers['content-type'], 'application/octet-stream');
      assert.equal(seen!.headers['content-length'], String(bytes.length));
      assert.equal(seen!.headers['transfer-encoding'], undefined);
      assert.equal(seen!.headers.authorization, 'Bearer t');
      assert.deepEqual([seen!.size, seen!.sha], [bytes.length, createHash('sha256').update(bytes).digest('hex')]);
      assert.ok(calls.length > 1, 'several chunks');
      assert.deepEqual(calls.at(-1), [bytes.length, bytes.length]);
      assert.ok(calls.every(([, t]) => t === bytes.length));
    } finally {
      server.close();
    }
  });

  test('a closed port is SERVER_UNREACHABLE naming the origin; a missing upload file NOT_FOUND; token files', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    await assert.rejects(httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/api/v1/apps` }), (e: unknown) => e instanceof AppError && e.code === 'SERVER_UNREACHABLE' && e.message === `cannot reach the Hull server at http://127.0.0.1:${port}: connection refused`);
    await assert.rejects(httpRequest({ method: 'POST', url: `http://127.0.0.1:${port}/`, file: { path: join(dir, 'nope') } }), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND');
    writeFileSync(join(dir, 'tok'), 'hull_abc\n');
    assert.equal(await readTokenFile(dir, 'tok', false), 'hull_abc');
    assert.equal(await readTokenFile(dir, 'missing', true), undefined);
    await assert.rejects(readTokenFile(dir, 'missing', false), (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND' && /^token file: no such file: missing$/.test(e.message));
  });
});
