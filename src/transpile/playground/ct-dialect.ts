import { Report } from '../../core/index.js';
import {
  marshalConfig,
  parseTargetVersion,
  TRANSLATE_VERSIONS,
  v2_3,
  type TranslationRules,
} from '../../ignition/index.js';
import { ctTo3x } from '../ct/to-3x.js';
import { transpileCt } from '../ct/transpile.js';
import { resultOf, type Dialect, type PlaygroundResult } from './dialect.js';
import { CT_EXAMPLES } from './examples.js';

/**
 * Container Linux Config as ct 0.9.4 reads it: Ignition 2.3.0 as `ct -pretty`
 * writes it, or a 3.x target through the 2.x → 3.x translation. In the page
 * there is no files directory (`contents.local` is refused as ct refuses it
 * without -files-dir) and no platform (no dynamic data).
 */
function runCt(
  source: string,
  target: string | undefined,
  options: { readonly rules?: TranslationRules | undefined } = {},
): PlaygroundResult {
  const r = transpileCt(source, {});
  const report = r.parseReport.merge(r.convertReport);
  if (r.config === undefined || report.isFatal()) return resultOf(undefined, report);
  if (target === undefined) return resultOf(`${marshalConfig(v2_3.schema, r.config, { pretty: true })}\n`, report);
  const to = parseTargetVersion(target);
  if (to === undefined) return resultOf(undefined, Report.empty); // unreachable: the caller checks targets
  const t = ctTo3x(r, to, true, {}, options.rules ?? 'flatcar');
  return resultOf(t.out === undefined ? undefined : `${t.out}\n`, report.merge(t.report));
}

export const CT_DIALECT: Dialect = {
  id: 'ct',
  label: 'Container Linux Config (ct)',
  note: 'The YAML that ct 0.9.4 reads; it emits Ignition 2.3.0, or a 3.x version you pick.',
  language: 'yaml',
  targets: TRANSLATE_VERSIONS,
  defaultTargetLabel: 'Ignition 2.3.0 (as ct)',
  examples: CT_EXAMPLES,
  run: runCt,
};
