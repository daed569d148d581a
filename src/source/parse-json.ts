import { errorAt, type Issue } from '../core/index.js';
import { newNode, type TreeNode } from './_tree.js';
import { lexLiteral, lexNumber, lexString, quoteChar, type Lexed } from './json-lex.js';
import { nativeJson } from './json-native.js';
import { checkSize, depthLimit } from './limits.js';
import { LineMap } from './line-map.js';
import { asText, internalErrorResult, resultOf, type ParseOptions, type ParseResult } from './parse-result.js';
import { SourceIndex } from './source-index.js';

/**
 * Parses JSON (RFC 8259, as Go's encoding/json reads it) with a position for
 * every key and value. Unlike JSON.parse it reports duplicate keys
 * (SRC_JSON_DUPLICATE_KEY; the first definition is kept) and gives every
 * syntax error a line:column; messages follow encoding/json ("invalid
 * character 'x' after object key"); an unterminated string or an unclosed
 * object/array points at where it opened. A byte order mark is an error, as
 * in Go; so is a number too large for a float64. Whitespace-only text is an
 * empty document (value null, no issue). Iterative: nesting is limited only
 * by opts.maxDepth. Never throws.
 */
export function parseJson(text: string, opts: ParseOptions = {}): ParseResult {
  const t = asText(text);
  try {
    return parseJsonUnsafe(t, opts ?? {});
  } catch (err) {
    return internalErrorResult(t, 'json', err);
  }
}

/** The value-only pass of Hull's own parser (the route before JSON.parse's; kept as the reference its property test compares with). */
export function parseJsonValueOnly(
  text: string,
  maxDepth: number,
): { value: unknown; plainNumbers: boolean } | undefined {
  const p = new JsonParser(text, maxDepth, false);
  p.skipWs();
  return valueOnly(p) ? { value: p.rootValue, plainNumbers: p.plainNumbers } : undefined;
}

function parseJsonUnsafe(text: string, opts: ParseOptions): ParseResult {
  const tooLarge = checkSize(text, opts.maxBytes);
  if (tooLarge !== undefined) return resultOf(text, 'json', undefined, undefined, [tooLarge], false);
  const maxDepth = depthLimit(opts.maxDepth);
  // First the value alone; the position tree is built only when someone asks for a position.
  // Any finding makes a second, full pass that reports it with its positions.
  const fast = new JsonParser(text, maxDepth, false);
  fast.skipWs();
  if (fast.pos >= text.length) return resultOf(text, 'json', null, SourceIndex.empty(text, 'json'), [], true);
  const tree = (): TreeNode | undefined => runFull(text, maxDepth).root;
  const native = nativeJson(text, maxDepth);
  if (native !== undefined) {
    const index = new SourceIndex(text, 'json', tree, fast.lines, native.plainNumbers);
    return resultOf(text, 'json', native.value, index, [], false);
  }
  if (valueOnly(fast)) {
    const lines = fast.lines;
    return resultOf(
      text,
      'json',
      fast.rootValue,
      new SourceIndex(text, 'json', tree, lines, fast.plainNumbers),
      [],
      false,
    );
  }
  const p = runFull(text, maxDepth);
  return resultOf(text, 'json', p.rootValue, new SourceIndex(text, 'json', p.root, p.lines), p.issues, false);
}

/** True when the value-only pass read the whole text without a finding. */
function valueOnly(p: JsonParser): boolean {
  try {
    p.run();
  } catch (err) {
    if (!(err instanceof SyntaxStop)) throw err;
    return false;
  }
  return p.issues.length === 0;
}

function runFull(text: string, maxDepth: number): JsonParser {
  const p = new JsonParser(text, maxDepth, true);
  p.skipWs();
  try {
    p.run();
  } catch (err) {
    if (!(err instanceof SyntaxStop)) throw err;
  }
  return p;
}

/** The node of a value when the parser builds no tree (value-only pass). */
const NO_NODE = newNode('scalar', 0, 0);

type Frame = {
  readonly node: TreeNode;
  /** True while one of the container's values is being read (after '[', ',' or ':'). */
  pending: boolean;
} & (
  | { readonly kind: 'object'; readonly value: Record<string, unknown>; key: string; keyStart: number; keyEnd: number }
  | { readonly kind: 'array'; readonly value: unknown[] }
);

type State = 'value' | 'key' | 'afterMember' | 'afterElement' | 'end';

