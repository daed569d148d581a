/** `hull payload apply`: writes a verified CrAU payload into a USR slot of a disk image (docs/payload.md). */
import { Command } from 'commander';
import {
  efiKernelTarget,
  type EfiKernelTarget,
  createImage,
  openDevice,
  type OpenedDevice,
} from '../../adapters/disk/index.js';
import { fileChunks, wasmBunzip, nodePayloadCrypto } from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import type { GptPartition } from '../../disk/index.js';
import {
  applyPayload,
  payloadFailure,
  PayloadError,
  regionOf,
  verifyPayload,
  type ApplyTarget,
  type Procedure,
} from '../../update/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { progressFor, type ProgressSink } from '../progress-line.js';
import { readOrFail } from './disk-io.js';
import { readKey, reportFailure } from './payload.js';

interface ApplyOpts {
  target: string;
  slot?: string;
  partition?: string;
  pubkey?: string;
  kernelOut?: string;
}

function chooseSlot(opts: ApplyOpts): { label?: string; number?: number } {
  if ((opts.slot === undefined) === (opts.partition === undefined))
    throw new AppError('USAGE', 'give one of --slot A|B or --partition N');
  if (opts.slot !== undefined) {
    const s = opts.slot.toUpperCase();
    if (s !== 'A' && s !== 'B') throw new AppError('USAGE', `--slot: '${opts.slot}' is not A or B`);
    return { label: `USR-${s}` };
  }
  const n = Number(opts.partition);
  if (!/^\d+$/.test(opts.partition!) || n < 1)
    throw new AppError('USAGE', `--partition: '${opts.partition}' is not a partition number (1, 2, …)`);
  return { number: n };
}

function findPartition(
  image: string,
  parts: readonly GptPartition[],
  want: { label?: string; number?: number },
): GptPartition {
  const p =
    want.label !== undefined
      ? parts.filter((x) => x.name === want.label)
      : parts.filter((x) => x.number === want.number);
  if (p.length === 0) {
    throw new AppError(
      'INPUT_INVALID',
      `${image} has no partition ${want.label !== undefined ? `labelled ${want.label}` : `number ${want.number}`} (is it a Flatcar-layout image? see hull disk show); nothing was written`,
    );
  }
  if (p.length > 1)
    throw new AppError(
      'INPUT_INVALID',
      `${image} has ${p.length} partitions labelled ${want.label}; give --partition N; nothing was written`,
    );
  return p[0]!;
}

/** The chunks of a file, counted on the status line as they pass. */
function counted(source: AsyncIterable<Uint8Array>, progress: ProgressSink, label: string): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      let done = 0;
      for await (const c of source) {
        done += c.length;
        progress.update({ kind: 'bytes', label, done });
        yield c;
      }
    },
  };
}

/** Read size of the payload file (the reader copies what it keeps, so the buffers are reused). */
const CHUNK = 1024 * 1024;

const isKernel = (p: Procedure): boolean => p.type === 'KERNEL' && p.operations.length > 0;

/**
 * A kernel file of exactly `size` bytes that takes writes up to the end of its
 * last block and drops what lies past `size`: update_engine writes the kernel
 * file and truncates it to new_info.size, and the applier pads the last
 * operation to the block.
 */
function cutAt(file: ApplyTarget, size: number, blockSize: number): ApplyTarget {
  return {
    size: Math.ceil(size / blockSize) * blockSize,
    read: (at, length) => file.read(at, length),
    write: async (at, data) => {
      if (at < size) await file.write(at, at + data.length > size ? data.subarray(0, size - at) : data);
    },
    flush: () => file.flush(),
  };
}

/** The kernel file's letter of a USR slot: its label USR-A|USR-B, else partition 3 or 4. */
function kernelSlot(p: GptPartition): 'A' | 'B' | undefined {
  if (p.name === 'USR-A' || p.name === 'USR-B') return p.name === 'USR-A' ? 'A' : 'B';
  return p.number === 3 ? 'A' : p.number === 4 ? 'B' : undefined;
}

export function applyCommand(ctx: CliContext): Command {
  return new Command('apply')
    .description(
      'verify a payload (its signature with --pubkey), then write it into a USR slot of a disk image and check the written bytes against new_partition_info',
    )
    .argument('<file>', 'the payload file')
    .requiredOption('--target <image>', 'the disk image (or block device) to write into')
    .option('--slot <A|B>', 'the USR slot, found by its GPT label USR-A or USR-B')
    .option('--partition <n>', 'the partition number to write into instead of --slot')
    .option(
      '--pubkey <pem>',
      'the RSA public key (PEM) whose version-2 signature must verify before anything is written',
    )
    .option(
      '--kernel-out <path>',
      "write the payload's KERNEL procedure (the slot's vmlinuz) to this new file instead of flatcar/vmlinuz-a|b on the target's EFI-SYSTEM partition",
    )
    .action(async (file: string, opts: ApplyOpts) => {
      const want = chooseSlot(opts);
      const publicKeyPem = opts.pubkey !== undefined ? await readKey(opts.pubkey) : undefined;

      // The status line on a terminal (nothing with -o json, -q, or when stderr is no terminal).
      const progress = progressFor(ctx);
      try {
        await run(ctx, file, opts, want, publicKeyPem, progress);
      } finally {
        progress.stop();
      }
    });
}

