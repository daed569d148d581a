/**
 * Decoding the YAML tree into a Butane struct, as go-yaml v3 decodes into
 * Butane's Go types: wrong types are go-yaml's `unmarshal errors` (collected,
 * each with its line; Butane fails with them as one message), unknown keys
 * are `unused key X` warnings at the key (vcontext's unused-key check).
 * The result keeps snake_case keys; unset fields are absent.
 */
import { pushAll, type Issue, type JsonPath } from '../../core/index.js';
import {
  decodeBool,
  decodeInt,
  decodeString,
  goResolve,
  vcontextPath,
  type IndexEntry,
  type SourceIndex,
} from '../../source/index.js';
import { schema as ig } from '../../ignition/index.js';
import { butaneIssue } from './messages.js';
import type { BNode } from './schema.js';

export type BValue = string | number | boolean | BValue[] | { [key: string]: BValue | undefined };
export type BObject = { [key: string]: BValue | undefined };

export interface TypeError {
  readonly line: number;
  readonly message: string;
  readonly path: JsonPath;
}

export interface DecodeOutcome {
  readonly value: BObject;
  readonly typeErrors: readonly TypeError[];
  readonly unused: readonly Issue[];
}

/** go-yaml's value in messages: the text, shortened to 7 characters and "..." past 10. */
function terror(text: string): string {
  const chars = [...text];
  return chars.length > 10 ? ` \`${chars.slice(0, 7).join('')}...\`` : ` \`${text}\``;
}

function scalarTag(e: IndexEntry): string {
  if (e.tag !== undefined && e.tag !== '!') return e.tag;
  if (e.style !== undefined && e.style !== 'plain') return '!!str';
  const r = goResolve('', e.text ?? '');
  return r.ok ? r.tag : '!!str';
}

function isNull(e: IndexEntry): boolean {
  return e.kind === 'scalar' && scalarTag(e) === '!!null';
}

/** Go type name of a node as go-yaml prints it (`v0_5.File`, `[]v0_5.File`, `int`, `string`). */
function goTypeName(node: BNode, pkg: string): string {
  switch (node.kind) {
    case 'object':
      return `${node.pkg ?? pkg}.${node.name}`;
    case 'array':
      // Ignition's named slice type (Butane copies it): type HTTPHeaders []HTTPHeader.
      if (node.items.kind === 'object' && node.items.name === 'HTTPHeader') return `${pkg}.HTTPHeaders`;
      return `[]${goTypeName(node.items, pkg)}`;
    case 'string':
      return node.goType === 'string' ? 'string' : `${pkg}.${node.goType}`;
    default:
      return node.goType;
  }
}

/**
 * go-yaml checks a mapping's keys before decoding it: every later key equal
 * to an earlier one is an error (`line J: mapping key "k" already defined at
 * line I`, for every pair, in key order), and then the mapping is not
 * decoded at all. `dups` are the parser's duplicate-key issues.
 */
export function duplicatePairs(dups: readonly Issue[]): Map<string, TypeError[]> {
  const byMapping = new Map<string, { path: JsonPath; keys: { key: string; line: number }[] }>();
  for (const d of dups) {
    const parent = d.path.slice(0, -1);
    const k = JSON.stringify(parent);
    const key = d.details?.['key'];
    const firstLine = d.details?.['firstLine'];
    if (typeof key !== 'string' || typeof firstLine !== 'number') continue;
    const entry = byMapping.get(k) ?? { path: parent, keys: [] };
    if (!entry.keys.some((x) => x.key === key && x.line === firstLine)) entry.keys.push({ key, line: firstLine });
    entry.keys.push({ key, line: d.range?.start.line ?? 0 });
    byMapping.set(k, entry);
  }
  const out = new Map<string, TypeError[]>();
  for (const [k, { path, keys }] of byMapping) {
    keys.sort((a, b) => a.line - b.line);
    const errs: TypeError[] = [];
    keys.forEach((a, i) => {
      for (const b2 of keys.slice(i + 1)) {
        if (b2.key === a.key)
          errs.push({
            line: b2.line,
            path,
            message: `mapping key ${JSON.stringify(a.key)} already defined at line ${a.line}`,
          });
      }
    });
    out.set(k, errs);
  }
  return out;
}

