import { parseGoUrl, pathExt } from '../../go/index.js';
import { Report, type JsonPath } from '../../core/index.js';
import { Sink } from '../rules/sink.js';
import { hasInstallSection, parseUnitContents } from '../rules/unit-contents.js';
import { validateUrl } from '../rules/url.js';
import { MESSAGES } from '../rules/messages.js';
import type { V2Features } from './features.js';
import type { V2Config, V2Contents, V2Disk, V2Header, V2Node, V2Owner, V2Partition, V2Reference, V2Verification } from './shape.js';

/** 2.x messages that differ from the 3.x ones Sink knows (config/shared/errors/errors.go at v0.35.0). */
export const V2_MESSAGES = {
  IGN_RAID_SPARES_UNSUPPORTED: 'spares unsupported for arrays with a level greater than 0',
  IGN_PATH_NOT_ABSOLUTE: 'path not absolute',
  IGN_PERMISSIONS_UNSET: 'permissions unset, defaulting to 0000',
  IGN_PARTITIONS_MISALIGNED: 'partitions misaligned',
  IGN_APPEND_AND_OVERWRITE: 'cannot set both append and overwrite to true',
  IGN_FILESYSTEM_NO_MOUNT_PATH: 'filesystem is missing mount or path',
  IGN_FILESYSTEM_MOUNT_AND_PATH: 'filesystem has both mount and path defined',
  IGN_FILESYSTEM_CREATE_AND_OPTIONS: 'cannot use both create object and mount-level options field',
  IGN_FILESYSTEM_CREATE_AND_WIPE: 'cannot use both create object and wipeFilesystem field',
  IGN_FILESYSTEM_CREATE_DEPRECATED: 'the create object has been deprecated in favor of mount-level options',
  IGN_NO_FILESYSTEM: 'no filesystem specified',
  IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST: 'shouldExist is false for a partition and other partition(s) has start or size 0',
  IGN_PARTITION_UNITS_MISMATCH: 'cannot mix MBs and sectors within a disk',
  IGN_PARTITION_SIZE_DEPRECATED: 'size is deprecated; use sizeMB instead',
  IGN_PARTITION_START_DEPRECATED: 'start is deprecated; use startMB instead',
  IGN_PASSWD_CREATE_DEPRECATED: 'the create object has been deprecated in favor of user-level options',
  IGN_NETWORKD_EXTENSION_INVALID: 'invalid networkd unit extension',
  IGN_NETWORKD_DROPIN_EXTENSION_INVALID: 'invalid networkd drop-in extension',
} as const;

