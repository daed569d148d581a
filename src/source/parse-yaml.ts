import { Composer, isScalar, Parser, type CST, type Document, type Node } from 'yaml';
import { pushAll, errorAt, issue, type Issue } from '../core/index.js';
import { byteLimit, checkSize, depthLimit, tooLargeIssue } from './limits.js';
import { decodeUtf8 } from './utf8.js';
import { LineMap } from './line-map.js';
import { asText, internalErrorResult, resultOf, type ParseOptions, type ParseResult } from './parse-result.js';
import { SourceIndex } from './source-index.js';
import { buildYamlDocument } from './yaml-build.js';
import { collectCstFacts, earlyDocumentEnd, NO_CST_FACTS, type CstFacts } from './yaml-cst.js';
import { composeFast } from './yaml-fast.js';
import { yamlErrorsToIssues } from './yaml-errors.js';

export interface YamlParseOptions extends ParseOptions {
  /**
   * What to do when the text holds more than one document. go-yaml's
   * Unmarshal (ct, Butane) silently uses the first; Hull uses the first too
   * and by default says so with a SRC_YAML_MULTIPLE_DOCUMENTS warning.
   * 'ignore' is exactly go-yaml; 'error' rejects the text.
   */
  readonly multiDocument?: 'warn' | 'ignore' | 'error';
  /** False to skip the fast path (yaml-fast.ts) and compose every text with the `yaml` package (tests compare the two). */
  readonly fastPath?: boolean;
}

// go-yaml's reader accepts only #x9 | #xA | #xD | [#x20-#x7E] | #x85 | [#xA0-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
const FORBIDDEN_CHAR = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * Parses YAML the way go-yaml v3 (ct 0.9.4, Butane) reads it: the first
 * document only, duplicate keys and tab indentation are errors, plain
 * scalars resolve like go-yaml (0644 is 420, yes/no stay strings), aliases
 * are expanded with go-yaml's alias-bomb limit. Never throws.
 */
export function parseYaml(text: string | Uint8Array, opts: YamlParseOptions = {}): ParseResult {
  if (text instanceof Uint8Array) return parseYamlBytes(text, opts ?? {});
  const t = asText(text);
  try {
    return parseYamlUnsafe(t, opts ?? {});
  } catch (err) {
    return internalErrorResult(t, 'yaml', err);
  }
}

/**
 * Bytes as go-yaml reads them: over the size limit is SRC_INPUT_TOO_LARGE
 * (nothing decoded), invalid UTF-8 is SRC_YAML_INVALID_UTF8 with go-yaml's
 * reader message ("invalid leading UTF-8 octet", ...), never U+FFFD.
 */
function parseYamlBytes(bytes: Uint8Array, opts: YamlParseOptions): ParseResult {
  const limit = byteLimit(opts.maxBytes);
  if (bytes.length > limit) return resultOf('', 'yaml', undefined, undefined, [tooLargeIssue(limit)], false);
  const decoded = decodeUtf8(bytes);
  if (decoded.ok) return parseYaml(decoded.text, opts);
  const { message, offset } = decoded.error;
  // Positions from a lossy decoding: the text before the bad octet is valid, so they are exact.
  const text = new TextDecoder().decode(bytes);
  const lines = new LineMap(text);
  const at = new TextDecoder().decode(bytes.subarray(0, offset)).length;
  const issue = errorAt('SRC_YAML_INVALID_UTF8', [], message, lines.rangeAt(at, at + 1));
  return resultOf(text, 'yaml', undefined, undefined, [issue], false);
}

