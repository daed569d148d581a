import type { JournalEntry } from './entry.js';
import { asciiOf, bootIdOf, monotonicOf, realtimeOf } from './entry.js';
import { ByteSink, formatBytes } from './bytes.js';
import { isPrintableUtf8 } from './printable.js';
import { entryToJson, prettyJson } from './json.js';
import { writeExportEntry } from './export-writer.js';
import { localTime, MONTHS, pad, weekdayName } from './time.js';

export const OUTPUT_MODES = [
  'short',
  'short-full',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-monotonic',
  'short-unix',
  'cat',
  'verbose',
  'json',
  'json-pretty',
  'json-seq',
  'json-sse',
  'export',
] as const;
export type OutputMode = (typeof OUTPUT_MODES)[number];

export const isOutputMode = (s: string): s is OutputMode => (OUTPUT_MODES as readonly string[]).includes(s);

export interface OutputOptions {
  readonly mode: OutputMode;
  /** -a/--all: values in full, unprintable ones too, no tab/escape stripping. */
  readonly all?: boolean;
  /** --output-fields (json*, verbose, export, cat). */
  readonly outputFields?: readonly string[];
  /** --utc */
  readonly utc?: boolean;
  /** The zone for local times (undefined: the runtime's, i.e. TZ). */
  readonly timeZone?: string;
  /** -q/--quiet or --merge: no boot separators and no `-- No entries --`. */
  readonly quiet?: boolean;
}

/** Modes where journalctl prints `-- Boot ID --` between boots and `-- No entries --`. */
const TEXT_MODES: ReadonlySet<OutputMode> = new Set([
  'short',
  'short-full',
  'short-iso',
  'short-iso-precise',
  'short-precise',
  'short-monotonic',
  'short-unix',
  'verbose',
]);

const PRINT_CHAR_THRESHOLD = 300;
const NL = Uint8Array.of(0x0a);
const ESC = 0x1b;

/**
 * journalctl's strip_tab_ansi: a TAB becomes 8 spaces, an SGR escape
 * (ESC [ digits/; m) and an OSC ending in BEL (ESC ] printable ASCII BEL) are
 * removed, anything else is kept (so an ESC left makes the value a blob).
 */
export function stripTabAnsi(b: Uint8Array): Uint8Array {
  if (!b.includes(0x09) && !b.includes(ESC)) return b;
  const out: number[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x09) {
      for (let k = 0; k < 8; k++) out.push(0x20);
      i++;
    } else if (c === ESC && b[i + 1] === 0x5b) {
      let j = i + 2;
      while (j < b.length && ((b[j]! >= 0x30 && b[j]! <= 0x39) || b[j] === 0x3b)) j++;
      if (j < b.length && b[j] === 0x6d) i = j + 1;
      else {
        out.push(ESC, 0x5b);
        i += 2;
      }
    } else if (c === ESC && b[i + 1] === 0x5d) {
      // OSC: printable ASCII up to BEL is removed; anything else keeps it all.
      let j = i + 2;
      while (j < b.length && b[j]! >= 0x20 && b[j]! <= 0x7e) j++;
      if (j < b.length && b[j] === 0x07) i = j + 1;
      else {
        out.push(ESC, 0x5d);
        i += 2;
      }
    } else {
      out.push(c);
      i++;
    }
  }
  return Uint8Array.from(out);
}

/** What printf's `%.*s` writes of the bytes: up to the first NUL. */
function cstr(b: Uint8Array): Uint8Array {
  const z = b.indexOf(0);
  return z < 0 ? b : b.subarray(0, z);
}

/** print_multiline at full width: continuation lines indented by `prefix` spaces. */
function multiline(sink: ByteSink, prefix: number, msg: Uint8Array): void {
  if (msg.length === 0) {
    sink.bytes(NL);
    return;
  }
  const indent = ' '.repeat(prefix);
  let pos = 0;
  let line = 0;
  while (pos < msg.length) {
    let end = msg.indexOf(0x0a, pos);
    if (end < 0) end = msg.length;
    if (line > 0) sink.text(indent);
    sink.bytes(cstr(msg.subarray(pos, end))).bytes(NL);
    pos = end + 1;
    line++;
  }
}

/** The last value of a field (journalctl's short formats keep the last one they read). */
function lastValue(e: JournalEntry, name: string): Uint8Array | undefined {
  let v: Uint8Array | undefined;
  for (const f of e.fields) if (f.name === name) v = f.value;
  return v;
}