/** Unit parsing as the go-systemd vendored by Ignition v0.35 reports it. */
const GO_V035 = { goByteList: true } as const;
const UNIT_EXTENSIONS = ['.service', '.socket', '.device', '.mount', '.automount', '.swap', '.target', '.path', '.timer', '.snapshot', '.slice', '.scope'];
const NETWORKD_EXTENSIONS = ['.link', '.netdev', '.network'];
const RAID_LEVELS = ['linear', 'raid0', '0', 'stripe', 'raid1', '1', 'mirror', 'raid4', '4', 'raid5', '5', 'raid6', '6', 'raid10', '10'];
const LABEL_LIMITS: Record<string, number> = { ext4: 16, btrfs: 256, xfs: 12, swap: 15, vfat: 11 };
const GUID = /^(|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$/;
const CREATE_CONFLICTS = ['gecos', 'groups', 'homeDir', 'noCreateHome', 'noLogInit', 'noUserGroup', 'primaryGroup', 'shell', 'system', 'uid'] as const;

/** 2.x validatePath: only `path.IsAbs` (an empty path is "not absolute"). */
const absolute = (p: string): boolean => p.startsWith('/');
/** Go's len(): UTF-8 bytes. */
const bytes = (s: string): number => new TextEncoder().encode(s).length;

/**
 * The semantic rules of a 2.x spec version over a decoded config (what
 * Ignition v0.35.0's reflection walker runs: each struct's Validate and
 * ValidateX methods, a struct before its fields). Deprecations (2.3
 * partition size/start) are warnings here; ign-converter refuses them.
 */
export function validateV2(cfg: V2Config, f: V2Features): Report {
  return validateV2Detailed(cfg, f).report;
}

/** The rules' report, and the structs whose own Validate failed (Ignition walks no further into them). */
export interface V2Outcome {
  readonly report: Report;
  readonly blocked: readonly JsonPath[];
}

export function validateV2Detailed(cfg: V2Config, f: V2Features): V2Outcome {
  const sink = new Sink();
  const blocked: JsonPath[] = [];
  /** Runs a struct's own Validate; when it added an error, the struct is blocked. */
  const structValidate = (at: JsonPath, run: () => void): boolean => {
    const before = sink.issues.length;
    run();
    const failed = sink.issues.slice(before).some((i) => i.severity === 'error');
    if (failed) blocked.push(at);
    return !failed;
  };
  const msg = (k: keyof typeof V2_MESSAGES) => V2_MESSAGES[k];

  // Config.Validate: nodes on filesystems the config does not define; shadowed filesystems.
  const names = new Set(['root', ...cfg.storage.filesystems.map((fs) => fs.name)]);
  const kinds = [['files', 'File'], ['links', 'Link'], ['directories', 'Directory']] as const;
  for (const [key, label] of kinds) {
    (cfg.storage[key] ?? []).forEach((n: V2Node, i: number) => {
      if (n.filesystem === '' || names.has(n.filesystem)) return;
      sink.warn(
        'IGN_NODE_FILESYSTEM_UNDEFINED',
        ['storage', key, i, 'filesystem'],
        `${label} ${JSON.stringify(n.path)} references nonexistent filesystem ${JSON.stringify(n.filesystem)}. (This is ok if it is defined in a referenced config)`,
      );
    });
  }
  const seen = new Set(['root']);
  cfg.storage.filesystems.forEach((fs, i) => {
    if (seen.has(fs.name)) {
      sink.warn('IGN_FILESYSTEM_SHADOWED', ['storage', 'filesystems', i, 'name'], `Filesystem ${JSON.stringify(fs.name)} shadows exising filesystem definition`);
    }
    seen.add(fs.name);
  });

  const url = (s: string, at: JsonPath, wrap: boolean) => {
    if (s === '') return;
    const found = validateUrl(s, f.schemes);
    if (found === undefined) return;
    const code = typeof found === 'string' ? found : found.code;
    const text = typeof found === 'string' ? (MESSAGES[found] ?? found) : found.message;
    sink.error(code, at, wrap ? `invalid url ${JSON.stringify(s)}: ${text}` : text);
  };
  const verification = (v: V2Verification, at: JsonPath) =>
    structValidate(at, () => {
      if (v.hash === undefined) return;
      const dash = v.hash.indexOf('-');
      const hashAt = [...at, 'hash'];
      if (dash < 0) return sink.error('IGN_HASH_MALFORMED', hashAt);
      if (v.hash.slice(0, dash) !== 'sha512') return sink.error('IGN_HASH_UNRECOGNIZED', hashAt);
      if (v.hash.length - dash - 1 !== 128) sink.error('IGN_HASH_WRONG_SIZE', hashAt);
    });
  // 2.4: ValidateHTTPHeaders (headers only on an http(s) source), then HTTPHeaders.Validate (name set, unique).
  const headers = (r: { httpHeaders?: V2Header[] | undefined; source: string }, at: JsonPath) => {
    const list = r.httpHeaders ?? [];
    if (!f.v24 || list.length === 0) return;
    const u = parseGoUrl(r.source);
    if (u === undefined) sink.error('IGN_URL_INVALID', [...at, 'httpHeaders'], 'unable to parse url');
    else if (u.scheme !== 'http' && u.scheme !== 'https') sink.error('IGN_HTTP_HEADERS_SCHEME', [...at, 'httpHeaders'], MESSAGES.IGN_HTTP_HEADERS_SCHEME);
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (h.name === '') return sink.error('IGN_HTTP_HEADER_NAME_EMPTY', [...at, 'httpHeaders', i, 'name'], MESSAGES.IGN_HTTP_HEADER_NAME_EMPTY);
      if (seen.has(h.name)) return sink.error('IGN_DUPLICATE', [...at, 'httpHeaders', i, 'name'], `Found duplicate HTTP header: ${JSON.stringify(h.name)}`);
      seen.add(h.name);
    });
  };
  const reference = (r: V2Reference, at: JsonPath) => {
    url(r.source, [...at, 'source'], false);
    headers(r, at);
    verification(r.verification, [...at, 'verification']);
  };

  // ignition
  const ignition = () => {
    const ign = cfg.ignition;
    ign.config.append.forEach((r, i) => reference(r, ['ignition', 'config', 'append', i]));
    if (ign.config.replace !== undefined) reference(ign.config.replace, ['ignition', 'config', 'replace']);
    (ign.security?.tls.certificateAuthorities ?? []).forEach((r, i) => reference(r, ['ignition', 'security', 'tls', 'certificateAuthorities', i]));
  };

  // networkd: 2.1+ Networkdunit.Validate (contents and extension, at the unit); 2.0 NetworkdUnit.Validate
  // (contents, at the unit; an error stops the walk) and NetworkdUnitName.Validate (at the name).
  const networkd = () =>
    cfg.networkd.units.forEach((u, i) => {
      const at = ['networkd', 'units', i];
      const parsed = parseUnitContents(u.contents, GO_V035);
      if (!f.v21) {
        if (!structValidate(at, () => !parsed.ok && sink.error('IGN_UNIT_CONTENTS_INVALID', at, parsed.error))) return;
        if (!NETWORKD_EXTENSIONS.includes(pathExt(u.name))) sink.error('IGN_NETWORKD_EXTENSION_INVALID', [...at, 'name'], msg('IGN_NETWORKD_EXTENSION_INVALID'));
        return;
      }
      const unitOk = structValidate(at, () => {
        if (!parsed.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', at, parsed.error);
        if (!NETWORKD_EXTENSIONS.includes(pathExt(u.name))) sink.error('IGN_NETWORKD_EXTENSION_INVALID', at, msg('IGN_NETWORKD_EXTENSION_INVALID'));
      });
      if (!unitOk) return; // Ignition does not walk into the drop-ins of a unit that failed
      (u.dropins ?? []).forEach((d, j) => {
        const dat = [...at, 'dropins', j];
        structValidate(dat, () => {
          const p = parseUnitContents(d.contents, GO_V035);
          if (!p.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error);
          if (pathExt(d.name) !== '.conf') sink.error('IGN_NETWORKD_DROPIN_EXTENSION_INVALID', dat, msg('IGN_NETWORKD_DROPIN_EXTENSION_INVALID'));
        });
      });
    });

  // passwd: PasswdUser.Validate (2.1+)
  const passwd = () =>
    cfg.passwd.users.forEach((u, i) => {
      if (!f.v21 || u.create === undefined) return;
      const at = ['passwd', 'users', i];
      structValidate(at, () => {
        sink.warn('IGN_PASSWD_CREATE_DEPRECATED', [...at, 'create'], msg('IGN_PASSWD_CREATE_DEPRECATED'));
        for (const key of CREATE_CONFLICTS) {
          const v = u[key];
          const set = Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '' && v !== false;
          if (set) sink.error('IGN_PASSWD_CREATE_AND_FIELD', [...at, key], `cannot use both the create object and the user-level ${key} field`);
        }
      });
    });

  // storage, in Go struct order: directories, disks, files, filesystems, links, raid (2.0: disks, raid, filesystems, files).
  // Ignition does not walk into a struct whose own Validate reported an error.
  const S = ['storage'];
  const owner = (o: V2Owner | undefined, at: JsonPath) => {
    if (f.v21 && o !== undefined && o.id !== undefined && o.name !== undefined && o.name !== '') structValidate(at, () => sink.error('IGN_ID_AND_NAME', at));
  };
  const node = (n: V2Node, at: JsonPath) => {
    // Node fields: filesystem, group, overwrite, path, user.
    if (f.v21 && n.filesystem === '') sink.error('IGN_NO_FILESYSTEM', [...at, 'filesystem'], msg('IGN_NO_FILESYSTEM'));
    owner(n.group, [...at, 'group']);
    if (!absolute(n.path)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], msg('IGN_PATH_NOT_ABSOLUTE'));
    owner(n.user, [...at, 'user']);
  };
  const mode = (m: number | undefined, at: JsonPath) => {
    if (m !== undefined && (m < 0 || m > 0o7777)) sink.error('IGN_MODE_ILLEGAL', at);
    if (f.v22 && m === undefined) sink.warn('IGN_PERMISSIONS_UNSET', at, msg('IGN_PERMISSIONS_UNSET'));
  };
  const contents = (c: V2Contents, at: JsonPath) => {
    if (c.compression !== '' && c.compression !== 'gzip') sink.error('IGN_COMPRESSION_INVALID', [...at, 'compression']);
    url(c.source, [...at, 'source'], f.v23);
    headers(c, at);
    verification(c.verification, [...at, 'verification']);
  };

  const directories = () =>
    (cfg.storage.directories ?? []).forEach((d, i) => {
      const at = [...S, 'directories', i];
      node(d, at);
      mode(d.mode, [...at, 'mode']);
    });
  const disks = () => cfg.storage.disks.forEach((d, i) => checkDisk(d, [...S, 'disks', i], f, sink, blocked));
  const files = () =>
    cfg.storage.files.forEach((file, i) => {
      const at = [...S, 'files', i];
      if (f.v22 && file.overwrite === true && file.append === true) return void structValidate(at, () => sink.error('IGN_APPEND_AND_OVERWRITE', at, msg('IGN_APPEND_AND_OVERWRITE')));
      if (!f.v21) {
        // 2.0 File.Validate, then its fields: filesystem, path, contents, mode, user, group.
        if (file.filesystem === '') return void structValidate(at, () => sink.error('IGN_NO_FILESYSTEM', at, msg('IGN_NO_FILESYSTEM')));
        if (!absolute(file.path)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], msg('IGN_PATH_NOT_ABSOLUTE'));
        contents(file.contents, [...at, 'contents']);
        return mode(file.mode, [...at, 'mode']);
      }
      node(file, at);
      contents(file.contents, [...at, 'contents']);
      mode(file.mode, [...at, 'mode']);
    });
  const filesystems = () =>
    cfg.storage.filesystems.forEach((fs, i) => {
      const at = [...S, 'filesystems', i];
      const m = fs.mount;
      // Filesystem.Validate (2.0: the first problem only).
      let fatal = false;
      if (m === undefined && fs.path === undefined) {
        sink.error('IGN_FILESYSTEM_NO_MOUNT_PATH', at, msg('IGN_FILESYSTEM_NO_MOUNT_PATH'));
        fatal = true;
      }
      if (m !== undefined) {
        if (fs.path !== undefined) {
          sink.error('IGN_FILESYSTEM_MOUNT_AND_PATH', at, msg('IGN_FILESYSTEM_MOUNT_AND_PATH'));
          fatal = true;
        }
        if (f.v21 && m.create !== undefined) {
          if (m.wipeFilesystem === true) {
            sink.error('IGN_FILESYSTEM_CREATE_AND_WIPE', [...at, 'mount'], msg('IGN_FILESYSTEM_CREATE_AND_WIPE'));
            fatal = true;
          }
          if ((m.options ?? []).length > 0) {
            sink.error('IGN_FILESYSTEM_CREATE_AND_OPTIONS', [...at, 'mount'], msg('IGN_FILESYSTEM_CREATE_AND_OPTIONS'));
            fatal = true;
          }
          sink.warn('IGN_FILESYSTEM_CREATE_DEPRECATED', [...at, 'mount', 'create'], msg('IGN_FILESYSTEM_CREATE_DEPRECATED'));
        }
      }
      if (fatal) return void blocked.push(at);
      if (m !== undefined) {
        const format = () => {
          if (f.formats.includes(m.format)) return true;
          sink.error('IGN_FILESYSTEM_FORMAT_INVALID', [...at, 'mount', 'format']);
          if (f.v21) blocked.push([...at, 'mount']); // Mount.Validate failed
          return false;
        };
        const device = () => {
          if (!absolute(m.device)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'mount', 'device'], msg('IGN_PATH_NOT_ABSOLUTE'));
        };
        if (!f.v21) {
          // 2.0 FilesystemMount fields: device, format (each its own type's Validate).
          device();
          format();
        } else if (format()) {
          // 2.1+ Mount.Validate (format) first; its fields (device, label) only when it passed.
          device();
          const limit = LABEL_LIMITS[m.format];
          if (m.label !== undefined && limit !== undefined && bytes(m.label) > limit) {
            sink.error('IGN_FILESYSTEM_LABEL_TOO_LONG', [...at, 'mount', 'label'], `filesystem labels cannot be longer than ${limit} characters when using ${m.format}`);
          }
        }
      }
      if (fs.path !== undefined && !absolute(fs.path)) {
        const text = f.v23 ? `filesystem ${JSON.stringify(fs.name)}: path not absolute` : msg('IGN_PATH_NOT_ABSOLUTE');
        sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'path'], text);
      }
    });
  const links = () => (cfg.storage.links ?? []).forEach((l, i) => node(l, [...S, 'links', i]));
  const raid = () =>
    cfg.storage.raid.forEach((r, i) => {
      const at = [...S, 'raid', i];
      const level = () => {
        if (!RAID_LEVELS.includes(r.level)) sink.error('IGN_RAID_LEVEL_UNRECOGNIZED', [...at, 'level']);
        else if (['linear', 'raid0', '0', 'stripe'].includes(r.level) && r.spares !== 0) {
          sink.error('IGN_RAID_SPARES_UNSUPPORTED', [...at, 'level'], msg('IGN_RAID_SPARES_UNSUPPORTED'));
        } else return true;
        return false;
      };
      const devices = () =>
        r.devices.forEach((d, k) => {
          if (!absolute(d)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'devices', k], msg('IGN_PATH_NOT_ABSOLUTE'));
        });
      // 2.1+: ValidateDevices, then ValidateLevel (field order); 2.0: Raid.Validate (level) stops the walk.
      if (f.v21) {
        devices();
        level();
      } else if (level()) devices();
    });
  const storage = () => {
    if (f.v21) [directories, disks, files, filesystems, links, raid].forEach((step) => step());
    else [disks, raid, filesystems, files].forEach((step) => step());
  };

  // systemd. 2.1+: ValidateContents (at contents), each drop-in's Validate (at the drop-in), ValidateName.
  // 2.0: SystemdUnit.Validate (at the unit; a contents error stops the walk), the name's Validate, then
  // each drop-in's Validate (contents, at the drop-in; stops the walk) and its name's Validate.
  const systemd = () =>
    cfg.systemd.units.forEach((u, i) => {
      const at = ['systemd', 'units', i];
      const parsed = parseUnitContents(u.contents, GO_V035);
      const contentsAt = f.v21 ? [...at, 'contents'] : at;
      if (!parsed.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', contentsAt, parsed.error);
      // The go-systemd of Ignition v0.35 returns no option list (nil) for contents without options: no warning then.
      else if ((u.enable || u.enabled === true) && u.contents !== '' && parsed.options.length > 0 && !hasInstallSection(parsed.options)) {
        sink.warn('IGN_UNIT_NO_INSTALL_SECTION', contentsAt, `unit ${JSON.stringify(u.name)} is enabled, but has no install section so enable does nothing`);
      }
      const name = () => {
        if (!UNIT_EXTENSIONS.includes(pathExt(u.name))) sink.error('IGN_UNIT_EXTENSION_INVALID', [...at, 'name']);
      };
      if (!f.v21) {
        if (!parsed.ok) return void blocked.push(at);
        name();
      }
      u.dropins.forEach((d, j) => {
        const dat = [...at, 'dropins', j];
        const p = parseUnitContents(d.contents, GO_V035);
        if (!f.v21) {
          if (!structValidate(dat, () => !p.ok && sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error))) return;
          if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', [...dat, 'name']);
          return;
        }
        structValidate(dat, () => {
          if (!p.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error);
          if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', dat);
        });
      });
      if (f.v21) name();
    });

  // Config fields in Go order (2.0: ignition, storage, systemd, networkd, passwd).
  if (f.v21) [ignition, networkd, passwd, storage, systemd].forEach((step) => step());
  else [ignition, storage, systemd, networkd, passwd].forEach((step) => step());
  return { report: new Report(sink.issues), blocked };
}

