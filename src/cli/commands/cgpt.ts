/** `hull cgpt …`: cgpt-compatible show/add/prioritize/find/next on image files (docs/disk.md lists the differences). */
import { randomBytes } from '../../adapters/disk/random.js';
import { readHead } from '../../adapters/node/read-bytes.js';
import { Command } from 'commander';
import { AppError, type Issue } from '../../core/index.js';
import {
  checkPartitions,
  decodeGuid,
  encodeGuid,
  getPrio,
  gptprioNext,
  guidFromRandom,
  isGuid,
  isUsr,
  MBR_BOOT_CODE_SIZE,
  MBR_BOOT_GUID_AT,
  prioritize,
  setPrio,
  TYPE_GUIDS,
  ZERO_GUID,
  withBootCode,
  withFreshProtectiveRecords,
  type GptPartition,
  type GptTable,
} from '../../disk/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { issuesJson, openDevice, partitionJson, readOrFail, writeBack } from './disk-io.js';

const ALIASES: Record<string, string> = {
  'coreos-usr': TYPE_GUIDS.usr,
  'coreos-rootfs': TYPE_GUIDS.usr,
  'flatcar-usr': TYPE_GUIDS.usr,
  'flatcar-rootfs': TYPE_GUIDS.usr,
  'coreos-resize': TYPE_GUIDS.resize,
  'flatcar-resize': TYPE_GUIDS.resize,
  'coreos-reserved': TYPE_GUIDS.reserved,
  'flatcar-reserved': TYPE_GUIDS.reserved,
  'coreos-root-raid': TYPE_GUIDS.rootRaid,
  efi: TYPE_GUIDS.efi,
  data: TYPE_GUIDS.linuxData,
};
const CHROMEOS_KERNEL = 'fe3a2a5d-4f32-41a7-b725-accc3285a309';
// The names both Debian's cgpt and Flatcar's (seismograph) print; the CoreOS/Flatcar types as seismograph names them.
const DESCRIPTIONS: Record<string, string> = {
  [TYPE_GUIDS.usr]: 'CoreOS rootfs',
  [TYPE_GUIDS.resize]: 'CoreOS auto-resize',
  [TYPE_GUIDS.reserved]: 'CoreOS reserved',
  [TYPE_GUIDS.rootRaid]: 'CoreOS RAID containing root',
  [TYPE_GUIDS.efi]: 'EFI System Partition',
  [TYPE_GUIDS.linuxData]: 'Linux data',
  [ZERO_GUID]: 'Unused (nonexistent) partition',
  [CHROMEOS_KERNEL]: 'ChromeOS kernel',
  'cab6e88e-abf3-4102-a07a-d4bb9be3c1d3': 'ChromeOS firmware',
  '3cb8e202-3b7e-47dd-8a3c-7ff2a13cfcec': 'ChromeOS rootfs',
  '2e0a753d-9e48-43b0-8337-b15192cb1b5e': 'ChromeOS reserved',
};

function typeGuid(text: string): string {
  const g = ALIASES[text.toLowerCase()] ?? text.toLowerCase();
  if (!isGuid(g)) throw new AppError('USAGE', `-t: unknown type '${text}' (a GUID or one of ${Object.keys(ALIASES).join(', ')})`);
  return g;
}
const typeText = (g: string): string => DESCRIPTIONS[g] ?? g.toUpperCase();

function int(text: string | undefined, flag: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new AppError('USAGE', `${flag}: '${text}' is not an integer in 0..${max}`);
  return n;
}

const col = (a: bigint | number | string, w: number): string => String(a).padStart(w);

const TITLE = `${col('start', 12)}${col('size', 12)}${col('part', 8)}  contents`;
const row = (start: bigint, size: bigint, part: string, contents: string): string => `${col(start, 12)}${col(size, 12)}${col(part, 8)}  ${contents}`;

