/**
 * ctTo3x takes ct's 2.3.0 object and report instead of printing the config and
 * reading it back: over the whole ct golden corpus, every 3.x target and both
 * rule sets, it gives byte for byte the output and exactly the report that the
 * text route gives (marshal, translateConfigText, the YAML parsed again).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Report } from '../../core/index.js';
import {
  findSpecVersion,
  marshalConfig,
  translateConfigText,
  TRANSLATE_VERSIONS,
  v2_3,
  type TranslateVersion,
  type TranslationRules,
} from '../../ignition/index.js';
import { correlate, parseYaml } from '../../source/index.js';
import { ctTo3x } from './to-3x.js';
import { transpileCt, type CtResult } from './transpile.js';

/** The route before: through the 2.3.0 text, validated again, the YAML parsed again. */
function throughText(
  text: string,
  result: CtResult,
  target: TranslateVersion,
  pretty: boolean,
  fsMap: Record<string, string>,
  rules: TranslationRules,
) {
  const json = marshalConfig(v2_3.schema, result.config!, { pretty: false });
  const t = translateConfigText(json, target, { fsMap, rules });
  const index = parseYaml(text).index;
  const mapped = new Report(
    t.report.issues
      .filter((i) => i.code !== 'IGN_UNUSED_KEY')
      .map((i) => {
        const { range: _r, ...rest } = i;
        return result.translations === undefined ? rest : result.translations.mapIssue(rest);
      }),
  );
  const report = correlate(mapped, index);
  if (t.config === undefined || t.report.isFatal()) return { out: undefined, report };
  return { out: marshalConfig(findSpecVersion(target)!.schema, t.config, { pretty }), report };
}

const fixtures = fileURLToPath(new URL('../../../test/fixtures/ct/', import.meta.url));
const local = { readLocal: () => ({ ok: true as const, data: new TextEncoder().encode('local file\n') }) };

test('ctTo3x from the object = the text route, over the ct corpus, every 3.x target, both rule sets', () => {
  let compared = 0;
  let refused = 0;
  for (const d of readdirSync(fixtures)) {
    const file = join(fixtures, d, 'input.yaml');
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    const result = transpileCt(text, local);
    if (result.config === undefined) continue;
    for (const target of TRANSLATE_VERSIONS) {
      for (const rules of ['coreos', 'flatcar'] as const) {
        const fsMap = { data: '/var/data' };
        const got = ctTo3x(result, target, true, fsMap, rules);
        const want = throughText(text, result, target, true, fsMap, rules);
        assert.equal(got.out, want.out, `${d} → ${target} (${rules}): output`);
        assert.deepEqual(got.report.issues, want.report.issues, `${d} → ${target} (${rules}): report`);
        compared++;
        if (got.out === undefined) refused++;
      }
    }
  }
  assert.ok(compared > 500, `compared ${compared}`);
  assert.ok(refused > 0 && refused < compared, `some refused, some not: ${refused} of ${compared}`);
});
