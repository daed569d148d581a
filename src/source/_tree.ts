/**
 * Private: the compact tree a SourceIndex is built on. Nodes hold offsets
 * only; positions and public IndexEntry objects are made on demand, so a
 * large document costs one small object per node.
 */

/** How a scalar was written. JSON strings are 'double-quoted', other JSON scalars 'plain'. */
export type ScalarStyle = 'plain' | 'single-quoted' | 'double-quoted' | 'literal' | 'folded';
export type NodeKind = 'scalar' | 'mapping' | 'sequence';

export interface TreeNode {
  kind: NodeKind;
  /** Value range, from its first property (anchor or tag) to the end of its content. */
  start: number;
  end: number;
  /** Key range when the node is a mapping member; -1 otherwise. */
  keyStart: number;
  keyEnd: number;
  /** Where the alias was written, when the node was reached through one; -1 otherwise. */
  aliasStart: number;
  aliasEnd: number;
  text?: string;
  style?: ScalarStyle;
  tag?: string;
  anchor?: string;
  /** Mapping members in source order. */
  keys?: Map<string, TreeNode>;
  /** Sequence items. */
  items?: TreeNode[];
}

export function newNode(kind: NodeKind, start: number, end: number): TreeNode {
  // Every property present from the start: one object shape for all nodes keeps the parsers' and
  // the index's property accesses monomorphic.
  return {
    kind,
    start,
    end,
    keyStart: -1,
    keyEnd: -1,
    aliasStart: -1,
    aliasEnd: -1,
    text: undefined,
    style: undefined,
    tag: undefined,
    anchor: undefined,
    keys: kind === 'mapping' ? new Map() : undefined,
    items: kind === 'sequence' ? [] : undefined,
  };
}
