import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { runHull, startServer } from '../helpers/hull.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'hull-serve-'));
  dirs.push(d);
  return d;
}

async function getJson(url: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

describe('hull serve over a socket', () => {
  test('npm start: /healthz 200, /metrics in Prometheus text, SIGTERM exits 0 within 2 s', async () => {
    const data = join(tempDir(), 'data');
    const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data], { viaNpm: true });
    try {
      const health = await getJson(`${server.url}/healthz`);
      assert.equal(health.status, 200);
      assert.equal(health.body.status, 'ok');
      assert.equal(health.body.store, 'sqlite');
      const metrics = await fetch(`${server.url}/metrics`);
      assert.equal(metrics.status, 200);
      assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
      const text = await metrics.text();
      assert.match(text, /^# TYPE hull_http_requests_total counter$/m);
      assert.match(text, /^hull_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1$/m);
      assert.ok(existsSync(join(data, 'hull.sqlite')), 'the store is a file in the data dir');
    } finally {
      const { code, ms } = await server.stop('SIGTERM');
      assert.equal(code, 0, server.logs());
      assert.ok(ms < 2000, `exit took ${ms.toFixed(0)} ms`);
    }
    const logs = server
      .logs()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: number });
    assert.ok(
      logs.some((l) => l.msg === 'shutting down'),
      'logs are JSON lines and say what happened',
    );
    assert.ok(logs.some((l) => l.msg === 'stopped'));
  });

  test('a second start on the same data dir keeps the data', async () => {
    const data = join(tempDir(), 'data');
    const first = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
    const h1 = await getJson(`${first.url}/healthz`);
    assert.equal((await first.stop()).code, 0);
    const second = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
    const h2 = await getJson(`${second.url}/healthz`);
    assert.equal((await second.stop()).code, 0);
    assert.equal(h1.body.starts, 1);
    assert.equal(h2.body.starts, 2);
    assert.equal(h2.body.instance, h1.body.instance);
    assert.match(String(h1.body.instance), /^[0-9a-f-]{36}$/);
  });

  test('SIGINT stops it cleanly too, with open keep-alive connections', async () => {
    const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', join(tempDir(), 'd')]);
    const res = await fetch(`${server.url}/healthz`, { headers: { connection: 'keep-alive' } });
    await res.text();
    const { code, ms } = await server.stop('SIGINT');
    assert.equal(code, 0);
    assert.ok(ms < 2000, `exit took ${ms.toFixed(0)} ms`);
  });

  test('a port in use: exit 3, LISTEN_FAILED, no stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = runHull([
        'serve',
        '--listen',
        `127.0.0.1:${port}`,
        '--data-dir',
        join(tempDir(), 'd'),
        '--log-level',
        'silent',
      ]);
      assert.equal(r.status, 3);
      assert.match(
        r.stderr,
        new RegExp(
          `^hull: error LISTEN_FAILED: while starting the server: cannot listen on 127\\.0\\.0\\.1:${port}: EADDRINUSE$`,
          'm',
        ),
      );
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  test('a data dir that cannot be made: exit 3, STORE_OPEN_FAILED', () => {
    // A path under a regular file can never be a directory, even for root.
    const r = runHull(['serve', '--listen', '127.0.0.1:0', '--data-dir', join(process.execPath, 'data')]);
    assert.equal(r.status, 3, r.stderr);
    assert.match(r.stderr, /^hull: error STORE_OPEN_FAILED: /m);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });
});