/** Disk.Validate/ValidateDevice/ValidatePartitions and each Partition's rules. */
function checkDisk(d: V2Disk, at: JsonPath, f: V2Features, sink: Sink, blocked: JsonPath[]): void {
  const parts = d.partitions;
  const pAt = [...at, 'partitions'];
  const numbers = parts.map((p) => p.number).filter((n) => n !== 0);
  const collide = new Set(numbers).size !== numbers.length;
  const misaligned = parts.some((p) => p.start !== undefined && p.start % 2048 !== 0);
  if (!f.v21) {
    // 2.0 Disk.Validate: all at the disk; any error stops the walk (device path, partitions).
    const n = sink.issues.length;
    if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', at);
    if (collide) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', at);
    if (overlap(parts)) sink.error('IGN_PARTITIONS_OVERLAP', at);
    if (misaligned) sink.error('IGN_PARTITIONS_MISALIGNED', at, V2_MESSAGES.IGN_PARTITIONS_MISALIGNED);
    if (sink.issues.length > n) return void blocked.push(at);
    if (!absolute(d.device)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'device'], V2_MESSAGES.IGN_PATH_NOT_ABSOLUTE);
    parts.forEach((p, i) => checkPartition(p, [...pAt, i], f, sink, blocked));
    return;
  }
  if (d.device === '') sink.error('IGN_DISK_DEVICE_REQUIRED', [...at, 'device']);
  else if (!absolute(d.device)) sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'device'], V2_MESSAGES.IGN_PATH_NOT_ABSOLUTE);
  if (collide) sink.error('IGN_PARTITION_NUMBERS_COLLIDE', pAt);
  if (overlap(parts)) sink.error('IGN_PARTITIONS_OVERLAP', pAt);
  if (misaligned) sink.error('IGN_PARTITIONS_MISALIGNED', pAt, V2_MESSAGES.IGN_PARTITIONS_MISALIGNED);
  if (f.v23) {
    if (parts.some((p) => p.shouldExist === false) && parts.some((p) => p.number === 0)) {
      sink.error('IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST', pAt, V2_MESSAGES.IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST);
    }
    const sectors = parts.some((p) => p.size !== undefined || p.start !== undefined);
    const mib = parts.some((p) => p.sizeMiB !== undefined || p.startMiB !== undefined);
    if (sectors && mib) sink.error('IGN_PARTITION_UNITS_MISMATCH', pAt, V2_MESSAGES.IGN_PARTITION_UNITS_MISMATCH);
  }
  parts.forEach((p, i) => checkPartition(p, [...pAt, i], f, sink, blocked));
}

