import { errorAt, type Issue, type JsonPath } from '../../core/index.js';
import { validateConfigText } from '../../ignition/index.js';
import { butaneIssue } from './messages.js';
import { normalizeSemverStrict } from '../../go/index.js';
import type { ButaneSpec } from './spec.js';

/**
 * The inline merge or replace config, as Butane's ValidateIgnitionConfig:
 * unparsable JSON or wrong types → the parser's message (no path) plus
 * `config is not valid` at the key; another (valid) version → a warning
 * that validation was skipped; else the config's own issues, at their paths
 * inside it (Butane correlates those against the YAML, so they land on the
 * deepest matching YAML node). Butane never checks `local` configs (its
 * path test looks at `$.local`), so Hull does not either.
 */
export function embeddedCheck(spec: ButaneSpec) {
  return (text: string, at: JsonPath, field: 'inline' | 'local'): Issue[] => {
    const r = validateConfigText(text);
    const parseError = r.report.issues.find((i) => i.severity === 'error' && PARSE_CODES.has(i.code));
    if (parseError !== undefined) {
      const d = parseError.details;
      const message =
        parseError.code === 'IGN_CONFIG_EMPTY'
          ? 'unexpected end of JSON input'
          : typeof d?.['goMessage'] === 'string'
            ? d['goMessage']
            : // Butane unmarshals straight into the config type, not a version stub first.
              d?.['goType'] === 'util.versionStub' && d['struct'] === undefined
              ? `json: cannot unmarshal ${d['value']} into Go value of type types.Config`
              : parseError.message;
      return [
        errorAt(parseError.code, [], message),
        butaneIssue.error('BUTANE_EMBEDDED_CONFIG_INVALID', [...at, field]),
      ];
    }
    if (r.version !== undefined && normalizeSemverStrict(r.version) !== undefined && r.version !== spec.outputVersion) {
      return [butaneIssue.warning('BUTANE_EMBEDDED_VERSION_UNKNOWN', [...at, 'version'])];
    }
    return r.report.issues.map((i) => {
      const { range: _range, ...rest } = i;
      return i.code === 'IGN_VERSION_INVALID' ? { ...rest, path: ['ignition', 'version'] } : rest;
    });
  };
}

const PARSE_CODES = new Set([
  'SRC_JSON_SYNTAX',
  'SRC_JSON_DUPLICATE_KEY',
  'IGN_CONFIG_EMPTY',
  'IGN_TYPE_MISMATCH',
  'SRC_INPUT_TOO_LARGE',
  'SRC_NESTING_TOO_DEEP',
]);
