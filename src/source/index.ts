/**
 * source/: text → value + position index, correlate, report renderers.
 * Pure (no node:*); the only door into this area.
 */
export { SOURCE_ISSUE_CODES, type SourceIssueCode } from './codes.js';

export { parseYaml, type YamlParseOptions } from './parse-yaml.js';
export { parseJson } from './parse-json.js';
export { decodeJsonBytes, decodeUtf8, type Utf8Error, type Utf8Result } from './utf8.js';
export type { ParseOptions, ParseResult } from './parse-result.js';
export { DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, type ParseLimits } from './limits.js';

export {
  SourceIndex,
  type IndexEntry,
  type NodeKind,
  type ScalarStyle,
  type SourceSyntax,
} from './source-index.js';
export { LineMap } from './line-map.js';

export {
  decodeBool,
  decodeInt,
  decodeFloat,
  decodeString,
  type DecodeResult,
  type DecodeOptions,
  type IntDecodeOptions,
} from './decode.js';
export { goResolve, shortTag, type GoResolved } from './go-resolve.js';

export {
  correlate,
  correlateIssue,
  defaultTarget,
  type CorrelateOptions,
  type CorrelateTarget,
} from './correlate.js';

export { renderCt, ctEntry, type CtKind, type CtRenderOptions } from './render-ct.js';
export {
  renderButaneRaw,
  renderIgnitionValidate,
  rawEntry,
  vcontextPath,
  type IgnitionValidateRenderOptions,
} from './render-raw.js';
export {
  renderButanePretty,
  shouldColor,
  type ButanePrettyOptions,
  type ColorChoice,
  type ColorMode,
} from './render-butane-pretty.js';
export { renderJson, toJsonIssues, type JsonIssue } from './render-json.js';
export { goSprintfNoArgs } from './go-text.js';
export { goYamlLinePrefix } from './go-yaml-line.js';
