import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { errorAt, type Issue, type IssueDetails, type JsonPath, type PathSegment } from '../core/index.js';
import { newNode, type ScalarStyle, type TreeNode } from './_tree.js';
import { shortTag } from './go-resolve.js';
import { resolveScalar, type ScalarFacts } from './go-scalar.js';
import type { LineMap } from './line-map.js';
import { AliasLimiter } from './yaml-alias-limit.js';
import { propsStart, type CstFacts } from './yaml-cst.js';
import { buildMapping, type MappingHost } from './yaml-mapping.js';

/**
 * Turns one composed `yaml` document into the generic value and the position
 * tree, decoding the way go-yaml v3 decodes into interface{} (decode.go):
 * anchors are bound in document order, before their own children; an alias
 * expands its anchored node (positions point at the original, aliasRange at
 * the alias); expansion stops with SRC_YAML_ALIAS_LIMIT under go-yaml's
 * alias-ratio rule; scalars resolve as go-yaml resolves them. Mappings (merge
 * keys, duplicate keys, key decoding) are in yaml-mapping.ts.
 */
export interface BuildInput {
  readonly text: string;
  readonly lines: LineMap;
  readonly cst: CstFacts;
  readonly maxDepth: number;
}

export interface BuildOutput {
  readonly value: unknown;
  readonly root: TreeNode | undefined;
  readonly issues: readonly Issue[];
}

export interface Built {
  readonly value: unknown;
  readonly tree: TreeNode;
}

/** Thrown to stop building (alias limit, depth limit); caught by buildYamlDocument. */
export class BuildAbort extends Error {}

const STYLES: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single-quoted',
  QUOTE_DOUBLE: 'double-quoted',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded',
};

export function buildYamlDocument(contents: Node | null, input: BuildInput): BuildOutput {
  if (contents === null) return { value: null, root: undefined, issues: [] };
  const b = new Builder(input);
  b.bindAliases(contents);
  try {
    const built = b.build(contents, []);
    return { value: built.value, root: built.tree, issues: b.issues };
  } catch (err) {
    if (!(err instanceof BuildAbort)) throw err;
    return { value: undefined, root: b.partialRoot, issues: b.issues };
  }
}

class Builder implements MappingHost {
  readonly issues: Issue[] = [];
  partialRoot: TreeNode | undefined;
  readonly #in: BuildInput;
  readonly #targets = new Map<Alias, Node>();
  readonly #active = new Set<Alias>();
  readonly #aliasStack: Alias[] = [];
  readonly #limiter = new AliasLimiter();
  readonly reportedDuplicates = new Set<unknown>();

  constructor(input: BuildInput) {
    this.#in = input;
  }

  /** Pre-pass in document order: binds every alias to the latest anchor defined before it. */
  bindAliases(contents: Node): void {
    const anchors = new Map<string, Node>();
    const stack: unknown[] = [contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (isAlias(n)) {
        const target = anchors.get(n.source);
        if (target === undefined)
          this.issue('SRC_YAML_UNKNOWN_ANCHOR', [], `unknown anchor '${n.source}' referenced`, n);
        else this.#targets.set(n, target);
        continue;
      }
      if ((isScalar(n) || isMap(n) || isSeq(n)) && n.anchor !== undefined && n.anchor !== '') anchors.set(n.anchor, n);
      if (isMap(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) {
          const p = n.items[i] as Pair<unknown, unknown>;
          stack.push(p.value, p.key);
        }
      } else if (isSeq(n)) {
        for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
      }
    }
  }

  build(node: unknown, path: PathSegment[]): Built {
    this.count();
    if (isAlias(node)) return this.#alias(node, path);
    if (isMap(node)) {
      this.#checkDepth(node, path);
      return buildMapping(this, node as YAMLMap<unknown, unknown>, path, this.node('mapping', node, path));
    }
    if (isSeq(node)) return this.#sequence(node, path);
    if (isScalar(node)) return this.#scalar(node, path);
    return this.empty(0, path);
  }

  /** Counts one decoded node against the alias budget. */
  count(): void {
    if (this.#limiter.tick()) {
      const at = this.#aliasStack[this.#aliasStack.length - 1];
      this.issue('SRC_YAML_ALIAS_LIMIT', [], 'document contains excessive aliasing', at);
      throw new BuildAbort();
    }
  }

  target(alias: Alias): Node | undefined {
    return this.#targets.get(alias);
  }