function sourceTime(e: JournalEntry, name: string, fallback: bigint | undefined): bigint | undefined {
  const v = lastValue(e, name);
  if (v !== undefined) {
    const s = asciiOf(v);
    if (/^[0-9]{1,20}$/.test(s)) {
      const n = BigInt(s);
      if (n > 0n && n < 2n ** 64n - 1n) return n;
    }
  }
  return fallback;
}

const zoneOf = (o: OutputOptions): string | undefined => (o.utc ? 'UTC' : o.timeZone);

function offsetText(seconds: number): string {
  const sign = seconds < 0 ? '-' : '+';
  const a = Math.abs(seconds);
  return `${sign}${pad(Math.floor(a / 3600), 2)}${pad(Math.floor((a % 3600) / 60), 2)}`;
}

function zoneText(name: string, utc: boolean): string {
  return utc ? 'UTC' : name;
}

/** `Tue 2023-11-14 22:13:20[.000000] UTC` (format_timestamp). */
function fullTimestamp(us: bigint, o: OutputOptions, precise: boolean): string {
  const t = localTime(Number(us / 1000000n), zoneOf(o));
  const frac = precise ? `.${pad(us % 1000000n, 6)}` : '';
  return `${weekdayName(t.weekday)} ${t.year}-${pad(t.month, 2)}-${pad(t.day, 2)} ${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}${frac} ${zoneText(t.zoneName, o.utc === true)}`;
}

function shortTimestamp(e: JournalEntry, o: OutputOptions): string | undefined {
  if (o.mode === 'short-monotonic') {
    const m = sourceTime(e, '_SOURCE_MONOTONIC_TIMESTAMP', monotonicOf(e));
    if (m === undefined) return undefined;
    return `[${String(m / 1000000n).padStart(5, ' ')}.${pad(m % 1000000n, 6)}]`;
  }
  const rt = realtimeOf(e);
  const us = sourceTime(e, '_SOURCE_REALTIME_TIMESTAMP', rt === undefined || rt === 0n ? undefined : rt);
  if (us === undefined) return undefined;
  const secs = us / 1000000n;
  const frac = pad(us % 1000000n, 6);
  switch (o.mode) {
    case 'short-unix':
      return `${String(secs).padStart(10, ' ')}.${frac}`;
    case 'short-full':
      return fullTimestamp(us, o, false);
    default:
      break;
  }
  const t = localTime(Number(secs), zoneOf(o));
  const hms = `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`;
  if (o.mode === 'short-iso' || o.mode === 'short-iso-precise') {
    const p = o.mode === 'short-iso-precise' ? `.${frac}` : '';
    return `${t.year}-${pad(t.month, 2)}-${pad(t.day, 2)}T${hms}${p}${offsetText(t.offset)}`;
  }
  const base = `${MONTHS[t.month - 1]} ${pad(t.day, 2)} ${hms}`;
  return o.mode === 'short-precise' ? `${base}.${frac}` : base;
}

function shallPrint(v: Uint8Array, all: boolean): boolean {
  return all || (v.length < PRINT_CHAR_THRESHOLD && isPrintableUtf8(v));
}

function writeShort(e: JournalEntry, o: OutputOptions, sink: ByteSink): boolean {
  const all = o.all === true;
  let message = lastValue(e, 'MESSAGE');
  if (message === undefined) return false;
  const ts = shortTimestamp(e, o);
  if (ts === undefined) return false;
  if (!all) message = stripTabAnsi(message);
  const hostname = lastValue(e, '_HOSTNAME');
  const identifier = lastValue(e, 'SYSLOG_IDENTIFIER');
  const comm = lastValue(e, '_COMM');
  const pid = lastValue(e, '_PID');
  const fakePid = lastValue(e, 'SYSLOG_PID');
  let n = ts.length;
  sink.text(ts);
  if (hostname && shallPrint(hostname, all)) {
    sink.text(' ').bytes(cstr(hostname));
    n += hostname.length + 1;
  }
  if (identifier && shallPrint(identifier, all)) {
    sink.text(' ').bytes(cstr(identifier));
    n += identifier.length + 1;
  } else if (comm && shallPrint(comm, all)) {
    sink.text(' ').bytes(cstr(comm));
    n += comm.length + 1;
  } else sink.text(' unknown');
  if (pid && shallPrint(pid, all)) {
    sink.text('[').bytes(cstr(pid)).text(']');
    n += pid.length + 2;
  } else if (fakePid && shallPrint(fakePid, all)) {
    sink.text('[').bytes(cstr(fakePid)).text(']');
    n += fakePid.length + 2;
  }
  sink.text(': ');
  if (!all && !isPrintableUtf8(message)) sink.text(`[${formatBytes(message.length)} blob data]\n`);
  else multiline(sink, n + 2, message);
  return true;
}

