import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dataUrlError, parseGoUrl, pathClean as cleanPath } from '../../../go/index.js';
import { validatePath } from './path.js';
import { parseUnitContents } from './unit-contents.js';
import { validateUrl } from './url.js';

// Expected values were checked against ignition-validate (Ignition 2.14) where it applies.

describe('paths (Go path.Clean)', () => {
  const rows: [string, string][] = [
    ['/a//b', '/a/b'],
    ['/a/./b/', '/a/b'],
    ['/a/../../b', '/b'],
    ['a/../..', '..'],
    ['', '.'],
    ['/', '/'],
  ];
  for (const [input, clean] of rows)
    test(`clean ${JSON.stringify(input)}`, () => assert.equal(cleanPath(input), clean));
  test('validatePath', () => {
    assert.equal(validatePath(''), 'IGN_PATH_NOT_SPECIFIED');
    assert.equal(validatePath('a'), 'IGN_PATH_NOT_ABSOLUTE');
    assert.equal(validatePath('/a/'), 'IGN_PATH_NOT_CLEAN');
    assert.equal(validatePath('/a'), undefined);
  });
});

describe('URLs (Go net/url.Parse, Ignition validateURL)', () => {
  const schemes = ['http', 'https', 'tftp', 's3', 'data', 'gs', 'arn'];
  const rows: [string, string | undefined][] = [
    ['http://x/y', undefined],
    ['HTTP://x', undefined],
    ['http://x:abc/', 'IGN_URL_INVALID'],
    ['://x', 'IGN_URL_INVALID'],
    ['http://[::1', 'IGN_URL_INVALID'],
    ['%zz', 'IGN_URL_INVALID'],
    ['http://a/%zz', 'IGN_URL_INVALID'],
    ['http://a/b#%zz', 'IGN_URL_INVALID'],
    ['http://a b', 'IGN_URL_INVALID'],
    ['http://a%41/', 'IGN_URL_INVALID'],
    ['http://us er@h/', 'IGN_URL_INVALID'],
    ['http://a/b c', undefined],
    ['x:y', 'IGN_URL_SCHEME_INVALID'],
    ['/abs', 'IGN_URL_SCHEME_INVALID'],
    ['s3://b/k?versionId', 'IGN_S3_VERSION_ID_INVALID'],
    ['s3://b/k?versionId=1', undefined],
    ['arn:aws:s3:us-east-1:123:accesspoint/ap/object/key', undefined],
    ['arn:aws:s3:us-east-1:123:accesspoint/ap', 'IGN_S3_ARN_INVALID'],
    ['arn:aws:s3:::bucket', 'IGN_S3_ARN_INVALID'],
    ['arn:aws:s3:::bucket/key?versionId=', 'IGN_S3_VERSION_ID_INVALID'],
  ];
  for (const [url, code] of rows) {
    test(url, () => {
      const got = validateUrl(url, schemes);
      assert.equal(typeof got === 'object' ? got.code : got, code);
    });
  }
  test('parts', () =>
    assert.deepEqual(parseGoUrl('arn:aws:s3:::b/k?x=1'), { scheme: 'arn', opaque: 'aws:s3:::b/k', rawQuery: 'x=1' }));
});

describe('data URLs (vincent-petithory/dataurl messages)', () => {
  const rows: [string, string | undefined][] = [
    ['data:,hello', undefined],
    ['data:text/plain;charset=utf-8,hi', undefined],
    ['data:text/plain;charset="utf-8",hi', undefined],
    ['data:;base64,aGVsbG8=', undefined],
    ['data:x-foo/bar,x', undefined],
    ['data:nocomma', 'missing media type slash'],
    ['data:foo/bar,x', 'invalid media type'],
    ['data:x/plain,x', 'invalid character for media type'],
    ['data:;base65,abc', 'expected base64, got base65'],
    ['data:text/plain;a,x', 'expected base64, got a'],
    ['data:text/plain;=,x', 'unterminated parameter sequence'],
    ['data:text/plain;a="x,x', 'unclosed quoted string'],
    ['data:text/,x', undefined],
    ['data:text,x', 'invalid character for media type'],
    ['data:,a%zz', 'rfc2396: invalid char 0x25 in unescape sequence'],
    ['data:,a%2', 'rfc2396: unexpected end of unescape sequence'],
    ['data:,a b', 'invalid data character'],
    ['data:;base64,aGVsbG8', 'illegal base64 data at input byte 4'],
    ['data:;base64,AAA=A', 'illegal base64 data at input byte 4'],
    ['data:;base64,AA==AA==', 'illegal base64 data at input byte 4'],
    ['data:;base64,AA=', 'illegal base64 data at input byte 3'],
  ];
  for (const [url, message] of rows) test(url, () => assert.equal(dataUrlError(url), message));
});

describe('unit contents (go-systemd deserialize)', () => {
  const rows: [string, string | undefined, boolean][] = [
    // contents, error, has an [Install] option
    ['[Unit]\n[Install]', undefined, false],
    ['[Install]\nWantedBy=x', undefined, true],
    ['Foo=bar\n[Install]\nWantedBy=x', undefined, true],
    ['[Unit', 'invalid unit content: unable to find end of section', false],
    ['[Unit] x\nA=b', 'invalid unit content: found garbage after section name : "x"', false],
    ['[Unit]\nA', 'invalid unit content: EOF', false],
    ['[Unit]\nA\nB=c', 'invalid unit content: unexpected newline encountered while parsing option name', false],
    ['[Install]\n#c\\\n WantedBy=x\n', undefined, false],
    ['[Install]\r\nWantedBy=x\r\n', undefined, true],
    [
      `[Service]\nExecStart=${'x'.repeat(3000)}\n[Install]\nWantedBy=z`,
      'invalid unit content: line too long (max 2048 bytes)',
      false,
    ],
  ];
  for (const [text, error, install] of rows) {
    test(JSON.stringify(text).slice(0, 40), () => {
      const r = parseUnitContents(text);
      assert.equal(r.ok ? undefined : r.error, error);
      if (r.ok)
        assert.equal(
          r.options.some((o) => o.section === 'Install'),
          install,
        );
    });
  }
});
