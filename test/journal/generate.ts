/**
 * A deterministic export stream for the journal tests: text, multi-line,
 * binary, repeated and 5000-byte fields, two boots, three units, every
 * priority, and the edge cases of journalctl's formats.
 */
export const BOOT_A = '0123456789abcdef0123456789abcdef';
export const BOOT_B = 'fedcba9876543210fedcba9876543210';

type Value = string | Uint8Array;

const enc = new TextEncoder();

function textField(name: string, v: string): Uint8Array {
  return enc.encode(`${name}=${v}\n`);
}

function binField(name: string, v: Uint8Array): Uint8Array {
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(v.length), true);
  return concat([enc.encode(name + '\n'), len, v, enc.encode('\n')]);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Text framing where the export format allows it, binary framing otherwise (or when `forceBinary`). */
function anyField(name: string, v: Value, forceBinary: boolean): Uint8Array {
  const bytes = typeof v === 'string' ? enc.encode(v) : v;
  const text = typeof v === 'string' && !/[\x00-\x08\x0a-\x1f\x7f]/.test(v) && !forceBinary;
  return text ? textField(name, v as string) : binField(name, bytes);
}

export interface GeneratedEntry {
  readonly fields: ReadonlyArray<readonly [string, Value]>;
}

/** The entries, with their timestamps and boot ids. */
export function generateEntries(): GeneratedEntry[] {
  const out: GeneratedEntry[] = [];
  const units = ['alpha.service', 'beta.service', 'gamma.socket'];
  const specials: Array<ReadonlyArray<readonly [string, Value]>> = [
    [['MESSAGE', 'plain text message']],
    [['MESSAGE', 'line one\nline two\nline three']],
    [['MESSAGE', Uint8Array.of(0, 1, 2, 0xff, 0x0a, 0x3d)]],
    [
      ['MESSAGE', 'x'.repeat(5000)],
      ['BIG', 'y'.repeat(5000)],
    ],
    [
      ['MESSAGE', 'repeated'],
      ['REP', 'a'],
      ['REP', 'b'],
      ['REP', Uint8Array.of(1, 2)],
    ],
    [['MESSAGE', 'tab\there and \x1b[31mred\x1b[0m color']],
    [['MESSAGE', 'escape \x1b]8;;x\x07 other']],
    [['MESSAGE', 'kept \x1b]8;;x\x1b\\ st \x1b[1x csi \x1b[m \x1b[;m']],
    [
      ['MESSAGE', concat([enc.encode('invalid utf8 '), Uint8Array.of(0xff, 0xfe)])],
      ['RAW', Uint8Array.of(0x41, 0xc3, 0x28, 0x42)],
    ],
    [['MESSAGE', 'c1 \u0085 char and del \x7f']],
    [['MESSAGE', 'unicode é ü 日本 🎉']],
    [['MESSAGE', '']],
    [['MESSAGE', 'trailing newline\n']],
    [['MESSAGE', 'a\n\nb\n\n']],
    [['MESSAGE', 'quote " backslash \\ slash /']],
    [['NOTMESSAGE', 'an entry without MESSAGE']],
    [
      ['MESSAGE', 'z'.repeat(4086)],
      ['EDGE', 'e'.repeat(4091)],
    ],
    [
      ['MESSAGE', 'w'.repeat(4087)],
      ['EDGE', 'e'.repeat(4092)],
    ],
    [
      ['MESSAGE', 'binary framed but printable'],
      ['FRAMED', 'printable value'],
    ],
    [
      ['MESSAGE', 'with source time'],
      ['_SOURCE_REALTIME_TIMESTAMP', '1700000500123456'],
    ],
    [['MESSAGE', 'nul\x00inside\nsecond']],
    [
      ['MESSAGE', 'equals = in = value'],
      ['EMPTY', ''],
    ],
    [
      ['MESSAGE', 'lowercase name is dropped'],
      ['lower', 'dropped'],
    ],
  ];
  let rt = 1700000000000000n;
  let mono = 1000000n;
  for (let i = 0; i < 48; i++) {
    const boot = i < 24 ? BOOT_A : BOOT_B;
    if (i === 24) mono = 2000000n;
    rt += 1234567n;
    mono += 1111n;
    const fields: Array<readonly [string, Value]> = [
      ['__CURSOR', `s=00000000000000000000000000000000;i=${i.toString(16)}`],
      ['__REALTIME_TIMESTAMP', String(rt)],
      ['__MONOTONIC_TIMESTAMP', String(mono)],
      ['_BOOT_ID', boot],
      ['PRIORITY', String(i % 8)],
      ['_SYSTEMD_UNIT', units[i % 3]!],
      ['_HOSTNAME', i % 11 === 5 ? 'h'.repeat(310) : 'node-1'],
      ['_TRANSPORT', 'journal'],
    ];
    if (i % 7 !== 3) fields.push(['SYSLOG_IDENTIFIER', `app${i % 3}`]);
    if (i % 5 !== 2) fields.push(['_PID', String(100 + i)]);
    else fields.push(['SYSLOG_PID', String(900 + i)]);
    if (i % 14 !== 3) fields.push(['_COMM', `comm${i % 2}`]);
    const special = specials[i % specials.length]!;
    fields.push(...special);
    out.push({ fields });
  }
  return out;
}

/** The entries in the export format; FRAMED fields and every 4th entry's MESSAGE use binary framing. */
export function generateExport(entries = generateEntries()): Uint8Array {
  const parts: Uint8Array[] = [];
  entries.forEach((e, i) => {
    for (const [name, v] of e.fields)
      parts.push(anyField(name, v, name === 'FRAMED' || (name === 'MESSAGE' && i % 4 === 1)));
    parts.push(enc.encode('\n'));
  });
  return concat(parts);
}
