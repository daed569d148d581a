import { isPrintableUtf8 } from './printable.js';
import type { JournalEntry, JournalField } from './entry.js';
import { bytesOf, isAddressField } from './entry.js';
import { exportInvalid, entryTooLarge } from './codes.js';
import { isValidFieldName } from './field-name.js';

/** journalctl prints `null` for a field whose `NAME=value` is this long or longer, unless --all. */
export const JSON_THRESHOLD = 4096;

export type JournalJsonValue = string | number[] | null | Array<string | number[] | null>;

export interface JsonOptions {
  /** --all: every value in full. */
  readonly all?: boolean;
  /** --output-fields: only these data fields (the address fields and _BOOT_ID always). */
  readonly outputFields?: ReadonlySet<string>;
}

const text = new TextDecoder('utf-8');

function jsonValue(name: string, value: Uint8Array, all: boolean): string | number[] | null {
  if (!all && name.length + 1 + value.length >= JSON_THRESHOLD) return null;
  if (isPrintableUtf8(value)) return text.decode(value);
  return Array.from(value);
}

/** The header fields journalctl writes first, in its order (252; __SEQNUM* from later versions). */
export const HEADER_FIELDS = [
  '__CURSOR',
  '__REALTIME_TIMESTAMP',
  '__MONOTONIC_TIMESTAMP',
  '_BOOT_ID',
  '__SEQNUM',
  '__SEQNUM_ID',
];

/**
 * An entry as journalctl's JSON object: strings for printable UTF-8, byte
 * arrays otherwise, an array for a field with several values, `null` at 4096
 * bytes and more without `all`. Key order: the header fields, then the data
 * fields in entry order (journalctl's own order is hash order).
 */
export function entryToJson(entry: JournalEntry, opts: JsonOptions = {}): Record<string, JournalJsonValue> {
  const all = opts.all === true;
  const groups = new Map<string, Array<string | number[] | null>>();
  const add = (f: JournalField): void => {
    const v = jsonValue(f.name, f.value, all);
    const g = groups.get(f.name);
    if (g) g.push(v);
    else groups.set(f.name, [v]);
  };
  for (const h of HEADER_FIELDS) {
    const f = entry.fields.find((x) => x.name === h);
    if (f) add(f);
  }
  for (const f of entry.fields) {
    if (f.name === '_BOOT_ID' || isAddressField(f.name)) continue;
    if (opts.outputFields && !opts.outputFields.has(f.name)) continue;
    add(f);
  }
  const out: Record<string, JournalJsonValue> = {};
  for (const [k, vs] of groups) out[k] = vs.length === 1 ? vs[0]! : vs;
  return out;
}

/** journalctl -o json-pretty's layout: tabs, `"KEY" : value`, one array element a line. */
export function prettyJson(v: unknown, indent = ''): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = indent + '\t';
    return `[\n${v.map((x) => inner + prettyJson(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    const inner = indent + '\t';
    const body = keys.map(
      (k) => `${inner}${JSON.stringify(k)} : ${prettyJson((v as Record<string, unknown>)[k], inner)}`,
    );
    return `{\n${body.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

function valueBytes(v: unknown, name: string): Uint8Array | undefined {
  if (v === null) return undefined;
  if (typeof v === 'string') return bytesOf(v);
  if (Array.isArray(v) && v.every((b) => Number.isInteger(b) && b >= 0 && b <= 255))
    return Uint8Array.from(v as number[]);
  throw exportInvalid(`Field ${name} has a value that is neither a string nor an array of bytes`, 0);
}

export interface JsonEntryResult {
  entry: JournalEntry;
  /** Fields printed as null (over 4096 bytes without --all): their values are unknown. */
  nulls: string[];
}

/** One journalctl JSON object back to an entry (values to bytes; nulls dropped and named). */
export function jsonToEntry(obj: unknown): JsonEntryResult {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    throw exportInvalid('A journal JSON entry must be an object', 0);
  }
  const fields: JournalField[] = [];
  const nulls: string[] = [];
  for (const [name, v] of Object.entries(obj as Record<string, unknown>)) {
    if (!isValidFieldName(name)) throw exportInvalid(`Invalid field name ${JSON.stringify(name.slice(0, 80))}`, 0);
    // An array whose elements are all numbers is one binary value; otherwise each element is a value.
    const isBytes = Array.isArray(v) && v.every((b) => typeof b === 'number');
    const values = Array.isArray(v) && !isBytes ? v : [v];
    for (const x of values) {
      const b = valueBytes(x, name);
      if (b === undefined) nulls.push(name);
      else fields.push({ name, value: b });
    }
  }
  return { entry: { fields }, nulls };
}

/**
 * A streaming reader of journalctl's JSON outputs (`json`, `json-pretty`,
 * `json-seq`, `json-sse`'s `data:` lines are not handled): it cuts the stream
 * into top-level objects by brace depth, so objects may span lines and chunks.
 */
export class JsonEntryParser {
  private parts: Uint8Array[] = [];
  private partsLen = 0;
  private depth = 0;
  private inString = false;
  private escape = false;
  private offset = 0;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(
    private readonly onEntry: (r: JsonEntryResult) => void,
    private readonly maxObjectBytes = 512 * 1024 * 1024,
  ) {}

  push(chunk: Uint8Array): void {
    let start = this.depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (this.depth === 0) {
        if (c === 0x7b) {
          this.depth = 1;
          start = i;
        } else if (!(c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x1e)) {
          throw exportInvalid(`Unexpected byte 0x${c.toString(16)} between JSON entries`, this.offset + i);
        }
        continue;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c) this.escape = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        this.depth--;
        if (this.depth === 0) {
          this.parts.push(chunk.subarray(start, i + 1));
          this.partsLen += i + 1 - start;
          this.emit(this.offset + i);
          start = -1;
        }
      }
    }
    if (this.depth > 0 && start >= 0) {
      this.partsLen += chunk.length - start;
      if (this.partsLen > this.maxObjectBytes)
        throw entryTooLarge('A JSON entry is too large', this.offset + chunk.length);
      this.parts.push(chunk.slice(start));
    }
    this.offset += chunk.length;
  }

  private emit(at: number): void {
    const parts = this.parts;
    this.parts = [];
    const len = this.partsLen;
    this.partsLen = 0;
    if (len > this.maxObjectBytes) throw entryTooLarge('A JSON entry is too large', at);
    let bytes: Uint8Array;
    if (parts.length === 1) bytes = parts[0]!;
    else {
      bytes = new Uint8Array(len);
      let o = 0;
      for (const p of parts) {
        bytes.set(p, o);
        o += p.length;
      }
    }
    let obj: unknown;
    try {
      obj = JSON.parse(this.decoder.decode(bytes));
    } catch {
      throw exportInvalid('A journal JSON entry is not valid JSON', at);
    }
    this.onEntry(jsonToEntry(obj));
  }

  end(): void {
    if (this.depth !== 0) throw exportInvalid('The JSON stream ends inside an entry', this.offset);
  }
}

/** Parses a whole JSON output (any of json, json-pretty, json-seq) held in memory. */
export function parseJsonEntries(bytes: Uint8Array): JsonEntryResult[] {
  const out: JsonEntryResult[] = [];
  const p = new JsonEntryParser((r) => out.push(r));
  p.push(bytes);
  p.end();
  return out;
}
