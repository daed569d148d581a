import { errorAt, type Issue } from '../core/index.js';
import { nodeTag, resolveScalar, type ScalarFacts } from './go-scalar.js';
import type { IndexEntry } from './source-index.js';

/**
 * Typed decoding of one index entry, the way go-yaml v3 decodes a YAML node
 * into a Go field of that type (decode.go, d.scalar), or encoding/json a JSON
 * value. `value` is undefined when the entry is absent and null when the
 * value is null (go-yaml leaves the field unset then; callers decide).
 */
export type DecodeResult<T> =
  | { readonly ok: true; readonly value: T | null | undefined }
  | { readonly ok: false; readonly issue: Issue };

export interface DecodeOptions {
  /** The Go type named in messages ("cannot unmarshal !!str `x` into int"). */
  readonly typeName?: string;
}

export interface IntDecodeOptions extends DecodeOptions {
  /** Width of the Go integer type (default 64). */
  readonly bits?: 8 | 16 | 32 | 64;
  /** A Go uint type: negative values are rejected. */
  readonly unsigned?: boolean;
}

/** go-yaml accepts these strings only when decoding into a bool (YAML 1.1 compatibility, decode.go). */
const YAML11_TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON']);
const YAML11_FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF']);

/**
 * A boolean: YAML true/True/TRUE/false/False/FALSE, and, as go-yaml does for
 * bool fields only, y/Y/yes/Yes/YES/on/On/ON and n/N/no/No/NO/off/Off/OFF
 * (quoted too, since go-yaml checks the resolved string). JSON: true/false.
 */
export function decodeBool(entry: IndexEntry | undefined, opts: DecodeOptions = {}): DecodeResult<boolean> {
  const typeName = opts.typeName ?? 'bool';
  return decodeWith(
    entry,
    typeName,
    'bool',
    (r) => {
      if (typeof r.value === 'boolean') return r.value;
      if (typeof r.value === 'string' && r.tag !== '!!timestamp') {
        if (YAML11_TRUE.has(r.value)) return true;
        if (YAML11_FALSE.has(r.value)) return false;
      }
      return undefined;
    },
    (e) => (e.text === 'true' ? true : e.text === 'false' ? false : undefined),
  );
}

/**
 * An integer. YAML: what resolves to !!int (0644 = 420, 0o644, 0x1A, 0b11,
 * 1_000) within the type's range; a float is truncated toward zero as go-yaml
 * does (1.9 → 1) when it fits. Strings are never converted ("0644" quoted is
 * an error). JSON: an integer literal (no fraction or exponent), in range.
 */
export function decodeInt(entry: IndexEntry | undefined, opts: IntDecodeOptions = {}): DecodeResult<number> {
  const bits = opts.bits ?? 64;
  const unsigned = opts.unsigned ?? false;
  const typeName = opts.typeName ?? `${unsigned ? 'uint' : 'int'}${bits === 64 ? '' : bits}`;
  const min = unsigned ? 0n : -(2n ** BigInt(bits - 1));
  const max = unsigned ? 2n ** BigInt(bits) - 1n : 2n ** BigInt(bits - 1) - 1n;
  const inRange = (v: bigint): number | undefined => (v >= min && v <= max ? Number(v) : undefined);
  return decodeWith(
    entry,
    typeName,
    'number',
    (r) => {
      if (typeof r.value === 'bigint') return inRange(r.value);
      if (typeof r.value === 'number' && Number.isFinite(r.value)) {
        if (unsigned && r.value < 0) return undefined;
        return inRange(BigInt(Math.trunc(r.value)));
      }
      return undefined;
    },
    (e) => (/^-?(0|[1-9][0-9]*)$/.test(e.text ?? '') ? inRange(BigInt(e.text as string)) : undefined),
  );
}

