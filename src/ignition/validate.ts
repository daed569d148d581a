import { errorAt, Report, samePath } from '../core/index.js';
import type { SourceIndex } from '../source/index.js';
import { correlate, parseJson } from '../source/index.js';
import { decode, object, string } from './schema/index.js';
import type { SpecVersion } from './spec-version.js';
import { findSpecVersion, parseSemver, SPEC_VERSIONS } from './versions.js';

export interface ValidateResult {
  /** ignition.version as written, when it is a string. */
  readonly version: string | undefined;
  /** The decoded config of the selected version (zero values filled in), when the version is supported. */
  readonly config: unknown | undefined;
  /** Every issue, with line:column ranges where a path can be placed in the text. */
  readonly report: Report;
}

// Ignition first reads only the version, into a struct without json tags (util.versionStub, whose
// Ignition field is an anonymous struct): encoding/json's messages name them so.
const versionStub = {
  ...object(
    'versionStub',
    { ignition: { ...object('', { version: string() }, { goFields: { version: 'Version' } }), goType: 'struct { Version string }' } },
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
  /** The spec versions accepted (default SPEC_VERSIONS, 3.x; ALL_SPEC_VERSIONS adds 2.0.0 to 2.4.0). */
  readonly versions?: readonly SpecVersion<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function validateConfigText(text: string, options: ValidateOptions = {}): ValidateResult {
  const parsed = parseJson(text);
  if (parsed.report.isFatal() || parsed.value === undefined) {
    return { version: undefined, config: undefined, report: parsed.report };
  }
  const { index } = parsed;
  const done = (version: string | undefined, config: unknown, report: Report): ValidateResult => ({
    version,
    config,
    report: vcontextColumns(correlate(parsed.report.merge(report), index), index),
  });
  if (parsed.empty) return done(undefined, undefined, Report.of(errorAt('IGN_CONFIG_EMPTY', [], 'not a config (empty)')));

  const stub = decode(versionStub, parsed.value, index);
  if (stub.errors.length > 0) return done(undefined, undefined, new Report(stub.errors));
  const version = stub.value.ignition.version;
  const versionPath = index.has(['ignition', 'version']) ? ['ignition', 'version'] : [];
  const spec = findSpecVersion(version, options.versions ?? SPEC_VERSIONS);
  if (spec === undefined) {
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
 * Ignition (vcontext) places an issue about a JSON object or array just after
 * its opening brace or bracket, and a type error (encoding/json's offset)
 * just after a scalar value; Hull's ranges start at the brace or value. Moving the
 * start one character right keeps line:column identical to ignition-validate
 * (the brace is never the last character of a line that matters: the next
 * character is on the same line, as in vcontext).
 */
function vcontextColumns(report: Report, index: SourceIndex): Report {
  return report.map((i) => {
    if (i.range === undefined || i.code.endsWith('_UNUSED_KEY')) return i;
    // A path the text lacks (a missing field) is placed at its nearest ancestor, as vcontext does.
    const entry = index.get(i.path) ?? index.nearest(i.path)?.entry;
    if (entry === undefined) return i;
    const { start, end } = i.range;
    if (entry.kind === 'scalar') {
      // encoding/json reports a type error at the offset just after the value.
      if (i.code !== 'IGN_TYPE_MISMATCH' || !samePath(entry.path, i.path)) return i;
      return { ...i, range: { start: entry.range.end, end: entry.range.end } };
    }
    if (start.offset !== entry.range.start.offset) return i;
    const moved = { line: start.line, column: start.column + 1, offset: start.offset + 1 };
    return { ...i, range: { start: moved, end } };
  });
}
