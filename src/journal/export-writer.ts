import { isPrintableUtf8 } from './printable.js';
import type { JournalEntry, JournalField } from './entry.js';
import { bytesOf, isAddressField } from './entry.js';
import { ByteSink } from './bytes.js';

const NL = Uint8Array.of(0x0a);

/** One field in the export format: text when printable without newlines, binary framing otherwise. */
export function writeField(sink: ByteSink, f: JournalField): void {
  if (isPrintableUtf8(f.value, false)) {
    sink
      .text(f.name + '=')
      .bytes(f.value)
      .bytes(NL);
    return;
  }
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(f.value.length), true);
  sink.bytes(bytesOf(f.name)).bytes(NL).bytes(len).bytes(f.value).bytes(NL);
}

/** An entry's fields exactly in its own order, then the empty line (what an uploader sends). */
export function serializeEntry(entry: JournalEntry, sink = new ByteSink()): ByteSink {
  for (const f of entry.fields) writeField(sink, f);
  return sink.bytes(NL);
}

export function serializeEntries(entries: Iterable<JournalEntry>): Uint8Array {
  const sink = new ByteSink();
  for (const e of entries) serializeEntry(e, sink);
  return sink.take();
}

const EXPORT_HEADER = [
  '__CURSOR',
  '__REALTIME_TIMESTAMP',
  '__MONOTONIC_TIMESTAMP',
  '__SEQNUM',
  '__SEQNUM_ID',
  '_BOOT_ID',
];

/**
 * `journalctl -o export` for one entry: the header fields first (cursor,
 * timestamps, seqnum when known, boot id), then the data fields in entry
 * order without `_BOOT_ID`; `outputFields` keeps only those data fields.
 */
export function writeExportEntry(entry: JournalEntry, sink: ByteSink, outputFields?: ReadonlySet<string>): void {
  for (const h of EXPORT_HEADER) {
    const f = entry.fields.find((x) => x.name === h);
    if (f) writeField(sink, f);
  }
  for (const f of entry.fields) {
    if (f.name === '_BOOT_ID' || isAddressField(f.name)) continue;
    if (outputFields && !outputFields.has(f.name)) continue;
    writeField(sink, f);
  }
  sink.bytes(NL);
}
