import type { CST } from 'yaml';

/**
 * Facts read off the `yaml` package's concrete syntax tree that its
 * composed nodes do not keep: where node properties (anchors, tags) start,
 * where quoted scalars and unclosed flow collections open, where documents
 * start. The walk is iterative, so any nesting depth is safe.
 */
export interface CstFacts {
  /** Anchor and tag tokens, sorted by offset. */
  readonly propStarts: readonly number[];
  readonly propEnds: readonly number[];
  /** Offsets of quoted scalars, sorted, with their quote character. */
  readonly quoted: ReadonlyArray<{ readonly offset: number; readonly quote: string }>;
  /** Flow collections without their closing bracket, sorted by offset. */
  readonly unclosedFlows: ReadonlyArray<{ readonly offset: number; readonly open: string }>;
  /** Offsets of top-level documents, in order. */
  readonly documents: readonly number[];
  /** The first collection nested deeper than the depth limit, if any (checked here, before composing, because the composer recurses). */
  readonly tooDeepAt: number | undefined;
}

/** The facts of a text with no properties, quoted scalars or flow collections in one document (the fast path's texts need none). */
export const NO_CST_FACTS: CstFacts = {
  propStarts: [],
  propEnds: [],
  quoted: [],
  unclosedFlows: [],
  documents: [0],
  tooDeepAt: undefined,
};

const COLLECTIONS = new Set(['block-map', 'block-seq', 'flow-collection']);
/** The `yaml` package's SourceToken types: plain objects with no tokens inside. */
const LEAVES = new Set([
  'byte-order-mark',
  'doc-mode',
  'doc-start',
  'space',
  'comment',
  'newline',
  'directive-line',
  'anchor',
  'tag',
  'seq-item-ind',
  'explicit-key-ind',
  'map-value-ind',
  'flow-map-start',
  'flow-map-end',
  'flow-seq-start',
  'flow-seq-end',
  'flow-error-end',
  'comma',
  'block-scalar-header',
]);

export function collectCstFacts(tokens: readonly CST.Token[], maxDepth: number): CstFacts {
  const props: Array<[number, number]> = [];
  const quoted: Array<{ offset: number; quote: string }> = [];
  const unclosedFlows: Array<{ offset: number; open: string }> = [];
  const documents: number[] = [];
  let tooDeepAt: number | undefined;
  // Two parallel stacks (object, depth): no pair allocated per visited object.
  const stack: unknown[] = [];
  const depths: number[] = [];
  for (let i = tokens.length - 1; i >= 0; i--) {
    stack.push(tokens[i]);
    depths.push(0);
  }
  for (const t of tokens) if (t.type === 'document') documents.push(t.offset);
  while (stack.length > 0) {
    const obj = stack.pop();
    const depth = depths.pop() as number;
    if (obj === null || typeof obj !== 'object') continue;
    const tok = obj as { type?: unknown; offset?: unknown; source?: unknown };
    let childDepth = depth;
    if (typeof tok.type === 'string' && typeof tok.offset === 'number') {
      if (COLLECTIONS.has(tok.type)) {
        childDepth = depth + 1;
        if (childDepth > maxDepth) {
          if (tooDeepAt === undefined || tok.offset < tooDeepAt) tooDeepAt = tok.offset;
          continue;
        }
      }
      const source = typeof tok.source === 'string' ? tok.source : '';
      switch (tok.type) {
        case 'anchor':
        case 'tag':
          props.push([tok.offset, tok.offset + source.length]);
          break;
        case 'single-quoted-scalar':
        case 'double-quoted-scalar':
          quoted.push({ offset: tok.offset, quote: tok.type === 'single-quoted-scalar' ? "'" : '"' });
          break;
        case 'flow-collection': {
          const fc = obj as CST.FlowCollection;
          const closed = fc.end.some((e) => e.type === 'flow-seq-end' || e.type === 'flow-map-end');
          if (!closed) unclosedFlows.push({ offset: tok.offset, open: fc.start.source });
          break;
        }
        default:
          break;
      }
    }
    // A source token (indicator, space, comment, anchor, tag...) holds no other token.
    if (typeof tok.type === 'string' && LEAVES.has(tok.type)) continue;
    const keys = Object.keys(obj);
    for (let k = keys.length - 1; k >= 0; k--) {
      const v = (obj as Record<string, unknown>)[keys[k] as string];
      if (v !== null && typeof v === 'object') {
        stack.push(v);
        depths.push(childDepth);
      }
    }
  }
  props.sort((a, b) => a[0] - b[0]);
  quoted.sort((a, b) => a.offset - b.offset);
  unclosedFlows.sort((a, b) => a.offset - b.offset);
  return {
    propStarts: props.map((p) => p[0]),
    propEnds: props.map((p) => p[1]),
    quoted,
    unclosedFlows,
    documents,
    tooDeepAt,
  };
}

/**
 * Where a node's properties start: walks back from the node's content over
 * `count` anchor/tag tokens separated from it only by blanks and comments.
 * Returns `contentStart` when the node has no properties.
 */
export function propsStart(facts: CstFacts, text: string, contentStart: number, count: number): number {
  if (count <= 0) return contentStart;
  let i = lastIndexAtOrBefore(facts.propEnds, contentStart);
  let start = contentStart;
  for (let k = 0; k < count && i >= 0; k++, i--) {
    if (!isBlankGap(text, facts.propEnds[i] as number, start)) break;
    start = facts.propStarts[i] as number;
  }
  return start;
}

/** Index of the last element <= x in a sorted array, or -1. */
export function lastIndexAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function isBlankGap(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') continue;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl === -1 || nl >= to) return true;
      i = nl;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * Where the stream's first document is only an end marker `...` (no `---`,
 * no content before it): go-yaml then finds no node for the implicit
 * document and fails ("did not find expected node content"), where the
 * `yaml` package reads an empty document. The marker's offset, or undefined.
 */
export function earlyDocumentEnd(tokens: readonly CST.Token[]): number | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === 'comment' || t.type === 'newline' || t.type === 'space' || t.type === 'byte-order-mark') continue;
    if (t.type !== 'document' || t.value !== undefined || t.start.some((s) => s.type === 'doc-start')) return undefined;
    const next = tokens[i + 1];
    return next?.type === 'doc-end' ? next.offset : undefined;
  }
  return undefined;
}