/** Partition rules in field order: guid, label, size, start, typeGuid (2.3: Partition.Validate first, stopping the walk). */
function checkPartition(p: V2Partition, at: JsonPath, f: V2Features, sink: Sink, blocked: JsonPath[]): void {
  const label = p.label ?? '';
  if (!f.v21) {
    // 2.0 PartitionLabel.Validate returns its first problem only.
    if (bytes(label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...at, 'label']);
    else if (label.includes(':')) sink.warn('IGN_PARTITION_LABEL_COLON', [...at, 'label']);
    if (!GUID.test(p.typeGuid)) sink.error('IGN_GUID_INVALID', [...at, 'typeGuid']);
    return;
  }
  if (f.v23) {
    const n = sink.issues.length;
    if ((p.start !== undefined || p.size !== undefined) && (p.startMiB !== undefined || p.sizeMiB !== undefined)) {
      sink.error('IGN_PARTITION_UNITS_MISMATCH', at, V2_MESSAGES.IGN_PARTITION_UNITS_MISMATCH);
    }
    if (p.shouldExist === false && (p.label !== undefined || p.typeGuid !== '' || (p.guid ?? '') !== '' || p.start !== undefined || p.size !== undefined)) {
      sink.error('IGN_PARTITION_SHOULD_NOT_EXIST_WITH_OTHERS', at);
    }
    if (sink.issues.length > n) return void blocked.push(at);
  }
  if (!GUID.test(p.guid ?? '')) sink.error('IGN_GUID_INVALID', [...at, 'guid']);
  if (bytes(label) > 36) sink.error('IGN_PARTITION_LABEL_TOO_LONG', [...at, 'label']);
  if (label.includes(':')) sink.warn('IGN_PARTITION_LABEL_COLON', [...at, 'label']);
  if (f.v23 && p.size !== undefined) sink.warn('IGN_PARTITION_SIZE_DEPRECATED', [...at, 'size'], V2_MESSAGES.IGN_PARTITION_SIZE_DEPRECATED);
  if (f.v23 && p.start !== undefined) sink.warn('IGN_PARTITION_START_DEPRECATED', [...at, 'start'], V2_MESSAGES.IGN_PARTITION_START_DEPRECATED);
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
