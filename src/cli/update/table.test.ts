import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/index.js';
import { apiError } from './api-error.js';
import { fields, table } from '../table.js';

const ID = '9a2deb70-37be-4026-853f-bfdd6b347bbe';

describe('hull update: tables and API errors', () => {
  test('columns aligned, the last not padded; ids cut to 8 characters only when the table is wider than the terminal', () => {
    const rows = [
      [ID, 'stable', 'amd64'],
      ['x', 'a much longer name', 'aarch64'],
    ];
    const cols = [{ title: 'ID', id: true }, 'NAME', 'ARCH'];
    const wide = table(cols, rows);
    assert.equal(
      wide,
      `ID${' '.repeat(36)}NAME                ARCH\n${ID}  stable              amd64\nx${' '.repeat(37)}a much longer name  aarch64\n`,
    );
    assert.equal(table(cols, rows, 200), wide);
    assert.equal(
      table(cols, rows, 40),
      'ID         NAME                ARCH\n9a2deb70…  stable              amd64\nx          a much longer name  aarch64\n',
    );
    assert.equal(
      fields([
        ['id', 'x'],
        ['long key', 'a\nb'],
      ]),
      'id:        x\nlong key:  a\n           b\n',
    );
  });

  test("the API's {error: {code, message, details}} keeps its code, message and details; 401 and 403 get hints; other answers are SERVER_UNREACHABLE", () => {
    const ctx = {
      origin: 'http://h:1',
      what: 'GET /api/v1/apps',
      token: { kind: 'none', looked: './hull-data/admin-token' } as const,
    };
    const invalid = apiError(
      400,
      'application/json; charset=utf-8',
      JSON.stringify({
        error: { code: 'REQUEST_INVALID', message: 'bad', details: [{ path: '$.a', message: 'm', in: 'body' }] },
      }),
      ctx,
    );
    assert.deepEqual(
      [invalid.code, invalid.message, invalid.details, invalid.exitCode],
      ['REQUEST_INVALID', 'bad', [{ path: '$.a', message: 'm', in: 'body' }], 2],
    );
    const unauthorized = apiError(
      401,
      'application/json',
      JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'no' } }),
      ctx,
    );
    assert.match(
      unauthorized.hint!,
      /no token was given: .*\.\/hull-data\/admin-token was not readable.*hull token create --role admin/,
    );
    assert.match(
      apiError(401, 'application/json', JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'no' } }), {
        ...ctx,
        token: { kind: 'file', path: 't' },
      }).hint!,
      /^the token in t is unknown/,
    );
    assert.match(
      apiError(403, 'application/json', JSON.stringify({ error: { code: 'FORBIDDEN', message: 'no' } }), ctx).hint!,
      /viewer token may only read/,
    );
    const unknownCode = apiError(
      409,
      'application/json',
      JSON.stringify({ error: { code: 'SOMETHING_NEW', message: 'x' } }),
      ctx,
    );
    assert.equal(unknownCode.code, 'CONFLICT', 'a code this CLI does not know: by the status');
    const html = apiError(502, 'text/html', '<h1>Bad Gateway</h1>', ctx);
    assert.ok(html instanceof AppError);
    assert.deepEqual(
      [html.code, html.message, html.exitCode],
      [
        'SERVER_UNREACHABLE',
        "GET /api/v1/apps: the server at http://h:1 answered HTTP 502 (text/html), not Hull's API",
        3,
      ],
    );
  });
});
