// The codec's own XML text rules: strict attribute decoding, escaping that always round-trips.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeAttributeValue, escapeAttributeValue } from './index.js';

test('decodeAttributeValue: the five XML entities and character references, nothing else', () => {
  const rows: Array<[string, string | undefined]> = [
    ['plain', 'plain'],
    ['&amp;&lt;&gt;&quot;&apos;', '&<>"\''],
    ['caf&#xE9;', 'café'],
    ['caf&#233;', 'café'],
    ['&#x1F600;', '😀'],
    ['&#9;&#10;&#13;', '\t\n\r'],
    ['', ''],
    ['&nbsp;', undefined],
    ['&AMP;', undefined],
    ['&amp', undefined],
    ['a & b', undefined],
    ['&#;', undefined],
    ['&#x;', undefined],
    ['&#0;', undefined],
    ['&#x1;', undefined],
    ['&#xD800;', undefined],
    ['&#xFFFE;', undefined],
    ['&#x110000;', undefined],
    ['&#999999999;', undefined],
    ['a<b', undefined],
    ['a>b', 'a>b'],
  ];
  for (const [raw, want] of rows) assert.equal(decodeAttributeValue(raw), want, raw);
});

test('escapeAttributeValue round-trips through decodeAttributeValue for any string (fast-check)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary' }), (s) => {
      const escaped = escapeAttributeValue(s);
      assert.doesNotMatch(escaped, /["<\t\n\r]/);
      const back = decodeAttributeValue(escaped);
      assert.equal(
        back,
        s.replace(
          /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
          '\uFFFD',
        ),
      );
    }),
    { numRuns: 2000 },
  );
});
