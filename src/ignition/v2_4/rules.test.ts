/** Spec 2.4.0: its structure (httpHeaders, proxy) and rules (Ignition v0.35 config/v2_4/types/headers.go and ValidateHTTPHeaders). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPath } from '../../core/index.js';
import { ALL_SPEC_VERSIONS } from '../versions.js';
import { translateConfigText } from '../translate/text.js';
import { validateConfigText } from '../validate.js';

const issues = (rest: Record<string, unknown>, ignition: Record<string, unknown> = {}) =>
  validateConfigText(JSON.stringify({ ignition: { version: '2.4.0', ...ignition }, ...rest }), {
    versions: ALL_SPEC_VERSIONS,
  }).report.issues.map((i) => [i.severity, i.code, formatPath(i.path)]);
const file = (contents: Record<string, unknown>) => ({
  storage: { files: [{ filesystem: 'root', path: '/a', mode: 420, contents }] },
});

test('2.4.0: headers, proxy and CAs with headers are valid; no unknown keys', () => {
  assert.deepEqual(
    issues(file({ source: 'https://e/a', httpHeaders: [{ name: 'A', value: 'b' }] }), {
      proxy: { httpProxy: 'http://p', noProxy: ['x'] },
      security: {
        tls: { certificateAuthorities: [{ source: 'https://e/ca', httpHeaders: [{ name: 'A', value: '' }] }] },
      },
    }),
    [],
  );
});

test('2.4.0: header name empty, duplicate, or on a non-http(s) source', () => {
  assert.deepEqual(
    issues(
      file({
        source: 'https://e/a',
        httpHeaders: [
          { name: '', value: 'b' },
          { name: 'X', value: '1' },
          { name: 'X', value: '2' },
        ],
      }),
    ),
    [
      ['error', 'IGN_HTTP_HEADER_NAME_EMPTY', '$.storage.files.0.contents.httpHeaders.0.name'],
      ['error', 'IGN_DUPLICATE', '$.storage.files.0.contents.httpHeaders.2.name'],
    ],
  );
  assert.deepEqual(
    issues({}, { config: { append: [{ source: 'tftp://h/x', httpHeaders: [{ name: 'A', value: 'b' }] }] } }),
    [['error', 'IGN_HTTP_HEADERS_SCHEME', '$.ignition.config.append.0.httpHeaders']],
  );
});

test('2.4.0 translates to 3.1+ with its headers and proxy (as v24tov31), and is refused for 3.0', () => {
  const text = JSON.stringify({
    ignition: {
      version: '2.4.0',
      proxy: { httpsProxy: 'http://p' },
      config: { append: [{ source: 'https://e/a', httpHeaders: [{ name: 'A', value: '' }] }] },
    },
    ...file({ source: 'https://e/f', httpHeaders: [{ name: 'B', value: 'c' }] }),
  });
  const r = translateConfigText(text, '3.2.0', { rules: 'coreos' });
  const c = r.config as {
    ignition: { proxy: { httpsProxy?: string }; config: { merge: { httpHeaders: unknown[] }[] } };
    storage: { files: { contents: { httpHeaders: unknown[] } }[] };
  };
  assert.equal(c.ignition.proxy.httpsProxy, 'http://p');
  assert.deepEqual(c.ignition.config.merge[0]!.httpHeaders, [{ name: 'A', value: undefined }]);
  assert.deepEqual(c.storage.files[0]!.contents.httpHeaders, [{ name: 'B', value: 'c' }]);
  assert.deepEqual(
    translateConfigText(text, '3.0.0').report.issues.map((i) => i.code),
    ['IGN_VERSION_UNSUPPORTED'],
  );
});
