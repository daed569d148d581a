import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';

// In process, through fastify's inject: the same routes test/e2e/serve.test.ts
// exercises over a socket against the real binary.
describe('http app (in process)', () => {
  const store = new MemoryStore();
  let app: FastifyInstance;
  before(async () => {
    const facts = await recordStart(store, '9.9.9', () => 'instance-1');
    app = await buildApp({ store, facts });
  });
  after(async () => {
    await app.close();
  });

  test('GET /healthz answers 200 with the store and instance', async () => {
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), {
      status: 'ok',
      version: '9.9.9',
      store: 'sqlite',
      instance: 'instance-1',
      starts: 1,
    });
  });

  test('GET /healthz answers 503 when the store does not answer', async () => {
    store.failing = true;
    try {
      const res = await app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'unavailable');
    } finally {
      store.failing = false;
    }
  });

  test('GET /metrics is Prometheus text and counts requests by route', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    assert.match(res.body, /^# HELP hull_http_requests_total /m);
    assert.match(res.body, /^# TYPE hull_http_requests_total counter$/m);
    assert.match(res.body, /^hull_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]\d*$/m);
    assert.match(res.body, /^hull_build_info\{version="9\.9\.9"\} 1$/m);
    assert.match(res.body, /^hull_process_cpu_user_seconds_total /m);
  });

  test('an unknown route is a JSON 404 with code NOT_FOUND', async () => {
    const res = await app.inject({ method: 'GET', url: '/no/such/thing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });

  test('GET /status is an HTML page naming the version and instance', async () => {
    const res = await app.inject({ method: 'GET', url: '/status' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.body, /9\.9\.9/);
    assert.match(res.body, /instance-1/);
  });
});

test('GET /api/v1/status: the status facts as JSON', async () => {
  const store = new MemoryStore();
  const app = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'instance-2') });
  try {
    const res = await app.inject({ method: 'GET', url: '/api/v1/status' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { version: '9.9.9', store: 'sqlite', instance: 'instance-2', starts: 1 });
  } finally {
    await app.close();
  }
});

describe('recordStart', () => {
  test('keeps the instance id and counts starts', async () => {
    const store = new MemoryStore();
    let n = 0;
    const newId = () => `id-${++n}`;
    const first = await recordStart(store, '1.0.0', newId);
    const second = await recordStart(store, '1.0.1', newId);
    assert.equal(first.instanceId, 'id-1');
    assert.equal(second.instanceId, 'id-1');
    assert.equal(second.startCount, 2);
    assert.equal(await store.getMeta('last_version'), '1.0.1');
  });
});
