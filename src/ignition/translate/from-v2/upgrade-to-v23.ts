import type * as v1 from '../../v1/index.js';
import type * as v2_0 from '../../v2_0/index.js';
import type * as v2_1 from '../../v2_1/index.js';
import type * as v2_2 from '../../v2_2/index.js';
import type * as v2_3 from '../../v2_3/index.js';
import { isV1Config, up1to20 } from './from-v1.js';

export type Any2x = v1.Config | v2_0.Config | v2_1.Config | v2_2.Config | v2_3.Config;

/**
 * A decoded spec 1, 2.0, 2.1, 2.2 or 2.3 config as a 2.3 one (by its ignition.version, or its
 * `ignitionVersion` for spec 1: first up1to20); undefined for other versions.
 */
export function upgradeV2xToV23(cfg: Any2x): v2_3.Config | undefined {
  if (isV1Config(cfg)) return upgradeV2xToV23(up1to20(cfg));
  const v = cfg.ignition.version;
  // 2.4.0 is 2.3 plus httpHeaders and proxy (kept on the object; applyV24Extras adds them to a 3.1+ result).
  if (v === '2.4.0') return cfg as unknown as v2_3.Config;
  const m = /^2\.([0-3])\.0$/.exec(v);
  if (m === null) return undefined;
  let c: unknown = cfg;
  const minor = Number(m[1]);
  if (minor < 1) c = up20to21(c as v2_0.Config);
  if (minor < 2) c = up21to22(c as v2_1.Config);
  if (minor < 3) c = up22to23(c as v2_2.Config);
  return c as v2_3.Config;
}

const clone = <T>(x: T): T =>
  JSON.parse(
    JSON.stringify(x, (_k, v: unknown) => (v === undefined ? null : v)),
    (_k, v: unknown) => (v === null ? undefined : v),
  ) as T;

function up20to21(c: v2_0.Config): v2_1.Config {
  const s = c.storage;
  return {
    ignition: {
      config: clone(c.ignition.config),
      timeouts: { httpResponseHeaders: undefined, httpTotal: undefined },
      version: '2.1.0',
    },
    networkd: { units: c.networkd.units.map((u) => ({ contents: u.contents, name: u.name })) },
    passwd: {
      groups: c.passwd.groups.map((g) => ({
        gid: g.gid,
        name: g.name,
        passwordHash: g.passwordHash,
        system: g.system,
      })),
      users: c.passwd.users.map((u) => ({
        create: u.create === undefined ? undefined : { ...clone(u.create) },
        gecos: '',
        groups: [],
        homeDir: '',
        name: u.name,
        noCreateHome: false,
        noLogInit: false,
        noUserGroup: false,
        passwordHash: u.passwordHash === '' ? undefined : u.passwordHash,
        primaryGroup: '',
        sshAuthorizedKeys: [...u.sshAuthorizedKeys],
        shell: '',
        system: false,
        uid: undefined,
      })),
    },
    storage: {
      directories: [],
      disks: s.disks.map((d) => ({
        device: d.device,
        partitions: d.partitions.map((p) => ({ guid: '', ...p })),
        wipeTable: d.wipeTable,
      })),
      files: s.files.map((f) => ({
        filesystem: f.filesystem,
        group: { id: f.group.id, name: '' },
        path: f.path,
        user: { id: f.user.id, name: '' },
        contents: clone(f.contents),
        mode: f.mode,
      })),
      filesystems: s.filesystems.map((fs) => ({
        mount:
          fs.mount === undefined
            ? undefined
            : {
                create: fs.mount.create === undefined ? undefined : clone(fs.mount.create),
                device: fs.mount.device,
                format: fs.mount.format,
                label: undefined,
                options: [],
                uuid: undefined,
                wipeFilesystem: false,
              },
        name: fs.name,
        path: fs.path,
      })),
      links: [],
      raid: s.raid.map((r) => ({ devices: [...r.devices], level: r.level, name: r.name, spares: r.spares })),
    },
    systemd: {
      units: c.systemd.units.map((u) => ({
        contents: u.contents,
        dropins: clone(u.dropins),
        enable: u.enable,
        enabled: undefined,
        mask: u.mask,
        name: u.name,
      })),
    },
  };
}

function up21to22(c: v2_1.Config): v2_2.Config {
  const s = c.storage;
  const node = <
    N extends {
      filesystem: string;
      group: { id: number | undefined; name: string };
      path: string;
      user: { id: number | undefined; name: string };
    },
  >(
    n: N,
  ) => ({
    filesystem: n.filesystem,
    group: clone(n.group),
    overwrite: undefined,
    path: n.path,
    user: clone(n.user),
  });
  return {
    ignition: {
      config: clone(c.ignition.config),
      security: { tls: { certificateAuthorities: [] } },
      timeouts: clone(c.ignition.timeouts),
      version: '2.2.0',
    },
    networkd: { units: c.networkd.units.map((u) => ({ contents: u.contents, dropins: [], name: u.name })) },
    passwd: clone(c.passwd),
    storage: {
      directories: s.directories.map((d) => ({ ...node(d), mode: d.mode })),
      disks: clone(s.disks),
      files: s.files.map((f) => ({ ...node(f), append: false, contents: clone(f.contents), mode: f.mode })),
      filesystems: clone(s.filesystems),
      links: s.links.map((l) => ({ ...node(l), hard: l.hard, target: l.target })),
      raid: s.raid.map((r) => ({
        devices: [...r.devices],
        level: r.level,
        name: r.name,
        options: [],
        spares: r.spares,
      })),
    },
    systemd: clone(c.systemd),
  };
}

function up22to23(c: v2_2.Config): v2_3.Config {
  const out = clone(c) as unknown as v2_3.Config;
  out.ignition.version = '2.3.0';
  out.storage.disks = c.storage.disks.map((d) => ({
    device: d.device,
    wipeTable: d.wipeTable,
    // Ignition's translator makes every label, size and start a pointer; Hull leaves the zero values unset
    // (size 0 and start 0 mean "default" in 2.2), so plain 2.2 partitions stay translatable to 3.x.
    partitions: d.partitions.map((p) => ({
      guid: p.guid,
      label: p.label === '' ? undefined : p.label,
      number: p.number,
      shouldExist: undefined,
      size: p.size === 0 ? undefined : p.size,
      sizeMiB: undefined,
      start: p.start === 0 ? undefined : p.start,
      startMiB: undefined,
      typeGuid: p.typeGuid,
      wipePartitionEntry: false,
    })),
  }));
  return out;
}
