import { FIELD_NAME_MAX, isValidFieldName } from './field-name.js';
import type { JournalEntry, JournalField } from './entry.js';
import { asciiOf } from './entry.js';
import { entryTooLarge, exportInvalid, exportTruncated } from './codes.js';

export interface ExportLimits {
  /** Largest value of one field, in bytes. */
  readonly maxFieldBytes: number;
  /** Largest entry (sum of `NAME=value` sizes). */
  readonly maxEntryBytes: number;
  /** Most fields in one entry. */
  readonly maxFields: number;
}

/**
 * Hull's defaults: far below journal-remote's 768 MiB field / 770 MiB entry so
 * that one upload cannot take the server's memory, but above anything journald
 * itself logs in practice. The field count is journal-remote's (1024).
 */
export const DEFAULT_EXPORT_LIMITS: ExportLimits = {
  maxFieldBytes: 64 * 1024 * 1024,
  maxEntryBytes: 128 * 1024 * 1024,
  maxFields: 1024,
};

export interface ExportParserStats {
  /** Fields dropped because their name is not a valid journal field name (journal-remote drops them too). */
  droppedFields: number;
  /** Bytes consumed so far. */
  bytes: number;
  entries: number;
  /** The complete entries' fields as journald counts them (`NAME=value`: name, 1, value), dropped fields left out. */
  dataBytes: number;
}

const NO_VALUE = new Uint8Array(0);

const NL = 0x0a;
const EQ = 0x3d;

// biome-ignore lint/suspicious/noConstEnum: used only in this file, where esbuild and tsx inline its values in the parser's loop
const enum State {
  Line,
  Length,
  Data,
  Terminator,
}

/**
 * A streaming parser of the journal export format. Feed it chunks cut
 * anywhere; it calls `onEntry` for each complete entry (an entry ends with an
 * empty line). Made by `ExportParser.framing`, it only frames: the same
 * checks and the same errors, no entry built and no value copied, and
 * `lastEntryEnd` says where the complete entries end (the receiver stores
 * those bytes as they came). Text fields are `NAME=value\n`; binary fields `NAME\n`, a
 * little-endian u64 length, the bytes and `\n`. Values are kept as the exact
 * bytes. Fields with invalid names are dropped and counted; a blank line with
 * no field before it is skipped. Memory is bounded by the limits: a field or
 * entry over them throws `JOURNAL_ENTRY_TOO_LARGE` as soon as it is known.
 * Errors are thrown from `push`/`end` after every complete entry before the
 * fault was delivered.
 */
export class ExportParser {
  readonly stats: ExportParserStats = { droppedFields: 0, bytes: 0, entries: 0, dataBytes: 0 };
  private readonly limits: ExportLimits;
  private state = State.Line;
  private line: Uint8Array[] = [];
  private lineLen = 0;
  private fields: JournalField[] = [];
  /** Framing: the current entry's fields (no field objects are kept). */
  private fieldCount = 0;
  private entryDataBytes = 0;
  private entryBytes = 0;
  private entryStart = 0;
  private binName = '';
  private binBytes = 0;
  private lenBuf = new Uint8Array(8);
  private lenHave = 0;
  private data: Uint8Array = NO_VALUE;
  private dataLen = 0;
  private dataHave = 0;
  private failed = false;
  private slab = new Uint8Array(0);
  private slabUsed = 0;
  private readonly names = new Map<number, string>();

  constructor(
    private readonly onEntry: ((entry: JournalEntry) => void) | null,
    limits: Partial<ExportLimits> = {},
  ) {
    this.limits = { ...DEFAULT_EXPORT_LIMITS, ...limits };
  }

  /** A parser that only frames the stream (see the class): `stats` and `lastEntryEnd` say what it found. */
  static framing(limits: Partial<ExportLimits> = {}): ExportParser {
    return new ExportParser(null, limits);
  }

  /** The stream offset just past the last complete entry (or skipped blank line): the bytes before it are whole entries. */
  get lastEntryEnd(): number {
    return this.entryStart;
  }

  push(chunk: Uint8Array): void {
    if (this.failed) throw exportInvalid('The parser failed earlier', this.stats.bytes);
    try {
      this.consume(chunk);
    } catch (e) {
      this.failed = true;
      throw e;
    }
  }

  /** The stream is over: throws `JOURNAL_EXPORT_TRUNCATED` if it stopped inside an entry. */
  end(): void {
    if (this.failed) return;
    if (this.state !== State.Line || this.lineLen > 0 || this.fields.length > 0 || this.fieldCount > 0) {
      this.failed = true;
      throw exportTruncated(this.stats.bytes - this.entryStart, this.stats.bytes);
    }
  }

