/**
 * An entry's fields as one byte string, for a store's column. Field order
 * and repeated names are kept; values keep their exact bytes.
 *
 * Written since issue 17's lean layout (version 2): a 0x00 byte, then for
 * each field one byte naming it — below 0x80 an index into WELL_KNOWN, else
 * 0x80 + the name's length followed by the name (ASCII) — then the value's
 * length as an unsigned LEB128 varint and the value. A journald entry's ~20
 * names take a byte each instead of ~12, and lengths one byte instead of 4.
 *
 * Still read (version 1, the first stores): for each field one byte of name
 * length (1–64, so never 0x00), the name, four bytes of value length
 * (little-endian) and the value.
 */
import type { JournalEntry, JournalField } from './entry.js';
import { asciiOf } from './entry.js';

/**
 * journald's common field names, coded as their index. Stored data depends on
 * this order: only append to it, never reorder or remove.
 */
export const WELL_KNOWN: readonly string[] = [
  '__CURSOR',
  '__REALTIME_TIMESTAMP',
  '__MONOTONIC_TIMESTAMP',
  '__SEQNUM',
  '__SEQNUM_ID',
  '_BOOT_ID',
  '_MACHINE_ID',
  '_HOSTNAME',
  '_TRANSPORT',
  'PRIORITY',
  'SYSLOG_FACILITY',
  'SYSLOG_IDENTIFIER',
  'SYSLOG_PID',
  'SYSLOG_TIMESTAMP',
  'SYSLOG_RAW',
  '_PID',
  '_UID',
  '_GID',
  '_COMM',
  '_EXE',
  '_CMDLINE',
  '_CAP_EFFECTIVE',
  '_SYSTEMD_CGROUP',
  '_SYSTEMD_UNIT',
  '_SYSTEMD_USER_UNIT',
  '_SYSTEMD_SLICE',
  '_SYSTEMD_USER_SLICE',
  '_SYSTEMD_INVOCATION_ID',
  '_SYSTEMD_OWNER_UID',
  '_SYSTEMD_SESSION',
  '_SELINUX_CONTEXT',
  '_SOURCE_REALTIME_TIMESTAMP',
  '_SOURCE_MONOTONIC_TIMESTAMP',
  '_STREAM_ID',
  '_LINE_BREAK',
  '_AUDIT_SESSION',
  '_AUDIT_LOGINUID',
  '_RUNTIME_SCOPE',
  '_NAMESPACE',
  'MESSAGE',
  'MESSAGE_ID',
  'CODE_FILE',
  'CODE_LINE',
  'CODE_FUNC',
  'ERRNO',
  'INVOCATION_ID',
  'USER_INVOCATION_ID',
  'UNIT',
  'USER_UNIT',
  'TID',
  '_KERNEL_DEVICE',
  '_KERNEL_SUBSYSTEM',
  '_UDEV_SYSNAME',
  '_UDEV_DEVNODE',
  '_UDEV_DEVLINK',
  'OBJECT_PID',
  'OBJECT_SYSTEMD_UNIT',
  'COREDUMP_UNIT',
  'JOB_ID',
  'JOB_TYPE',
  'JOB_RESULT',
  'DOCUMENTATION',
  'SYSLOG_STRUCTURED_DATA',
  '_SYSTEMD_USER_INVOCATION_ID',
];

const CODE = new Map(WELL_KNOWN.map((n, i) => [n, i]));
const VERSION_2 = 0x00;

const varintSize = (n: number): number => (n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5);

export function encodeEntry(entry: JournalEntry): Uint8Array {
  let n = 1;
  for (const f of entry.fields)
    n += (CODE.has(f.name) ? 1 : 1 + f.name.length) + varintSize(f.value.length) + f.value.length;
  const out = new Uint8Array(n);
  out[0] = VERSION_2;
  let o = 1;
  for (const f of entry.fields) {
    const code = CODE.get(f.name);
    if (code !== undefined) out[o++] = code;
    else {
      if (f.name.length > 0x7f) throw new Error(`field name longer than 127 bytes: ${f.name.slice(0, 64)}…`);
      out[o++] = 0x80 | f.name.length;
      for (let i = 0; i < f.name.length; i++) out[o++] = f.name.charCodeAt(i);
    }
    let len = f.value.length;
    while (len >= 0x80) {
      out[o++] = (len & 0x7f) | 0x80;
      len = Math.floor(len / 0x80);
    }
    out[o++] = len;
    const v = f.value;
    if (v.length < 32) {
      // Most values are short: a loop beats set()'s call for them.
      for (let i = 0; i < v.length; i++) out[o + i] = v[i]!;
    } else out.set(v, o);
    o += v.length;
  }
  return out;
}

const malformed = () => new Error('malformed stored entry');

/** The inverse of encodeEntry (either version); values are views into `data`. Throws on a malformed encoding. */
export function decodeEntry(data: Uint8Array): JournalEntry {
  if (data.length > 0 && data[0] === VERSION_2) return decodeV2(data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const fields: JournalField[] = [];
  let o = 0;
  while (o < data.length) {
    const nl = data[o++]!;
    const name = asciiOf(data.subarray(o, o + nl));
    o += nl;
    if (o + 4 > data.length) throw malformed();
    const vl = view.getUint32(o, true);
    o += 4;
    if (o + vl > data.length) throw malformed();
    fields.push({ name, value: data.subarray(o, o + vl) });
    o += vl;
  }
  return { fields };
}

function decodeV2(data: Uint8Array): JournalEntry {
  const fields: JournalField[] = [];
  let o = 1;
  while (o < data.length) {
    const b = data[o++]!;
    let name: string;
    if (b < 0x80) {
      const known = WELL_KNOWN[b];
      if (known === undefined) throw malformed();
      name = known;
    } else {
      const nl = b & 0x7f;
      if (o + nl > data.length) throw malformed();
      name = asciiOf(data.subarray(o, o + nl));
      o += nl;
    }
    let len = 0;
    let scale = 1;
    for (;;) {
      if (o >= data.length || scale > 0x800000000) throw malformed();
      const c = data[o++]!;
      len += (c & 0x7f) * scale;
      if (c < 0x80) break;
      scale *= 0x80;
    }
    if (o + len > data.length) throw malformed();
    fields.push({ name, value: data.subarray(o, o + len) });
    o += len;
  }
  return { fields };
}
