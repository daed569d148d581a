/**
 * The scenario format's shape, described once: from one description come the
 * structural check (unknown keys, types, ranges, allowed words, durations,
 * versions → issues with JSON paths) and the JSON Schema that
 * docs/schema/hull-sim-scenario.json ships (scripts/gen-sim-schema.ts). Pure.
 */
import { errorAt, type Issue, type JsonPath } from '../core/index.js';
import { isVersion } from '../update/index.js';
import { parseSimDuration } from './duration.js';
import type { SimIssueCode } from './codes.js';

interface Base {
  readonly description?: string;
}
export interface StrNode extends Base {
  readonly kind: 'string';
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A regular expression the text must match (anchored), with the word used in messages. */
  readonly pattern?: { readonly re: string; readonly what: string };
}
export interface VersionNode extends Base {
  readonly kind: 'version';
}
export interface NumNode extends Base {
  readonly kind: 'number' | 'integer';
  readonly minimum: number;
  readonly maximum: number;
}
export interface BoolNode extends Base {
  readonly kind: 'boolean';
}
/** A Go or ISO 8601 duration string (or 0); `min`/`max` in ms; `negative` picks the code for a value below 0. */
export interface DurationNode extends Base {
  readonly kind: 'duration';
  readonly minMs?: number;
  readonly maxMs?: number;
  readonly negative: 'time' | 'length';
}
/** Whole seconds as the update server stores them: an integer, or a duration string that comes to whole seconds. */
export interface SecondsNode extends Base {
  readonly kind: 'seconds';
  readonly minimum: number;
  readonly maximum: number;
}
export interface ListNode extends Base {
  readonly kind: 'list';
  readonly items: Node;
  readonly maxItems: number;
}
export interface MapNode extends Base {
  readonly kind: 'map';
  readonly values: Node;
  readonly maxProperties: number;
}
export interface Field {
  readonly node: Node;
  readonly required?: boolean;
}
export interface ObjNode extends Base {
  readonly kind: 'object';
  readonly fields: Readonly<Record<string, Field>>;
}
export type Node =
  | StrNode
  | VersionNode
  | NumNode
  | BoolNode
  | DurationNode
  | SecondsNode
  | ListNode
  | MapNode
  | ObjNode;

export const VERSION_PATTERN = '^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*(-[0-9A-Za-z.-]+)?(\\+[0-9A-Za-z.-]+)?$';
const DURATION_PATTERN = '^([-+]?(0|([0-9]*(\\.[0-9]*)?(ns|us|µs|μs|ms|s|m|h))+)|[-+]?P.+)$';

const typeName = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object'
        ? 'a mapping'
        : typeof v === 'string'
          ? 'a string'
          : typeof v === 'number'
            ? 'a number'
            : typeof v === 'boolean'
              ? 'a boolean'
              : typeof v;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const say = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : String(v));