export function decodeButane(
  root: BNode,
  index: SourceIndex,
  pkg: string,
  dupMappings: Map<string, TypeError[]> = new Map(),
): DecodeOutcome {
  const typeErrors: TypeError[] = [];
  const unused: Issue[] = [];
  const mismatch = (e: IndexEntry, node: BNode): void => {
    const what =
      e.kind === 'scalar'
        ? `${scalarTag(e)}${terror(e.text ?? '')}`
        : (e.tag ?? (e.kind === 'mapping' ? '!!map' : '!!seq'));
    typeErrors.push({
      line: e.range.start.line,
      path: e.path,
      message: `cannot unmarshal ${what} into ${goTypeName(node, pkg)}`,
    });
  };

  const walk = (node: BNode, e: IndexEntry): BValue | undefined => {
    if (isNull(e)) return undefined;
    // go-yaml checks a mapping's keys before anything else, whatever the target type.
    if (e.kind === 'mapping') {
      const dups = dupMappings.get(JSON.stringify(e.path));
      if (dups !== undefined) {
        pushAll(typeErrors, dups);
        return undefined;
      }
    }
    switch (node.kind) {
      case 'object': {
        if (e.kind !== 'mapping') {
          mismatch(e, node);
          return undefined;
        }
        const out: BObject = {};
        const children = index.children(e.path);
        const own = children.filter((c) => isOwnMember(e, c));
        const merged = children.filter((c) => !isOwnMember(e, c));
        const decodeChild = (child: IndexEntry): void => {
          const key = child.path[child.path.length - 1];
          if (typeof key !== 'string' || !Object.hasOwn(node.fields, key)) return;
          const v = walk(node.fields[key]!, child);
          if (v !== undefined) out[key] = v;
        };
        own.forEach(decodeChild);
        // go-yaml decodes a `<<` merged mapping after the own keys, checking its duplicate keys first.
        if (merged.length > 0) {
          const offsets = merged.map((c) => (c.keyRange ?? c.range).start.offset);
          for (const [k, errs] of dupMappings) {
            const m = index.get(JSON.parse(k) as JsonPath);
            if (m === undefined || !offsets.some((o) => o >= m.range.start.offset && o <= m.range.end.offset)) continue;
            pushAll(typeErrors, errs);
            return undefined;
          }
          merged.forEach(decodeChild);
        }
        return out;
      }
      case 'array': {
        if (e.kind !== 'sequence') {
          mismatch(e, node);
          return undefined;
        }
        const out: BValue[] = [];
        for (const child of index.children(e.path)) {
          const v = walk(node.items, child);
          // go-yaml keeps a zero value for a null or bad item; keep the slot so indices stay aligned.
          out.push(v ?? zero(node.items));
        }
        return out;
      }
      case 'string': {
        if (e.kind !== 'scalar') {
          mismatch(e, node);
          return undefined;
        }
        const r = decodeString(e);
        return r.ok && typeof r.value === 'string' ? r.value : undefined;
      }
      case 'int': {
        const r = decodeInt(e, { typeName: 'int', bits: 64 });
        if (!r.ok) {
          typeErrors.push({ line: e.range.start.line, path: e.path, message: r.issue.message });
          return undefined;
        }
        return r.value ?? undefined;
      }
      case 'bool': {
        const r = decodeBool(e, { typeName: 'bool' });
        if (!r.ok) {
          typeErrors.push({ line: e.range.start.line, path: e.path, message: r.issue.message });
          return undefined;
        }
        return r.value ?? undefined;
      }
    }
  };

  /**
   * vcontext's unused-key check, in the validator's walk order: a struct's
   * own unknown keys (as written: a `<<` merge key is one of them, merged
   * keys are not), then its fields in Go order. A struct written as null
   * gets vcontext's "context tree does not match" warning instead.
   */
  const unusedWalk = (node: BNode, e: IndexEntry | undefined): void => {
    if (e === undefined) return;
    if (node.kind === 'array') {
      if (e.kind === 'sequence') for (const child of index.children(e.path)) unusedWalk(node.items, child);
      return;
    }
    if (node.kind !== 'object') return;
    if (e.kind !== 'mapping') {
      if (isNull(e) && node.pointer !== true) {
        const at = vcontextPath(e.path);
        unused.push(butaneIssue.warning('BUTANE_NULL_OBJECT', e.path, { at }));
      }
      return;
    }
    const own: { offset: number; issue: Issue }[] = [];
    const values: IndexEntry[] = [];
    for (const child of index.children(e.path)) {
      const key = child.path[child.path.length - 1];
      if (!isOwnMember(e, child)) continue;
      values.push(child);
      if (typeof key !== 'string' || !Object.hasOwn(node.fields, key)) {
        own.push({
          offset: (child.keyRange ?? child.range).start.offset,
          issue: butaneIssue.warning('BUTANE_UNUSED_KEY', child.path, { key: String(key) }),
        });
      }
    }
    for (const w of mergeKeyWarnings(index, e, values)) own.push({ offset: w.range!.start.offset, issue: w });
    own.sort((a, b) => a.offset - b.offset);
    pushAll(
      unused,
      own.map((x) => x.issue),
    );
    for (const [k, field] of Object.entries(node.fields)) unusedWalk(field, index.get([...e.path, k]));
  };

  const rootEntry = index.root;
  const value = rootEntry === undefined ? {} : walk(root, rootEntry);
  if (typeErrors.length === 0) unusedWalk(root, rootEntry);
  return { value: (value ?? {}) as BObject, typeErrors, unused };
}

/** Go's zero value of a field (a struct's is empty here: Butane's decoded values leave unset fields out). */
function zero(node: BNode): BValue {
  return node.kind === 'object' ? {} : ig.goZero(node.kind);
}

/** A member written inside the mapping itself (not brought in by a `<<` merge). */
function isOwnMember(mapping: IndexEntry, child: IndexEntry): boolean {
  const k = child.keyRange ?? child.range;
  return k.start.offset >= mapping.range.start.offset && k.start.offset <= mapping.range.end.offset;
}

/**
 * The `<<` keys of a mapping that merged others in: Butane's unused-key check
 * walks the YAML text (vcontext), where `<<` is an ordinary key.
 */
function mergeKeyWarnings(index: SourceIndex, mapping: IndexEntry, ownValues: readonly IndexEntry[]): Issue[] {
  const text = index.slice(mapping.range);
  if (!text.includes('<<')) return [];
  const out: Issue[] = [];
  const re = /(^|[\n{,]|- )[ \t]*(<<)[ \t]*:/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = mapping.range.start.offset + m.index + m[0].indexOf('<<');
    // A `<<` inside one of this mapping's values belongs to a nested mapping.
    if (ownValues.some((v) => start >= v.range.start.offset && start < v.range.end.offset)) continue;
    out.push(
      butaneIssue.warning('BUTANE_UNUSED_KEY', [...mapping.path, '<<'], { key: '<<' }, index.rangeAt(start, start + 2)),
    );
  }
  return out;
}
