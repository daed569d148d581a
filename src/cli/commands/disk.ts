/** `hull disk …`: GPT images with the Flatcar layout and A/B slot attributes. */
import { randomBytes, removeImage } from '../../adapters/disk/index.js';
import { NodeProcessRunner } from '../../adapters/provision/index.js';
import { efiSystemCommands, runTool } from '../../provision/index.js';
import { Command, Option } from 'commander';
import { AppError } from '../../core/index.js';
import {
  activeSlot,
  describeTable,
  detectFilesystem,
  TYPE_GUIDS,
  flatcarLayout,
  gptprioNext,
  markSuccessful,
  readGpt,
  rollback,
  writeGpt,
  writeOptionsFor,
  type GptTable,
} from '../../disk/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import {
  blockingIssues,
  createImage,
  issuesJson,
  openDevice,
  parseSize,
  partitionJson,
  printIssues,
  readOrFail,
  writeBack,
  writeLines,
  type OpenedDevice,
} from './disk-io.js';

async function withDevice<T>(image: string, writable: boolean, f: (dev: OpenedDevice) => Promise<T>): Promise<T> {
  const dev = await openDevice(image, { writable });
  try {
    return await f(dev);
  } finally {
    await dev.close();
  }
}

/** The filesystem signatures of the EFI system partitions (the first few: a table may hold 131 072 entries), for `disk show`. */
async function efiFilesystems(dev: OpenedDevice, t: GptTable): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  let probed = 0;
  for (const p of t.partitions) {
    if (p.typeGuid !== TYPE_GUIDS.efi || probed++ >= 4) continue;
    const offset = Number(p.firstLba) * t.sectorSize;
    const size = Number(p.lastLba - p.firstLba + 1n) * t.sectorSize;
    if (offset + size > dev.size) continue;
    const sig = await detectFilesystem((o, l) => dev.read(o, l), offset, size);
    if (sig) found.set(p.number, sig === 'ext4' ? 'ext2/3/4' : sig);
  }
  return found;
}