/** Checks `value` against `node`, appending issues; never throws. */
export function checkShape(node: Node, value: unknown, path: JsonPath, issues: Issue[]): void {
  const add = (code: SimIssueCode, message: string, at: JsonPath = path): void => {
    issues.push(errorAt(code, at, message));
  };
  const mismatch = (want: string): void =>
    add(
      'SIM_TYPE_MISMATCH',
      `expected ${want}, got ${typeName(value)}${value !== null && typeof value !== 'object' ? ` (${say(value)})` : ''}`,
    );
  switch (node.kind) {
    case 'string': {
      if (typeof value !== 'string') return mismatch('a string');
      if (node.enum !== undefined && !node.enum.includes(value))
        return add('SIM_BAD_VALUE', `${say(value)} is not one of ${node.enum.join(', ')}`);
      if (node.minLength !== undefined && value.length < node.minLength)
        return add(
          'SIM_OUT_OF_RANGE',
          `must have at least ${node.minLength} character${node.minLength === 1 ? '' : 's'}`,
        );
      if (node.maxLength !== undefined && value.length > node.maxLength)
        return add('SIM_OUT_OF_RANGE', `must have at most ${node.maxLength} characters`);
      if (node.pattern !== undefined && !new RegExp(node.pattern.re).test(value))
        return add('SIM_BAD_VALUE', `${say(value)} is not ${node.pattern.what}`);
      return;
    }
    case 'version':
      if (typeof value === 'number')
        return add('SIM_TYPE_MISMATCH', `expected a version string, got the number ${value}: quote it ("${value}")`);
      if (typeof value !== 'string') return mismatch('a version string');
      if (!isVersion(value))
        return add('SIM_BAD_VERSION', `${say(value)} is not a version (MAJOR.MINOR.PATCH, such as "3815.2.0")`);
      return;
    case 'number':
    case 'integer':
      if (typeof value !== 'number' || !Number.isFinite(value))
        return mismatch(node.kind === 'integer' ? 'an integer' : 'a number');
      if (node.kind === 'integer' && !Number.isInteger(value)) return mismatch('an integer');
      if (value < node.minimum || value > node.maximum)
        return add('SIM_OUT_OF_RANGE', `${value} is out of range: ${node.minimum} to ${node.maximum}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') return mismatch('true or false');
      return;
    case 'duration': {
      if (typeof value !== 'string' && value !== 0)
        return mismatch('a duration string (such as "90m", "1h30m" or "PT90M")');
      const d = parseSimDuration(value);
      if (!d.ok) return add('SIM_BAD_DURATION', d.message);
      if (d.ms < 0)
        return add(node.negative === 'time' ? 'SIM_NEGATIVE_TIME' : 'SIM_OUT_OF_RANGE', `${say(value)} is negative`);
      if (node.minMs !== undefined && d.ms < node.minMs)
        return add('SIM_OUT_OF_RANGE', `${say(value)} is shorter than ${node.minMs / 1000}s`);
      if (node.maxMs !== undefined && d.ms > node.maxMs)
        return add('SIM_OUT_OF_RANGE', `${say(value)} is longer than ${node.maxMs / 1000}s`);
      return;
    }
    case 'seconds': {
      let seconds: number;
      if (typeof value === 'number' && Number.isInteger(value)) seconds = value;
      else if (typeof value === 'string') {
        const d = parseSimDuration(value);
        if (!d.ok) return add('SIM_BAD_DURATION', d.message);
        if (d.ms % 1000 !== 0) return add('SIM_OUT_OF_RANGE', `${say(value)} is not a whole number of seconds`);
        seconds = d.ms / 1000;
      } else return mismatch('whole seconds (an integer) or a duration string');
      if (seconds < node.minimum || seconds > node.maximum)
        return add('SIM_OUT_OF_RANGE', `${say(value)} is out of range: ${node.minimum} to ${node.maximum} seconds`);
      return;
    }
    case 'list':
      if (!Array.isArray(value)) return mismatch('a list');
      if (value.length > node.maxItems)
        return add('SIM_OUT_OF_RANGE', `at most ${node.maxItems} entries, got ${value.length}`);
      value.forEach((item, i) => checkShape(node.items, item, [...path, i], issues));
      return;
    case 'map': {
      if (!isRecord(value)) return mismatch('a mapping');
      const keys = Object.keys(value);
      if (keys.length > node.maxProperties)
        return add('SIM_OUT_OF_RANGE', `at most ${node.maxProperties} entries, got ${keys.length}`);
      for (const k of keys) checkShape(node.values, value[k], [...path, k], issues);
      return;
    }
    case 'object': {
      if (!isRecord(value)) return mismatch('a mapping');
      const known = Object.keys(node.fields);
      for (const k of Object.keys(value)) {
        if (!Object.hasOwn(node.fields, k))
          add('SIM_UNKNOWN_KEY', `unknown key ${JSON.stringify(k)}${suggest(k, known)}`, [...path, k]);
      }
      for (const [k, f] of Object.entries(node.fields)) {
        const v = value[k];
        if (v === undefined || v === null) {
          if (f.required === true)
            add(
              'SIM_MISSING_KEY',
              `missing ${JSON.stringify(k)}${f.node.description ? `: ${f.node.description}` : ''}`,
            );
          continue;
        }
        checkShape(f.node, v, [...path, k], issues);
      }
      return;
    }
  }
}

/** ` (did you mean "x"?)` for a key one or two edits from a known one, or a case-only difference. */
function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = k.toLowerCase() === key.toLowerCase() ? 0 : distance(key, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best === undefined ? ` (known: ${known.join(', ')})` : ` (did you mean ${JSON.stringify(best)}?)`;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 99;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The JSON Schema (draft 2020-12) of a node. */
export function toJsonSchema(node: Node): Record<string, unknown> {
  const d = node.description === undefined ? {} : { description: node.description };
  switch (node.kind) {
    case 'string':
      return {
        type: 'string',
        ...d,
        ...(node.enum ? { enum: [...node.enum] } : {}),
        ...(node.minLength !== undefined ? { minLength: node.minLength } : {}),
        ...(node.maxLength !== undefined ? { maxLength: node.maxLength } : {}),
        ...(node.pattern ? { pattern: node.pattern.re } : {}),
      };
    case 'version':
      return { type: 'string', ...d, pattern: VERSION_PATTERN, maxLength: 128 };
    case 'number':
    case 'integer':
      return { type: node.kind, ...d, minimum: node.minimum, maximum: node.maximum };
    case 'boolean':
      return { type: 'boolean', ...d };
    case 'duration':
      return { ...d, anyOf: [{ type: 'string', pattern: DURATION_PATTERN }, { const: 0 }] };
    case 'seconds':
      return {
        ...d,
        anyOf: [
          { type: 'integer', minimum: node.minimum, maximum: node.maximum },
          { type: 'string', pattern: DURATION_PATTERN },
        ],
      };
    case 'list':
      return { type: 'array', ...d, maxItems: node.maxItems, items: toJsonSchema(node.items) };
    case 'map':
      return {
        type: 'object',
        ...d,
        maxProperties: node.maxProperties,
        additionalProperties: toJsonSchema(node.values),
      };
    case 'object': {
      const required = Object.entries(node.fields)
        .filter(([, f]) => f.required === true)
        .map(([k]) => k);
      return {
        type: 'object',
        ...d,
        properties: Object.fromEntries(Object.entries(node.fields).map(([k, f]) => [k, toJsonSchema(f.node)])),
        ...(required.length > 0 ? { required } : {}),
        additionalProperties: false,
      };
    }
  }
}

// Constructors.
export const str = (opts: Omit<StrNode, 'kind'> = {}): StrNode => ({ kind: 'string', ...opts });
export const version = (description?: string): VersionNode => ({
  kind: 'version',
  ...(description ? { description } : {}),
});
export const int = (minimum: number, maximum: number, description?: string): NumNode => ({
  kind: 'integer',
  minimum,
  maximum,
  ...(description ? { description } : {}),
});
export const num = (minimum: number, maximum: number, description?: string): NumNode => ({
  kind: 'number',
  minimum,
  maximum,
  ...(description ? { description } : {}),
});
export const bool = (description?: string): BoolNode => ({ kind: 'boolean', ...(description ? { description } : {}) });
export const duration = (
  negative: 'time' | 'length',
  opts: { minMs?: number; maxMs?: number; description?: string } = {},
): DurationNode => ({ kind: 'duration', negative, ...opts });
export const seconds = (minimum: number, maximum: number, description?: string): SecondsNode => ({
  kind: 'seconds',
  minimum,
  maximum,
  ...(description ? { description } : {}),
});
export const list = (items: Node, maxItems: number, description?: string): ListNode => ({
  kind: 'list',
  items,
  maxItems,
  ...(description ? { description } : {}),
});
export const map = (values: Node, maxProperties: number, description?: string): MapNode => ({
  kind: 'map',
  values,
  maxProperties,
  ...(description ? { description } : {}),
});
export const obj = (fields: Record<string, Node | Field>, description?: string): ObjNode => ({
  kind: 'object',
  fields: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, 'node' in f ? f : { node: f }])),
  ...(description ? { description } : {}),
});
export const req = (node: Node): Field => ({ node, required: true });
