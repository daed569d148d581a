import { goPathEscape, pathJoin } from '../../../go/index.js';
import type * as v2_3 from '../../v2_3/index.js';
import type * as v3_0 from '../../v3_0/index.js';

/** Go's zero values dropped: '' / false / 0 become unset, as ign-converter's StrP/BoolP/IntP do. */
export const str = (s: string): string | undefined => (s === '' ? undefined : s);
const yes = (b: boolean): boolean | undefined => (b ? true : undefined);

/** The 3.0.0 config ign-converter writes for a 2.3 config it accepted (`map`: filesystem name → mount path). */
export function build(cfg: v2_3.Config, map: Map<string, string>, flatcar: boolean, mergeUnits: boolean): v3_0.Config {
  const ref = (r: { source: string; verification: { hash?: string | undefined } }) => ({
    source: r.source,
    verification: { hash: r.verification.hash },
  });
  const owner = (o: { id?: number | undefined; name: string } | undefined) => ({ id: o?.id, name: str(o?.name ?? '') });
  const node = (
    n:
      | v2_3.Config['storage']['files'][number]
      | v2_3.Config['storage']['links'][number]
      | v2_3.Config['storage']['directories'][number],
  ) => ({
    group: owner(n.group),
    overwrite: n.overwrite,
    path: pathJoin(map.get(n.filesystem) ?? '', n.path),
    user: owner(n.user),
  });
  const s = cfg.storage;
  return {
    ignition: {
      config: {
        merge: cfg.ignition.config.append.map(ref),
        replace:
          cfg.ignition.config.replace === undefined
            ? { source: undefined, verification: { hash: undefined } }
            : ref(cfg.ignition.config.replace),
      },
      security: { tls: { certificateAuthorities: cfg.ignition.security.tls.certificateAuthorities.map(ref) } },
      timeouts: { ...cfg.ignition.timeouts },
      version: '3.0.0',
    },
    passwd: {
      groups: cfg.passwd.groups.map((g) => ({
        gid: g.gid,
        name: g.name,
        passwordHash: str(g.passwordHash),
        system: yes(g.system),
      })),
      // coreos/ign-converter drops a user's deprecated `create` object silently; the fork puts its fields
      // on the user instead of the user's own (the 2.x rules refuse a field set in both places).
      users: cfg.passwd.users
        .map((user) =>
          !flatcar || user.create === undefined
            ? user
            : {
                ...user,
                gecos: user.create.gecos,
                groups: user.create.groups,
                homeDir: user.create.homeDir,
                noCreateHome: user.create.noCreateHome,
                noLogInit: user.create.noLogInit,
                noUserGroup: user.create.noUserGroup,
                primaryGroup: user.create.primaryGroup,
                shell: user.create.shell,
                system: user.create.system,
                uid: user.create.uid,
              },
        )
        .map((u) => ({
          gecos: str(u.gecos),
          groups: [...u.groups],
          homeDir: str(u.homeDir),
          name: u.name,
          noCreateHome: yes(u.noCreateHome),
          noLogInit: yes(u.noLogInit),
          noUserGroup: yes(u.noUserGroup),
          passwordHash: u.passwordHash,
          primaryGroup: str(u.primaryGroup),
          sshAuthorizedKeys: [...u.sshAuthorizedKeys],
          shell: str(u.shell),
          system: yes(u.system),
          uid: u.uid,
        })),
    },
    storage: {
      directories: s.directories.map((d) => ({ ...node(d), mode: d.mode })),
      disks: s.disks.map((d) => ({
        device: d.device,
        partitions: d.partitions.map((p) => ({
          guid: str(p.guid),
          label: p.label,
          number: p.number,
          shouldExist: p.shouldExist,
          sizeMiB: p.sizeMiB,
          startMiB: p.startMiB,
          typeGuid: str(p.typeGuid),
          wipePartitionEntry: yes(p.wipePartitionEntry),
        })),
        wipeTable: yes(d.wipeTable),
      })),
      files: [
        ...s.files.map((f) => {
          // 2.x files overwrite by default; append: true becomes overwrite false plus an append entry.
          const overwrite = f.append ? false : (f.overwrite ?? true);
          const contents = {
            compression: str(f.contents.compression),
            source: f.contents.source,
            verification: { hash: f.contents.verification.hash },
          };
          const empty = { compression: undefined, source: undefined, verification: { hash: undefined } };
          return {
            ...node(f),
            overwrite,
            append: f.append ? [contents] : [],
            contents: f.append ? empty : contents,
            mode: f.mode,
          };
        }),
        ...(flatcar ? networkdFiles(cfg, map) : []),
      ],
      filesystems: s.filesystems
        .filter((fs) => fs.name !== 'root' && fs.mount !== undefined)
        .map((fs) => {
          const m = fs.mount;
          const create = flatcar ? m?.create : undefined;
          const options = [...(m?.options ?? []), ...(create?.options ?? [])];
          const wipeFilesystem = create !== undefined ? yes(create.force) : yes(m?.wipeFilesystem ?? false);
          // The fork formats oem as btrfs unless it is wiped (Container Linux's OEM partition).
          const format = flatcar && fs.name === 'oem' && wipeFilesystem !== true ? 'btrfs' : (m?.format ?? '');
          return {
            device: m?.device ?? '',
            format: str(format),
            label: m?.label,
            options,
            path: str(map.get(fs.name) ?? ''),
            uuid: m?.uuid,
            wipeFilesystem,
          };
        }),
      links: s.links.map((l) => ({ ...node(l), hard: yes(l.hard), target: l.target })),
      raid: s.raid.map((r) => ({
        devices: [...r.devices],
        level: r.level,
        name: r.name,
        options: [...r.options],
        spares: r.spares === 0 ? undefined : r.spares,
      })),
    },
    systemd: {
      units: (mergeUnits ? mergeDuplicateUnits : (x: Unit30[]) => x)(
        cfg.systemd.units.map((u): Unit30 => {
          // enabled: true when enable or enabled is true; an explicit enabled: false wins.
          let enabled: boolean | undefined = u.enable || u.enabled === true ? true : undefined;
          if (u.enabled === false) enabled = false;
          return {
            contents: str(u.contents),
            dropins: u.dropins.map((d) => ({ contents: str(d.contents), name: d.name })),
            enabled,
            mask: yes(u.mask),
            name: u.name,
          };
        }),
      ),
    },
  };
}

