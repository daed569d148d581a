import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { webFiles } from '../../src/adapters/node/web-files.js';
import { buildApp } from '../../src/http/app.js';
import { acceptsGzip, webPathOf } from '../../src/http/routes/web.js';
import { gunzipSync, gzipSync } from 'node:zlib';
import { recordStart } from '../../src/http/server-facts.js';

// The static handler for dist/web, in process, over a made-up build in a temp dir.
const tmp = mkdtempSync(join(tmpdir(), 'hull-web-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

async function appWith(root: string): Promise<FastifyInstance> {
  const store = new MemoryStore();
  return buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i'), web: webFiles(root) });
}

describe('web app files (in process)', () => {
  const root = join(tmp, 'web');
  let app: FastifyInstance;
  before(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>Hull playground</title>');
    writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-AbC123.css'), 'body{}');
    writeFileSync(join(root, 'assets', 'big-Z9.js'), 'let a = 1;\n'.repeat(500));
    writeFileSync(join(root, 'assets', 'big-Z9.js.gz'), gzipSync('let a = 1;\n'.repeat(500)));
    writeFileSync(join(root, '.hidden'), 'secret');
    writeFileSync(join(tmp, 'secret.txt'), 'outside');
    mkdirSync(join(tmp, 'web-sibling'));
    writeFileSync(join(tmp, 'web-sibling', 'x.txt'), 'outside too');
    symlinkSync(join(tmp, 'secret.txt'), join(root, 'link.txt'));
    app = await appWith(root);
  });
  after(async () => app.close());

  test('GET / is index.html, text/html, no-cache, with an ETag that answers 304', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers['content-security-policy']), /script-src 'self';/);
    assert.match(res.body, /Hull playground/);
    const again = await app.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  test('GET /ui/… (a dashboard page, reloaded or linked) is index.html; GET /ui/nope.js too, an /assets/ file that is missing stays a 404', async () => {
    for (const url of ['/ui', '/ui/machines?status=error', '/ui/apps/a/groups/b']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', url);
      assert.match(res.body, /Hull playground/, url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode, 404);
  });

  test('security headers (@fastify/helmet) on pages, 304s, JSON answers and 404s alike; no HSTS over plain HTTP', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    const notModified = await app.inject({
      method: 'GET',
      url: '/',
      headers: { 'if-none-match': String(page.headers.etag) },
    });
    const json = await app.inject({ method: 'GET', url: '/healthz' });
    const missing = await app.inject({ method: 'GET', url: '/nope/.env' });
    assert.equal(missing.statusCode, 404);
    for (const res of [page, notModified, json, missing]) {
      assert.equal(
        res.headers['content-security-policy'],
        "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'none';frame-ancestors 'none'",
      );
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
      assert.equal(res.headers['strict-transport-security'], undefined);
    }
  });

  test('hashed assets: their content type and cached for good', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js?v=1' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.body, 'console.log(1)');
    const css = await app.inject({ method: 'GET', url: '/assets/index-AbC123.css' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const head = await app.inject({ method: 'HEAD', url: '/assets/index-AbC123.js' });
    assert.equal(head.statusCode, 200);
  });

  test('a gzip copy goes to clients that accept gzip, with its own ETag; others get the file itself', async () => {
    const plain = await app.inject({ method: 'GET', url: '/assets/big-Z9.js' });
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.body, 'let a = 1;\n'.repeat(500));
    assert.equal(plain.headers.vary, 'accept-encoding');
    const gz = await app.inject({
      method: 'GET',
      url: '/assets/big-Z9.js',
      headers: { 'accept-encoding': 'br, gzip;q=0.8' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gz.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(gunzipSync(gz.rawPayload).toString(), 'let a = 1;\n'.repeat(500));
    assert.notEqual(gz.headers.etag, plain.headers.etag);
    const refused = await app.inject({
      method: 'GET',
      url: '/assets/big-Z9.js',
      headers: { 'accept-encoding': 'gzip;q=0' },
    });
    assert.equal(refused.headers['content-encoding'], undefined);
    const noCopy = await app.inject({
      method: 'GET',
      url: '/assets/index-AbC123.css',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(noCopy.headers['content-encoding'], undefined, 'no .gz beside it: the file itself');
    assert.equal(noCopy.body, 'body{}');
  });

  test('acceptsGzip reads Accept-Encoding', () => {
    for (const [h, want] of [
      [undefined, false],
      ['', false],
      ['gzip', true],
      ['deflate, gzip', true],
      ['GZIP;q=0.5', true],
      ['gzip;q=0', false],
      ['*', true],
      ['br', false],
      ['x-gzip', false],
    ] as const) {
      assert.equal(acceptsGzip(h), want, String(h));
    }
  });

  test('nothing outside the build: .., encoded .., dot files, symlinks out, sibling prefixes are JSON 404s', async () => {
    for (const url of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/.hidden',
      '/link.txt',
      '/%00',
      '/assets/',
      '/assets',
      '/../web-sibling/x.txt',
      '/no-such-file.js',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error.code, 'NOT_FOUND', url);
      assert.doesNotMatch(res.body, /outside/, url);
    }
  });

  test('a URL that is not valid percent-encoding is a 400 USAGE (fastify refuses it)', async () => {
    const res = await app.inject({ method: 'GET', url: '/%E0%A4%A' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'USAGE');
  });

  test('the API routes still win over the files', async () => {
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/api/v1/status' })).json().version, '9.9.9');
  });

  test('webPathOf: URL paths to file paths', () => {
    assert.equal(webPathOf('/'), 'index.html');
    assert.equal(webPathOf('/assets/a-1.js'), 'assets/a-1.js');
    assert.equal(webPathOf('/a%20b.txt'), 'a b.txt');
    // The dashboard's pages are routes of the app: reloading one gets index.html.
    for (const page of ['/ui', '/ui/', '/ui/machines', '/ui/apps/x/groups/y', '/ui/machines/abc%2Fdef'])
      assert.equal(webPathOf(page), 'index.html', page);
    assert.equal(webPathOf('/uix'), 'uix');
    for (const bad of ['/../x', '/a/../x', '/a//b', '/.git/config', '/a\\b', '/%5c', '/%zz'])
      assert.equal(webPathOf(bad), undefined, bad);
  });
});

test('no build (dist/web missing): GET / is a 503 page naming WEB_APP_MISSING and the fix; the API still works', async () => {
  const app = await appWith(join(tmp, 'not-built'));
  try {
    const res = await app.inject({ method: 'GET', url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /WEB_APP_MISSING/);
    assert.match(res.body, /npm run build/);
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/transpile',
      payload: { dialect: 'ignition', source: '{"ignition":{"version":"3.0.0"}}' },
    });
    assert.equal(api.statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/assets/x.js' })).statusCode, 404);
  } finally {
    await app.close();
  }
});