function parseYamlUnsafe(text: string, opts: YamlParseOptions): ParseResult {
  const tooLarge = checkSize(text, opts.maxBytes);
  if (tooLarge !== undefined) return resultOf(text, 'yaml', undefined, undefined, [tooLarge], false);

  const lines = new LineMap(text);
  const issues: Issue[] = [];
  const bad = FORBIDDEN_CHAR.exec(text);
  if (bad !== null) {
    const cp = bad[0].codePointAt(0) ?? 0;
    issues.push(
      errorAt(
        'SRC_YAML_CONTROL_CHAR',
        [],
        `control characters are not allowed (found U+${cp.toString(16).toUpperCase().padStart(4, '0')})`,
        lines.rangeAt(bad.index, bad.index + bad[0].length),
      ),
    );
  }

  const maxDepth = depthLimit(opts.maxDepth);
  if (bad === null && opts.fastPath !== false) {
    const contents = composeFast(text, maxDepth);
    if (contents !== undefined) return buildResult(text, lines, contents, NO_CST_FACTS, maxDepth, issues, false);
  }
  const tokens: CST.Token[] = Array.from(new Parser().parse(text));
  const cst = collectCstFacts(tokens, maxDepth);
  if (cst.tooDeepAt !== undefined) {
    const at = cst.tooDeepAt;
    issues.push(errorAt('SRC_NESTING_TOO_DEEP', [], `exceeded max depth of ${maxDepth}`, lines.rangeAt(at, at + 1)));
    return resultOf(text, 'yaml', undefined, undefined, issues, false);
  }
  const early = earlyDocumentEnd(tokens);
  if (early !== undefined) {
    issues.push(
      errorAt('SRC_YAML_NO_NODE_CONTENT', [], 'did not find expected node content', lines.rangeAt(early, early + 3)),
    );
    return resultOf(text, 'yaml', undefined, undefined, issues, false);
  }
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, strict: true, prettyErrors: false });
  const docs = Array.from(composer.compose(tokens)) as Document.Parsed[];

  const first = docs[0];
  if (first === undefined) return resultOf(text, 'yaml', null, SourceIndex.empty(text, 'yaml'), issues, true);

  const syntaxIssues = yamlErrorsToIssues(first.errors, text, lines, cst);
  pushAll(issues, syntaxIssues);
  const directive = first.directives?.yaml;
  if (directive?.explicit === true && directive.version !== '1.1') {
    const at = Math.max(0, text.indexOf('%YAML'));
    issues.push(
      errorAt(
        'SRC_YAML_INCOMPATIBLE_VERSION',
        [],
        `found incompatible YAML document (%YAML ${directive.version}; go-yaml accepts only %YAML 1.1)`,
        lines.rangeAt(at, at + 5),
      ),
    );
  }
  if (docs.length > 1) {
    const mode = opts.multiDocument ?? 'warn';
    if (mode !== 'ignore') {
      const at = cst.documents[1] ?? (docs[1]?.range?.[0] as number | undefined) ?? 0;
      issues.push(
        issue(
          mode === 'error' ? 'error' : 'warning',
          'SRC_YAML_MULTIPLE_DOCUMENTS',
          [],
          `the text holds ${docs.length} YAML documents; only the first is used`,
          lines.rangeAt(at, at),
        ),
      );
    }
  }

  return buildResult(text, lines, first.contents as Node | null, cst, maxDepth, issues, syntaxIssues.length > 0);
}

/** Builds the value and the position tree of the document's contents; adds the build's findings to `issues`. */
function buildResult(
  text: string,
  lines: LineMap,
  contents: Node | null,
  cst: CstFacts,
  maxDepth: number,
  issues: Issue[],
  syntaxBroken: boolean,
): ParseResult {
  const empty = contents === null || isEmptyScalar(contents);
  const input = { text, lines, cst, maxDepth };
  let built: ReturnType<typeof buildYamlDocument>;
  try {
    built = buildYamlDocument(empty ? null : contents, input);
  } catch (err) {
    if (!syntaxBroken) throw err;
    built = { value: undefined, root: undefined, issues: [] };
  }
  // On a broken syntax tree the build's own findings are follow-on noise: keep only the positions.
  if (!syntaxBroken) pushAll(issues, built.issues);
  const index = new SourceIndex(text, 'yaml', built.root, lines);
  return resultOf(text, 'yaml', empty ? null : built.value, index, issues, empty);
}

function isEmptyScalar(n: Node): boolean {
  return (
    isScalar(n) &&
    (n.type === undefined || n.type === 'PLAIN') &&
    (n.source === '' || n.source === undefined) &&
    n.tag === undefined &&
    (n.anchor === undefined || n.anchor === '')
  );
}
