import { Report } from '../../core/index.js';
import { findSpecVersion, marshalConfig, translateConfigText, v2_3, type TranslateVersion, type TranslationRules } from '../../ignition/index.js';
import { correlate, parseYaml } from '../../source/index.js';
import type { CtResult } from './transpile.js';

/**
 * Beyond ct (`hull ct -ignition 3.X`, the playground's target): the 2.3.0
 * result through Hull's 2.x → 3.x translation, its issues placed in the YAML
 * through the TranslationSet. `fsMap` names the mount path of each named
 * filesystem (ign-converter's -fsmap). `rules`: the 2.x rule set (docs/ignition.md);
 * `hull ct -ignition` keeps `coreos` (refusing what spec 3 lacks, pointing at the YAML),
 * the playground passes the one chosen.
 */
export function ctTo3x(text: string, result: CtResult, target: TranslateVersion, pretty: boolean, fsMap: Record<string, string> = {}, rules: TranslationRules = 'coreos'): { out: string | undefined; report: Report } {
  const json = marshalConfig(v2_3.schema, result.config!, { pretty: false });
  const t = translateConfigText(json, target, { fsMap, rules });
  const index = parseYaml(text).index;
  // The generated 2.3 text has no unknown keys; the only "unrecognized key" is the
  // 2.x walker's embedded-tls quirk (docs/ignition.md), which says nothing about the YAML.
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
