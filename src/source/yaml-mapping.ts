import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { IssueDetails, JsonPath, PathSegment } from '../core/index.js';
import type { TreeNode } from './_tree.js';
import { shortTag } from './go-resolve.js';
import { resolveScalar, type ScalarFacts } from './go-scalar.js';
import type { Built } from './yaml-build.js';

/**
 * Mappings as go-yaml v3 decodes them (decode.go, d.mapping and d.merge):
 *
 * - Duplicate keys are errors when two keys have the same node kind and the
 *   same text, so `1` and "1" clash (message as go-yaml's: `mapping key "a"
 *   already defined at line 1`).
 * - A key is its scalar text (decoding a key into a string field gives
 *   Node.Value); null keys (`~`, empty) are skipped, as go-yaml skips them
 *   when decoding into a struct; mapping or sequence keys are errors.
 * - A plain `<<` key (untagged or !!merge) merges after the explicit keys:
 *   its value must be a mapping, an alias of one, or a sequence of those;
 *   explicit keys win, then earlier merged mappings win over later ones;
 *   merged mappings may merge in turn.
 */
export interface MappingHost {
  readonly reportedDuplicates: Set<unknown>;
  build(node: unknown, path: PathSegment[]): Built;
  count(): void;
  target(alias: Alias): Node | undefined;
  viaAlias<T>(alias: Alias, path: JsonPath, fn: () => T, onCycle: () => T): T;
  facts(node: Scalar): ScalarFacts;
  empty(at: number, path: PathSegment[], end?: number): Built;
  range(node: unknown): [number, number];
  line(offset: number): number;
  issue(code: string, path: JsonPath, message: string, at: unknown, details?: IssueDetails): void;
}

type AnyMap = YAMLMap<unknown, unknown>;

export function buildMapping(host: MappingHost, node: AnyMap, path: PathSegment[], tree: TreeNode): Built {
  const out: Record<string, unknown> = {};
  const merge = addMembers(host, node, path, tree, out, undefined);
  if (merge !== undefined) mergeInto(host, merge, path, tree, out, new Set(tree.keys?.keys()));
  return { value: out, tree };
}

/** Adds the members of `node` (skipping and then recording `skip` keys, when given); returns the merge value, if any. */
function addMembers(
  host: MappingHost,
  node: AnyMap,
  path: PathSegment[],
  tree: TreeNode,
  out: Record<string, unknown>,
  skip: Set<string> | undefined,
): unknown {
  checkDuplicates(host, node, path);
  let merge: unknown;
  for (const pair of node.items) {
    host.count();
    if (isMergeKey(host, pair.key)) {
      merge = pair.value ?? null;
      continue;
    }
    const key = keyString(host, pair.key, path);
    if (key === undefined) continue;
    if (skip !== undefined) {
      if (skip.has(key)) continue;
      skip.add(key);
    }
    const childPath = [...path, key];
    const child =
      pair.value === null || pair.value === undefined
        ? host.empty(host.range(pair.key)[1], childPath)
        : host.build(pair.value, childPath);
    if (pair.key !== null && pair.key !== undefined) [child.tree.keyStart, child.tree.keyEnd] = host.range(pair.key);
    const keys = tree.keys as Map<string, TreeNode>;
    if (!keys.has(key)) {
      keys.set(key, child.tree);
      setMember(out, key, child.value);
    }
  }
  return merge;
}

function mergeInto(
  host: MappingHost,
  value: unknown,
  path: PathSegment[],
  tree: TreeNode,
  out: Record<string, unknown>,
  merged: Set<string>,
): void {
  const invalid = (at: unknown): void =>
    host.issue('SRC_YAML_MERGE_INVALID', path, 'map merge requires map or sequence of maps as the value', at);
  if (!isSeq(value) && !isMap(value) && !isAlias(value)) {
    invalid(value);
    return;
  }
  const sources: unknown[] = isSeq(value) ? value.items : [value];
  for (const src of sources) {
    if (isMap(src)) {
      host.count();
      const nested = addMembers(host, src as AnyMap, path, tree, out, merged);
      if (nested !== undefined) mergeInto(host, nested, path, tree, out, merged);
    } else if (isAlias(src) && isMap(host.target(src))) {
      host.count();
      host.viaAlias(
        src,
        path,
        () => {
          host.count();
          const nested = addMembers(host, host.target(src) as AnyMap, path, tree, out, merged);
          if (nested !== undefined) mergeInto(host, nested, path, tree, out, merged);
        },
        () => undefined,
      );
    } else if (!(isAlias(src) && host.target(src) === undefined)) {
      invalid(src);
    }
  }
}

function checkDuplicates(host: MappingHost, node: AnyMap, path: PathSegment[]): void {
  const seen = new Map<string, unknown>();
  for (const pair of node.items) {
    const sig = keySignature(pair.key);
    const first = seen.get(sig);
    if (first === undefined) {
      seen.set(sig, pair.key ?? sig);
      continue;
    }
    if (host.reportedDuplicates.has(pair.key)) continue;
    host.reportedDuplicates.add(pair.key);
    const text = isScalar(pair.key) ? scalarValue(pair.key) : isAlias(pair.key) ? pair.key.source : '';
    const firstLine = host.line(host.range(first)[0]);
    host.issue(
      'SRC_YAML_DUPLICATE_KEY',
      [...path, text],
      `mapping key ${JSON.stringify(text)} already defined at line ${firstLine}`,
      pair.key,
      { key: text, firstLine },
    );
  }
}

/** The key as go-yaml decodes it into a string; undefined to skip the member. */
function keyString(host: MappingHost, key: unknown, path: PathSegment[]): string | undefined {
  const k = isAlias(key) ? host.target(key) : key;
  if (k === null || k === undefined) return undefined;
  if (isScalar(k)) {
    const r = resolveScalar(host.facts(k));
    if (!r.ok) {
      host.issue('SRC_YAML_TAG_MISMATCH', path, r.message, key);
      return undefined;
    }
    if (r.value === null) return undefined;
    return r.tag === '!!binary' ? String(r.value) : scalarValue(k);
  }
  host.issue(
    'SRC_YAML_INVALID_KEY',
    path,
    `invalid map key: a ${isMap(k) ? 'mapping' : 'sequence'} cannot be a key`,
    key,
  );
  return undefined;
}

function isMergeKey(host: MappingHost, key: unknown): boolean {
  if (!isScalar(key)) return false;
  const f = host.facts(key);
  return f.style === 'plain' && f.text === '<<' && (f.tag === undefined || shortTag(f.tag) === '!!merge');
}

/** go-yaml's duplicate test: same node kind and same Value. */
function keySignature(key: unknown): string {
  if (isScalar(key)) return `s:${scalarValue(key)}`;
  if (isAlias(key)) return `a:${key.source}`;
  if (isMap(key)) return 'm:';
  if (isSeq(key)) return 'q:';
  return 's:';
}

function scalarValue(n: Scalar): string {
  return typeof n.source === 'string' ? n.source : n.value == null ? '' : String(n.value);
}

function setMember(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  } else out[key] = value;
}
