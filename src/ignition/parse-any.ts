/**
 * Reads a config of any spec version Hull knows and returns it as the newest
 * 3.x config (3.6.0), as Ignition's ParseCompatibleVersion does: validate the
 * config with its own version's rules, then translate it up step by step
 * (the result is not validated again, as in Ignition). A spec 1 or 2.x config is
 * upgraded to 2.3 (spec 1 through 2.0, as Ignition's TranslateFromV1) and translated to 3.0.0 as ign-converter does
 * (translate/from-v2, with the filesystem map and a rule set: `flatcar` by
 * default), then up to 3.6.0. With `target`, the config goes up from its own
 * version to that one instead, never through a newer version that would lose
 * information (3.5 → 3.6 masks special mode bits); a 3.x config newer than
 * `target` stays at its own version (`configVersion`), for the caller to
 * translate down (translateConfigText).
 */
import { errorAt, Report } from '../core/index.js';
import { correlate, type SourceIndex } from '../source/index.js';
import {
  applyV24Extras,
  translateV23ToV30,
  upgradeV2xToV23,
  v1PathOf,
  type TranslationRules,
} from './translate/from-v2/index.js';
import { translateConfig, type TranslateVersion } from './translate/index.js';
import type * as v1 from './v1/index.js';
import type * as v3_6 from './v3_6/index.js';
import { validateConfigText } from './validate.js';
import { parseSemver } from '../go/index.js';
import { ALL_SPEC_VERSIONS, findSpecVersion, SPEC_1 } from './versions.js';

export interface ParseAnyOptions {
  /** For 2.x configs: filesystem name → mount path (ign-converter's -fsmap); `root` is always `/`. */
  readonly fsMap?: Readonly<Record<string, string>>;
  /** For 2.x configs: which real translator's rules (docs/ignition.md); default `flatcar`. */
  readonly rules?: TranslationRules;
  /** The version to stop at (default 3.6.0); see above. */
  readonly target?: TranslateVersion;
}

export interface ParseAnyResult {
  /** ignition.version as written, when it is a string. */
  readonly version?: string;
  /** The config as spec 3.6.0 (or `target`, or see configVersion), when the input has no errors. */
  readonly config?: v3_6.Config;
  /** The spec version `config` is in (3.6.0, `target`, or the input's own when newer than `target`). */
  readonly configVersion?: string;
  /** The validation issues of the input (with line:col), or why it cannot be read or translated. */
  readonly report: Report;
  /** The input's position index (placing later issues about it needs no second parse). */
  readonly index: SourceIndex;
}

/** A config already validated with its own version's rules (what validateConfigText returns). */
export interface ValidatedConfig {
  readonly version: string | undefined;
  readonly config: unknown;
  readonly report: Report;
  readonly index: SourceIndex;
}

export function parseAnyVersion(text: string, opts: ParseAnyOptions = {}): ParseAnyResult {
  return upgradeValidated(validateConfigText(text, { versions: ALL_SPEC_VERSIONS }), opts);
}

/**
 * parseAnyVersion after the validation: for a config whose text was already
 * read and checked (`hull ct -ignition 3.x` hands ct's 2.3.0 object and its
 * report here instead of printing it and reading it back).
 */
export function upgradeValidated(validated: ValidatedConfig, opts: ParseAnyOptions = {}): ParseAnyResult {
  const target = opts.target ?? '3.6.0';
  const { version, config, report, index } = validated;
  if (report.isFatal() || config === undefined || version === undefined) {
    return version === undefined ? { report, index } : { version, report, index };
  }
  if (version === SPEC_1.version || parseSemver(version)?.major === 2) {
    const v23 = upgradeV2xToV23(config as Parameters<typeof upgradeV2xToV23>[0]);
    if (v23 === undefined) return { version, report, index };
    // As ign-converter: a 2.4.0 config translates to 3.1.0 and newer (v24tov31), not to 3.0.0.
    if (version === '2.4.0' && target === '3.0.0') {
      const refused = errorAt(
        'IGN_VERSION_UNSUPPORTED',
        ['ignition', 'version'],
        'unsupported config version: a 2.4.0 config translates to spec 3.1.0 or newer',
      );
      return { version, report: report.merge(correlate(Report.of(refused), index)), index };
    }
    const rules = opts.rules ?? 'flatcar';
    // The fork merges units of one name in v24tov31 (what Flatcar boots: 3.1 and newer), not in v23tov30.
    const v30 = translateV23ToV30(
      v23,
      { ...opts.fsMap },
      { rules, mergeUnits: rules === 'flatcar' && target !== '3.0.0' },
    );
    // Paths of the refusals are those of the 2.x document (of its upgrade, for spec 1): place them in the input text.
    const refusals =
      version === SPEC_1.version
        ? v30.report.map((i) => ({ ...i, path: v1PathOf(i.path, config as v1.Config) }))
        : v30.report;
    const all = report.merge(correlate(refusals, index));
    if (v30.config === undefined || all.isFatal()) return { version, report: all, index };
    // biome-ignore lint/suspicious/noExplicitAny: the up-translated config of any 3.x version, read by key
    const up = translateConfig(v30.config, '3.0.0', target).config as Record<string, any>;
    if (version === '2.4.0') applyV24Extras(up, v23);
    return { version, config: up as unknown as v3_6.Config, configVersion: target, report: all, index };
  }
  const own = findSpecVersion(version)!.version;
  if (own > target) return { version, config: config as v3_6.Config, configVersion: own, report, index };
  return {
    version,
    config: translateConfig(config, own, target).config as v3_6.Config,
    configVersion: target,
    report,
    index,
  };
}
