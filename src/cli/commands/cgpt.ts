/** `hull cgpt …`: cgpt-compatible show/add/prioritize/find/next on image files (docs/disk.md lists the differences). */
import { randomBytes } from '../../adapters/disk/index.js';
import { readHead } from '../../adapters/node/index.js';
import { Command } from 'commander';
import { AppError, type Issue } from '../../core/index.js';
import {
  bootGuidOf,
  cgptTypeName,
  editBootSector,
  editPartition,
  emptyEntry,
  getPrio,
  gptprioNext,
  guidFromRandom,
  isGuid,
  isLegacyBootable,
  isUsr,
  MBR_BOOT_CODE_SIZE,
  prioritize,
  TYPE_ALIASES,
  TYPE_GUIDS,
  typeBits,
  typeGuidOf,
  writeBootSector,
  ZERO_GUID,
  type GptPartition,
  type GptTable,
} from '../../disk/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { issuesJson, openDevice, partitionJson, readOrFail, writeBack } from './disk-io.js';

function typeGuid(text: string): string {
  const g = typeGuidOf(text);
  if (g === undefined)
    throw new AppError(
      'USAGE',
      `-t: unknown type '${text}' (a GUID or one of ${Object.keys(TYPE_ALIASES).join(', ')})`,
    );
  return g;
}

/** A refused edit of the table as a usage error: the issues' messages, each with its code. */
function refused(issues: readonly Issue[]): AppError {
  return new AppError('USAGE', issues.map((i) => `${i.message} [${i.code}]`).join('; '));
}

function int(text: string | undefined, flag: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new AppError('USAGE', `${flag}: '${text}' is not an integer in 0..${max}`);
  return n;
}

const col = (a: bigint | number | string, w: number): string => String(a).padStart(w);

const TITLE = `${col('start', 12)}${col('size', 12)}${col('part', 8)}  contents`;
const row = (start: bigint, size: bigint, part: string, contents: string): string =>
  `${col(start, 12)}${col(size, 12)}${col(part, 8)}  ${contents}`;

/** One partition as cgpt's EntryDetails prints it: the label line, Type, UUID and, for usr partitions or a legacy-bootable one, Attr. */
function entryLines(p: GptPartition): string[] {
  const pad = ' '.repeat(34);
  const out = [
    row(p.firstLba, p.lastLba - p.firstLba + 1n, String(p.number), `Label: "${p.name}"`),
    `${pad}Type: ${cgptTypeName(p.typeGuid)}`,
    `${pad}UUID: ${p.guid.toUpperCase()}`,
  ];
  const a = getPrio(p.attributes);
  if (isUsr(p) || p.typeGuid === TYPE_GUIDS.chromeosKernel)
    out.push(`${pad}Attr: priority=${a.priority} tries=${a.tries} successful=${a.successful ? 1 : 0}`);
  else if (isLegacyBootable(p.attributes)) out.push(`${pad}Attr: Legacy BIOS Bootable`);
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
    if (quick) out.push(row(p.firstLba, p.lastLba - p.firstLba + 1n, String(p.number), cgptTypeName(p.typeGuid)));
    else out.push(...entryLines(p)); // bounded spread: the few lines of one entry
  }
  if (!quick)
    out.push(
      row(t.totalSectors - 1n - es, es, '', 'Sec GPT table'),
      row(t.totalSectors - 1n, 1n, '', 'Sec GPT header'),
    );
  return out.join('\n') + '\n';
}

/** `cgpt show -i N` without a field flag: the title and that entry only (an unused entry prints as zeros, as cgpt does). */
const showOne = (p: GptPartition): string => [TITLE, ...entryLines(p)].join('\n') + '\n';

interface Flags {
  i?: string;
  b?: string | boolean;
  s?: string | boolean;
  t?: string | boolean;
  u?: string | boolean;
  l?: string | boolean;
  S?: string | boolean;
  T?: string | boolean;
  P?: string | boolean;
  A?: string | boolean;
  B?: string;
  q?: boolean;
  f?: boolean;
}

/**
 * Reads the image's table, runs `f` on it and, for a writing command, writes
 * the table `f` returns. With -o json a writing command prints the envelope
 * with the partitions as written; a reading one prints its own.
 */