async function run(
  ctx: CliContext,
  file: string,
  opts: ApplyOpts,
  want: { label?: string; number?: number },
  publicKeyPem: string | undefined,
  progress: ProgressSink,
): Promise<void> {
  // Pass 1: the whole payload verified (hashes, signature) before a byte is written.
  progress.update({ kind: 'start', stage: 'payload apply', step: `verify ${file}` });
  const v = await verifyPayload(
    counted(await fileChunks(file, CHUNK, { reuseBuffers: true }), progress, `verify ${file}`),
    { crypto: nodePayloadCrypto, ...(publicKeyPem !== undefined ? { publicKeyPem } : {}) },
  );
  if (!v.ok) {
    progress.stop();
    return reportFailure(ctx, file, v);
  }
  const kernelIndex = v.manifest.procedures.findIndex(isKernel);

  const dev = await openDevice(opts.target, { writable: true });
  let kernel: OpenedDevice | undefined;
  let efi: EfiKernelTarget | undefined;
  try {
    const { table } = await readOrFail(ctx, opts.target, dev, false);
    const part = findPartition(opts.target, table.partitions, want);
    const ss = BigInt(table.sectorSize);
    const offset = Number(part.firstLba * ss);
    const size = Number((part.lastLba - part.firstLba + 1n) * ss);
    const slot = regionOf(dev, offset, size);
    if (kernelIndex >= 0) {
      const ksize = v.manifest.procedures[kernelIndex]!.newInfo?.size;
      if (ksize === undefined)
        throw new AppError('INPUT_INVALID', `${file}: its KERNEL procedure has no new_info size; nothing was written`);
      if (opts.kernelOut !== undefined) kernel = await createImage(opts.kernelOut, Number(ksize));
      else {
        // The slot's kernel on the target's EFI-SYSTEM FAT (flatcar/vmlinuz-a|b); checked before any write (7).
        const letter = kernelSlot(part);
        if (letter === undefined) {
          throw new AppError(
            'USAGE',
            `${file} carries a KERNEL procedure, and partition ${part.number} (${part.name}) is neither USR-A nor USR-B, so its kernel file is unknown; give --kernel-out PATH; nothing was written`,
          );
        }
        try {
          efi = await efiKernelTarget(opts.target, letter, Number(ksize), { blockSize: v.manifest.blockSize });
        } catch (e) {
          if (!(e instanceof PayloadError)) throw e;
          progress.stop();
          return reportFailure(ctx, file, payloadFailure(e.code, e.message));
        }
      }
    }
    const kernelTarget: ApplyTarget | undefined = kernel ? cutAt(kernel, kernel.size, v.manifest.blockSize) : efi;
    // Pass 2: apply; the blobs are checked again as they are read (the file may have changed).
    progress.update({ kind: 'start', stage: 'payload apply', step: `write ${part.name}` });
    const r = await applyPayload(await fileChunks(file, CHUNK, { reuseBuffers: true }), slot, {
      crypto: nodePayloadCrypto,
      bunzip: await wasmBunzip(),
      procedureTarget: (_p, i) => (i === kernelIndex ? kernelTarget : undefined),
      onOperation: (_done, _total, bytesWritten) =>
        progress.update({
          kind: 'bytes',
          label: `write ${part.name}`,
          done: bytesWritten,
          total: Number(v.manifest.newPartitionInfo?.size ?? 0),
        }),
    });
    progress.stop(); // the status line goes before the result is printed
    const where = { target: opts.target, partition: part.number, label: part.name, offset, size };
    if (!r.ok) {
      return reportFailure(ctx, file, {
        ...r,
        message: `${r.message}; ${r.bytesWritten} bytes were written into ${part.name} (partition ${part.number}), which now holds no good image: its GPT attributes were not changed, do not make it the next boot${kernel ? `; ${opts.kernelOut} is not a good kernel either` : ''}${efi ? `; ${efi.file.slice(3)} on EFI-SYSTEM may not be a good kernel either` : ''}`,
      });
    }
    const result = {
      file,
      applied: true,
      ...where,
      signatureVerified: v.signatureVerified,
      operations: r.operations,
      skippedOperations: r.skippedOperations,
      bytesWritten: r.bytesWritten,
      partitionHash: r.partition,
      ...(kernelIndex >= 0
        ? {
            kernel: {
              ...(efi ? { efi: efi.file.slice(3), partition: 1 } : { path: opts.kernelOut }),
              ...(r.procedures[kernelIndex]?.check ? { check: r.procedures[kernelIndex]!.check } : {}),
            },
          }
        : {}),
    };
    if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result });
    else {
      ctx.stdout.write(
        `${file}: applied into ${opts.target} partition ${part.number} (${part.name}): ${r.operations} operations, ${r.bytesWritten} bytes; ` +
          `the first ${r.partition.size} bytes hash to new_partition_info (${r.partition.sha256})${v.signatureVerified ? '; signature verified' : '; signature not checked, no --pubkey'}` +
          `${kernelIndex >= 0 ? `; kernel written to ${efi ? `${efi.file.slice(3)} on EFI-SYSTEM (partition 1)` : opts.kernelOut}` : ''}\n`,
      );
    }
  } finally {
    await kernel?.close();
    await efi?.close();
    await dev.close();
  }
}
