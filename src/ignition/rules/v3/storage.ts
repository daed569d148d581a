import type { JsonPath } from '../../../core/index.js';
import type { V3Features } from './features.js';
import { pathClean, pathJoin } from '../../../go/index.js';
import { validatePath, validatePathNilOK } from '../common/path.js';
import { checkResource } from './resource.js';
import type { V3Config, V3Disk, V3Filesystem, V3Owner, V3Partition, V3Raid } from './shape.js';
import type { Sink } from '../common/sink.js';

type Storage = V3Config['storage'];
const S: JsonPath = ['storage'];

/** Storage.Validate: paths through links, link targets, hard links, filesystems on disks. */
export function checkStorage(s: Storage, f: V3Features, sink: Sink): void {
  const through = linksAbove(s.links);
  s.directories.forEach((d, i) => {
    for (let n = through(d.path); n > 0; n--) sink.error('IGN_DIRECTORY_USES_LINK', [...S, 'directories', i]);
  });
  s.files.forEach((file, i) => {
    for (let n = through(file.path); n > 0; n--) sink.error('IGN_FILE_USES_LINK', [...S, 'files', i]);
  });
  s.links.forEach((l, i) => {
    for (let n = through(l.path); n > 0; n--) sink.error('IGN_LINK_USES_LINK', [...S, 'links', i]);
    const target = l.target ?? '';
    if (f.linkTargetRequiredCheck && target === '')
      return sink.error('IGN_LINK_TARGET_REQUIRED', [...S, 'links', i, 'target']);
    if (l.hard !== true) return;
    let resolved = pathClean(target);
    if (!resolved.startsWith('/')) resolved = pathJoin(l.path, target);
    for (const d of s.directories)
      if (resolved === d.path) sink.error('IGN_HARD_LINK_TO_DIRECTORY', [...S, 'links', i]);
    const owner = (o: V3Owner, which: string) => {
      if (o.id !== undefined) sink.warn('IGN_HARD_LINK_OWNER', [...S, 'links', i, which, 'id']);
      if (o.name !== undefined) sink.warn('IGN_HARD_LINK_OWNER', [...S, 'links', i, which, 'name']);
    };
    owner(l.user, 'user');
    owner(l.group, 'group');
  });
  const disks = new Map<string, V3Disk>();
  for (const d of s.disks) disks.set(d.device, d);
  s.filesystems.forEach((fs, i) => {
    const disk = disks.get(fs.device);
    if (disk === undefined) return;
    if (disk.partitions.length > 0)
      sink.warn('IGN_FILESYSTEM_OVERWRITES_PARTITIONS', [...S, 'filesystems', i, 'device']);
    else if (fs.wipeFilesystem !== true && disk.wipeTable === true) {
      sink.warn('IGN_FILESYSTEM_IMPLICIT_WIPE', [...S, 'filesystems', i, 'device']);
    }
  });
}

/**
 * How many links a path goes through: the links whose path followed by '/' begins the path
 * (Ignition's loop over every link for every entry). Counted through a multiset of link paths and
 * the path's '/' positions, so the work is linear in the text rather than entries × links.
 */
function linksAbove(links: readonly { readonly path: string }[]): (p: string) => number {
  if (links.length === 0) return () => 0;
  const count = new Map<string, number>();
  // The lengths of link paths: a prefix of another length is no link, and needs no string made.
  const lengths = new Set<number>();
  for (const l of links) {
    count.set(l.path, (count.get(l.path) ?? 0) + 1);
    lengths.add(l.path.length);
  }
  return (p) => {
    let n = 0;
    for (let j = p.indexOf('/'); j >= 0; j = p.indexOf('/', j + 1))
      if (lengths.has(j)) n += count.get(p.slice(0, j)) ?? 0;
    return n;
  };
}

/** The mode at `[...at, 'mode']` (the path made only for an issue, as in the checks below). */
function checkMode(mode: number | undefined, at: JsonPath, f: V3Features, sink: Sink): void {
  if (mode === undefined) return;
  if (mode < 0 || mode > 0o7777) sink.error('IGN_MODE_ILLEGAL', [...at, 'mode']);
  if (f.modeSpecialBitsWarning && ((mode >>> 0) & 0o7000) !== 0) sink.warn('IGN_MODE_SPECIAL_BITS', [...at, 'mode']);
}