  /** True when the parser stands between entries (nothing buffered). */
  get atBoundary(): boolean {
    return this.state === State.Line && this.lineLen === 0 && this.fields.length === 0 && this.fieldCount === 0;
  }

  private consume(chunk: Uint8Array): void {
    let i = 0;
    const n = chunk.length;
    const base = this.stats.bytes;
    while (i < n) {
      switch (this.state) {
        case State.Line: {
          const nl = chunk.indexOf(NL, i);
          const end = nl < 0 ? n : nl;
          const add = end - i;
          if (this.lineLen + add > this.limits.maxFieldBytes + 65) {
            throw entryTooLarge(`A field is larger than ${this.limits.maxFieldBytes} bytes`, base + i);
          }
          if (nl >= 0 && this.lineLen === 0 && add > 0) {
            // The whole line is in this chunk (the common case): no partial-line bookkeeping.
            const from = i;
            i = nl + 1;
            this.stats.bytes = base + i;
            const eq = chunk.indexOf(EQ, from);
            if (eq >= 0 && eq < end) this.textField(chunk, from, eq, end);
            else this.endLine(this.copy(chunk, from, end));
            break;
          }
          if (add > 0) {
            this.line.push(chunk.subarray(i, end));
            this.lineLen += add;
          }
          if (nl < 0) {
            // Keep a copy: the caller may reuse its buffer.
            if (add > 0) this.line.push(this.line.pop()!.slice());
            i = n;
            break;
          }
          i = nl + 1;
          this.stats.bytes = base + i;
          if (this.lineLen === 0) {
            this.line = [];
            this.finishEntry();
          } else this.endLine(this.takeLine());
          break;
        }
        case State.Length: {
          const take = Math.min(8 - this.lenHave, n - i);
          this.lenBuf.set(chunk.subarray(i, i + take), this.lenHave);
          this.lenHave += take;
          i += take;
          if (this.lenHave === 8) {
            const v = new DataView(this.lenBuf.buffer).getBigUint64(0, true);
            if (v > BigInt(this.limits.maxFieldBytes)) {
              throw entryTooLarge(
                `Field ${this.binName} is ${v} bytes, more than ${this.limits.maxFieldBytes}`,
                base + i,
              );
            }
            const len = Number(v);
            this.binBytes = this.binName.length + 1 + len;
            this.addEntryBytes(this.binBytes, base + i);
            this.data = this.onEntry === null ? NO_VALUE : this.alloc(len);
            this.dataLen = len;
            this.dataHave = 0;
            this.state = len === 0 ? State.Terminator : State.Data;
          }
          break;
        }
        case State.Data: {
          const take = Math.min(this.dataLen - this.dataHave, n - i);
          if (this.onEntry !== null) this.data.set(chunk.subarray(i, i + take), this.dataHave);
          this.dataHave += take;
          i += take;
          if (this.dataHave === this.dataLen) this.state = State.Terminator;
          break;
        }
        case State.Terminator: {
          if (chunk[i] !== NL) {
            throw exportInvalid(`Binary field ${this.binName} is not followed by a newline`, base + i);
          }
          i++;
          this.addField(this.binName, this.data, this.binBytes);
          this.data = NO_VALUE;
          this.state = State.Line;
          break;
        }
      }
    }
    this.stats.bytes = base + n;
  }

  /**
   * Memory for a value. Small values share 64 KiB slabs: one ArrayBuffer per
   * field made the garbage collector the bottleneck (many small buffers).
   */
  private alloc(n: number): Uint8Array {
    if (n > 8192) return new Uint8Array(n);
    if (this.slabUsed + n > this.slab.length) {
      this.slab = new Uint8Array(65536);
      this.slabUsed = 0;
    }
    const out = this.slab.subarray(this.slabUsed, this.slabUsed + n);
    this.slabUsed += n;
    return out;
  }

  private takeLine(): Uint8Array {
    const parts = this.line;
    const len = this.lineLen;
    this.line = [];
    this.lineLen = 0;
    const out = this.alloc(len);
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }

  /** A copy of `chunk[from, to)` in the slab (the caller may reuse its buffer). */
  private copy(chunk: Uint8Array, from: number, to: number): Uint8Array {
    const out = this.alloc(to - from);
    out.set(chunk.subarray(from, to));
    return out;
  }

