/**
 * `--ignition-version` reuses the decoded config instead of printing it and
 * validating the text again: over the whole Butane golden corpus and every
 * older 3.x target, the output (compact and pretty) and the issues are those of
 * the text route (pruned config → JSON text → validateConfigText → translateConfig).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SPEC_VERSIONS, translateConfig, TRANSLATE_VERSIONS, validateConfigText } from '../../ignition/index.js';
import { marshalButane } from './marshal.js';
import { transpileButane } from './transpile.js';
import { findButaneSpec } from './variants.js';

const fixtures = fileURLToPath(new URL('../../../test/fixtures/butane/', import.meta.url));

test('--ignition-version from the decoded config = the text route, over the Butane corpus', () => {
  let compared = 0;
  let refused = 0;
  for (const d of readdirSync(fixtures)) {
    const file = join(fixtures, d, 'config.bu');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const base = transpileButane(text, {});
    if (base.output === undefined || base.config === undefined) continue;
    const head = /^variant:\s*(\S+)\s*\nversion:\s*(\S+)/m.exec(text);
    const spec = head === null ? undefined : findButaneSpec(head[1]!, head[2]!);
    if (spec === undefined) continue;
    const from = spec.ignition.version;
    for (const target of TRANSLATE_VERSIONS) {
      if (target >= spec.outputVersion) continue;
      for (const pretty of [false, true]) {
        const got = transpileButane(text, { ignitionVersion: target, pretty });
        // The text route, as translateDown did it before.
        const json = JSON.parse(JSON.stringify(base.config)) as { ignition: { version: string } };
        json.ignition.version = from;
        const check = validateConfigText(JSON.stringify(json));
        const r = translateConfig(check.config, from, target);
        if (r.config === undefined) {
          assert.equal(got.output, undefined, `${d} → ${target}: refused`);
          assert.deepEqual(
            got.report.issues.filter((i) => i.code.startsWith('IGN_TRANSLATE')).map((i) => [i.code, i.message]),
            r.report.issues.map((i) => [i.code, i.message]),
            `${d} → ${target}: refusals`,
          );
          refused++;
        } else {
          const schema = SPEC_VERSIONS.find((s) => s.version === target)!.schema;
          assert.equal(
            got.output,
            marshalButane(schema, r.config, pretty),
            `${d} → ${target} (pretty ${pretty}): output`,
          );
        }
        compared++;
      }
    }
  }
  assert.ok(compared > 200, `compared ${compared}`);
  assert.ok(refused > 0, `some refused (${refused})`);
});
