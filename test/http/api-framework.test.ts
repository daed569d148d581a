import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from '@sinclair/typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { MemoryTokenRepository } from '../../src/adapters/memory/token-repository.js';
import { buildApp } from '../../src/http/app.js';
import { AJV_OPTIONS, api, IdParams, installApi, StringEnum } from '../../src/http/api/index.js';
import { installErrorHandling } from '../../src/http/error-handler.js';
import { recordStart } from '../../src/http/server-facts.js';
import { AppError } from '../../src/core/index.js';

// The framework as a later route file uses it (docs/server.md#the-api-framework):
// default access (viewer reads, admin writes), query strings coerced, the OpenAPI
// document built from the routes' schemas.
describe('API framework: a route file declared the documented way', () => {
  const tokens = new MemoryTokenRepository();
  let app: FastifyInstance;
  let admin: string;
  let viewer: string;
  before(async () => {
    admin = (await tokens.create({ role: 'admin' })).secret;
    viewer = (await tokens.create({ role: 'viewer' })).secret;
    app = Fastify({ ajv: AJV_OPTIONS });
    installErrorHandling(app);
    await installApi(app, tokens, '1.2.3');
    const r = api(app);
    const Query = Type.Object(
      {
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        live: Type.Optional(Type.Boolean()),
        tag: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    );
    r.get('/api/v1/widgets', { schema: { querystring: Query } }, async (request) => ({
      query: request.query,
      by: request.token?.role,
    }));
    const Body = Type.Object(
      { colour: StringEnum(['red', 'blue']), size: Type.Integer() },
      { additionalProperties: false },
    );
    r.put('/api/v1/widgets/:id', { schema: { params: IdParams, body: Body } }, async (request) => ({
      id: request.params.id,
      ...request.body,
    }));
    r.get('/outside', async () => ({ open: true }));
    r.get('/api/v1/clash', async () => {
      throw new AppError('CONFLICT', 'the name is taken', { details: [{ name: 'x' }] });
    });
    await app.ready();
  });
  after(() => app?.close());

  const send = (method: 'GET' | 'PUT', url: string, token?: string, body?: unknown) =>
    app.inject({
      method,
      url,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });

  test('default access: any token reads, a viewer may not write, an admin may; routes outside /api/v1 are open', async () => {
    assert.equal((await send('GET', '/api/v1/widgets')).statusCode, 401);
    assert.equal((await send('GET', '/api/v1/widgets', viewer)).json().by, 'viewer');
    assert.equal((await send('PUT', '/api/v1/widgets/w1', viewer, { colour: 'red', size: 1 })).statusCode, 403);
    assert.deepEqual((await send('PUT', '/api/v1/widgets/w1', admin, { colour: 'red', size: 1 })).json(), {
      id: 'w1',
      colour: 'red',
      size: 1,
    });
    assert.equal((await send('GET', '/outside')).statusCode, 200);
  });

  test('an AppError with details answers {error: {code, message, details}}', async () => {
    const res = await send('GET', '/api/v1/clash', viewer);
    assert.equal(res.statusCode, 409);
    assert.deepEqual(res.json(), {
      error: { code: 'CONFLICT', message: 'the name is taken', details: [{ name: 'x' }] },
    });
  });

  test('percent-encoded paths of protected routes are protected too', async () => {
    assert.equal((await send('GET', '/api/v1/%77idgets')).statusCode, 401);
    assert.equal((await send('GET', '/api/v1/%77idgets', viewer)).statusCode, 200);
  });

  test('query strings: numbers, booleans and arrays coerced from text, defaults filled in, bad values REQUEST_INVALID in querystring', async () => {
    assert.deepEqual((await send('GET', '/api/v1/widgets?limit=5&live=true&tag=a', viewer)).json().query, {
      limit: 5,
      live: true,
      tag: ['a'],
    });
    assert.deepEqual((await send('GET', '/api/v1/widgets', viewer)).json().query, { limit: 20 });
    for (const [qs, path] of [
      ['limit=0', '$.limit'],
      ['limit=x', '$.limit'],
      ['live=yes', '$.live'],
      ['other=1', '$.other'],
    ]) {
      const res = await send('GET', `/api/v1/widgets?${qs}`, viewer);
      assert.equal(res.statusCode, 400, qs);
      assert.equal(res.json().error.code, 'REQUEST_INVALID');
      assert.deepEqual([res.json().error.details[0].path, res.json().error.details[0].in], [path, 'querystring'], qs);
      assert.match(res.json().error.message, /^the query string is invalid: /);
    }
  });

  test('bodies are not coerced: "size": "3" is a wrong type', async () => {
    const res = await send('PUT', '/api/v1/widgets/w1', admin, { colour: 'red', size: '3' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json().error.details, [{ path: '$.size', message: 'must be integer', in: 'body' }]);
  });

  test('the OpenAPI document has the new routes with their schemas, bearer security and error answers', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    const put = doc.paths['/api/v1/widgets/{id}'].put;
    assert.deepEqual(put.security, [{ bearer: [] }]);
    assert.deepEqual(put.requestBody.content['application/json'].schema.properties.colour, {
      type: 'string',
      enum: ['red', 'blue'],
    });
    assert.deepEqual(Object.keys(put.responses).sort(), ['200', '400', '401', '403']);
    assert.deepEqual(
      doc.paths['/api/v1/widgets'].get.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort(),
      ['query:limit', 'query:live', 'query:tag'],
    );
    assert.equal(doc.paths['/outside'], undefined, 'only /api/v1 routes are documented');
  });
});

describe('GET /api/v1/openapi.json of hull serve', () => {
  let app: FastifyInstance;
  before(async () => {
    const store = new MemoryStore();
    app = await buildApp({ store, facts: await recordStart(store, '9.9.9', () => 'i') });
  });
  after(() => app?.close());

  test('an OpenAPI 3.1 document: the token routes with their schemas, the bearer scheme, public routes marked', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, '9.9.9');
    assert.equal(typeof doc.info.title, 'string');
    assert.deepEqual(doc.components.securitySchemes.bearer, {
      type: 'http',
      scheme: 'bearer',
      description: doc.components.securitySchemes.bearer.description,
    });
    const post = doc.paths['/api/v1/tokens'].post;
    const body = post.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['role']);
    assert.equal(body.additionalProperties, false);
    assert.deepEqual(body.properties.role.enum, ['admin', 'viewer']);
    assert.ok(post.responses['201'].content['application/json'].schema.properties.secret);
    assert.deepEqual(post.responses['400'].content['application/json'].schema, {
      $ref: '#/components/schemas/ErrorBody',
    });
    assert.ok(doc.components.schemas.ErrorBody.properties.error.properties.details);
    assert.ok(doc.paths['/api/v1/tokens'].get.responses['200'].content['application/json'].schema.properties.items);
    assert.deepEqual(
      doc.paths['/api/v1/tokens/{id}'].delete.parameters.map((p: { in: string; name: string; required: boolean }) => [
        p.in,
        p.name,
        p.required,
      ]),
      [['path', 'id', true]],
    );
    assert.match(doc.paths['/api/v1/tokens'].get.description, /admin token/);
    // Structure: every operation has responses; every $ref resolves; every path is under /api/v1.
    const ops = Object.entries(
      doc.paths as Record<string, Record<string, { security: unknown[]; responses: object }>>,
    ).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method, op })));
    for (const { path, method, op } of ops) {
      assert.ok(path.startsWith('/api/v1/'), path);
      assert.ok(['get', 'put', 'post', 'delete', 'patch'].includes(method), `${method} ${path}`);
      assert.ok(Object.keys(op.responses).length > 0, `${method} ${path} has responses`);
      assert.ok(Array.isArray(op.security), `${method} ${path} says its security`);
    }
    for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g))
      assert.ok(doc.components.schemas[ref[1]!], ref[1]);
    // The open API routes are exactly these three.
    const open = ops
      .filter((o) => o.op.security.length === 0)
      .map((o) => `${o.method.toUpperCase()} ${o.path}`)
      .sort();
    assert.deepEqual(open, ['GET /api/v1/openapi.json', 'GET /api/v1/status', 'POST /api/v1/transpile']);
  });
});
