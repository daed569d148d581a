/**
 * Spec 1 → 2.0.0 as Ignition's `config/v2_0` TranslateFromV1 does it (v0.35.0): filesystem i
 * becomes `_translate-filesystem-<i>` with a `mount` of its device, format and create; its files
 * move to `storage.files` on that filesystem, contents as `data:,` + the dataurl escape of the
 * text, `uid`/`gid` as user/group ids; everything else is copied field by field. Then
 * upgradeV2xToV23 goes on to 2.3 as for any 2.0 config. Also: where an issue about the upgraded
 * config lies in the spec 1 text (`v1PathOf`). Pure.
 */
import type { JsonPath } from '../../../core/index.js';
import { dataUrlEscape } from '../../../go/index.js';
import type * as v1 from '../../v1/index.js';
import type * as v2_0 from '../../v2_0/index.js';

/** The name TranslateFromV1 gives the i-th spec 1 filesystem. */
export const v1FilesystemName = (i: number): string => `_translate-filesystem-${i}`;

/** True for a decoded spec 1 config (it has `ignitionVersion`, no `ignition`). */
export const isV1Config = (cfg: unknown): cfg is v1.Config =>
  typeof cfg === 'object' && cfg !== null && 'ignitionVersion' in cfg;

export function up1to20(c: v1.Config): v2_0.Config {
  const files: v2_0.Config['storage']['files'] = [];
  const filesystems = c.storage.filesystems.map((fs, i) => {
    const name = v1FilesystemName(i);
    for (const f of fs.files) {
      files.push({
        filesystem: name,
        path: f.path,
        contents: {
          compression: '',
          source: `data:,${dataUrlEscape(new TextEncoder().encode(f.contents))}`,
          verification: { hash: undefined },
        },
        mode: f.mode,
        user: { id: f.uid },
        group: { id: f.gid },
      });
    }
    const create = fs.create === undefined ? undefined : { force: fs.create.force, options: [...fs.create.options] };
    return { name, mount: { device: fs.device, format: fs.format, create }, path: undefined };
  });
  return {
    ignition: { version: '2.0.0', config: { append: [], replace: undefined } },
    storage: {
      disks: c.storage.disks.map((d) => ({
        device: d.device,
        wipeTable: d.wipeTable,
        partitions: d.partitions.map((p) => ({ ...p })),
      })),
      raid: c.storage.raid.map((r) => ({ name: r.name, level: r.level, devices: [...r.devices], spares: r.spares })),
      filesystems,
      files,
    },
    systemd: {
      units: c.systemd.units.map((u) => ({
        name: u.name,
        enable: u.enable,
        mask: u.mask,
        contents: u.contents,
        dropins: u.dropins.map((d) => ({ ...d })),
      })),
    },
    networkd: { units: c.networkd.units.map((u) => ({ ...u })) },
    passwd: {
      users: c.passwd.users.map((u) => ({
        name: u.name,
        passwordHash: u.passwordHash,
        sshAuthorizedKeys: [...u.sshAuthorizedKeys],
        create: u.create === undefined ? undefined : { ...u.create, groups: [...u.create.groups] },
      })),
      groups: c.passwd.groups.map((g) => ({ ...g })),
    },
  };
}

/**
 * Where an issue about the upgraded config (2.x paths: those of the 2.3 config translateV23ToV30
 * reads) lies in the spec 1 text: `storage.files.K` is the K-th file counting through the
 * filesystems, a filesystem's `name` or `mount` is the filesystem itself, a file's
 * `contents.source` its `contents`, `user.id`/`group.id` its `uid`/`gid`. Other sections keep
 * their paths; `ignition.*` (which spec 1 lacks) is placed at `ignitionVersion`.
 */
export function v1PathOf(path: JsonPath, cfg: v1.Config): JsonPath {
  const [section, list, n, ...rest] = path;
  if (section === 'ignition') return ['ignitionVersion'];
  if (section !== 'storage' || typeof n !== 'number') return path;
  if (list === 'filesystems') {
    const at = ['storage', 'filesystems', n];
    if (rest[0] === 'mount' && rest.length > 1) return [...at, ...rest.slice(1)];
    return rest[0] === 'name' || rest[0] === 'mount' ? at : [...at, ...rest];
  }
  if (list !== 'files') return path;
  let k = n;
  for (const [i, fs] of cfg.storage.filesystems.entries()) {
    if (k < fs.files.length) {
      const at = ['storage', 'filesystems', i, 'files', k];
      const [field] = rest;
      if (field === 'contents') return [...at, 'contents'];
      if (field === 'user') return [...at, 'uid'];
      if (field === 'group') return [...at, 'gid'];
      if (field === 'filesystem' || field === undefined) return at;
      return [...at, ...rest];
    }
    k -= fs.files.length;
  }
  return path;
}