async function onImage(
  ctx: CliContext,
  image: string,
  write: boolean,
  f: (t: GptTable, issues: readonly Issue[]) => GptTable | undefined,
): Promise<void> {
  const dev = await openDevice(image, { writable: write });
  try {
    const r = await readOrFail(ctx, image, dev, write);
    const next = f(r.table, r.issues);
    if (write && next) {
      await writeBack(dev, r, next);
      if (ctx.output === 'json')
        writeEnvelope(ctx, {
          ok: true,
          result: { partitions: next.partitions.map(partitionJson) },
          issues: issuesJson(r.issues),
        });
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
  if (o.A) return typeBits(p.attributes) === 0 ? '0' : `0x${typeBits(p.attributes).toString(16)}`; // printf("%#x")
  return undefined;
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('cgpt').description(
    'cgpt-compatible GPT tool for image files (show, add, prioritize, boot, find, next)',
  );

  cmd
    .command('show')
    .argument('<drive>')
    .option('-i <n>', 'partition number')
    .option('-q', 'quick: one line per partition')
    .option('-n', 'numeric (accepted)')
    .option('-v', 'verbose (accepted)')
    .option('-b', 'start')
    .option('-s', 'size')
    .option('-t', 'type')
    .option('-u', 'unique GUID')
    .option('-l', 'label')
    .option('-S', 'successful')
    .option('-T', 'tries')
    .option('-P', 'priority')
    .option('-A', 'raw attributes (bits 48-63)')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, false, (t, issues) => {
        const json = (result: unknown) => writeEnvelope(ctx, { ok: true, result, issues: issuesJson(issues) });
        if (o.i !== undefined) {
          const n = int(o.i, '-i')!;
          if (n < 1 || n > t.entryCount) throw new AppError('USAGE', `${image}: invalid partition number: ${o.i}`);
          // An unused entry is all zeros, and cgpt prints it so.
          const p = t.partitions.find((x) => x.number === n) ?? emptyEntry(n);
          const v = field(p, o);
          if (ctx.output === 'json') json(v !== undefined ? { number: n, value: v } : partitionJson(p));
          else ctx.stdout.write(v !== undefined ? `${v}\n` : showOne(p));
        } else if (ctx.output === 'json')
          json({ diskGuid: t.diskGuid, sectorSize: t.sectorSize, partitions: t.partitions.map(partitionJson) });
        else ctx.stdout.write(showTable(t, Boolean(o.q)));
        return undefined;
      }),
    );

  cmd
    .command('add')
    .argument('<drive>')
    .option('-i <n>')
    .option('-b <start>')
    .option('-s <size>')
    .option('-t <type>')
    .option('-u <guid>')
    .option('-l <label>')
    .option('-S <0|1>')
    .option('-T <0-15>')
    .option('-P <0-15>')
    .option('-B <0|1>')
    .option('-A <raw>')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, true, (t) => {
        if (typeof o.u === 'string' && !isGuid(o.u)) throw new AppError('USAGE', `-u: '${o.u}' is not a GUID`);
        const num = int(o.i, '-i');
        const first = typeof o.b === 'string' ? int(o.b, '-b') : undefined;
        const size = typeof o.s === 'string' ? int(o.s, '-s') : undefined;
        const bits =
          typeof o.A === 'string'
            ? int(o.A.startsWith('0x') ? String(parseInt(o.A, 16)) : o.A, '-A', 0xffff)
            : undefined;
        const r = editPartition(
          t,
          {
            ...(num !== undefined ? { number: num } : {}),
            ...(first !== undefined ? { firstLba: BigInt(first) } : {}),
            ...(size !== undefined ? { sizeLba: BigInt(size) } : {}),
            ...(typeof o.t === 'string' ? { typeGuid: typeGuid(o.t) } : {}),
            ...(typeof o.u === 'string' ? { guid: o.u.toLowerCase() } : {}),
            ...(typeof o.l === 'string' ? { name: o.l } : {}),
            ...(bits !== undefined ? { typeBits: bits } : {}),
            ...(o.B !== undefined ? { legacyBootable: int(o.B, '-B', 1) === 1 } : {}),
            ...(typeof o.S === 'string' ? { successful: int(o.S, '-S', 1) === 1 } : {}),
            ...(typeof o.T === 'string' ? { tries: int(o.T, '-T', 15)! } : {}),
            ...(typeof o.P === 'string' ? { priority: int(o.P, '-P', 15)! } : {}),
          },
          () => guidFromRandom(randomBytes(16)),
        );
        if (!r.ok) throw refused(r.issues);
        return r.table;
      }),
    );

  cmd
    .command('prioritize')
    .argument('<drive>')
    .option('-i <n>', 'partition to make the top priority')
    .option('-P <max>', 'highest priority to assign')
    .option('-f', 'move the whole priority group of -i')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, true, (t) => {
        const num = int(o.i, '-i');
        if (num !== undefined && !t.partitions.some((p) => p.number === num && isUsr(p)))
          throw new AppError('USAGE', `partition ${num} is not a usr partition`);
        const max = int(typeof o.P === 'string' ? o.P : undefined, '-P', 15);
        return prioritize(t, num, { ...(max !== undefined ? { max } : {}), friends: Boolean(o.f) });
      }),
    );

  cmd
    .command('find')
    .argument('<drive>')
    .option('-t <type>')
    .option('-u <guid>')
    .option('-l <label>')
    .action(async (image: string, o: Flags) =>
      onImage(ctx, image, false, (t) => {
        const hits = t.partitions.filter(
          (p) =>
            (typeof o.t !== 'string' || p.typeGuid === typeGuid(o.t)) &&
            (typeof o.u !== 'string' || p.guid === o.u.toLowerCase()) &&
            (typeof o.l !== 'string' || p.name === o.l),
        );
        if (hits.length === 0) ctx.exitCode = 1;
        if (ctx.output === 'json')
          writeEnvelope(ctx, {
            ok: hits.length > 0,
            result: { matches: hits.map((p) => ({ device: `${image}${p.number}`, ...partitionJson(p) })) },
          });
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
        const old = await dev.read(0, r.table.sectorSize);
        const e = editBootSector(old, r.table, {
          freshRecords: Boolean(o.p),
          ...(num ? { bootPartition: num } : {}),
          ...(code !== undefined ? { code } : {}),
        });
        if (!e.ok) throw refused(e.issues);
        const bootGuid = bootGuidOf(e.sector).toUpperCase();
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { bootGuid } });
        else ctx.stdout.write(`${bootGuid}\n`);
        await writeBootSector(dev, old, e.sector);
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
