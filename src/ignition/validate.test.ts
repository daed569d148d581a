import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { validateConfigText } from './index.js';

// Configs shaped like real ones, with random values in random places.
const leaf = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('/a', 'a', '/a//b', 'http://x', 'data:,x', 'sha512-00'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(
      fc.constantFrom(
        'path',
        'name',
        'mode',
        'contents',
        'source',
        'device',
        'x',
        'Path',
        'units',
        'files',
        'partitions',
        'label',
        'number',
        'clevis',
        'tang',
        'url',
      ),
      tie('v'),
      { maxKeys: 4 },
    ),
  ),
})).v;
const config = fc.record({
  ignition: fc.record({
    version: fc.constantFrom('3.0.0', '3.1.0', '3.2.0', '3.3.0', '3.4.0', '3.5.0', '3.6.0', '2.3.0', 'x'),
  }),
  storage: fc.dictionary(
    fc.constantFrom('files', 'directories', 'links', 'disks', 'filesystems', 'luks', 'raid'),
    value,
    { maxKeys: 3 },
  ),
  systemd: value,
  passwd: value,
});

test('validateConfigText never throws, and every issue with a path in the text has a range', () => {
  fc.assert(
    fc.property(config, (cfg) => {
      const { report } = validateConfigText(JSON.stringify(cfg, null, 1));
      for (const issue of report.issues) assert.ok(issue.range !== undefined, JSON.stringify(issue));
    }),
    { numRuns: 300 },
  );
});

test('arbitrary text never throws', () => {
  fc.assert(
    fc.property(fc.string(), (text) => void validateConfigText(text)),
    { numRuns: 300 },
  );
});
