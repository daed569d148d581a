/** Property: validating random 2.x-shaped configs never throws, and every issue has a known code and a path. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { v2ConfigArbitrary } from '../../../test/ignition/v2-config-arbitrary.js';
import { ALL_SPEC_VERSIONS, IGNITION_ISSUE_CODES, validateConfigText } from '../index.js';

const config = v2ConfigArbitrary(fc.constantFrom('2.0.0', '2.1.0', '2.2.0', '2.3.0'));

test('2.x validation never throws; issues have known codes and messages', () => {
  fc.assert(
    fc.property(config, (cfg) => {
      const r = validateConfigText(JSON.stringify(cfg), { versions: ALL_SPEC_VERSIONS });
      for (const i of r.report.issues) {
        assert.ok(i.code in IGNITION_ISSUE_CODES || i.code.startsWith('SRC_'), i.code);
        assert.ok(i.message.length > 0 && i.message !== i.code, `${i.code} has no message`);
      }
    }),
    { numRuns: 500 },
  );
});