async function writeShowText(out: { write(text: string): void }, dev: OpenedDevice, t: GptTable): Promise<void> {
  writeLines(out, describeTable(t, await efiFilesystems(dev, t)), (line) => line);
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('disk').description('GPT disk images: the Flatcar layout and A/B /usr slots');

  cmd
    .command('create')
    .description('create a sparse image file with a GPT and the Flatcar layout')
    .argument('<image>')
    .requiredOption('--size <size>', 'image size, e.g. 8GiB')
    .addOption(new Option('--layout <layout>', 'partition layout').choices(['flatcar']).default('flatcar'))
    .addOption(new Option('--sector-size <bytes>', 'logical sector size').choices(['512', '4096']).default('512'))
    .option('--force', 'replace an existing file (without it, an existing IMAGE is refused: OUTPUT_EXISTS)')
    .option(
      '--no-format',
      'leave EFI-SYSTEM unformatted (a bare partition table; by default it gets a FAT with flatcar/)',
    )
    .action(async (image: string, opts: { size: string; sectorSize: string; force?: boolean; format: boolean }) => {
      const size = parseSize(opts.size);
      const ss = Number(opts.sectorSize) as 512 | 4096;
      const r = flatcarLayout({ sizeBytes: size, sectorSize: ss, random: (n) => randomBytes(n) });
      if (!r.ok) throw new AppError('USAGE', r.reason);
      const dev = await createImage(image, Number(r.table.totalSectors) * ss, { force: opts.force === true });
      // From here the file is ours (new, or emptied by --force): a failure removes it, so no half-made image is left.
      try {
        try {
          await writeGpt(dev, r.table);
        } finally {
          await dev.close();
        }
        if (opts.format) {
          const runner = new NodeProcessRunner();
          for (const [tool, args] of efiSystemCommands(r.table, image)) await runTool(runner, tool, args);
        }
      } catch (err) {
        await removeImage(image);
        throw err;
      }
      const efi = opts.format ? 'vfat' : null;
      if (ctx.output === 'json')
        writeEnvelope(ctx, {
          ok: true,
          result: { image, size: Number(r.table.totalSectors) * ss, sectorSize: ss, efi },
        });
      else
        ctx.stdout.write(
          `created ${image}: ${r.table.partitions.length} partitions, ${r.table.totalSectors} sectors of ${ss} bytes${efi ? '; EFI-SYSTEM: FAT with flatcar/' : ''}\n`,
        );
    });

  cmd
    .command('show')
    .description('print the partition table')
    .argument('<image>')
    .action(async (image: string) =>
      withDevice(image, false, async (dev) => {
        const r = await readOrFail(ctx, image, dev, false);
        const t = r.table;
        if (ctx.output === 'json') {
          writeEnvelope(ctx, {
            ok: true,
            result: { diskGuid: t.diskGuid, sectorSize: t.sectorSize, partitions: t.partitions.map(partitionJson) },
            issues: issuesJson(r.issues),
          });
        } else {
          printIssues(ctx, image, r.issues);
          await writeShowText(ctx.stdout, dev, t);
        }
      }),
    );

  cmd
    .command('next')
    .description("the slot GRUB's gptprio.next boots next")
    .argument('<image>')
    .option('--commit', 'decrement tries and write the table back, as GRUB does')
    .action(async (image: string, opts: { commit?: boolean }) =>
      withDevice(image, Boolean(opts.commit), async (dev) => {
        const r = await readOrFail(ctx, image, dev, Boolean(opts.commit));
        const next = gptprioNext(r.table);
        if (!next) {
          const message = `${image}: no usr partition can boot (gptprio.next: no such partition)`;
          if (ctx.output === 'json') writeEnvelope(ctx, { ok: false, error: { code: 'INPUT_INVALID', message } });
          else ctx.stderr.write(`${message}\n`);
          ctx.exitCode = 1;
          return;
        }
        if (opts.commit && next.changed) await writeBack(dev, r, next.table);
        const p = next.partition;
        if (ctx.output === 'json')
          writeEnvelope(ctx, { ok: true, result: { number: p.number, label: p.name, guid: p.guid } });
        else ctx.stdout.write(`${p.number} ${p.name} ${p.guid}\n`);
      }),
    );

  cmd
    .command('mark-good')
    .description('mark the active slot (or -i N) successful: tries 0, successful 1, highest priority')
    .argument('<image>')
    .option('-i, --partition <n>', 'partition number (default: the active slot)')
    .action(async (image: string, opts: { partition?: string }) =>
      withDevice(image, true, async (dev) => {
        const r = await readOrFail(ctx, image, dev, true);
        const n = opts.partition !== undefined ? Number(opts.partition) : activeSlot(r.table)?.number;
        if (n === undefined || !r.table.partitions.some((p) => p.number === n))
          throw new AppError('USAGE', `${image}: no such slot`);
        await writeBack(dev, r, markSuccessful(r.table, n));
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { number: n } });
        else ctx.stdout.write(`partition ${n} marked good\n`);
      }),
    );

  cmd
    .command('rollback')
    .description('make the other /usr slot the boot target (refuses if it was never written)')
    .argument('<image>')
    .option('--dry-run', 'say what would change; write nothing')
    .action(async (image: string, opts: { dryRun?: boolean }) =>
      withDevice(image, !opts.dryRun, async (dev) => {
        const r = await readOrFail(ctx, image, dev, !opts.dryRun);
        const cur = activeSlot(r.table);
        const res = cur ? rollback(r.table, cur.number) : { ok: false as const, reason: 'there is no usr slot' };
        if (!res.ok) {
          if (ctx.output === 'json')
            writeEnvelope(ctx, {
              ok: false,
              error: { code: 'INPUT_INVALID', message: `${image}: rollback refused: ${res.reason}` },
            });
          else ctx.stderr.write(`${image}: rollback refused: ${res.reason}\n`);
          ctx.exitCode = 1;
          return;
        }
        if (!opts.dryRun) await writeBack(dev, r, res.table);
        const verb = opts.dryRun ? 'would roll back' : 'rolled back';
        if (ctx.output === 'json')
          writeEnvelope(ctx, {
            ok: true,
            result: { dryRun: Boolean(opts.dryRun), from: res.from.number, to: res.to.number },
          });
        else
          ctx.stdout.write(`${verb} from ${res.from.number} (${res.from.name}) to ${res.to.number} (${res.to.name})\n`);
      }),
    );

  cmd
    .command('verify')
    .description('check both GPT copies; --repair rewrites a damaged copy from the good one')
    .argument('<image>')
    .option('--repair', 'rewrite the damaged copy from the valid one')
    .action(async (image: string, opts: { repair?: boolean }) =>
      withDevice(image, Boolean(opts.repair), async (dev) => {
        const r = await readGpt(dev);
        let repaired = false;
        const blocking = blockingIssues(r.issues);
        if (opts.repair && r.table && r.source && blocking.length === 0 && r.issues.length > 0) {
          await writeGpt(dev, r.table, writeOptionsFor({ table: r.table, source: r.source }));
          repaired = true;
        }
        const errors = r.issues.some((i) => i.severity === 'error');
        if (ctx.output === 'json') {
          writeEnvelope(ctx, { ok: !errors || repaired, result: { repaired }, issues: issuesJson(r.issues) });
        } else {
          printIssues(ctx, image, r.issues);
          ctx.stdout.write(
            repaired
              ? `${image}: repaired from the ${r.source} copy\n`
              : errors
                ? `${image}: GPT has errors\n`
                : `${image}: GPT ok\n`,
          );
        }
        ctx.exitCode = errors && !repaired ? 1 : 0;
      }),
    );
  return cmd;
}