  /** Runs `fn` while expanding `alias`; reports SRC_YAML_ALIAS_CYCLE instead when the alias is already being expanded. */
  viaAlias<T>(alias: Alias, path: JsonPath, fn: () => T, onCycle: () => T): T {
    if (this.#active.has(alias)) {
      this.issue('SRC_YAML_ALIAS_CYCLE', path, `anchor '${alias.source}' value contains itself`, alias);
      return onCycle();
    }
    this.#active.add(alias);
    this.#aliasStack.push(alias);
    this.#limiter.enterAlias();
    try {
      return fn();
    } finally {
      this.#limiter.leaveAlias();
      this.#aliasStack.pop();
      this.#active.delete(alias);
    }
  }

  #alias(alias: Alias, path: PathSegment[]): Built {
    const target = this.#targets.get(alias);
    const [as, ae] = this.range(alias);
    if (target === undefined) return this.empty(as, path, ae);
    return this.viaAlias(
      alias,
      path,
      () => this.build(target, path),
      () => this.empty(as, path, ae),
    );
  }

  #scalar(node: Scalar, path: PathSegment[]): Built {
    const facts = this.facts(node);
    const tree = this.node('scalar', node, path);
    tree.text = facts.text;
    tree.style = facts.style;
    if (facts.tag !== undefined) tree.tag = facts.tag;
    const r = resolveScalar(facts);
    if (!r.ok) {
      this.issue('SRC_YAML_TAG_MISMATCH', path, r.message, node);
      return { value: facts.text, tree };
    }
    return { value: typeof r.value === 'bigint' ? Number(r.value) : r.value, tree };
  }

  #sequence(node: Node & { items: unknown[] }, path: PathSegment[]): Built {
    this.#checkDepth(node, path);
    const tree = this.node('sequence', node, path);
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      const child = this.build(item, [...path, i]);
      (tree.items as TreeNode[]).push(child.tree);
      out.push(child.value);
    });
    return { value: out, tree };
  }

  #checkDepth(node: unknown, path: PathSegment[]): void {
    if (path.length + 1 > this.#in.maxDepth) {
      this.issue('SRC_NESTING_TOO_DEEP', path, `exceeded max depth of ${this.#in.maxDepth}`, node);
      throw new BuildAbort();
    }
  }

  facts(node: Scalar): ScalarFacts {
    const tag = node.tag === undefined || node.tag === '!' ? undefined : shortTag(node.tag);
    return { text: scalarText(node), style: STYLES[node.type ?? 'PLAIN'] ?? 'plain', tag };
  }

  node(kind: 'scalar' | 'mapping' | 'sequence', node: Node, path: PathSegment[]): TreeNode {
    const [start, end] = this.range(node);
    const tree = newNode(kind, start, end);
    if (node.anchor !== undefined && node.anchor !== '') tree.anchor = node.anchor;
    const outer = this.#aliasStack[0];
    if (outer !== undefined) [tree.aliasStart, tree.aliasEnd] = this.range(outer);
    if (path.length === 0 && this.partialRoot === undefined) this.partialRoot = tree;
    return tree;
  }

  /** A null scalar at `at` (a missing value, an unresolved alias). */
  empty(at: number, path: PathSegment[], end = at): Built {
    const tree = newNode('scalar', at, end);
    tree.text = '';
    tree.style = 'plain';
    if (path.length === 0 && this.partialRoot === undefined) this.partialRoot = tree;
    return { value: null, tree };
  }

  /** [start, end) of a node: from its first property (anchor, tag) to the end of its content. */
  range(node: unknown): [number, number] {
    if (!isYamlNode(node) || node.range === undefined || node.range === null) return [0, 0];
    const [s, e] = node.range;
    const count = (node.anchor ? 1 : 0) + (node.tag !== undefined ? 1 : 0);
    return [propsStart(this.#in.cst, this.#in.text, s, count), Math.max(s, e)];
  }

  line(offset: number): number {
    return this.#in.lines.positionAt(offset).line;
  }

  issue(code: string, path: JsonPath, message: string, at: unknown, details?: IssueDetails): void {
    const [s, e] = at === undefined ? [0, 0] : this.range(at);
    const found = errorAt(code, path, message, this.#in.lines.rangeAt(s, e));
    this.issues.push(details === undefined ? found : { ...found, details });
  }
}

export function isYamlNode(n: unknown): n is Node {
  return isScalar(n) || isMap(n) || isSeq(n) || isAlias(n);
}

export function scalarText(n: Scalar): string {
  return typeof n.source === 'string' ? n.source : n.value == null ? '' : String(n.value);
}