/** One partition as cgpt's EntryDetails prints it: the label line, Type, UUID and, for usr partitions or a legacy-bootable one, Attr. */
function entryLines(p: GptPartition): string[] {
  const pad = ' '.repeat(34);
  const out = [row(p.firstLba, p.lastLba - p.firstLba + 1n, String(p.number), `Label: "${p.name}"`), `${pad}Type: ${typeText(p.typeGuid)}`, `${pad}UUID: ${p.guid.toUpperCase()}`];
  const a = getPrio(p.attributes);
  if (isUsr(p) || p.typeGuid === CHROMEOS_KERNEL) out.push(`${pad}Attr: priority=${a.priority} tries=${a.tries} successful=${a.successful ? 1 : 0}`);
  else if (p.attributes & 4n) out.push(`${pad}Attr: Legacy BIOS Bootable`);
  return out;
}

function showTable(t: GptTable, quick: boolean): string {
  const es = BigInt(Math.ceil((t.entryCount * t.entrySize) / t.sectorSize));
  const out: string[] = [];
  if (!quick) {
    out.push(TITLE);
    out.push(row(0n, 1n, '', 'PMBR'), row(1n, 1n, '', 'Pri GPT header'), row(2n, es, '', 'Pri GPT table'));
  }
  for (const p of t.partitions) {
    if (quick) out.push(row(p.firstLba, p.lastLba - p.firstLba + 1n, String(p.number), typeText(p.typeGuid)));
    else out.push(...entryLines(p)); // bounded spread: the few lines of one entry
  }
  if (!quick) out.push(row(t.totalSectors - 1n - es, es, '', 'Sec GPT table'), row(t.totalSectors - 1n, 1n, '', 'Sec GPT header'));
  return out.join('\n') + '\n';
}

/** `cgpt show -i N` without a field flag: the title and that entry only (an unused entry prints as zeros, as cgpt does). */
const showOne = (p: GptPartition): string => [TITLE, ...entryLines(p)].join('\n') + '\n';

interface Flags {
  i?: string; b?: string | boolean; s?: string | boolean; t?: string | boolean; u?: string | boolean; l?: string | boolean;
  S?: string | boolean; T?: string | boolean; P?: string | boolean; A?: string | boolean; B?: string; q?: boolean; f?: boolean;
}

/**
 * Reads the image's table, runs `f` on it and, for a writing command, writes
 * the table `f` returns. With -o json a writing command prints the envelope
 * with the partitions as written; a reading one prints its own.
 */
async function onImage(ctx: CliContext, image: string, write: boolean, f: (t: GptTable, issues: readonly Issue[]) => GptTable | undefined): Promise<void> {
  const dev = await openDevice(image, { writable: write });
  try {
    const r = await readOrFail(ctx, image, dev, write);
    const next = f(r.table, r.issues);
    if (write && next) {
      await writeBack(dev, r, next);
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { partitions: next.partitions.map(partitionJson) }, issues: issuesJson(r.issues) });
    }
  } finally {
    await dev.close();
  }
}

