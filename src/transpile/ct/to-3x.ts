import { Report } from '../../core/index.js';
import {
  findSpecVersion,
  marshalConfig,
  translateValidated,
  type TranslateVersion,
  type TranslationRules,
} from '../../ignition/index.js';
import { correlate, SourceIndex } from '../../source/index.js';
import type { CtResult } from './transpile.js';

/**
 * Beyond ct (`hull ct -ignition 3.X`, the playground's target): the 2.3.0
 * result through Hull's 2.x → 3.x translation, its issues placed in the YAML
 * through the TranslationSet. `fsMap` names the mount path of each named
 * filesystem (ign-converter's -fsmap). `rules`: the 2.x rule set (docs/ignition.md);
 * `hull ct -ignition` keeps `coreos` (refusing what spec 3 lacks, pointing at the YAML),
 * the playground passes the one chosen.
 *
 * The 2.3.0 object goes in as it is, with the report ct's pipeline already made of
 * Ignition's rules on it: nothing is printed and read back, the YAML is not parsed
 * again (`result.index`), and the 2.x rules are not run again to validate the input.
 */
export function ctTo3x(
  result: CtResult,
  target: TranslateVersion,
  pretty: boolean,
  fsMap: Record<string, string> = {},
  rules: TranslationRules = 'coreos',
): { out: string | undefined; report: Report } {
  // The places of these issues in a 2.3.0 text are never used (below, they go to the YAML):
  // the input needs no position index of its own.
  const validated = { version: '2.3.0', config: result.config!, report: result.ignitionReport, index: NO_TEXT };
  const t = translateValidated(validated, target, { fsMap, rules });
  // The generated 2.3 config has no unknown keys; the only "unrecognized key" is the
  // 2.x walker's embedded-tls quirk (docs/ignition.md), which says nothing about the YAML.
  const mapped = new Report(
    t.report.issues
      .filter((i) => i.code !== 'IGN_UNUSED_KEY')
      .map((i) => {
        const { range: _r, ...rest } = i;
        return result.translations === undefined ? rest : result.translations.mapIssue(rest);
      }),
  );
  const report = correlate(mapped, result.index);
  if (t.config === undefined || t.report.isFatal()) return { out: undefined, report };
  return { out: marshalConfig(findSpecVersion(target)!.schema, t.config, { pretty }), report };
}

const NO_TEXT = SourceIndex.empty('', 'json');
