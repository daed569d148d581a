import type { JsonPath } from '../../../core/index.js';
import { V2_MESSAGES } from './messages.js';
import type { V2Disk, V2Partition } from './shape.js';
import { absolute, bytes, type V2Walk } from './walker.js';

const GUID = /^(|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

/** `storage.disks`. */
export function checkDisks(w: V2Walk): void {
  w.cfg.storage.disks.forEach((d, i) => checkDisk(w, d, ['storage', 'disks', i]));
}

/** Disk.Validate/ValidateDevice/ValidatePartitions and each Partition's rules. */
function checkDisk(w: V2Walk, d: V2Disk, at: JsonPath): void {
  const { f, sink, blocked } = w;
  const parts = d.partitions;
  const pAt = [...at, 'partitions'];
  const numbers = parts.map((p) => p.number).filter((n) => n !== 0);
  const collide = new Set(numbers).size !== numbers.length;
  const misaligned = parts.some((p) => p.start !== undefined && p.start % 2048 !== 0);
  if (!f.fieldValidators) {
    // 2.0 Disk.Validate: all at the disk; any error stops the walk (device path, partitions).
    const n = sink.issues.length;
    if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', at);
    if (collide) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', at);
    if (overlap(parts)) sink.error('IGN_PARTITIONS_OVERLAP', at);
    if (misaligned) sink.error('IGN_PARTITIONS_MISALIGNED', at, V2_MESSAGES.IGN_PARTITIONS_MISALIGNED);
    if (sink.issues.length > n) return void blocked.push(at);
    if (!absolute(d.device)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'device'], V2_MESSAGES.IGN_PATH_NOT_ABSOLUTE);
    parts.forEach((p, i) => checkPartition(w, p, [...pAt, i]));
    return;
  }
  if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', [...at, 'device']);
  else if (!absolute(d.device))
    sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'device'], V2_MESSAGES.IGN_PATH_NOT_ABSOLUTE);
  if (collide) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', pAt);
  if (overlap(parts)) sink.error('IGN_PARTITIONS_OVERLAP', pAt);
  if (misaligned) sink.error('IGN_PARTITIONS_MISALIGNED', pAt, V2_MESSAGES.IGN_PARTITIONS_MISALIGNED);
  if (f.partitionMiB) {
    if (parts.some((p) => p.shouldExist === false) && parts.some((p) => p.number === 0)) {
      sink.error(
        'IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST',
        pAt,
        V2_MESSAGES.IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST,
      );
    }
    const sectors = parts.some((p) => p.size !== undefined || p.start !== undefined);
    const mib = parts.some((p) => p.sizeMiB !== undefined || p.startMiB !== undefined);
    if (sectors && mib) sink.error('IGN_PARTITION_UNITS_MISMATCH', pAt, V2_MESSAGES.IGN_PARTITION_UNITS_MISMATCH);
  }
  parts.forEach((p, i) => checkPartition(w, p, [...pAt, i]));
}

/** Partition rules in field order: guid, label, size, start, typeGuid (2.3: Partition.Validate first, stopping the walk). */
function checkPartition(w: V2Walk, p: V2Partition, at: JsonPath): void {
  const { f, sink, blocked } = w;
  const label = p.label ?? '';
  if (!f.fieldValidators) {
    // 2.0 PartitionLabel.Validate returns its first problem only.
    if (bytes(label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...at, 'label']);
    else if (label.includes(':')) sink.warn('IGN_PARTITION_LABEL_COLON', [...at, 'label']);
    if (!GUID.test(p.typeGuid)) sink.error('IGN_GUID_INVALID', [...at, 'typeGuid']);
    return;
  }
  if (f.partitionMiB) {
    const n = sink.issues.length;
    if ((p.start !== undefined || p.size !== undefined) && (p.startMiB !== undefined || p.sizeMiB !== undefined)) {
      sink.error('IGN_PARTITION_UNITS_MISMATCH', at, V2_MESSAGES.IGN_PARTITION_UNITS_MISMATCH);
    }
    if (
      p.shouldExist === false &&
      (p.label !== undefined ||
        p.typeGuid !== '' ||
        (p.guid ?? '') !== '' ||
        p.start !== undefined ||
        p.size !== undefined)
    ) {
      sink.error('IGN_PARTITION_SHOULD_NOT_EXIST_WITH_OTHERS', at);
    }
    if (sink.issues.length > n) return void blocked.push(at);
  }
  if (!GUID.test(p.guid ?? '')) sink.error('IGN_GUID_INVALID', [...at, 'guid']);
  if (bytes(label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...at, 'label']);
  if (label.includes(':')) sink.warn('IGN_PARTITION_LABEL_COLON', [...at, 'label']);
  if (f.partitionMiB && p.size !== undefined)
    sink.warn('IGN_PARTITION_SIZE_DEPRECATED', [...at, 'size'], V2_MESSAGES.IGN_PARTITION_SIZE_DEPRECATED);
  if (f.partitionMiB && p.start !== undefined)
    sink.warn('IGN_PARTITION_START_DEPRECATED', [...at, 'start'], V2_MESSAGES.IGN_PARTITION_START_DEPRECATED);
  if (!GUID.test(p.typeGuid)) sink.error('IGN_GUID_INVALID', [...at, 'typeGuid']);
}

/** Disk.partitionsOverlap (sectors; partitions without start, or start 0, are skipped). */
function overlap(parts: readonly V2Partition[]): boolean {
  const end = (p: V2Partition) => ((p.size ?? 0) === 0 ? p.start! : p.start! + p.size! - 1);
  for (const p of parts) {
    if (p.start === undefined || p.size === undefined || p.start === 0) continue;
    for (const o of parts) {
      if (o === p || o.start === undefined || o.size === undefined || o.start === 0) continue;
      if (p.start >= o.start && p.start <= end(o)) return true;
      if (end(p) >= o.start && end(p) <= end(o)) return true;
      if (p.start < o.start && end(p) > end(o)) return true;
    }
  }
  return false;
}
