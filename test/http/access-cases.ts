/**
 * The management API's access and validation cases, run by access.test.ts on
 * SQLite and PostgreSQL, each in process (fastify inject) and over a socket.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { TokenRepository } from '../../src/core/index.js';

export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: any;
}

export type Send = (
  method: string,
  url: string,
  opts?: { token?: string; authorization?: string; body?: unknown },
) => Promise<Answer>;

/** Through fastify's inject, no socket. */
export const injectClient =
  (app: FastifyInstance): Send =>
  async (method, url, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.authorization !== undefined) headers['authorization'] = opts.authorization;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(opts.body === undefined ? {} : { payload: JSON.stringify(opts.body) }),
    });
    return {
      status: res.statusCode,
      headers: res.headers as Record<string, string>,
      body: res.body === '' ? undefined : JSON.parse(res.body),
    };
  };

/** Over a real socket: the app listens on a free loopback port. */
export const socketClient =
  (base: string): Send =>
  async (method, url, opts = {}) => {
    const headers: Record<string, string> = {};
    if (opts.token !== undefined) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.authorization !== undefined) headers['authorization'] = opts.authorization;
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${url}`, {
      method,
      headers,
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: text === '' ? undefined : JSON.parse(text),
    };
  };

export interface AccessSetup {
  readonly send: Send;
  readonly tokens: TokenRepository;
  close(): Promise<void>;
}

export function accessCases(name: string, setup: () => Promise<AccessSetup>): void {
  describe(`management API access: ${name}`, () => {
    let s: AccessSetup;
    let admin: string;
    let viewer: string;
    before(async () => {
      s = await setup();
      admin = (await s.tokens.create({ role: 'admin', name: 'test admin' })).secret;
      viewer = (await s.tokens.create({ role: 'viewer', name: 'test viewer' })).secret;
    });
    after(() => s?.close());

    const assert401 = (res: Answer, what: string) => {
      assert.equal(res.status, 401, what);
      assert.equal(res.body.error.code, 'UNAUTHORIZED', what);
      assert.match(res.headers['www-authenticate'] ?? '', /^Bearer\b/, what);
    };

    test('no token, a malformed header, an unknown token → 401 UNAUTHORIZED with WWW-Authenticate: Bearer', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/tokens'],
        ['POST', '/api/v1/tokens'],
        ['DELETE', '/api/v1/tokens/x'],
        ['GET', '/api/v1/whoami'],
        ['GET', '/api/v1/no-such-route'],
      ]) {
        assert401(await s.send(method!, url!), `${method} ${url} without a token`);
      }
      assert401(
        await s.send('GET', '/api/v1/whoami', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }),
        'Basic',
      );
      assert401(await s.send('GET', '/api/v1/whoami', { authorization: 'Bearer' }), 'Bearer without a token');
      assert401(await s.send('GET', '/api/v1/whoami', { token: `hull_${'A'.repeat(43)}` }), 'unknown token');
      assert401(await s.send('GET', '/api/v1/whoami', { token: `${admin}x` }), 'token with a character more');
    });

    test('the open routes need no token: status, transpile, openapi.json, healthz, metrics', async () => {
      assert.equal((await s.send('GET', '/api/v1/status')).status, 200);
      assert.equal(
        (
          await s.send('POST', '/api/v1/transpile', {
            body: { dialect: 'ignition', source: '{"ignition":{"version":"3.0.0"}}' },
          })
        ).status,
        200,
      );
      assert.equal((await s.send('GET', '/api/v1/openapi.json')).status, 200);
      assert.equal((await s.send('GET', '/healthz')).status, 200);
    });

    test('a viewer reads (200) but may not write (403) nor use admin-only routes, GET included (403)', async () => {
      const me = await s.send('GET', '/api/v1/whoami', { token: viewer });
      assert.equal(me.status, 200);
      assert.equal(me.body.role, 'viewer');
      assert.equal(me.body.name, 'test viewer');
      assert.equal(me.body.secret, undefined);
      for (const [method, url, body] of [
        ['GET', '/api/v1/tokens'],
        ['POST', '/api/v1/tokens', { role: 'viewer' }],
        ['DELETE', '/api/v1/tokens/x'],
        ['POST', '/api/v1/whoami', {}],
      ] as const) {
        const res = await s.send(method, url, { token: viewer, ...(body === undefined ? {} : { body }) });
        assert.equal(res.status, 403, `${method} ${url}`);
        assert.equal(res.body.error.code, 'FORBIDDEN');
      }
    });

    test('an admin lists, creates (201, the secret once) and revokes; a revoked token is 401 at once', async () => {
      const created = await s.send('POST', '/api/v1/tokens', { token: admin, body: { role: 'viewer', name: 'ci' } });
      assert.equal(created.status, 201);
      assert.match(created.body.secret, /^hull_[A-Za-z0-9_-]{43}$/);
      assert.deepEqual(
        [created.body.role, created.body.name, created.body.prefix],
        ['viewer', 'ci', created.body.secret.slice(0, 13)],
      );
      assert.equal((await s.send('GET', '/api/v1/whoami', { token: created.body.secret })).status, 200);
      const list = await s.send('GET', '/api/v1/tokens', { token: admin });
      assert.equal(list.status, 200);
      const row = list.body.items.find((t: { id: string }) => t.id === created.body.id);
      assert.deepEqual(Object.keys(row).sort(), [
        'createdAt',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'revokedAt',
        'role',
      ]);
      assert.ok(!JSON.stringify(list.body).includes(created.body.secret), 'no secret in the list');
      const revoked = await s.send('DELETE', `/api/v1/tokens/${created.body.id}`, { token: admin });
      assert.equal(revoked.status, 200);
      assert.match(revoked.body.revokedAt, /^\d{4}-\d\d-\d\dT/);
      assert401(await s.send('GET', '/api/v1/whoami', { token: created.body.secret }), 'revoked token');
      const missing = await s.send('DELETE', '/api/v1/tokens/no-such-id', { token: admin });
      assert.deepEqual([missing.status, missing.body.error.code], [404, 'NOT_FOUND']);
    });

    test('bad bodies → 400 REQUEST_INVALID with details [{path, message, in}]', async () => {
      const rows: Array<[string, unknown, string, RegExp]> = [
        ['wrong type', { role: 'viewer', name: 5 }, '$.name', /must be string/],
        ['missing field', { name: 'x' }, '$.role', /is required/],
        ['extra field', { role: 'viewer', colour: 'red' }, '$.colour', /not allowed/],
        ['bad enum', { role: 'owner' }, '$.role', /must be one of: "admin", "viewer"/],
        ['not an object', [1], '$', /must be object/],
        ['empty name', { role: 'viewer', name: '' }, '$.name', /fewer than 1/],
      ];
      for (const [what, body, path, message] of rows) {
        const res = await s.send('POST', '/api/v1/tokens', { token: admin, body });
        assert.equal(res.status, 400, what);
        assert.equal(res.body.error.code, 'REQUEST_INVALID', what);
        assert.equal(res.body.error.details.length, 1, what);
        assert.equal(res.body.error.details[0].path, path, what);
        assert.equal(res.body.error.details[0].in, 'body', what);
        assert.match(res.body.error.details[0].message, message, what);
        assert.match(res.body.error.message, /^the request body is invalid: /, what);
      }
      assert.equal(
        (await s.tokens.list()).filter((t) => t.name === 'x' || t.role === ('owner' as string)).length,
        0,
        'nothing was made',
      );
    });

    test('authentication comes before validation: a bad body without a token is 401', async () => {
      assert401(await s.send('POST', '/api/v1/tokens', { body: { role: 'owner' } }), 'bad body, no token');
    });
  });
}
