/**
 * Reads a config of any spec version Hull knows and returns it as the newest
 * 3.x config (3.6.0), as Ignition's ParseCompatibleVersion does: validate the
 * config with its own version's rules, then translate it up step by step
 * (the result is not validated again, as in Ignition). A 2.x config is
 * upgraded to 2.3 and translated to 3.0.0 as ign-converter does
 * (translate/from-v2, with the filesystem map), then up to 3.6.0.
 */
import { Report } from '../core/index.js';
import { correlate, parseJson } from '../source/index.js';
import { translate2to3, upgrade2x } from './translate/from-v2/index.js';
import { translateConfig } from './translate/index.js';
import type * as v3_6 from './v3_6/index.js';
import { validateConfigText } from './validate.js';
import { ALL_SPEC_VERSIONS, parseSemver } from './versions.js';

export interface ParseAnyOptions {
  /** For 2.x configs: filesystem name → mount path (ign-converter's -fsmap); `root` is always `/`. */
  readonly fsMap?: Readonly<Record<string, string>>;
}

export interface ParseAnyResult {
  /** ignition.version as written, when it is a string. */
  readonly version?: string;
  /** The config as spec 3.6.0, when the input has no errors. */
  readonly config?: v3_6.Config;
  /** The validation issues of the input (with line:col), or why it cannot be read or translated. */
  readonly report: Report;
}

export function parseAnyVersion(text: string, opts: ParseAnyOptions = {}): ParseAnyResult {
  const { version, config, report } = validateConfigText(text, { versions: ALL_SPEC_VERSIONS });
  if (report.isFatal() || config === undefined || version === undefined) {
    return version === undefined ? { report } : { version, report };
  }
  if (parseSemver(version)?.major === 2) {
    const v23 = upgrade2x(config as Parameters<typeof upgrade2x>[0]);
    if (v23 === undefined) return { version, report };
    const v30 = translate2to3(v23, { ...opts.fsMap });
    // Paths of the refusals are those of the 2.x document: place them in the input text.
    const all = report.merge(correlate(v30.report, parseJson(text).index));
    if (v30.config === undefined || all.isFatal()) return { version, report: all };
    return { version, config: translateConfig(v30.config, '3.0.0', '3.6.0').config as v3_6.Config, report: all };
  }
  const up = translateConfig(config, version, '3.6.0');
  return { version, config: up.config as v3_6.Config, report };
}