  /** A field name from `bytes[start, start + len)`, the same string object each time for a name seen before (no string built per field). */
  private nameOf(bytes: Uint8Array, start: number, len: number): string {
    if (len > 64) return asciiOf(bytes.subarray(start, start + len));
    let h = len;
    for (let i = 0; i < len; i++) h = (Math.imul(h, 31) + bytes[start + i]!) | 0;
    const hit = this.names.get(h);
    if (hit !== undefined && hit.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (hit.charCodeAt(i) !== bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return hit;
    }
    const name = asciiOf(bytes.subarray(start, start + len));
    if (this.names.size >= 4096) this.names.clear();
    this.names.set(h, name);
    return name;
  }

  /**
   * A text field `NAME=value` whose line is `chunk[from, end)` (its `=` at
   * `eq`): the value is copied once, straight from the chunk (no copy of the
   * whole line, no second view). The same checks, in the same order, as
   * endLine's.
   */
  private textField(chunk: Uint8Array, from: number, eq: number, end: number): void {
    if (end - eq - 1 > this.limits.maxFieldBytes) {
      throw entryTooLarge(`A field is larger than ${this.limits.maxFieldBytes} bytes`, this.stats.bytes);
    }
    this.addEntryBytes(end - from, this.stats.bytes);
    if (this.onEntry === null) this.countField(validNameBytes(chunk, from, eq - from), end - from);
    else this.addField(this.nameOf(chunk, from, eq - from), this.copy(chunk, eq + 1, end), end - from);
  }

  private endLine(line: Uint8Array): void {
    const eq = line.indexOf(EQ);
    if (eq >= 0) {
      if (line.length - eq - 1 > this.limits.maxFieldBytes) {
        throw entryTooLarge(`A field is larger than ${this.limits.maxFieldBytes} bytes`, this.stats.bytes);
      }
      const name = this.nameOf(line, 0, eq);
      this.addEntryBytes(line.length, this.stats.bytes);
      this.addField(name, line.subarray(eq + 1), line.length);
      return;
    }
    this.binName = asciiOf(line);
    if (this.binName.length > 64) this.binName = this.binName.slice(0, 64) + '…';
    this.lenHave = 0;
    this.state = State.Length;
  }

  private addEntryBytes(n: number, offset: number): void {
    this.entryBytes += n;
    if (this.entryBytes > this.limits.maxEntryBytes) {
      throw entryTooLarge(`An entry is larger than ${this.limits.maxEntryBytes} bytes`, offset);
    }
  }

  /** `size`: the field's `NAME=value` bytes as journald counts them. */
  private addField(name: string, value: Uint8Array, size: number): void {
    if (this.onEntry === null) return this.countField(isValidFieldName(name), size);
    if (!isValidFieldName(name)) {
      this.stats.droppedFields++;
      return;
    }
    if (this.fields.length >= this.limits.maxFields) {
      throw entryTooLarge(`An entry has more than ${this.limits.maxFields} fields`, this.stats.bytes);
    }
    this.fields.push({ name, value });
    this.entryDataBytes += size;
  }

  /** Framing: a field counted, not kept (the same rules as addField). */
  private countField(valid: boolean, size: number): void {
    if (!valid) {
      this.stats.droppedFields++;
      return;
    }
    if (this.fieldCount >= this.limits.maxFields) {
      throw entryTooLarge(`An entry has more than ${this.limits.maxFields} fields`, this.stats.bytes);
    }
    this.fieldCount++;
    this.entryDataBytes += size;
  }

  private finishEntry(): void {
    const fields = this.fields;
    const count = fields.length + this.fieldCount;
    const dataBytes = this.entryDataBytes;
    this.fields = [];
    this.fieldCount = 0;
    this.entryDataBytes = 0;
    this.entryBytes = 0;
    this.entryStart = this.stats.bytes;
    if (count === 0) return;
    this.stats.entries++;
    this.stats.dataBytes += dataBytes;
    this.onEntry?.({ fields });
  }
}

/** `isValidFieldName` of the ASCII name `bytes[start, start + len)`, without making the string. */
function validNameBytes(bytes: Uint8Array, start: number, len: number): boolean {
  if (len === 0 || len > FIELD_NAME_MAX) return false;
  const c0 = bytes[start]!;
  if (c0 >= 0x30 && c0 <= 0x39) return false;
  for (let i = start; i < start + len; i++) {
    const c = bytes[i]!;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return false;
  }
  return true;
}

/** Parses a whole export stream held in memory. */
export function parseExport(bytes: Uint8Array, limits?: Partial<ExportLimits>): JournalEntry[] {
  const out: JournalEntry[] = [];
  const p = new ExportParser((e) => out.push(e), limits);
  p.push(bytes);
  p.end();
  return out;
}

/** Parses an export stream chunk by chunk, yielding entries as they complete. */
export async function* parseExportStream(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limits?: Partial<ExportLimits>,
): AsyncGenerator<JournalEntry> {
  const ready: JournalEntry[] = [];
  const p = new ExportParser((e) => ready.push(e), limits);
  for await (const c of chunks) {
    let err: unknown;
    try {
      p.push(c);
    } catch (e) {
      err = e;
    }
    while (ready.length > 0) yield ready.shift()!;
    if (err !== undefined) throw err;
  }
  p.end();
}
