import type { JsonPath, PathSegment, Position, Range } from '../core/index.js';
import { LineMap } from './line-map.js';
import type { NodeKind, ScalarStyle, TreeNode } from './_tree.js';

export type { NodeKind, ScalarStyle } from './_tree.js';
export type SourceSyntax = 'yaml' | 'json';

/** What the index knows about the node at one path. */
export interface IndexEntry {
  readonly path: JsonPath;
  readonly syntax: SourceSyntax;
  readonly kind: NodeKind;
  /** The value: from its first property (YAML anchor or tag) to the end of its content. */
  readonly range: Range;
  /** The key, when the value is a mapping member (absent for sequence items and the root). */
  readonly keyRange?: Range;
  /**
   * When the value came through a YAML alias (`*name`) or merge key, `range`
   * and `keyRange` point at the anchored original (as go-yaml's node
   * positions do) and `aliasRange` at the alias that brought it here.
   */
  readonly aliasRange?: Range;
  /** Scalars: the content after unquoting, unescaping and folding (go-yaml's Node.Value). */
  readonly text?: string;
  /** Scalars: how the scalar was written. */
  readonly style?: ScalarStyle;
  /** YAML: the explicit tag in short form ('!!int', '!!str', '!foo'); absent when none or '!'. */
  readonly tag?: string;
  /** YAML: the anchor name defined on this node. */
  readonly anchor?: string;
}

const INDEX_RE = /^(0|[1-9][0-9]*)$/;

/**
 * The position index of one parsed document: for every JSON path, where its
 * key and value are in the text. Paths may use numbers or numeric strings for
 * sequence items, and numbers for mapping keys that look like numbers.
 */
export class SourceIndex {
  readonly text: string;
  readonly syntax: SourceSyntax;
  readonly lines: LineMap;
  /**
   * True when every number in the text is written as JavaScript writes its value (String(n)),
   * so a number's text is known from the value without looking it up (JSON only).
   */
  readonly plainNumbers: boolean;
  #root: TreeNode | undefined;
  /** Builds the tree on first use (parseJson defers it until a position is asked for). */
  #build: (() => TreeNode | undefined) | undefined;

  /** @internal Built by parseYaml / parseJson; use SourceIndex.empty to make one by hand. */
  constructor(
    text: string,
    syntax: SourceSyntax,
    root: TreeNode | undefined | (() => TreeNode | undefined),
    lines?: LineMap,
    plainNumbers = false,
  ) {
    this.text = text;
    this.syntax = syntax;
    if (typeof root === 'function') this.#build = root;
    else this.#root = root;
    this.lines = lines ?? new LineMap(text);
    this.plainNumbers = plainNumbers;
  }