/** The owner at `[...at, key]`. */
function checkOwner(o: V3Owner, at: JsonPath, key: 'user' | 'group', sink: Sink): void {
  if (o.id !== undefined && o.name !== undefined && o.name !== '') sink.error('IGN_ID_AND_NAME', [...at, key]);
}

/** Directories, disks, files, filesystems, links and raid, each entry in document order. */
export function checkStorageEntries(s: Storage, f: V3Features, sink: Sink, luks: () => void): void {
  // Plain loops, and child paths made only for an issue: this walk runs once per entry of large configs.
  const dirs = s.directories;
  for (let i = 0; i < dirs.length; i++) {
    const d = dirs[i]!;
    const at = [...S, 'directories', i];
    sink.onAt(at, 'path', validatePath(d.path));
    checkMode(d.mode, at, f, sink);
    checkOwner(d.group, at, 'group', sink);
    checkOwner(d.user, at, 'user', sink);
  }
  s.disks.forEach((d, i) => checkDisk(d, [...S, 'disks', i], sink));
  const files = s.files;
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const at = [...S, 'files', i];
    sink.onAt(at, 'path', validatePath(file.path));
    checkMode(file.mode, at, f, sink);
    if (file.overwrite === true && file.contents.source === undefined)
      sink.error('IGN_OVERWRITE_WITHOUT_SOURCE', [...at, 'overwrite']);
    checkOwner(file.group, at, 'group', sink);
    checkOwner(file.user, at, 'user', sink);
    for (let k = 0; k < file.append.length; k++) checkResource(file.append[k]!, [...at, 'append', k], f, sink);
    checkResource(file.contents, [...at, 'contents'], f, sink);
  }
  s.filesystems.forEach((fs, i) => checkFilesystem(fs, [...S, 'filesystems', i], f, sink));
  const links = s.links;
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const at = [...S, 'links', i];
    sink.onAt(at, 'path', validatePath(l.path));
    checkOwner(l.group, at, 'group', sink);
    checkOwner(l.user, at, 'user', sink);
  }
  luks();
  s.raid.forEach((r, i) => checkRaid(r, [...S, 'raid', i], f, sink));
}

function checkDisk(d: V3Disk, at: JsonPath, sink: Sink): void {
  if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', [...at, 'device']);
  else {
    sink.on([...at, 'device'], validatePath(d.device));
    const numbers = new Map<number, number[]>();
    d.partitions.forEach((p, i) => {
      if (p.number !== 0) numbers.set(p.number, [...(numbers.get(p.number) ?? []), i]);
    });
    // Ignition walks a Go map here, so with several collisions the one it reports varies; Hull reports the first.
    const collision = [...numbers.values()].find((idx) => idx.length > 1);
    if (collision !== undefined) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', [...at, 'partitions', collision[1]!]);
    const overlap = partitionsOverlap(d.partitions);
    if (overlap !== undefined) sink.error('IGN_PARTITIONS_OVERLAP', [...at, 'partitions', overlap]);
    const labels = new Set<string>();
    const dupLabel = d.partitions.findIndex((p) => {
      if (p.label === undefined) return false;
      if (labels.has(p.label)) return true;
      labels.add(p.label);
      return false;
    });
    if (dupLabel >= 0) sink.error('IGN_PARTITION_LABELS_COLLIDE', [...at, 'partitions', dupLabel]);
  }
  d.partitions.forEach((p, j) => checkPartition(p, [...at, 'partitions', j], sink));
}

function end(p: V3Partition): number {
  return p.sizeMiB === 0 ? p.startMiB! : p.startMiB! + p.sizeMiB! - 1;
}

/** The index of the partition some positioned partition overlaps (Ignition's partitionsOverlap). */
function partitionsOverlap(parts: V3Partition[]): number | undefined {
  const placed = (p: V3Partition) => p.startMiB !== undefined && p.sizeMiB !== undefined && p.startMiB !== 0;
  for (const p of parts) {
    if (!placed(p)) continue;
    for (let i = 0; i < parts.length; i++) {
      const o = parts[i]!;
      if (!placed(o) || sameValue(p, o)) continue;
      if (p.startMiB! >= o.startMiB! && p.startMiB! <= end(o)) return i;
      if (end(p) >= o.startMiB! && end(p) <= end(o)) return i;
      if (p.startMiB! < o.startMiB! && end(p) > end(o)) return i;
    }
  }
  return undefined;
}