function field(p: GptPartition, o: Flags): string | undefined {
  const a = getPrio(p.attributes);
  if (o.b) return String(p.firstLba);
  if (o.s) return p.typeGuid === ZERO_GUID ? '0' : String(p.lastLba - p.firstLba + 1n); // an unused entry: cgpt says 0 here, 1 in the table
  if (o.t) return p.typeGuid.toUpperCase();
  if (o.u) return p.guid.toUpperCase();
  if (o.l) return p.name;
  if (o.S) return String(a.successful ? 1 : 0);
  if (o.T) return String(a.tries);
  if (o.P) return String(a.priority);
  if (o.A) return p.attributes >> 48n === 0n ? '0' : `0x${(p.attributes >> 48n).toString(16)}`; // printf("%#x")
  return undefined;
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('cgpt').description('cgpt-compatible GPT tool for image files (show, add, prioritize, boot, find, next)');

  cmd
    .command('show')
    .argument('<drive>')
    .option('-i <n>', 'partition number').option('-q', 'quick: one line per partition').option('-n', 'numeric (accepted)').option('-v', 'verbose (accepted)')
    .option('-b', 'start').option('-s', 'size').option('-t', 'type').option('-u', 'unique GUID').option('-l', 'label')
    .option('-S', 'successful').option('-T', 'tries').option('-P', 'priority').option('-A', 'raw attributes (bits 48-63)')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, false, (t, issues) => {
        const json = (result: unknown) => writeEnvelope(ctx, { ok: true, result, issues: issuesJson(issues) });
        if (o.i !== undefined) {
          const n = int(o.i, '-i')!;
          if (n < 1 || n > t.entryCount) throw new AppError('USAGE', `${image}: invalid partition number: ${o.i}`);
          // An unused entry is all zeros, and cgpt prints it so.
          const p = t.partitions.find((x) => x.number === n) ?? { number: n, typeGuid: ZERO_GUID, guid: ZERO_GUID, firstLba: 0n, lastLba: 0n, attributes: 0n, name: '' };
          const v = field(p, o);
          if (ctx.output === 'json') json(v !== undefined ? { number: n, value: v } : partitionJson(p));
          else ctx.stdout.write(v !== undefined ? `${v}\n` : showOne(p));
        } else if (ctx.output === 'json') json({ diskGuid: t.diskGuid, sectorSize: t.sectorSize, partitions: t.partitions.map(partitionJson) });
        else ctx.stdout.write(showTable(t, Boolean(o.q)));
        return undefined;
      }),
    );

  cmd
    .command('add')
    .argument('<drive>')
    .option('-i <n>').option('-b <start>').option('-s <size>').option('-t <type>').option('-u <guid>').option('-l <label>')
    .option('-S <0|1>').option('-T <0-15>').option('-P <0-15>').option('-B <0|1>').option('-A <raw>')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, true, (t) => {
        const num = int(o.i, '-i', t.entryCount);
        if (num === 0) throw new AppError('USAGE', `-i: partition numbers start at 1`);
        const existing = t.partitions.find((p) => p.number === num);
        let p: GptPartition;
        if (existing) p = existing;
        else {
          if (o.b === undefined || o.s === undefined || o.t === undefined) throw new AppError('USAGE', 'creating a partition needs -b, -s and -t');
          const used = new Set(t.partitions.map((x) => x.number));
          let free = 1;
          while (used.has(free)) free++;
          if (num === undefined && free > t.entryCount) throw new AppError('USAGE', `${image}: all ${t.entryCount} partition entries are in use`);
          const first = BigInt(int(o.b as string, '-b')!);
          p = { number: num ?? free, typeGuid: typeGuid(o.t as string), guid: guidFromRandom(randomBytes(16)), firstLba: first, lastLba: first + BigInt(int(o.s as string, '-s')!) - 1n, attributes: 0n, name: '' };
        }
        if (typeof o.b === 'string' && existing) p = { ...p, firstLba: BigInt(int(o.b, '-b')!), lastLba: BigInt(int(o.b, '-b')!) + (p.lastLba - p.firstLba) };
        if (typeof o.s === 'string' && existing) p = { ...p, lastLba: p.firstLba + BigInt(int(o.s, '-s')!) - 1n };
        if (typeof o.t === 'string' && existing) p = { ...p, typeGuid: typeGuid(o.t) };
        if (typeof o.u === 'string') {
          if (!isGuid(o.u)) throw new AppError('USAGE', `-u: '${o.u}' is not a GUID`);
          p = { ...p, guid: o.u.toLowerCase() };
        }
        if (typeof o.l === 'string') {
          if (o.l.length > 36) throw new AppError('USAGE', '-l: labels hold at most 36 UTF-16 code units');
          p = { ...p, name: o.l };
        }
        let a = p.attributes;
        if (typeof o.A === 'string') a = (a & 0x0000ffffffffffffn) | (BigInt(int(o.A.startsWith('0x') ? String(parseInt(o.A, 16)) : o.A, '-A', 0xffff)!) << 48n);
        if (o.B !== undefined) a = int(o.B, '-B', 1) ? a | 4n : a & ~4n;
        a = setPrio(a, {
          ...(typeof o.S === 'string' ? { successful: int(o.S, '-S', 1) === 1 } : {}),
          ...(typeof o.T === 'string' ? { tries: int(o.T, '-T', 15)! } : {}),
          ...(typeof o.P === 'string' ? { priority: int(o.P, '-P', 15)! } : {}),
        });
        p = { ...p, attributes: a };
        const parts = [...t.partitions.filter((x) => x.number !== p.number), p].sort((x, y) => x.number - y.number);
        const bad = checkPartitions(parts, t.firstUsableLba, t.lastUsableLba);
        if (bad.length > 0) throw new AppError('USAGE', bad.map((i) => i.message).join('; '));
        return { ...t, partitions: parts };
      }),
    );

  cmd
    .command('prioritize')
    .argument('<drive>')
    .option('-i <n>', 'partition to make the top priority').option('-P <max>', 'highest priority to assign').option('-f', 'move the whole priority group of -i')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, true, (t) => {
        const num = int(o.i, '-i');
        if (num !== undefined && !t.partitions.some((p) => p.number === num && isUsr(p))) throw new AppError('USAGE', `partition ${num} is not a usr partition`);
        const max = int(typeof o.P === 'string' ? o.P : undefined, '-P', 15);
        return prioritize(t, num, { ...(max !== undefined ? { max } : {}), friends: Boolean(o.f) });
      }),
    );

  cmd
    .command('find')
    .argument('<drive>')
    .option('-t <type>').option('-u <guid>').option('-l <label>')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, false, (t) => {
        const hits = t.partitions.filter(
          (p) =>
            (typeof o.t !== 'string' || p.typeGuid === typeGuid(o.t)) &&
            (typeof o.u !== 'string' || p.guid === o.u.toLowerCase()) &&
            (typeof o.l !== 'string' || p.name === o.l),
        );
        if (hits.length === 0) ctx.exitCode = 1;
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: hits.length > 0, result: { matches: hits.map((p) => ({ device: `${image}${p.number}`, ...partitionJson(p) })) } });
        else for (const p of hits) ctx.stdout.write(`${image}${p.number}\n`);
        return undefined;
      }),
    );

  cmd
    .command('boot')
    .description('edit the PMBR for legacy BIOSes; prints the PMBR boot GUID')
    .argument('<drive>')
    .option('-i <n>', 'set the bootable partition (its unique GUID goes into the PMBR)')
    .option('-b <file>', 'install bootloader code (the first 424 bytes of FILE) in the PMBR')
    .option('-p', 'create a legacy PMBR partition table')
    .action(async (image: string, o: { i?: string; b?: string; p?: boolean }) => {
      const num = int(o.i, '-i');
      const code = o.b !== undefined ? await readHead(o.b, MBR_BOOT_CODE_SIZE) : undefined;
      if (code !== undefined && code.length === 0) throw new AppError('INPUT_INVALID', `-b: ${o.b} is empty`);
      const write = Boolean(o.p) || Boolean(num) || code !== undefined;
      const dev = await openDevice(image, { writable: write });
      try {
        const r = await readOrFail(ctx, image, dev, write);
        const ss = r.table.sectorSize;
        const old = await dev.read(0, ss);
        let mbr = old;
        if (o.p) mbr = withFreshProtectiveRecords(mbr, r.table.totalSectors);
        if (num) {
          if (num > r.table.entryCount) throw new AppError('USAGE', `invalid partition number: ${num}`);
          const p = r.table.partitions.find((x) => x.number === num);
          mbr = Uint8Array.from(mbr);
          encodeGuid(p?.guid ?? ZERO_GUID, mbr, MBR_BOOT_GUID_AT);
        }
        if (code !== undefined) mbr = withBootCode(mbr, code);
        const bootGuid = decodeGuid(mbr, MBR_BOOT_GUID_AT).toUpperCase();
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { bootGuid } });
        else ctx.stdout.write(`${bootGuid}\n`);
        if (mbr !== old) {
          await dev.write(0, mbr);
          await dev.flush();
        }
      } finally {
        await dev.close();
      }
    });

  cmd
    .command('next')
    .argument('<drive>')
    .action(async (image: string) =>
      onImage(ctx, image, false, (t) => {
        const n = gptprioNext(t);
        if (!n) {
          ctx.exitCode = 1;
          const message = `${image}: no usr partition can boot`;
          if (ctx.output === 'json') writeEnvelope(ctx, { ok: false, error: { code: 'INPUT_INVALID', message } });
          else ctx.stderr.write(`${message}\n`);
        } else if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: partitionJson(n.partition) });
        else ctx.stdout.write(`${n.partition.guid}\n`);
        return undefined;
      }),
    );
  return cmd;
}
