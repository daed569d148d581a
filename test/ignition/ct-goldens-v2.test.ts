/**
 * `hull ignition validate --accept-v2`'s library call on every ct golden output
 * (test/fixtures/ct/<case>/expected.stdout, spec 2.x JSON recorded from the real ct):
 * no error, and no warning or info that ct's own validation (the case's
 * expected.stderr) does not give. Every ct output carries `"security":{"tls":{}}`,
 * so this also proves that `tls` is a recognized key (issue 22).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ALL_SPEC_VERSIONS, validateConfigText } from '../../src/ignition/index.js';

const dir = new URL('../fixtures/ct/', import.meta.url);

test('ct golden outputs: no issue beyond what ct itself reports', () => {
  let configs = 0;
  let withTls = 0;
  for (const name of readdirSync(dir).sort()) {
    const out = new URL(`${name}/expected.stdout`, dir);
    if (!existsSync(out)) continue;
    const text = readFileSync(out, 'utf8');
    if (!text.trimStart().startsWith('{')) continue;
    configs++;
    if (text.includes('"tls"')) withTls++;
    const err = existsSync(new URL(`${name}/expected.stderr`, dir))
      ? readFileSync(new URL(`${name}/expected.stderr`, dir), 'utf8')
      : '';
    const { version, report } = validateConfigText(text, { versions: ALL_SPEC_VERSIONS });
    assert.match(version ?? '', /^2\./, name);
    for (const i of report.issues)
      assert.ok(i.severity !== 'error' && err.includes(i.message), `${name}: ${i.severity} ${i.code} ${i.message}`);
  }
  assert.ok(configs >= 50, `only ${configs} ct golden outputs found`);
  assert.equal(withTls, configs, 'every ct output has ignition.security.tls');
});