type Unit30 = v3_0.Config['systemd']['units'][number];

/**
 * The fork's v24tov31: units of one name merged as Ignition merges configs (the later unit's set
 * fields win, drop-ins merged by name). The fork then emits the units in Go map order (random);
 * Hull keeps the order of first appearance.
 */
function mergeDuplicateUnits(units: Unit30[]): Unit30[] {
  const out: Unit30[] = [];
  for (const u of units) {
    const i = out.findIndex((p) => p.name === u.name);
    if (i < 0) {
      out.push(u);
      continue;
    }
    const p = out[i]!;
    const dropins = p.dropins.map((d) => ({ ...d }));
    for (const d of u.dropins) {
      const j = dropins.findIndex((x) => x.name === d.name);
      if (j < 0) dropins.push({ ...d });
      else dropins[j] = { name: d.name, contents: d.contents ?? dropins[j]!.contents };
    }
    out[i] = {
      contents: u.contents ?? p.contents,
      dropins,
      enabled: u.enabled ?? p.enabled,
      mask: u.mask ?? p.mask,
      name: u.name,
    };
  }
  return out;
}

/**
 * The fork's translateNetworkd: each networkd unit with contents, and each of its drop-ins, becomes a
 * file under /etc/systemd/network (joined to the map's root), mode 0644, overwritten, contents as
 * `data:,` + url.PathEscape.
 */
function networkdFiles(cfg: v2_3.Config, map: Map<string, string>): v3_0.Config['storage']['files'] {
  const file = (path: string, contents: string) => ({
    group: { id: undefined, name: undefined },
    overwrite: true,
    path: pathJoin(map.get('root') ?? '', '/etc/systemd/network', path),
    user: { id: undefined, name: undefined },
    append: [],
    contents: { compression: undefined, source: `data:,${goPathEscape(contents)}`, verification: { hash: undefined } },
    mode: 0o644,
  });
  return cfg.networkd.units.flatMap((u) => [
    ...(u.contents !== '' ? [file(u.name, u.contents)] : []),
    ...u.dropins.map((d) => file(`${u.name}.d/${d.name}`, d.contents)),
  ]);
}
