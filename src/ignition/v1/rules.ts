/**
 * The semantic rules of spec 1, as Ignition v0.35.0's reflection walker runs them over
 * config/v1/types: each type's own Validate, a struct before its fields, fields in Go order;
 * a struct whose own Validate reports an error is not walked further. Spec 1 validates
 * every value, zero values included (an absent format is "invalid filesystem format", an
 * absent path "path not absolute"). Unit contents are not parsed (v1 has no such rule).
 */
import { Report, type JsonPath } from '../../core/index.js';
import { Sink } from '../rules/common/sink.js';
import { V2_MESSAGES } from '../rules/v2/messages.js';
import { NETWORKD_EXTENSIONS, UNIT_EXTENSIONS } from '../rules/common/unit-names.js';
import { pathExt } from '../../go/index.js';
import type { Config } from './index.js';

type Partition = Config['storage']['disks'][number]['partitions'][number];

const RAID_LEVELS = [
  'linear',
  'raid0',
  '0',
  'stripe',
  'raid1',
  '1',
  'mirror',
  'raid4',
  '4',
  'raid5',
  '5',
  'raid6',
  '6',
  'raid10',
  '10',
];
const FORMATS = ['ext4', 'btrfs', 'xfs'];
const GUID = /^(|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;

/** The warning Ignition's 2.0 parser adds to every spec 1 config it upgrades (ErrDeprecated). */
export const V1_DEPRECATED = 'config format deprecated';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

export interface V1Outcome {
  readonly report: Report;
  /** The structs whose own Validate failed (no unused keys are reported inside them). */
  readonly blocked: readonly JsonPath[];
}

export function validateV1Detailed(cfg: Config): V1Outcome {
  const sink = new Sink();
  const blocked: JsonPath[] = [];
  const path = (p: string, at: JsonPath) => {
    if (!p.startsWith('/')) sink.error('IGN_PATH_NOT_ABSOLUTE', at, V2_MESSAGES.IGN_PATH_NOT_ABSOLUTE);
  };

  // storage: disks, raid, filesystems
  cfg.storage.disks.forEach((d, i) => {
    const at = ['storage', 'disks', i];
    const before = sink.issues.length;
    if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', at);
    // Spec 1 counts number 0 too (2.0 lets several partitions take "the next number").
    const numbers = d.partitions.map((p) => p.number);
    if (new Set(numbers).size !== numbers.length) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', at);
    if (overlap(d.partitions)) sink.error('IGN_PARTITIONS_OVERLAP', at);
    if (d.partitions.some((p) => p.start % 2048 !== 0))
      sink.error('IGN_PARTITIONS_MISALIGNED', at, V2_MESSAGES.IGN_PARTITIONS_MISALIGNED);
    if (sink.issues.length > before) return void blocked.push(at);
    path(d.device, [...at, 'device']);
    d.partitions.forEach((p, j) => {
      const pAt = [...at, 'partitions', j];
      if (bytes(p.label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...pAt, 'label']);
      if (!GUID.test(p.typeGuid)) {
        sink.error(
          'IGN_GUID_INVALID',
          [...pAt, 'typeGuid'],
          `partition type-guid must have the form "01234567-89AB-CDEF-EDCB-A98765432101", got: ${JSON.stringify(p.typeGuid)}`,
        );
      }
    });
  });
  cfg.storage.raid.forEach((r, i) => {
    const at = ['storage', 'raid', i];
    if (!RAID_LEVELS.includes(r.level)) sink.error('IGN_RAID_LEVEL_UNRECOGNIZED', at);
    else if (['linear', 'raid0', '0', 'stripe'].includes(r.level) && r.spares !== 0)
      sink.error('IGN_RAID_SPARES_UNSUPPORTED', at, V2_MESSAGES.IGN_RAID_SPARES_UNSUPPORTED);
    else return r.devices.forEach((dev, k) => path(dev, [...at, 'devices', k]));
    blocked.push(at);
  });
  cfg.storage.filesystems.forEach((fs, i) => {
    const at = ['storage', 'filesystems', i];
    path(fs.device, [...at, 'device']);
    if (!FORMATS.includes(fs.format)) sink.error('IGN_FILESYSTEM_FORMAT_INVALID', [...at, 'format']);
    fs.files.forEach((f, j) => {
      const fAt = [...at, 'files', j];
      path(f.path, [...fAt, 'path']);
      // os.FileMode: `m &^ 07777 != 0` (Go's type is unsigned: Hull reads a negative mode as illegal too).
      if (f.mode < 0 || f.mode > 0o7777) sink.error('IGN_MODE_ILLEGAL', [...fAt, 'mode']);
    });
  });

  // systemd, networkd (names only); passwd has no rules.
  cfg.systemd.units.forEach((u, i) => {
    const at = ['systemd', 'units', i];
    if (!UNIT_EXTENSIONS.includes(pathExt(u.name))) sink.error('IGN_UNIT_EXTENSION_INVALID', [...at, 'name']);
    u.dropins.forEach((d, j) => {
      if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', [...at, 'dropins', j, 'name']);
    });
  });
  cfg.networkd.units.forEach((u, i) => {
    if (!NETWORKD_EXTENSIONS.includes(pathExt(u.name)))
      sink.error(
        'IGN_NETWORKD_EXTENSION_INVALID',
        ['networkd', 'units', i, 'name'],
        V2_MESSAGES.IGN_NETWORKD_EXTENSION_INVALID,
      );
  });
  return { report: new Report(sink.issues), blocked };
}

/** Disk.partitionsOverlap of spec 1 (a start of 0 is placed by sgdisk: skipped; `p == o` is Go's struct equality). */
function overlap(parts: readonly Partition[]): boolean {
  const end = (p: Partition) => (p.size === 0 ? p.start : p.start + p.size - 1);
  const same = (a: Partition, b: Partition) =>
    a.label === b.label &&
    a.number === b.number &&
    a.size === b.size &&
    a.start === b.start &&
    a.typeGuid === b.typeGuid;
  for (const p of parts) {
    if (p.start === 0) continue;
    for (const o of parts) {
      if (same(p, o) || o.start === 0) continue;
      if (p.start >= o.start && p.start <= end(o)) return true;
      if (end(p) >= o.start && end(p) <= end(o)) return true;
      if (p.start < o.start && end(p) > end(o)) return true;
    }
  }
  return false;
}
