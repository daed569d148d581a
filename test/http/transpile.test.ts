import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { buildApp } from '../../src/http/app.js';
import { TRANSPILE_BODY_LIMIT } from '../../src/http/routes/transpile.js';
import { recordStart } from '../../src/http/server-facts.js';
import { DIALECTS } from '../../src/transpile/index.js';

// POST /api/v1/transpile in process (inject); test/e2e/transpile.test.ts does the same over a socket.
// One row per dialect: every example must give output without errors.
const ROWS = [{ dialect: 'ignition' }, { dialect: 'ct' }, { dialect: 'butane' }] as const;

describe('POST /api/v1/transpile (in process)', () => {
  let app: FastifyInstance;
  before(async () => {
    const store = new MemoryStore();
    app = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i') });
  });
  after(async () => {
    await app.close();
  });
  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/transpile',
      payload: payload as string,
      headers: { 'content-type': 'application/json', ...headers },
    });

  for (const row of ROWS) {
    test(`${row.dialect}: every example gives Ignition JSON`, async () => {
      for (const ex of DIALECTS[row.dialect].examples) {
        const res = await post({ dialect: row.dialect, source: ex.source });
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^application\/json/);
        const body = res.json() as { output: string | null; issues: { code: string; severity: string }[] };
        assert.deepEqual(
          body.issues.filter((i) => i.severity === 'error'),
          [],
          ex.name,
        );
        assert.match(JSON.parse(body.output!).ignition.version, /^[23]\.\d\.0$/);
      }
    });
  }

  test('ignition with a target: translated, the answer names the target version', async () => {
    const res = await post({ dialect: 'ignition', target: '3.2', source: '{"ignition":{"version":"3.4.0"}}' });
    assert.equal(res.statusCode, 200);
    assert.equal(JSON.parse(res.json().output).ignition.version, '3.2.0');
  });

  test('rules: a 2.x config with a networkd unit is files with flatcar (the default), refused with coreos; unknown rules are 400', async () => {
    const source = '{"ignition":{"version":"2.3.0"},"networkd":{"units":[{"name":"e.network","contents":"[Match]"}]}}';
    for (const rules of [undefined, 'flatcar']) {
      const res = await post({ dialect: 'ignition', target: '3.1', source, ...(rules === undefined ? {} : { rules }) });
      assert.equal(res.statusCode, 200);
      assert.equal(JSON.parse(res.json().output).storage.files[0].path, '/etc/systemd/network/e.network');
    }
    const co = await post({ dialect: 'ignition', target: '3.1', source, rules: 'coreos' });
    assert.equal(co.statusCode, 200);
    assert.equal(co.json().output, null);
    assert.deepEqual(
      co.json().issues.map((i: { code: string }) => i.code),
      ['IGN_TRANSLATE_NETWORKD'],
    );
    const bad = await post({ dialect: 'ignition', target: '3.1', source, rules: 'redhat' });
    assert.equal(bad.statusCode, 400);
  });

  test('not YAML/JSON → 200 with issues carrying code, severity, path, line, column, message', async () => {
    const res = await post({ dialect: 'ignition', source: '{\n  "ignition": [\n' });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.output, null);
    assert.ok(body.issues.length > 0);
    const i = body.issues[0];
    assert.deepEqual(Object.keys(i).sort(), [
      'code',
      'column',
      'endColumn',
      'endLine',
      'line',
      'message',
      'path',
      'severity',
    ]);
    assert.equal(i.code, 'SRC_JSON_SYNTAX');
    assert.equal(i.severity, 'error');
    assert.equal(typeof i.line, 'number');
  });

  test('an unknown dialect → 400 USAGE', async () => {
    const res = await post({ dialect: 'cloud-config', source: 'a: 1' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'USAGE');
    assert.match(res.json().error.message, /unknown dialect "cloud-config"/);
  });

  test('malformed requests → 400 USAGE: no source, a target the dialect cannot emit, not JSON, not an object', async () => {
    for (const payload of [
      { dialect: 'ignition' },
      { dialect: 'ignition', target: '2.3.0', source: '{}' },
      { dialect: 'ignition', target: 7, source: '{}' },
      '{"dialect":',
      '[1]',
    ]) {
      const res = await post(typeof payload === 'string' ? payload : JSON.stringify(payload));
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(res.json().error.code, 'USAGE');
    }
  });

  test(`a body over ${TRANSPILE_BODY_LIMIT} bytes (5 MB) → 413 PAYLOAD_TOO_LARGE, and the app keeps answering`, async () => {
    const source = 'x'.repeat(5 * 1000 * 1000);
    const res = await post(JSON.stringify({ dialect: 'ignition', source }));
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
    const ok = await post({ dialect: 'ignition', source: '{"ignition":{"version":"3.0.0"}}' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json().issues, []);
  });

  test('a body just under the limit is read', async () => {
    const overhead = JSON.stringify({ dialect: 'ignition', source: '' }).length;
    const res = await post(
      JSON.stringify({ dialect: 'ignition', source: ' '.repeat(TRANSPILE_BODY_LIMIT - overhead) }),
    );
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().issues[0].code, 'IGN_CONFIG_EMPTY');
  });

  test('a body that is not application/json: 415 UNSUPPORTED_MEDIA_TYPE in the error shape', async () => {
    const body = JSON.stringify({ dialect: 'ignition', source: '{}' });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/yaml']) {
      const res = await post(body, { 'content-type': type });
      assert.equal(res.statusCode, 415, type);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      const json = res.json() as { error: { code: string; message: string } };
      assert.equal(json.error.code, 'UNSUPPORTED_MEDIA_TYPE');
      assert.match(
        json.error.message,
        new RegExp(
          `^Content-Type ${type.replace('/', '\\/')} is not accepted by POST /api/v1/transpile; send application/json$`,
        ),
      );
    }
    const charset = await post(body, { 'content-type': 'application/json; charset=utf-8' });
    assert.equal(charset.statusCode, 200);
  });
});
