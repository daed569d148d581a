import { errorAt, Report, type Issue } from '../core/index.js';
import type { SourceIndex } from '../source/index.js';
import { correlate, parseJson } from '../source/index.js';
import { decode, object, string, type ObjectNode } from './schema/index.js';
import { parseSemver } from '../go/index.js';
import { vcontextColumns } from './vcontext-columns.js';
import { findSpecVersion, SPEC_1, SPEC_VERSIONS } from './versions.js';
import type { AnySpecVersion } from './spec-version.js';

export interface ValidateResult {
  /** ignition.version as written, when it is a string; '1' for a spec 1 config (`"ignitionVersion": 1`). */
  readonly version: string | undefined;
  /** The decoded config of the selected version (zero values filled in), when the version is supported. */
  readonly config: unknown | undefined;
  /** Every issue, with line:column ranges where a path can be placed in the text. */
  readonly report: Report;
  /** The text's position index, for placing later issues about this config without parsing the text again. */
  readonly index: SourceIndex;
}

// Ignition first reads only the version, into a struct without json tags (util.versionStub, whose
// Ignition field is an anonymous struct): encoding/json's messages name them so.
const versionStub = {
  ...object(
    'versionStub',
    {
      ignition: {
        ...object('', { version: string() }, { goFields: { version: 'Version' } }),
        goType: 'struct { Version string }',
      },
    },
    { goFields: { ignition: 'Ignition' } },
  ),
  goType: 'util.versionStub',
};

/**
 * Validates an Ignition config text the way Ignition (and ignition-validate)
 * does: parse the JSON (duplicate keys are errors in Hull), read
 * ignition.version, decode the structure of that version (wrong types are
 * errors, unknown keys warnings), run the version's semantic rules, and
 * correlate every issue to line:column.
 */
export interface ValidateOptions {
  /** The spec versions accepted (default SPEC_VERSIONS, 3.x; ALL_SPEC_VERSIONS adds spec 1 and 2.0.0 to 2.4.0). */
  readonly versions?: readonly AnySpecVersion[];
}

export function validateConfigText(text: string, options: ValidateOptions = {}): ValidateResult {
  const parsed = parseJson(text);
  if (parsed.report.isFatal() || parsed.value === undefined) {
    return { version: undefined, config: undefined, report: parsed.report, index: parsed.index };
  }
  const { index } = parsed;
  const done = (version: string | undefined, config: unknown, report: Report): ValidateResult => ({
    version,
    config,
    report: vcontextColumns(correlate(parsed.report.merge(report), index), index),
    index,
  });
  if (parsed.empty)
    return done(undefined, undefined, Report.of(errorAt('IGN_CONFIG_EMPTY', [], 'not a config (empty)')));

  const among = options.versions ?? SPEC_VERSIONS;
  const stub = decode(versionStub, parsed.value, index);
  if (
    among.includes(SPEC_1) &&
    isSpec1(parsed.value, stub.errors.length > 0 ? undefined : stub.value.ignition.version)
  ) {
    return validateSpec1(parsed.value, index, done);
  }
  if (stub.errors.length > 0) return done(undefined, undefined, new Report(stub.errors));
  const version = stub.value.ignition.version;
  const spec = findSpecVersion(
    version,
    among.filter((s) => s !== SPEC_1),
  );
  if (spec === undefined) {
    const versionPath = index.has(['ignition', 'version']) ? ['ignition', 'version'] : [];
    const issue =
      parseSemver(version) === undefined
        ? errorAt('IGN_VERSION_INVALID', versionPath, "invalid config version (couldn't parse)")
        : errorAt('IGN_VERSION_UNSUPPORTED', versionPath, 'unsupported config version');
    return done(version, undefined, Report.of(issue));
  }

  const decoded = decode(spec.schema, parsed.value, index);
  if (decoded.errors.length > 0) {
    // Ignition stops at type errors; Hull reports them all, plus the unused keys, and skips the rules.
    return done(version, undefined, new Report([...decoded.errors, ...decoded.unused]));
  }
  const rules = spec.validate(decoded.value);
  const unused = spec.reportUnused ? spec.reportUnused(decoded.value, decoded.unused) : decoded.unused;
  return done(version, decoded.value, new Report([...rules.issues, ...unused]));
}

/**
 * Spec 1 as Ignition v0.35 selects it: its 2.0 parser falls back to v1.Parse when the config
 * does not decode as 2.0 or its ignition.version is older than 2.0.0 (absent included), and
 * v1.Parse reads `ignitionVersion`. Hull takes that path only when the key is there, so a config
 * with neither key keeps the 3.x message (invalid config version).
 */
function isSpec1(value: unknown, version: string | undefined): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  if (!Object.keys(value).some((k) => k.toLowerCase() === 'ignitionversion')) return false;
  if (version === undefined || version === '') return true;
  const v = parseSemver(version);
  return v !== undefined && v.major < 2;
}

/** v1.Parse: decode (type errors first), then `ignitionVersion` must be 1, then the rules. */
function validateSpec1(
  value: unknown,
  index: SourceIndex,
  done: (version: string | undefined, config: unknown, report: Report) => ValidateResult,
): ValidateResult {
  const decoded = decode(SPEC_1.schema as ObjectNode, value, index) as {
    errors: Issue[];
    unused: Issue[];
    value: unknown;
  };
  if (decoded.errors.length > 0) return done(undefined, undefined, new Report([...decoded.errors, ...decoded.unused]));
  const cfg = decoded.value as { ignitionVersion: number };
  if (cfg.ignitionVersion !== 1) {
    const at = index.has(['ignitionVersion']) ? ['ignitionVersion'] : [];
    return done(undefined, undefined, Report.of(errorAt('IGN_VERSION_UNSUPPORTED', at, 'unsupported config version')));
  }
  const rules = SPEC_1.validate(cfg);
  return done(SPEC_1.version, cfg, new Report([...rules.issues, ...SPEC_1.reportUnused!(cfg, decoded.unused)]));
}
