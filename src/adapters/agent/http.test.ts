// The agent's HTTP as update_engine sends it: the POST's headers (no User-Agent), the GET's
// Range when resuming, a 206's Content-Range read, an unanswered request as NoAnswerError.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { NoAnswerError } from '../../update/agent/index.js';
import { httpOmahaTransport, httpPayloadFetcher } from './http.js';

/** A raw server: each connection's request text kept, answered with `reply(requestText)`. */
async function raw(reply: (req: string) => string): Promise<{ server: Server; port: number; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((s) => {
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      seen.push(buf);
      s.end(reply(buf));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { server, port: (server.address() as { port: number }).port, seen };
}

const signal = new AbortController().signal;

test('the Omaha POST: Host, Accept: */*, Content-Type: text/xml, Content-Length, Connection: close; no User-Agent; the answer bounded', async () => {
  const { server, port, seen } = await raw(() => 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789');
  try {
    const a = await httpOmahaTransport.post(`http://127.0.0.1:${port}/v1/update/`, '<request/>', {
      maxBytes: 4,
      signal,
    });
    assert.deepEqual(a, { status: 200, body: '0123' });
    assert.equal(
      seen[0],
      `POST /v1/update/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAccept: */*\r\nContent-Type: text/xml\r\nContent-Length: 10\r\nConnection: close\r\n\r\n<request/>`,
    );
  } finally {
    server.close();
  }
});

test('the payload GET: Range: bytes=N- when resuming; 206 with Content-Range gives offset and total; an error status passes through', async () => {
  const { server, port, seen } = await raw((req) =>
    req.includes('Range: bytes=3-')
      ? 'HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 3-9/10\r\nContent-Length: 7\r\n\r\n3456789'
      : req.startsWith('GET /missing')
        ? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'
        : 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789',
  );
  try {
    const ranges: (string | undefined)[] = [];
    const f = httpPayloadFetcher({ onRequest: (_u, r) => ranges.push(r) });
    const text = async (r: Awaited<ReturnType<typeof f.get>>) => {
      let t = '';
      for await (const c of r.chunks) t += Buffer.from(c).toString();
      return t;
    };
    const whole = await f.get(`http://127.0.0.1:${port}/p`, { offset: 0, signal, auth: { user: 'u', password: 'p' } });
    assert.deepEqual([whole.status, whole.offset, whole.totalSize, await text(whole)], [200, 0, 10, '0123456789']);
    const rest = await f.get(`http://127.0.0.1:${port}/p`, { offset: 3, signal });
    assert.deepEqual([rest.status, rest.offset, rest.totalSize, await text(rest)], [206, 3, 10, '3456789']);
    assert.equal((await f.get(`http://127.0.0.1:${port}/missing`, { offset: 0, signal })).status, 404);
    assert.deepEqual(ranges, [undefined, 'bytes=3-', undefined]);
    assert.ok(!seen[0]!.includes('User-Agent') && !seen[0]!.includes('Range'));
    assert.ok(!seen[0]!.includes('Authorization'), 'DOWNLOAD_USER is not sent over plain http');
    assert.match(seen[1]!, /^GET \/p HTTP\/1\.1\r\nHost: [^\r]+\r\nAccept: \*\/\*\r\nRange: bytes=3-\r\n/);
  } finally {
    server.close();
  }
});

test('nothing listening: NoAnswerError', async () => {
  const { server, port } = await raw(() => '');
  server.close();
  await new Promise((r) => setTimeout(r, 20));
  await assert.rejects(
    httpOmahaTransport.post(`http://127.0.0.1:${port}/`, 'x', { maxBytes: 10, signal }),
    NoAnswerError,
  );
  await assert.rejects(httpPayloadFetcher().get(`http://127.0.0.1:${port}/`, { offset: 0, signal }), NoAnswerError);
});
