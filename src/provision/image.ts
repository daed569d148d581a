/**
 * Provisioning a disk image offline. The image's GPT (src/disk) names the
 * partitions; each config filesystem's device (/dev/disk/by-partlabel/NAME or
 * /dev/disk/by-partuuid/GUID) is mapped to one. The users, files and units
 * stages run on a staging root directory; then the filesystems stage makes
 * every filesystem with the real mkfs through the ProcessRunner and fills it
 * from its part of the staging tree: ext4 with `mke2fs -d` (owners and modes
 * kept), vfat with mtools' mcopy, swap with mkswap. When the config has no
 * filesystem at "/", the layout's ROOT partition is made ext4 for it.
 */
import { AppError, errorAt, type Issue } from '../core/index.js';
import { detectFilesystem, TYPE_GUIDS, type GptTable } from '../disk/index.js';
import type { EngineConfig } from './config-shape.js';
import type { ProvisionPorts } from './ports.js';
import type { RunLog } from './run-log.js';
import type { StageResult } from './engine.js';
import { cleanPath, depth } from './target-path.js';

export interface ImageFilesystem {
  readonly device: string;
  readonly format: 'ext4' | 'vfat' | 'swap' | 'xfs' | 'none';
  readonly path?: string;
  readonly label?: string;
  readonly uuid?: string;
  readonly partition: number;
  readonly offset: number;
  readonly size: number;
  /** The config's wipeFilesystem: an existing filesystem may be remade (false for the layout's ROOT made for "/"). */
  readonly wipe: boolean;
}

export interface ImageTarget {
  /** The image file as the host's tools see it (for a new image, a temporary file beside it until the run succeeds). */
  readonly image: string;
  /** The image as the user named it, for messages. */
  readonly name?: string;
  /** Reads bytes of the image as it is now (zeros for a new image): to find filesystems that exist. */
  readonly read: (offset: number, length: number) => Promise<Uint8Array>;
  readonly table: GptTable;
  /** A scratch file path the adapter provides, for mkswap. */
  readonly scratchFile: string;
  /** The disks stage: writes the image's partition table (run only once the config is known good). */
  readonly writeTable: (table: GptTable) => Promise<void>;
  /** True when the image is new: its table must be written even if the config has no disks. */
  readonly isNew: boolean;
  readonly random: (n: number) => Uint8Array;
}

const FORMATS = ['ext4', 'vfat', 'swap', 'xfs', 'none'] as const;

