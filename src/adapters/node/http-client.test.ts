import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
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
      const answer = await httpRequest({
        method: 'POST',
        url,
        headers: { authorization: 'Bearer t' },
        file: { path: file, onBytes: (d, t) => calls.push([d, t]) },
      });
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

  test('memory stays flat: a 96 MiB upload never holds more than a few MiB of it (fetch would hold all of it, nodejs/undici#4058)', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const file = join(dir, 'big');
    const size = 96 * 1024 * 1024;
    writeFileSync(file, Buffer.alloc(0));
    truncateSync(file, size);
    let received = 0;
    const server = createServer((req, res) => {
      req.on('data', (c: Buffer) => (received += c.length));
      req.on('end', () => res.end('{}'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    // Measured after a full GC every 8 MiB read: what is still held, not garbage.
    let peak = 0;
    let next = 0;
    const onBytes = (done: number) => {
      if (done < next) return;
      next = done + 8 * 1024 * 1024;
      gc();
      peak = Math.max(peak, process.memoryUsage().arrayBuffers);
    };
    try {
      gc();
      const base = process.memoryUsage().arrayBuffers;
      await httpRequest({
        method: 'PUT',
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
        file: { path: file, onBytes },
      });
      assert.equal(received, size);
      assert.ok(peak - base < 24 * 1024 * 1024, `array buffers grew by ${Math.round((peak - base) / 1048576)} MiB`);
    } finally {
      server.close();
    }
  });

  test('a closed port is SERVER_UNREACHABLE naming the origin; a missing upload file NOT_FOUND; token files', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    await assert.rejects(
      httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/api/v1/apps` }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'SERVER_UNREACHABLE' &&
        e.message === `cannot reach the Hull server at http://127.0.0.1:${port}: connection refused`,
    );
    await assert.rejects(
      httpRequest({ method: 'POST', url: `http://127.0.0.1:${port}/`, file: { path: join(dir, 'nope') } }),
      (e: unknown) => e instanceof AppError && e.code === 'NOT_FOUND',
    );
    writeFileSync(join(dir, 'tok'), 'hull_abc\n');
    assert.equal(await readTokenFile(dir, 'tok', false), 'hull_abc');
    assert.equal(await readTokenFile(dir, 'missing', true), undefined);
    await assert.rejects(
      readTokenFile(dir, 'missing', false),
      (e: unknown) =>
        e instanceof AppError && e.code === 'NOT_FOUND' && /^token file: no such file: missing$/.test(e.message),
    );
  });
});