class SyntaxStop extends Error {}

class JsonParser {
  readonly lines: LineMap;
  readonly issues: Issue[] = [];
  pos = 0;
  root: TreeNode | undefined;
  rootValue: unknown;
  readonly #text: string;
  readonly #maxDepth: number;
  readonly #stack: Frame[] = [];
  /** False in the value-only pass: no tree nodes, and any finding stops the pass. */
  readonly #tree: boolean;
  /** Every number so far is written as String(value) writes it. */
  plainNumbers = true;

  constructor(text: string, maxDepth: number, tree: boolean) {
    this.#text = text;
    this.#maxDepth = maxDepth;
    this.#tree = tree;
    this.lines = new LineMap(text);
  }

  skipWs(): void {
    let i = this.pos;
    for (;;) {
      const c = this.#text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else break;
    }
    this.pos = i;
  }

  run(): void {
    let state: State = 'value';
    for (;;) {
      this.skipWs();
      const c = this.#text[this.pos];
      switch (state) {
        case 'value':
          state = this.#value(c);
          break;
        case 'key':
          if (c !== '"') this.#unexpected('looking for beginning of object key string');
          this.#key();
          state = 'value';
          break;
        case 'afterMember':
        case 'afterElement': {
          const [close, what] = state === 'afterMember' ? ['}', 'object key:value pair'] : [']', 'array element'];
          if (c === close) state = this.#close();
          else if (c !== ',') this.#unexpected(`after ${what}`);
          else {
            this.pos++;
            if (state === 'afterElement') this.#top().pending = true;
            state = state === 'afterMember' ? 'key' : 'value';
          }
          break;
        }
        case 'end':
          if (this.pos < this.#text.length) this.#unexpected('after top-level value');
          return;
      }
    }
  }

  #value(c: string | undefined): State {
    const start = this.pos;
    if (c === '{' || c === '[') return this.#open(c, start);
    if (c === '"') return this.#scalar(this.#lexed(lexString(this.#text, start), start), start, 'double-quoted');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const raw = this.#lexed(lexNumber(this.#text, start), start);
      const n = Number(raw);
      if (this.plainNumbers && String(n) !== raw) this.plainNumbers = false;
      if (!Number.isFinite(n)) {
        if (!this.#tree) throw new SyntaxStop();
        const message = `cannot unmarshal number ${raw} into Go value of type float64`;
        this.issues.push(errorAt('SRC_TYPE_MISMATCH', this.#path(), message, this.lines.rangeAt(start, this.pos)));
      }
      return this.#scalar(raw, start, 'plain', n);
    }
    const literal = c === 't' ? 'true' : c === 'f' ? 'false' : c === 'n' ? 'null' : undefined;
    if (literal !== undefined) {
      const word = this.#lexed(lexLiteral(this.#text, start, literal), start);
      return this.#scalar(word, start, 'plain', word === 'null' ? null : word === 'true');
    }
    return this.#unexpected('looking for beginning of value');
  }

  #open(c: '{' | '[', start: number): State {
    if (this.#stack.length + 1 > this.#maxDepth) {
      const message = `exceeded max depth of ${this.#maxDepth}`;
      this.issues.push(errorAt('SRC_NESTING_TOO_DEEP', this.#path(), message, this.lines.rangeAt(start, start + 1)));
      throw new SyntaxStop();
    }
    const node = this.#tree ? newNode(c === '{' ? 'mapping' : 'sequence', start, start + 1) : NO_NODE;
    if (this.#stack.length === 0) this.root = node;
    this.pos++;
    this.skipWs();
    if (c === '{') {
      this.#stack.push({ kind: 'object', node, value: {}, key: '', keyStart: -1, keyEnd: -1, pending: false });
      return this.#text[this.pos] === '}' ? this.#close() : 'key';
    }
    this.#stack.push({ kind: 'array', node, value: [], pending: true });
    return this.#text[this.pos] === ']' ? this.#close() : 'value';
  }

  #key(): void {
    const keyStart = this.pos;
    const key = this.#lexed(lexString(this.#text, keyStart), keyStart);
    const keyEnd = this.pos;
    this.skipWs();
    if (this.#text[this.pos] !== ':') this.#unexpected('after object key');
    this.pos++;
    const frame = this.#top();
    if (frame.kind === 'object') {
      frame.key = key;
      frame.keyStart = keyStart;
      frame.keyEnd = keyEnd;
      frame.pending = true;
    }
  }

  /** The token's value (pos moves past it), or a syntax issue. */
  #lexed(r: Lexed<string>, start: number): string {
    if (r.ok) {
      this.pos = r.end;
      return r.value;
    }
    if (r.at >= this.#text.length && this.#text[start] === '"') {
      const message = 'unexpected end of JSON input: unterminated string';
      this.issues.push(errorAt('SRC_JSON_SYNTAX', this.#path(), message, this.lines.rangeAt(start, this.#text.length)));
      throw new SyntaxStop();
    }
    this.pos = r.at;
    return this.#unexpected(r.context);
  }

  #scalar(text: string, start: number, style: 'plain' | 'double-quoted', value: unknown = text): State {
    if (!this.#tree) return this.#attach(value, NO_NODE);
    const node = newNode('scalar', start, this.pos);
    node.text = text;
    node.style = style;
    return this.#attach(value, node);
  }

  #attach(value: unknown, node: TreeNode): State {
    const top = this.#stack[this.#stack.length - 1];
    if (top === undefined) {
      this.root = node;
      this.rootValue = value;
      return 'end';
    }
    top.pending = false;
    if (top.kind === 'array') {
      if (this.#tree) (top.node.items as TreeNode[]).push(node);
      top.value.push(value);
      return 'afterElement';
    }
    if (!this.#tree) {
      // A duplicate key: the full pass reports it with both positions.
      if (Object.hasOwn(top.value, top.key)) throw new SyntaxStop();
      if (top.key === '__proto__') {
        Object.defineProperty(top.value, top.key, { value, enumerable: true, writable: true, configurable: true });
      } else top.value[top.key] = value;
      return 'afterMember';
    }
    node.keyStart = top.keyStart;
    node.keyEnd = top.keyEnd;
    const keys = top.node.keys as Map<string, TreeNode>;
    const first = keys.get(top.key);
    if (first !== undefined) {
      const at = this.lines.positionAt(first.keyStart);
      const message = `duplicate key ${JSON.stringify(top.key)} (first defined at line ${at.line}, column ${at.column})`;
      const range = this.lines.rangeAt(top.keyStart, top.keyEnd);
      this.issues.push(errorAt('SRC_JSON_DUPLICATE_KEY', [...this.#path(), top.key], message, range));
    } else {
      keys.set(top.key, node);
      if (top.key === '__proto__') {
        Object.defineProperty(top.value, top.key, { value, enumerable: true, writable: true, configurable: true });
      } else top.value[top.key] = value;
    }
    return 'afterMember';
  }

  #close(): State {
    const frame = this.#stack.pop() as Frame;
    this.pos++;
    if (this.#tree) frame.node.end = this.pos;
    return this.#attach(frame.value, frame.node);
  }

  #top(): Frame {
    return this.#stack[this.#stack.length - 1] as Frame;
  }

  /** The path of the value being read, or of the innermost container between two of its values. */
  #path(): Array<string | number> {
    const path: Array<string | number> = [];
    for (const f of this.#stack) {
      if (!f.pending) break;
      path.push(f.kind === 'object' ? f.key : f.value.length);
    }
    return path;
  }

  #unexpected(context: string): never {
    const t = this.#text;
    const open = this.#stack[this.#stack.length - 1];
    if (this.pos >= t.length && open !== undefined) {
      const path = this.#stack.slice(0, -1).map((f) => (f.kind === 'object' ? f.key : f.value.length));
      const message = `unexpected end of JSON input: the ${open.kind} opened here is not closed`;
      this.issues.push({
        ...errorAt('SRC_JSON_SYNTAX', path, message, this.lines.rangeAt(open.node.start, t.length)),
        // Go's own text (encoding/json), without Hull's pointer to the opening bracket.
        details: { goMessage: 'unexpected end of JSON input' },
      });
      throw new SyntaxStop();
    }
    const message =
      this.pos >= t.length
        ? 'unexpected end of JSON input'
        : `invalid character ${quoteChar(String.fromCodePoint(t.codePointAt(this.pos) ?? 0))} ${context}`;
    this.issues.push(errorAt('SRC_JSON_SYNTAX', this.#path(), message, this.lines.rangeAt(this.pos, this.pos + 1)));
    throw new SyntaxStop();
  }
}
