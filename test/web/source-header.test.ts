import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readHeader, writeHeader } from '../../web/src/source-header.js';

// The Butane variant/version picker of the page reads and rewrites these lines.
test('readHeader: top-level variant and version, quoted or not, comments ignored', () => {
  const rows: [string, object][] = [
    ['variant: fcos\nversion: 1.5.0\n', { variant: 'fcos', version: '1.5.0' }],
    ['version: "1.1.0"   # flatcar\nvariant: \'flatcar\'\n', { variant: 'flatcar', version: '1.1.0' }],
    ['storage:\n  variant: x\n  version: 9\n', {}],
    ['variant:\nversion: 1.0.0', { version: '1.0.0' }],
    ['', {}],
  ];
  for (const [source, want] of rows) assert.deepEqual(readHeader(source), want, source);
});

test('writeHeader: replaces the lines in place, adds missing ones at the top, leaves the rest alone', () => {
  assert.equal(
    writeHeader('variant: fcos\nversion: 1.5.0\nstorage: {}\n', 'flatcar', '1.1.0'),
    'variant: flatcar\nversion: 1.1.0\nstorage: {}\n',
  );
  assert.equal(
    writeHeader('# my config\nversion: 1.0.0 # old\nfoo: 1\n', 'fcos', '1.6.0'),
    'variant: fcos\n# my config\nversion: 1.6.0\nfoo: 1\n',
  );
  assert.equal(writeHeader('', 'fcos', '1.7.0-experimental'), 'variant: fcos\nversion: 1.7.0-experimental\n');
  const nested = 'storage:\n  version: 3\n';
  assert.equal(writeHeader(nested, 'fcos', '1.0.0'), `variant: fcos\nversion: 1.0.0\n${nested}`);
  assert.deepEqual(readHeader(writeHeader('a: 1\n', 'flatcar', '1.2.0-experimental')), {
    variant: 'flatcar',
    version: '1.2.0-experimental',
  });
});