export function imageFilesystems(cfg: EngineConfig, table: GptTable): { list: ImageFilesystem[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const list: ImageFilesystem[] = [];
  const s = cfg.storage ?? {};
  if ((s.disks ?? []).length > 1)
    issues.push(
      errorAt(
        'PROVISION_IMAGE_UNSUPPORTED',
        ['storage', 'disks', 1],
        'an image is one disk: give at most one entry in storage.disks',
      ),
    );
  for (const k of ['raid', 'luks'] as const) {
    if ((s[k] ?? []).length > 0)
      issues.push(
        errorAt('PROVISION_IMAGE_UNSUPPORTED', ['storage', k], `storage.${k} is not supported on images yet`),
      );
  }
  const byDevice = (dev: string) => {
    const m = /^\/dev\/disk\/by-(partlabel|partuuid)\/(.+)$/.exec(dev);
    if (!m) return undefined;
    return table.partitions.find((p) =>
      m[1] === 'partlabel' ? p.name === m[2] : p.guid.toLowerCase() === m[2]!.toLowerCase(),
    );
  };
  (s.filesystems ?? []).forEach((f, i) => {
    const part = byDevice(f.device);
    const format = (f.format ?? '') as ImageFilesystem['format'];
    if (!part) {
      issues.push(
        errorAt(
          'PROVISION_IMAGE_UNSUPPORTED',
          ['storage', 'filesystems', i, 'device'],
          `${f.device} names no partition of the image (use /dev/disk/by-partlabel/NAME or /dev/disk/by-partuuid/GUID)`,
        ),
      );
      return;
    }
    if (!FORMATS.includes(format)) {
      issues.push(
        errorAt(
          'PROVISION_IMAGE_UNSUPPORTED',
          ['storage', 'filesystems', i, 'format'],
          `format "${f.format ?? ''}" cannot be made on an image (ext4, vfat, swap, xfs, none)`,
        ),
      );
      return;
    }
    list.push(
      entry(
        table,
        part.number,
        f.device,
        format,
        f.wipeFilesystem === true,
        f.path ? cleanPath(f.path) : undefined,
        f.label,
        f.uuid,
      ),
    );
  });
  if (!list.some((f) => f.path === '/')) {
    const root = table.partitions.find((p) => p.name === 'ROOT');
    if (root && !list.some((f) => f.partition === root.number))
      list.push(entry(table, root.number, '/dev/disk/by-partlabel/ROOT', 'ext4', false, '/', 'ROOT'));
  }
  return { list, issues };
}

/** True when a filesystem mounted at "/" is made by this run with owners kept (ext4, xfs): it starts empty. */
export function freshRoot(list: readonly ImageFilesystem[]): boolean {
  return list.some((f) => f.path === '/' && (f.format === 'ext4' || f.format === 'xfs'));
}

function entry(
  table: GptTable,
  n: number,
  device: string,
  format: ImageFilesystem['format'],
  wipe: boolean,
  path?: string,
  label?: string,
  uuid?: string,
): ImageFilesystem {
  const p = table.partitions.find((x) => x.number === n)!;
  const offset = Number(p.firstLba) * table.sectorSize;
  const size = Number(p.lastLba - p.firstLba + 1n) * table.sectorSize;
  return {
    device,
    format,
    partition: n,
    offset,
    size,
    wipe,
    ...(path ? { path } : {}),
    ...(label ? { label } : {}),
    ...(uuid ? { uuid } : {}),
  };
}

/** What mkfsCommands needs of a target: the image path, a scratch file (swap) and the table (its sector size). */
export type MkfsTarget = Pick<ImageTarget, 'image' | 'scratchFile' | 'table'>;

/** The commands that make (and fill, from `dir`) one filesystem in the image. */
export function mkfsCommands(
  f: ImageFilesystem,
  t: MkfsTarget,
  dir: string | undefined,
  children: readonly string[],
): [string, string[]][] {
  const kib = `${Math.floor(f.size / 1024)}k`;
  switch (f.format) {
    case 'ext4':
      return [
        [
          'mke2fs',
          [
            '-F',
            '-q',
            '-t',
            'ext4',
            ...(f.label ? ['-L', f.label] : []),
            ...(f.uuid ? ['-U', f.uuid] : []),
            '-E',
            `offset=${f.offset}`,
            ...(dir ? ['-d', dir] : []),
            t.image,
            kib,
          ],
        ],
      ];
    case 'xfs':
      return [
        [
          'mkfs.xfs',
          [
            '-f',
            ...(f.label ? ['-L', f.label] : []),
            '-d',
            `file,name=${t.image},size=${f.size}`,
            ...(dir ? ['-p', dir] : []),
          ],
        ],
      ];
    case 'vfat': {
      // The FAT size from the partition's size (mkfs.fat would judge by the whole image file).
      const fat = f.size < 16 * 1024 * 1024 ? '12' : f.size < 512 * 1024 * 1024 ? '16' : '32';
      // FAT sectors as the disk's logical sectors (Linux refuses a FAT whose sectors are smaller than the device's);
      // --offset counts them; the hidden sectors (-h) give the partition's start, as mkfs.fat on a partition device would.
      const ss = t.table.sectorSize;
      const at = String(f.offset / ss);
      // With 4096-byte sectors mkfs.fat picks 32 KiB clusters, too few for a FAT32 (mtools then refuses it): clusters of one sector.
      const cluster = ss === 4096 && fat === '32' ? ['-s', '1'] : [];
      const cmds: [string, string[]][] = [
        [
          'mkfs.vfat',
          [
            '-F',
            fat,
            '-S',
            String(ss),
            ...cluster,
            `--offset=${at}`,
            '-h',
            at,
            ...(f.label ? ['-n', f.label] : []),
            t.image,
            String(Math.floor(f.size / 1024)),
          ],
        ],
      ];
      if (dir && children.length > 0)
        cmds.push([
          'mcopy',
          ['-s', '-p', '-m', '-i', `${t.image}@@${f.offset}`, ...children.map((c) => `${dir}/${c}`), '::/'],
        ]);
      return cmds;
    }
    case 'swap':
      return [
        ['truncate', ['-s', String(f.size), t.scratchFile]],
        ['mkswap', ['-f', ...(f.label ? ['-L', f.label] : []), ...(f.uuid ? ['-U', f.uuid] : []), t.scratchFile]],
        [
          'dd',
          [
            `if=${t.scratchFile}`,
            `of=${t.image}`,
            'bs=4096',
            `seek=${f.offset / 4096}`,
            'count=16',
            'conv=notrunc',
            'status=none',
          ],
        ],
      ];
    default:
      return [];
  }
}

/**
 * The refusal to remake a filesystem that exists: every filesystem this run
 * would make (not format "none") whose partition already holds a filesystem
 * signature, unless its config entry has wipeFilesystem: true or `force`.
 * Ignition would reuse a matching one; Hull cannot write into it offline.
 */
export async function existingFilesystems(
  list: readonly ImageFilesystem[],
  t: ImageTarget,
  force: boolean,
): Promise<AppError | undefined> {
  if (force) return undefined;
  const found: string[] = [];
  for (const f of list) {
    if (f.format === 'none' || f.wipe) continue;
    const sig = await detectFilesystem(t.read, f.offset, f.size);
    if (sig)
      found.push(
        `partition ${f.partition} (${f.device}) holds ${sig === 'ext4' ? 'an ext2/3/4' : `a ${sig}`} filesystem`,
      );
  }
  if (found.length === 0) return undefined;
  const them = found.length === 1 ? 'it' : 'them';
  return new AppError(
    'PROVISION_FILESYSTEM_EXISTS',
    `${t.name ?? t.image}: ${found.join('; ')}; nothing was written (to remake ${them} and lose ${found.length === 1 ? 'its' : 'their'} files, set wipeFilesystem: true on ${them} in the config, or give --force)`,
  );
}

/** Partition n is the Flatcar layout's EFI-SYSTEM (number 1, that label, the EFI system type). */
function isEfiSystem(table: GptTable, n: number): boolean {
  return table.partitions.some(
    (x) => x.number === n && n === 1 && x.name === 'EFI-SYSTEM' && x.typeGuid === TYPE_GUIDS.efi,
  );
}

/**
 * The commands that make a Flatcar EFI-SYSTEM partition (number 1 of the
 * layout) ready for updates: a FAT labelled EFI-SYSTEM, as Flatcar's, with the
 * folder `flatcar/` where update_engine writes a payload's kernel
 * (`/boot/flatcar/vmlinuz-a|b`; it fails with error 7 when the folder is
 * missing). Written only inside the partition's byte range.
 */
export function efiSystemCommands(table: GptTable, image: string): [string, string[]][] {
  if (!isEfiSystem(table, 1)) return [];
  const f = entry(table, 1, '/dev/disk/by-partlabel/EFI-SYSTEM', 'vfat', false, undefined, 'EFI-SYSTEM');
  return [
    ...mkfsCommands(f, { image, scratchFile: '', table }, undefined, []),
    ['mmd', ['-i', `${image}@@${f.offset}`, '::/flatcar']],
  ];
}

/** Runs one tool; a missing tool or a non-zero exit is PROVISION_TOOL_FAILED with its message. */
export async function runTool(runner: ProvisionPorts['runner'], cmd: string, args: string[]): Promise<void> {
  const r = await runner.run(cmd, args).catch((err: Error) => {
    throw new AppError(
      'PROVISION_TOOL_FAILED',
      `cannot run ${cmd}: ${err.message} (install it: scripts/setup-system)`,
      { cause: err },
    );
  });
  if (r.status !== 0)
    throw new AppError('PROVISION_TOOL_FAILED', `${cmd} exited with ${r.status}: ${(r.stderr || r.stdout).trim()}`);
}

/**
 * The filesystems stage on an image, run after users/files/units on the staging root:
 * deepest mount paths first, each takes (and removes from the staging tree) its subtree.
 */
export async function fillFilesystems(
  list: readonly ImageFilesystem[],
  t: ImageTarget,
  ports: ProvisionPorts,
  log: RunLog,
): Promise<StageResult> {
  const order = [...list].sort((a, b) => (b.path ? depth(b.path) : -1) - (a.path ? depth(a.path) : -1));
  try {
    for (const f of order) {
      await log.op(
        'filesystems',
        `making ${f.format} on partition ${f.partition} (${f.device})${f.path ? ` for ${f.path}` : ''}`,
        async () => {
          const st = f.path ? await ports.fs.lstat(f.path) : undefined;
          const dir =
            f.path && st?.kind === 'dir'
              ? f.path === '/'
                ? ports.rootForTools
                : `${ports.rootForTools}${f.path}`
              : undefined;
          const children = dir && f.path ? await ports.fs.readdir(f.path) : [];
          for (const [cmd, args] of mkfsCommands(f, t, dir, children)) await runTool(ports.runner, cmd, args);
          // A FAT made on the Flatcar EFI-SYSTEM keeps the image ready for updates, as `hull disk create` makes it: flatcar/ (D31).
          if (f.format === 'vfat' && isEfiSystem(t.table, f.partition) && !children.includes('flatcar'))
            await runTool(ports.runner, 'mmd', ['-i', `${t.image}@@${f.offset}`, '::/flatcar']);
          if (f.path && f.path !== '/' && dir) for (const c of children) await ports.fs.removeAll(`${f.path}/${c}`);
        },
      );
    }
    return { stage: 'filesystems', status: 'ok' };
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('INTERNAL', (err as Error).message);
    return { stage: 'filesystems', status: 'failed', error: { code: e.code, message: e.message } };
  }
}