/** A float64: YAML ints and floats (.inf, .nan included); JSON numbers. */
export function decodeFloat(entry: IndexEntry | undefined, opts: DecodeOptions = {}): DecodeResult<number> {
  const typeName = opts.typeName ?? 'float64';
  return decodeWith(
    entry,
    typeName,
    'number',
    (r) => {
      if (typeof r.value === 'bigint') return Number(r.value);
      if (typeof r.value === 'number') return r.value;
      return undefined;
    },
    (e) => {
      const n = Number(e.text);
      return Number.isFinite(n) ? n : undefined;
    },
  );
}

/**
 * A string. YAML: any scalar gives its text as written (go-yaml sets
 * Node.Value: `mode: 0644` into a string field is "0644", `on` is "on"),
 * !!binary gives the decoded data. JSON: only strings.
 */
export function decodeString(entry: IndexEntry | undefined, opts: DecodeOptions = {}): DecodeResult<string> {
  const typeName = opts.typeName ?? 'string';
  return decodeWith(
    entry,
    typeName,
    'string',
    (r, facts) => (r.tag === '!!binary' ? String(r.value) : facts.text),
    (e) => e.text,
  );
}

type Resolved = { readonly tag: string; readonly value: null | boolean | bigint | number | string };

function decodeWith<T>(
  entry: IndexEntry | undefined,
  typeName: string,
  jsonKindWanted: JsonKind,
  fromYaml: (r: Resolved, facts: ScalarFacts) => T | undefined,
  fromJson: (e: IndexEntry) => T | undefined,
): DecodeResult<T> {
  if (entry === undefined) return { ok: true, value: undefined };
  if (entry.syntax === 'json') return decodeJson(entry, typeName, jsonKindWanted, fromJson);
  if (entry.kind !== 'scalar') {
    const tag = entry.tag ?? (entry.kind === 'mapping' ? '!!map' : '!!seq');
    return fail(entry, `cannot unmarshal ${tag} into ${typeName}`);
  }
  const facts: ScalarFacts = { text: entry.text ?? '', style: entry.style ?? 'plain', tag: entry.tag };
  const r = resolveScalar(facts);
  if (!r.ok) return { ok: false, issue: errorAt('SRC_YAML_TAG_MISMATCH', entry.path, r.message, entry.range) };
  if (r.value === null) return { ok: true, value: null };
  const v = fromYaml(r, facts);
  if (v !== undefined) return { ok: true, value: v };
  return fail(entry, `cannot unmarshal ${nodeTag(facts)}${goQuoted(facts.text)} into ${typeName}`);
}

type JsonKind = 'null' | 'bool' | 'number' | 'string' | 'object' | 'array';

function decodeJson<T>(
  entry: IndexEntry,
  typeName: string,
  wanted: JsonKind,
  fromJson: (e: IndexEntry) => T | undefined,
): DecodeResult<T> {
  const kind = jsonKind(entry);
  if (kind === 'null') return { ok: true, value: null };
  if (kind === wanted) {
    const v = fromJson(entry);
    if (v !== undefined) return { ok: true, value: v };
  }
  const what = kind === 'number' ? `number ${entry.text}` : kind;
  return fail(entry, `cannot unmarshal ${what} into Go value of type ${typeName}`);
}

function jsonKind(e: IndexEntry): JsonKind {
  if (e.kind === 'mapping') return 'object';
  if (e.kind === 'sequence') return 'array';
  if (e.style === 'double-quoted') return 'string';
  if (e.text === 'null') return 'null';
  if (e.text === 'true' || e.text === 'false') return 'bool';
  return 'number';
}

/** go-yaml's terror value: " `text`", shortened to 7 characters and "..." past 10. */
function goQuoted(text: string): string {
  const chars = Array.from(text);
  return chars.length > 10 ? ` \`${chars.slice(0, 7).join('')}...\`` : ` \`${text}\``;
}

function fail(entry: IndexEntry, message: string): { ok: false; issue: Issue } {
  return { ok: false, issue: errorAt('SRC_TYPE_MISMATCH', entry.path, message, entry.range) };
}