  get #tree(): TreeNode | undefined {
    if (this.#build !== undefined) {
      this.#root = this.#build();
      this.#build = undefined;
    }
    return this.#root;
  }

  /** An index with no nodes (empty or unparsable document). */
  static empty(text: string, syntax: SourceSyntax = 'yaml'): SourceIndex {
    return new SourceIndex(text, syntax, undefined);
  }

  get root(): IndexEntry | undefined {
    return this.#tree === undefined ? undefined : this.#entry(this.#tree, []);
  }

  get(path: JsonPath): IndexEntry | undefined {
    const node = this.#find(path);
    return node === undefined ? undefined : this.#entry(node, [...path]);
  }

  has(path: JsonPath): boolean {
    return this.#find(path) !== undefined;
  }

  /**
   * The entry at `path` or, when that is absent, at its deepest existing
   * ancestor. `depth` says how many segments of `path` matched
   * (depth === path.length means the exact path exists).
   */
  nearest(path: JsonPath): { readonly entry: IndexEntry; readonly depth: number } | undefined {
    let node = this.#tree;
    if (node === undefined) return undefined;
    let depth = 0;
    for (const seg of path) {
      const next = childOf(node, seg);
      if (next === undefined) break;
      node = next;
      depth++;
    }
    return { entry: this.#entry(node, path.slice(0, depth)), depth };
  }

  /** The children of a mapping (in source order) or sequence; [] for scalars and absent paths. */
  children(path: JsonPath): IndexEntry[] {
    const node = this.#find(path);
    if (node === undefined) return [];
    const out: IndexEntry[] = [];
    if (node.keys !== undefined) for (const [k, child] of node.keys) out.push(this.#entry(child, [...path, k]));
    if (node.items !== undefined) node.items.forEach((child, i) => out.push(this.#entry(child, [...path, i])));
    return out;
  }

  /** The keys of a mapping in source order; [] for sequences, scalars and absent paths (no positions computed). */
  keys(path: JsonPath): string[] {
    const node = this.#find(path);
    return node?.keys === undefined ? [] : [...node.keys.keys()];
  }

  /** A scalar's text (IndexEntry.text) without computing its positions; undefined when absent or not a scalar. */
  scalarText(path: JsonPath): string | undefined {
    return this.#find(path)?.text;
  }

  /** Every entry, parents before children, mapping members in source order. */
  *entries(): IterableIterator<IndexEntry> {
    if (this.#tree === undefined) return;
    const stack: Array<[TreeNode, PathSegment[]]> = [[this.#tree, []]];
    while (stack.length > 0) {
      const [node, path] = stack.pop() as [TreeNode, PathSegment[]];
      yield this.#entry(node, path);
      const kids: Array<[TreeNode, PathSegment[]]> = [];
      if (node.keys !== undefined) for (const [k, child] of node.keys) kids.push([child, [...path, k]]);
      if (node.items !== undefined) node.items.forEach((child, i) => kids.push([child, [...path, i]]));
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as [TreeNode, PathSegment[]]);
    }
  }

  /** The exact source text of a range (e.g. entry.range: the scalar as written, quotes included). */
  slice(range: Range): string {
    return this.text.slice(range.start.offset, range.end.offset);
  }

  positionAt(offset: number): Position {
    return this.lines.positionAt(offset);
  }

  rangeAt(start: number, end: number): Range {
    return this.lines.rangeAt(start, end);
  }

  #find(path: JsonPath): TreeNode | undefined {
    let node = this.#tree;
    for (const seg of path) {
      if (node === undefined) return undefined;
      node = childOf(node, seg);
    }
    return node;
  }

  #entry(node: TreeNode, path: JsonPath): IndexEntry {
    return new Entry(node, path, this.syntax, this.lines);
  }
}

/**
 * An IndexEntry whose ranges are computed on first read: walking a document
 * (decoders, unknown-key checks) reads paths, kinds and texts, and most
 * entries never need a line:column.
 */
class Entry implements IndexEntry {
  readonly path: JsonPath;
  readonly syntax: SourceSyntax;
  readonly kind: NodeKind;
  readonly text?: string;
  readonly style?: ScalarStyle;
  readonly tag?: string;
  readonly anchor?: string;
  readonly #node: TreeNode;
  readonly #lines: LineMap;
  #range: Range | undefined;

  constructor(node: TreeNode, path: JsonPath, syntax: SourceSyntax, lines: LineMap) {
    this.path = path;
    this.syntax = syntax;
    this.kind = node.kind;
    if (node.text !== undefined) this.text = node.text;
    if (node.style !== undefined) this.style = node.style;
    if (node.tag !== undefined) this.tag = node.tag;
    if (node.anchor !== undefined) this.anchor = node.anchor;
    this.#node = node;
    this.#lines = lines;
  }

  get range(): Range {
    this.#range ??= this.#lines.rangeAt(this.#node.start, this.#node.end);
    return this.#range;
  }

  get keyRange(): Range | undefined {
    return this.#node.keyStart >= 0 ? this.#lines.rangeAt(this.#node.keyStart, this.#node.keyEnd) : undefined;
  }

  get aliasRange(): Range | undefined {
    return this.#node.aliasStart >= 0 ? this.#lines.rangeAt(this.#node.aliasStart, this.#node.aliasEnd) : undefined;
  }
}

function childOf(node: TreeNode, seg: PathSegment): TreeNode | undefined {
  if (node.keys !== undefined) return node.keys.get(typeof seg === 'number' ? String(seg) : seg);
  if (node.items !== undefined) {
    const i = typeof seg === 'number' ? seg : INDEX_RE.test(seg) ? Number(seg) : -1;
    return Number.isInteger(i) && i >= 0 ? node.items[i] : undefined;
  }
  return undefined;
}