/** Go's `p == o` on Partition structs compares the pointers, so only the same entry is equal. */
function sameValue(a: V3Partition, b: V3Partition): boolean {
  return a === b;
}

const GUID = /^(|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

function checkPartition(p: V3Partition, at: JsonPath, sink: Sink): void {
  const set = (s: string | undefined) => s !== undefined && s !== '';
  if (
    p.shouldExist === false &&
    (p.label !== undefined || set(p.typeGuid) || set(p.guid) || p.startMiB !== undefined || p.sizeMiB !== undefined)
  ) {
    sink.error('IGN_PARTITION_SHOULD_NOT_EXIST_WITH_OTHERS', at);
  }
  if (p.number === 0 && p.label === undefined) sink.error('IGN_PARTITION_NEEDS_LABEL_OR_NUMBER', at);
  if (p.label !== undefined) {
    if (utf8Length(p.label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...at, 'label']);
    else if (p.label.includes(':')) sink.error('IGN_PARTITION_LABEL_COLON', [...at, 'label']);
  }
  if (p.guid !== undefined && !GUID.test(p.guid)) sink.error('IGN_GUID_INVALID', [...at, 'guid']);
  if (p.typeGuid !== undefined && !GUID.test(p.typeGuid)) sink.error('IGN_GUID_INVALID', [...at, 'typeGuid']);
}

/** Go's len(string): UTF-8 bytes. */
export function utf8Length(s: string): number {
  return new TextEncoder().encode(s).length;
}

const LABEL_LIMITS: Record<string, number> = { ext4: 16, btrfs: 256, xfs: 12, swap: 15, vfat: 11 };

function checkFilesystem(fs: V3Filesystem, at: JsonPath, f: V3Features, sink: Sink): void {
  sink.on([...at, 'path'], validatePathNilOK(fs.path));
  sink.on([...at, 'device'], validatePath(fs.device));
  const set = (s: string | undefined) => s !== undefined && s !== '';
  if (!set(fs.format)) {
    if (
      set(fs.path) ||
      set(fs.label) ||
      set(fs.uuid) ||
      fs.wipeFilesystem === true ||
      (fs.mountOptions ?? []).length > 0 ||
      fs.options.length > 0
    ) {
      sink.error('IGN_FILESYSTEM_FORMAT_REQUIRED', [...at, 'format']);
    }
  } else if (!f.formats.includes(fs.format!)) sink.error('IGN_FILESYSTEM_FORMAT_INVALID', [...at, 'format']);
  if (!set(fs.label)) return;
  if (!set(fs.format)) return sink.error('IGN_FILESYSTEM_LABEL_NEEDS_FORMAT', [...at, 'label']);
  const limit = LABEL_LIMITS[fs.format!];
  if (limit !== undefined && utf8Length(fs.label!) > limit) {
    sink.error(
      'IGN_FILESYSTEM_LABEL_TOO_LONG',
      [...at, 'label'],
      `filesystem labels cannot be longer than ${limit} characters when using ${fs.format!}`,
    );
  }
}

function checkRaid(r: V3Raid, at: JsonPath, f: V3Features, sink: Sink): void {
  const level = r.level ?? '';
  if (f.raidLevelRequiredCheck && level === '') sink.error('IGN_RAID_LEVEL_REQUIRED', [...at, 'level']);
  else if (['linear', 'raid0', '0', 'stripe'].includes(level)) {
    if (r.spares !== undefined && r.spares !== 0) sink.error('IGN_RAID_SPARES_UNSUPPORTED', [...at, 'level']);
  } else if (!['raid1', '1', 'mirror', 'raid4', '4', 'raid5', '5', 'raid6', '6', 'raid10', '10'].includes(level)) {
    sink.error('IGN_RAID_LEVEL_UNRECOGNIZED', [...at, 'level']);
  }
  if (r.devices.length === 0) sink.error('IGN_RAID_DEVICES_REQUIRED', [...at, 'devices']);
  r.devices.forEach((d, j) => sink.on([...at, 'devices', j], validatePath(d)));
}