function writeVerbose(e: JournalEntry, o: OutputOptions, sink: ByteSink, fields?: ReadonlySet<string>): boolean {
  const rt = realtimeOf(e);
  const us = sourceTime(e, '_SOURCE_REALTIME_TIMESTAMP', rt);
  if (us === undefined) return false;
  const cursor = lastValue(e, '__CURSOR');
  sink
    .text(`${fullTimestamp(us, o, true)} [`)
    .bytes(cursor ?? new Uint8Array(0))
    .text(']\n');
  for (const f of e.fields) {
    if (f.name.startsWith('__')) continue;
    if (fields && !fields.has(f.name)) continue;
    // journalctl shows long values in full (--full is its default), so only printability counts.
    if (o.all === true || isPrintableUtf8(f.value)) {
      sink.text(`    ${f.name}=`);
      multiline(sink, 4 + f.name.length + 1, f.value);
    } else sink.text(`    ${f.name}=[${formatBytes(f.value.length)} blob data]\n`);
  }
  return true;
}

function writeCat(e: JournalEntry, sink: ByteSink, fields?: readonly string[]): boolean {
  const names = fields && fields.length > 0 ? fields : ['MESSAGE'];
  let any = false;
  for (const name of names) {
    const f = e.fields.find((x) => x.name === name);
    if (!f) continue;
    sink.bytes(f.value).bytes(NL);
    any = true;
  }
  return any;
}

/**
 * Writes entries as `journalctl -o MODE` does for the same entries (journalctl
 * 252's text, with --full, which is its default): boot separators in the text
 * modes, `-- No entries --` when nothing is shown, `[N blob data]` for values
 * that are not printable. Returns the bytes.
 */
export function formatEntries(entries: Iterable<JournalEntry>, o: OutputOptions): Uint8Array {
  const f = new JournalFormatter(o);
  const sink = new ByteSink();
  for (const e of entries) f.write(e, sink);
  f.finish(sink);
  return sink.take();
}

/** The same, entry by entry (for streaming and -f): keeps the previous boot between calls. */
export class JournalFormatter {
  private previousBoot: string | undefined;
  private shown = 0;
  private readonly fieldSet: ReadonlySet<string> | undefined;

  constructor(private readonly o: OutputOptions) {
    this.fieldSet = o.outputFields && o.outputFields.length > 0 ? new Set(o.outputFields) : undefined;
  }

  /**
   * An entry journalctl iterated over but did not print (`-g` did not match
   * it): it still moves the boot separator, as journalctl tracks the boot of
   * every entry it reads.
   */
  skip(e: JournalEntry, sink: ByteSink): void {
    this.bootSeparator(e, sink);
  }

  private bootSeparator(e: JournalEntry, sink: ByteSink): void {
    const o = this.o;
    if (TEXT_MODES.has(o.mode) && !o.quiet) {
      const boot = bootIdOf(e);
      if (boot !== undefined) {
        if (this.previousBoot !== undefined && boot !== this.previousBoot) sink.text(`-- Boot ${boot} --\n`);
        this.previousBoot = boot;
      }
    }
  }

  write(e: JournalEntry, sink: ByteSink): void {
    const o = this.o;
    this.bootSeparator(e, sink);
    switch (o.mode) {
      case 'cat':
        writeCat(e, sink, o.outputFields);
        break;
      case 'verbose':
        writeVerbose(e, o, sink, this.fieldSet);
        break;
      case 'export':
        writeExportEntry(e, sink, this.fieldSet);
        break;
      case 'json':
        sink.text(JSON.stringify(entryToJson(e, { all: o.all, outputFields: this.fieldSet })) + '\n');
        break;
      case 'json-seq':
        sink.text('\x1e' + JSON.stringify(entryToJson(e, { all: o.all, outputFields: this.fieldSet })) + '\n');
        break;
      case 'json-sse':
        sink.text('data: ' + JSON.stringify(entryToJson(e, { all: o.all, outputFields: this.fieldSet })) + '\n\n');
        break;
      case 'json-pretty':
        sink.text(prettyJson(entryToJson(e, { all: o.all, outputFields: this.fieldSet })) + '\n');
        break;
      default:
        writeShort(e, o, sink);
    }
    this.shown++;
  }

  finish(sink: ByteSink): void {
    if (this.shown === 0 && TEXT_MODES.has(this.o.mode) && !this.o.quiet) sink.text('-- No entries --\n');
  }
}
