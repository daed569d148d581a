import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  base64Decode,
  base64Encode,
  crc32,
  dataUrlEscape,
  goPathError,
  goQuote,
  goUrlParse,
  normalizeSemverStrict,
  parseGoSemver,
  pathClean,
  pathExt,
  pathJoin,
  semverLess,
} from './index.js';

// Expected values are the examples of Go's documentation (path, hash/crc32's check value) and Go's net/url error texts.
describe('src/go', () => {
  test("path.Clean, path.Join and path.Ext as the examples of Go's package path", () => {
    const clean: [string, string][] = [
      ['a/c', 'a/c'],
      ['a//c', 'a/c'],
      ['a/c/.', 'a/c'],
      ['a/c/b/..', 'a/c'],
      ['/../a/c', '/a/c'],
      ['/../a/b/../././/c', '/a/c'],
      ['', '.'],
      ['../../x', '../../x'],
    ];
    for (const [input, want] of clean) assert.equal(pathClean(input), want, input);
    assert.equal(pathJoin('a', 'b', 'c'), 'a/b/c');
    assert.equal(pathJoin('a/b', '/c'), 'a/b/c');
    assert.equal(pathJoin('a/b', '../../../xyz'), '../xyz');
    assert.equal(pathJoin('', ''), '');
    assert.equal(pathJoin('a', ''), 'a');
    assert.equal(pathJoin('', 'a'), 'a');
    assert.equal(pathExt('/a/b/c/bar.css'), '.css');
    assert.equal(pathExt('/a.d/b'), '');
    assert.equal(pathExt(''), '');
  });

  test("net/url.Parse: parts, and Go's error texts in Go's order of checks", () => {
    assert.deepEqual(goUrlParse('HTTP://x/p?q=1#f'), { url: { scheme: 'http', opaque: '', rawQuery: 'q=1' } });
    assert.deepEqual(
      goUrlParse('data:,100%'),
      { url: { scheme: 'data', opaque: ',100%', rawQuery: '' } },
      'an opaque URL is not unescaped',
    );
    const errors: [string, string][] = [
      ['http://a b/', 'parse "http://a b/": invalid character " " in host name'],
      ['http://[::1/', `parse "http://[::1/": missing ']' in host`],
      ['http://x:80a/', 'parse "http://x:80a/": invalid port ":80a" after host'],
      ['http://%41/', 'parse "http://%41/": invalid URL escape "%41"'],
      ['a\x01', 'parse "a\\x01": net/url: invalid control character in URL'],
      ['http://x/%zz#f', 'parse "http://x/%zz": invalid URL escape "%zz"'],
      ['http://x/#%zz', 'parse "http://x/#%zz": invalid URL escape "%zz"'],
      [':x', 'parse ":x": missing protocol scheme'],
      ['1:x', 'parse "1:x": first path segment in URL cannot contain colon'],
    ];
    for (const [input, want] of errors) assert.deepEqual(goUrlParse(input), { error: want }, input);
    assert.ok('url' in goUrlParse('http://a/b c'), 'a space in the path is no error');
    assert.ok('url' in goUrlParse('http://[fe80::1]:80/'));
  });

  test("*fs.PathError texts: Go's errno text, the fallback for an unknown code", () => {
    assert.equal(goPathError('open', 'd/x', 'ENOENT', 'node text'), 'open d/x: no such file or directory');
    assert.equal(goPathError('lstat', 'd/l', 'ELOOP', 'node text'), 'lstat d/l: too many levels of symbolic links');
    assert.equal(goPathError('open', 'd/x', 'EIO', 'node text'), 'open d/x: node text');
  });

  test('strconv.Quote escapes what Go escapes', () => {
    assert.equal(goQuote('a"b\\c\n\x01é\u200b'), '"a\\"b\\\\c\\n\\x01é\\u200b"');
  });

  test('CRC-32 IEEE check value, and base64 round trips', () => {
    assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
    for (const s of ['', 'h', 'hi', 'hi!', 'hello, world']) {
      const bytes = new TextEncoder().encode(s);
      assert.deepEqual(base64Decode(base64Encode(bytes)), bytes, s);
    }
    assert.deepEqual(base64Decode('aG\r\nk='), new TextEncoder().encode('hi'), '\\r and \\n are skipped');
    assert.equal(base64Decode('aGk'), undefined, 'padding is required');
    assert.equal(dataUrlEscape(new TextEncoder().encode("a b~*'()")), "a%20b~*'()");
  });

  test('go-semver: Version.Set with its errors; the strict form Butane accepts', () => {
    assert.deepEqual(parseGoSemver('1.2'), { error: '1.2 is not in dotted-tri format' });
    assert.deepEqual(parseGoSemver('01.2.3'), { version: { major: 1, minor: 2, patch: 3, pre: '', meta: '' } });
    assert.equal(normalizeSemverStrict('01.2.3'), undefined);
    const v = (s: string) => {
      const r = parseGoSemver(s);
      assert.ok('version' in r);
      return r.version;
    };
    assert.ok(semverLess(v('1.0.0-rc1'), v('1.0.0')));
    assert.ok(!semverLess(v('1.0.0'), v('1.0.0-rc1')));
  });
});

test('pathClean: the already-clean shortcut gives what the full walk gives, over every path of up to 7 characters from "a./"', () => {
  const walk = (p: string): string => {
    if (p === '') return '.';
    const rooted = p.startsWith('/');
    const out: string[] = [];
    for (const part of p.split('/')) {
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
        else if (!rooted) out.push('..');
        continue;
      }
      out.push(part);
    }
    const joined = out.join('/');
    return rooted ? `/${joined}` : joined === '' ? '.' : joined;
  };
  let paths = [''];
  let n = 0;
  for (let len = 0; len <= 7; len++) {
    for (const p of paths) {
      assert.equal(pathClean(p), walk(p), JSON.stringify(p));
      n++;
    }
    paths = paths.flatMap((p) => [`${p}a`, `${p}.`, `${p}/`]);
  }
  assert.equal(n, (3 ** 8 - 1) / 2);
});
