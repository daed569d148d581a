import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DIALECTS } from '../../src/transpile/index.js';
import { startServer, type RunningServer } from '../helpers/hull.js';

// `npm start` over a socket: the playground at / and POST /api/v1/transpile
// (test/http/ has the same in process).
const data = mkdtempSync(join(tmpdir(), 'hull-e2e-transpile-'));
after(() => rmSync(data, { recursive: true, force: true }));

// One row per dialect: every example must give output without errors.
const ROWS = [{ dialect: 'ignition' }, { dialect: 'ct' }, { dialect: 'butane' }] as const;

const post = (url: string, body: unknown) =>
  fetch(`${url}/api/v1/transpile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('npm start: playground and transpile API over a socket', () => {
  let server: RunningServer;
  before(async () => {
    server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(data, 'd')], { viaNpm: true });
  });
  after(async () => {
    assert.equal((await server.stop()).code, 0, server.logs());
  });

  test('GET / is the playground (no-cache); its hashed script is JavaScript cached for good', async () => {
    const res = await fetch(`${server.url}/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(res.headers.get('cache-control'), 'no-cache');
    const html = await res.text();
    assert.match(html, /<title>Hull playground<\/title>/);
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    const js = await fetch(`${server.url}${script}`);
    assert.equal(js.status, 200);
    assert.equal(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal(js.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(js.headers.get('content-encoding'), 'gzip', 'fetch accepts gzip; the build made a .gz copy');
    assert.ok((await js.arrayBuffer()).byteLength > 100_000, 'the bundle holds the transpilers');
  });

  for (const row of ROWS) {
    test(`${row.dialect}: every example gives Ignition JSON`, async () => {
      for (const ex of DIALECTS[row.dialect].examples) {
        const res = await post(server.url, { dialect: row.dialect, source: ex.source });
        assert.equal(res.status, 200);
        const body = (await res.json()) as { output: string | null; issues: { code: string; severity: string }[] };
        assert.deepEqual(
          body.issues.filter((i) => i.severity === 'error'),
          [],
          ex.name,
        );
        assert.match(JSON.parse(body.output!).ignition.version, /^[23]\.\d\.0$/);
      }
    });
  }

  test('not JSON gives 200 with issues; an unknown dialect 400 USAGE', async () => {
    const bad = await post(server.url, { dialect: 'ignition', source: 'storage: [' });
    assert.equal(bad.status, 200);
    assert.equal(((await bad.json()) as { issues: { code: string }[] }).issues[0]?.code, 'SRC_JSON_SYNTAX');
    const unknown = await post(server.url, { dialect: 'xml', source: '' });
    assert.equal(unknown.status, 400);
    assert.equal(((await unknown.json()) as { error: { code: string } }).error.code, 'USAGE');
  });

  test('a 5 MB body → 413 PAYLOAD_TOO_LARGE, and the server keeps serving', async () => {
    // Node's own client writes the whole body before it reads: it sees the answer only if the
    // server neither resets the connection nor stops reading (fastify's default; see error-handler.ts).
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (body: string) =>
      new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          `${server.url}/api/v1/transpile`,
          {
            agent,
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = await send(JSON.stringify({ dialect: 'ignition', source: 'x'.repeat(5 * 1000 * 1000) }));
      assert.equal(big.status, 413);
      assert.equal((JSON.parse(big.text) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
      const next = await send(JSON.stringify({ dialect: 'ignition', source: '{"ignition":{"version":"3.1.0"}}' }));
      assert.equal(next.status, 200);
    } finally {
      agent.destroy();
    }
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const again = await post(server.url, { dialect: 'ignition', source: '{"ignition":{"version":"3.6.0"}}' });
    assert.equal(again.status, 200);
    assert.deepEqual(((await again.json()) as { issues: unknown[] }).issues, []);
  });
});
