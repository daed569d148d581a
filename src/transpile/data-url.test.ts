import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { base64Encode, dataUrlEscape, makeDataUrl, utf8 } from './data-url.js';
import { goGzip } from './go-gzip/index.js';

const b64 = (s: string): Uint8Array => utf8(s);
const fakeGzip = (len: number) => (): Uint8Array => new Uint8Array(len);

test('dataUrlEscape keeps RFC 2396 unreserved characters and %XX-escapes the rest (upper-case hex)', () => {
  const rows: [string, string][] = [
    ['hello', 'hello'],
    ["-_.!~*'()", "-_.!~*'()"],
    ['a b', 'a%20b'],
    ['/?&=$+,;:@#%', '%2F%3F%26%3D%24%2B%2C%3B%3A%40%23%25'],
    ['\n', '%0A'],
    ['é', '%C3%A9'],
  ];
  for (const [input, want] of rows) assert.equal(dataUrlEscape(utf8(input)), want, input);
});

test('base64Encode equals Buffer base64 for any bytes', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 64 }),
      (bytes) => base64Encode(bytes) === Buffer.from(bytes).toString('base64'),
    ),
  );
});

test('the shortest encoding wins: percent, then base64 only when strictly shorter', () => {
  assert.deepEqual(makeDataUrl(b64('hello'), undefined, undefined), { url: 'data:,hello', compression: '' });
  // 'ééé' escapes to 18 characters + ',' ; base64 ';base64,w6nDqcOp' is 16
  assert.deepEqual(makeDataUrl(b64('ééé'), undefined, undefined), { url: 'data:;base64,w6nDqcOp', compression: '' });
  // equal length keeps the percent form: 'a%' → ',a%25' (5) vs ';base64,YSU=' (12)
  assert.equal(makeDataUrl(b64('a%'), undefined, undefined).url, 'data:,a%25');
});

test('gzip is chosen only when its base64 plus four characters is shorter', () => {
  const text = b64('x'.repeat(100)); // percent form: 101 characters
  // gzip of 60 bytes → ';base64,' + 80 = 88, + 4 = 92 < 101
  assert.equal(makeDataUrl(text, undefined, fakeGzip(60)).compression, 'gzip');
  // gzip of 69 bytes → 8 + 92 = 100, + 4 = 104 ≥ 101: not chosen
  assert.equal(makeDataUrl(text, undefined, fakeGzip(69)).compression, '');
});

test('a compression the user set: contents taken as compressed, never re-compressed, compression left alone', () => {
  const r = makeDataUrl(b64('x'.repeat(100)), 'gzip', fakeGzip(1));
  assert.equal(r.compression, undefined);
  assert.equal(r.url, `data:,${'x'.repeat(100)}`);
});

test('empty contents: data:, with explicit empty compression', () => {
  assert.deepEqual(makeDataUrl(new Uint8Array(), undefined, fakeGzip(20)), { url: 'data:,', compression: '' });
});

test('makeDataUrl: short contents skip gzip, and the answer is the one trying gzip gives (the real gzip never wins there)', () => {
  assert.ok(goGzip(new Uint8Array()).length >= 20, 'no gzip stream is shorter than 20 bytes');
  const gzipCalls: number[] = [];
  const counting = (b: Uint8Array) => {
    gzipCalls.push(b.length);
    return goGzip(b);
  };
  const tryingGzip = (contents: Uint8Array) => {
    // The choice without the shortcut: every candidate computed.
    const plain = `,${dataUrlEscape(contents)}`;
    const b64 = `;base64,${base64Encode(contents)}`;
    let opaque = b64.length < plain.length ? b64 : plain;
    let compression = '';
    const gz = `;base64,${base64Encode(goGzip(contents))}`;
    if (gz.length + 4 < opaque.length) [opaque, compression] = [gz, 'gzip'];
    return { url: `data:${opaque}`, compression };
  };
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), fc.string({ maxLength: 60 }), (bytes, text) => {
      for (const contents of [bytes, utf8(text), utf8(text.repeat(4))]) {
        assert.ok(goGzip(contents).length >= 20);
        assert.deepEqual(makeDataUrl(contents, undefined, counting), tryingGzip(contents));
      }
    }),
    { numRuns: 500 },
  );
  gzipCalls.length = 0;
  makeDataUrl(utf8('node1'), undefined, counting);
  assert.deepEqual(gzipCalls, [], 'a hostname is not compressed to be compared');
});
