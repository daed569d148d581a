/**
 * Spec 2.x → 3.0.0, following coreos/ign-converter (translate/v23tov30):
 * its refusals become issues with a code and the JSON path of the offending
 * entry; its mapping rules are applied to the decoded 2.3 config. Older 2.x
 * configs are first upgraded in memory (2.0 → 2.1 → 2.2 → 2.3), as
 * Ignition's own 2.x translators did. Pure.
 */
import { issue, Report, type Issue, type JsonPath } from '../../../core/index.js';
import { V2_3, V2_4 } from '../../rules2/features.js';
import type { V2Config } from '../../rules2/shape.js';
import { validateV2 } from '../../rules2/validate-v2.js';
import { pathJoin } from '../../../go/index.js';
import type * as v1 from '../../v1/index.js';
import type * as v2_0 from '../../v2_0/index.js';
import { isV1Config, up1to20 } from './from-v1.js';
import type * as v2_1 from '../../v2_1/index.js';
import type * as v2_2 from '../../v2_2/index.js';
import type * as v2_3 from '../../v2_3/index.js';
import * as v3_0 from '../../v3_0/index.js';

/**
 * Which real translator the 2.x rules reproduce (docs/ignition.md): `flatcar` is
 * flatcar/ign-converter (3c9f504), what Flatcar's Ignition runs at boot; `coreos` is
 * coreos/ign-converter (2f77307), refusals included.
 */
export type TranslationRules = 'flatcar' | 'coreos';
export const TRANSLATION_RULES: readonly TranslationRules[] = ['flatcar', 'coreos'];

export interface Translate2to3Options {
  /** Default `coreos` (this low-level function); parseAnyVersion and translateConfigText default to `flatcar`. */
  readonly rules?: TranslationRules;
  /**
   * The fork merges units of one name (v24tov31, used for targets 3.1 and newer) but refuses
   * them in v23tov30 (target 3.0). True: merge (only with `flatcar`).
   */
  readonly mergeUnits?: boolean;
}

export interface Translate2to3Result {
  /** The 3.0.0 config, when nothing was refused. */
  readonly config?: v3_0.Config;
  /** The refusals (errors), or the input's or output's validation issues. */
  readonly report: Report;
}

type Any2x = v1.Config | v2_0.Config | v2_1.Config | v2_2.Config | v2_3.Config;

/**
 * A decoded spec 1, 2.0, 2.1, 2.2 or 2.3 config as a 2.3 one (by its ignition.version, or its
 * `ignitionVersion` for spec 1: first up1to20); undefined for other versions.
 */
export function upgrade2x(cfg: Any2x): v2_3.Config | undefined {
  if (isV1Config(cfg)) return upgrade2x(up1to20(cfg));
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

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (v === undefined ? null : v)), (_k, v: unknown) => (v === null ? undefined : v)) as T;

function up20to21(c: v2_0.Config): v2_1.Config {
  const s = c.storage;
  return {
    ignition: { config: clone(c.ignition.config), timeouts: { httpResponseHeaders: undefined, httpTotal: undefined }, version: '2.1.0' },
    networkd: { units: c.networkd.units.map((u) => ({ contents: u.contents, name: u.name })) },
    passwd: {
      groups: c.passwd.groups.map((g) => ({ gid: g.gid, name: g.name, passwordHash: g.passwordHash, system: g.system })),
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
      disks: s.disks.map((d) => ({ device: d.device, partitions: d.partitions.map((p) => ({ guid: '', ...p })), wipeTable: d.wipeTable })),
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
            : { create: fs.mount.create === undefined ? undefined : clone(fs.mount.create), device: fs.mount.device, format: fs.mount.format, label: undefined, options: [], uuid: undefined, wipeFilesystem: false },
        name: fs.name,
        path: fs.path,
      })),
      links: [],
      raid: s.raid.map((r) => ({ devices: [...r.devices], level: r.level, name: r.name, spares: r.spares })),
    },
    systemd: { units: c.systemd.units.map((u) => ({ contents: u.contents, dropins: clone(u.dropins), enable: u.enable, enabled: undefined, mask: u.mask, name: u.name })) },
  };
}

function up21to22(c: v2_1.Config): v2_2.Config {
  const s = c.storage;
  const node = <N extends { filesystem: string; group: { id: number | undefined; name: string }; path: string; user: { id: number | undefined; name: string } }>(n: N) => ({
    filesystem: n.filesystem,
    group: clone(n.group),
    overwrite: undefined,
    path: n.path,
    user: clone(n.user),
  });
  return {
    ignition: { config: clone(c.ignition.config), security: { tls: { certificateAuthorities: [] } }, timeouts: clone(c.ignition.timeouts), version: '2.2.0' },
    networkd: { units: c.networkd.units.map((u) => ({ contents: u.contents, dropins: [], name: u.name })) },
    passwd: clone(c.passwd),
    storage: {
      directories: s.directories.map((d) => ({ ...node(d), mode: d.mode })),
      disks: clone(s.disks),
      files: s.files.map((f) => ({ ...node(f), append: false, contents: clone(f.contents), mode: f.mode })),
      filesystems: clone(s.filesystems),
      links: s.links.map((l) => ({ ...node(l), hard: l.hard, target: l.target })),
      raid: s.raid.map((r) => ({ devices: [...r.devices], level: r.level, name: r.name, options: [], spares: r.spares })),
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

const MESSAGES = {
  networkd: 'config includes deprecated networkd section - use Files instead',
  create: 'Config must force filesystem creation in case `mount.create` object is defined.',
} as const;

/**
 * Translates a decoded 2.3.0 config to 3.0.0 with ign-converter's rules.
 * `fsMap` maps 2.x filesystem names to their mount paths (`root` is `/`).
 */
export function translate2to3(cfg: v2_3.Config, fsMap: Record<string, string>, opts: Translate2to3Options = {}): Translate2to3Result {
  const flatcar = opts.rules === 'flatcar';
  const input = validateV2(cfg as unknown as V2Config, cfg.ignition.version === '2.4.0' ? V2_4 : V2_3);
  const refusing = input.issues.filter((i) => i.severity === 'error' || i.code === 'IGN_PARTITION_SIZE_DEPRECATED' || i.code === 'IGN_PARTITION_START_DEPRECATED');
  if (refusing.length > 0) {
    return { report: new Report([issue('error', 'IGN_TRANSLATE_INPUT_INVALID', [], 'Invalid input config'), ...refusing]) };
  }
  const out: Issue[] = [];
  const refuse = (code: string, path: JsonPath, message: string) => out.push(issue('error', code, path, message));

  // The fork writes networkd units as files (below); coreos/ign-converter refuses them.
  if (!flatcar && cfg.networkd.units.length > 0) refuse('IGN_TRANSLATE_NETWORKD', ['networkd', 'units', 0], MESSAGES.networkd);

  const map = new Map<string, string>(Object.entries(fsMap));
  map.set('root', '/');
  // Hull: a 2.x filesystem given by `path` (no mount) already says where its files go; it maps itself
  // unless the map names it (ign-converter requires a map entry and then emits a filesystem without a
  // device; the fork crashes on it).
  for (const fs of cfg.storage.filesystems) if (fs.mount === undefined && fs.path !== undefined && !map.has(fs.name)) map.set(fs.name, fs.path);
  // The fork's util.FSGeneration: an unnamed filesystem is called ignitionN, an unmapped one is mounted
  // at /tmp/<name>-ignN (oem at /usr/share/oem), N counting from 1 per translation as in one boot.
  let generatedName = 0;
  let addedSuffix = 0;
  cfg.storage.filesystems.forEach((fs, i) => {
    if (flatcar && fs.mount !== undefined) {
      const name = fs.name === '' ? `ignition${++generatedName}` : fs.name;
      if (!map.has(name)) {
        addedSuffix++;
        map.set(name, name === 'oem' ? '/usr/share/oem' : `/tmp/${name}-ign${addedSuffix}`);
      }
    } else if (!map.has(fs.name)) {
      refuse('IGN_TRANSLATE_FILESYSTEM_UNMAPPED', ['storage', 'filesystems', i, 'name'], `Config defined filesystem ${JSON.stringify(fs.name)} but no mapping was defined.Please specify a path to be used as the filesystem mountpoint.`);
    }
    // coreos/ign-converter ignores `create` (and drops it); the fork translates a forced one.
    if (flatcar && fs.mount?.create !== undefined && !fs.mount.create.force) refuse('IGN_TRANSLATE_CREATE_NOT_FORCED', ['storage', 'filesystems', i, 'mount', 'create'], MESSAGES.create);
  });
  const kinds = [['files', 'File'], ['directories', 'Directory'], ['links', 'Link']] as const;
  // Hull also refuses a node on a filesystem neither defined nor mapped (ign-converter silently puts it under /).
  for (const [key] of kinds) {
    cfg.storage[key].forEach((n, i) => {
      if (!map.has(n.filesystem)) {
        refuse('IGN_TRANSLATE_FILESYSTEM_UNMAPPED', ['storage', key, i, 'filesystem'], `Config defined filesystem ${JSON.stringify(n.filesystem)} but no mapping was defined.Please specify a path to be used as the filesystem mountpoint.`);
      }
    });
  }
  const where = (n: { filesystem: string; path: string }) => pathJoin('/', map.get(n.filesystem) ?? '', n.path);
  const links = cfg.storage.links.map(where);
  const entries = new Map<string, string>();
  for (const [key, label] of kinds) {
    cfg.storage[key].forEach((n, i) => {
      const p = where(n);
      const name = `${label}: ${p}`;
      const old = entries.get(p);
      if (old !== undefined) {
        refuse(
          'IGN_TRANSLATE_CONFLICTING_INODES',
          ['storage', key, i, 'path'],
          `Config has conflicting inodes: ${JSON.stringify(old)} and ${JSON.stringify(name)}.  All files, directories and links must specify a unique \`path\`.`,
        );
      } else entries.set(p, name);
      // coreos/ign-converter tests a plain string prefix (/optx goes through link /opt); the fork a path prefix.
      const l = links.find((lp) => (flatcar ? p.startsWith(lp.endsWith('/') ? lp : `${lp}/`) : p.startsWith(lp)) && p !== lp);
      if (l !== undefined) {
        refuse('IGN_TRANSLATE_USES_OWN_LINK', ['storage', key, i, 'path'], `${name} uses link defined in config ${JSON.stringify(l)}. Please use a link not defined in Storage:Links`);
      }
    });
  }
  const units = new Set<string>();
  cfg.systemd.units.forEach((u, i) => {
    if (units.has(u.name) && !(flatcar && opts.mergeUnits === true)) {
      refuse('IGN_TRANSLATE_DUPLICATE_UNIT', ['systemd', 'units', i, 'name'], `Config has duplicate unit name ${JSON.stringify(u.name)}.  All units must specify a unique \`name\`.`);
    }
    units.add(u.name);
    const dropins = new Set<string>();
    u.dropins.forEach((d, j) => {
      if (dropins.has(d.name)) {
        refuse(
          'IGN_TRANSLATE_DUPLICATE_DROPIN',
          ['systemd', 'units', i, 'dropins', j, 'name'],
          `Config has duplicate dropin name ${JSON.stringify(d.name)} in unit ${JSON.stringify(u.name)}.  All dropins must specify a unique \`name\`.`,
        );
      }
      dropins.add(d.name);
    });
  });
  if (out.length > 0) return { report: new Report(out) };

  const config = build(cfg, map, flatcar, flatcar && opts.mergeUnits === true);
  const check = v3_0.validate(config);
  if (check.issues.some((i) => i.severity === 'error')) {
    return { report: new Report([issue('error', 'IGN_TRANSLATE_RESULT_INVALID', [], 'the translated 3.0.0 config is not valid'), ...check.issues]) };
  }
  return { config, report: check };
}

/** Go's zero values dropped: '' / false / 0 become unset, as ign-converter's StrP/BoolP/IntP do. */
const str = (s: string): string | undefined => (s === '' ? undefined : s);
const yes = (b: boolean): boolean | undefined => (b ? true : undefined);

function build(cfg: v2_3.Config, map: Map<string, string>, flatcar: boolean, mergeUnits: boolean): v3_0.Config {
  const ref = (r: { source: string; verification: { hash?: string | undefined } }) => ({ source: r.source, verification: { hash: r.verification.hash } });
  const owner = (o: { id?: number | undefined; name: string } | undefined) => ({ id: o?.id, name: str(o?.name ?? '') });
  const node = (n: v2_3.Config['storage']['files'][number] | v2_3.Config['storage']['links'][number] | v2_3.Config['storage']['directories'][number]) => ({
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
        replace: cfg.ignition.config.replace === undefined ? { source: undefined, verification: { hash: undefined } } : ref(cfg.ignition.config.replace),
      },
      security: { tls: { certificateAuthorities: cfg.ignition.security.tls.certificateAuthorities.map(ref) } },
      timeouts: { ...cfg.ignition.timeouts },
      version: '3.0.0',
    },
    passwd: {
      groups: cfg.passwd.groups.map((g) => ({ gid: g.gid, name: g.name, passwordHash: str(g.passwordHash), system: yes(g.system) })),
      // coreos/ign-converter drops a user's deprecated `create` object silently; the fork puts its fields
      // on the user instead of the user's own (the 2.x rules refuse a field set in both places).
      users: cfg.passwd.users.map((user) => !flatcar || user.create === undefined ? user : {
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
      }).map((u) => ({
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
      files: [...s.files.map((f) => {
        // 2.x files overwrite by default; append: true becomes overwrite false plus an append entry.
        const overwrite = f.append ? false : (f.overwrite ?? true);
        const contents = { compression: str(f.contents.compression), source: f.contents.source, verification: { hash: f.contents.verification.hash } };
        const empty = { compression: undefined, source: undefined, verification: { hash: undefined } };
        return { ...node(f), overwrite, append: f.append ? [contents] : [], contents: f.append ? empty : contents, mode: f.mode };
      }), ...(flatcar ? networkdFiles(cfg, map) : [])],
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
      raid: s.raid.map((r) => ({ devices: [...r.devices], level: r.level, name: r.name, options: [...r.options], spares: r.spares === 0 ? undefined : r.spares })),
    },
    systemd: {
      units: (mergeUnits ? mergeDuplicateUnits : (x: Unit30[]) => x)(cfg.systemd.units.map((u): Unit30 => {
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
      })),
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
    out[i] = { contents: u.contents ?? p.contents, dropins, enabled: u.enabled ?? p.enabled, mask: u.mask ?? p.mask, name: u.name };
  }
  return out;
}

/** Go's url.PathEscape: everything but unreserved characters and $&+:=@ as %XX of its UTF-8 bytes. */
export function goPathEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+:=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
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

type Header24 = { name: string; value: string };
type Ref24 = { httpHeaders?: Header24[]; source: string };

/**
 * A 2.4.0 config's fields spec 3.0 lacks, put on its 3.1+ translation (ign-converter's v24tov31):
 * `ignition.proxy`, and `httpHeaders` of config references, CAs and file contents (a header's
 * empty value becomes unset, as its StrP does). Files keep their order (networkd files come after).
 */
export function applyV24Extras(out: Record<string, any>, cfg: v2_3.Config): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = cfg as unknown as { ignition: { config: { append: Ref24[]; replace?: Ref24 }; proxy?: { httpProxy: string; httpsProxy: string; noProxy: string[] }; security: { tls: { certificateAuthorities: Ref24[] } } }; storage: { files: { append: boolean; contents: Ref24 }[] } };
  const hs = (r: Ref24 | undefined) => (r?.httpHeaders ?? []).map((h) => ({ name: h.name, value: str(h.value) }));
  const p = c.ignition.proxy;
  if (p !== undefined) out['ignition'].proxy = { httpProxy: str(p.httpProxy), httpsProxy: str(p.httpsProxy), noProxy: [...p.noProxy] };
  c.ignition.config.append.forEach((r, i) => (out['ignition'].config.merge[i].httpHeaders = hs(r)));
  if (c.ignition.config.replace !== undefined) out['ignition'].config.replace.httpHeaders = hs(c.ignition.config.replace);
  c.ignition.security.tls.certificateAuthorities.forEach((r, i) => (out['ignition'].security.tls.certificateAuthorities[i].httpHeaders = hs(r)));
  c.storage.files.forEach((f, i) => {
    const target = out['storage'].files[i];
    if (f.append) target.append[0].httpHeaders = hs(f.contents);
    else target.contents.httpHeaders = hs(f.contents);
  });
}

/** upgrade2x then translate2to3: any decoded 2.0–2.3 config to 3.0.0. */
export function translate2xTo3(cfg: Any2x, fsMap: Record<string, string>, opts: Translate2to3Options = {}): Translate2to3Result {
  const up = upgrade2x(cfg);
  if (up === undefined) {
    return { report: new Report([issue('error', 'IGN_VERSION_UNSUPPORTED', ['ignition', 'version'], 'unsupported config version')]) };
  }
  return translate2to3(up, fsMap, opts);
}

/**
 * ign-converter's `-fsmap FILE`: one `name path` per line, separated by one
 * space. ign-converter also rejects the empty line a final newline leaves;
 * Hull accepts that one, and a CR before a newline. An empty file is an empty
 * map; a name given twice: the last wins. Issues are at `$`, their message
 * starting `line N: ` (the CLI turns that into FILE:N).
 */
const FSMAP_MAX_REPORTED = 10;
const FSMAP_MAX_QUOTED = 80;
const shortened = (line: string): string => (line.length > FSMAP_MAX_QUOTED ? `${line.slice(0, FSMAP_MAX_QUOTED)}…` : line);

export function parseFsMap(text: string): { readonly map?: Record<string, string>; readonly report: Report } {
  // No prototype: a filesystem named __proto__ is just a name.
  const map = Object.create(null) as Record<string, string>;
  if (text === '') return { map, report: Report.empty };
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const bad: Issue[] = [];
  let more = 0;
  lines.forEach((raw, i) => {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const parts = line.split(' ');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
      // A few lines, each quoted short: a binary file must not make a message of megabytes.
      if (bad.length === FSMAP_MAX_REPORTED) more++;
      else bad.push(issue('error', 'IGN_TRANSLATE_FSMAP_INVALID', [], `line ${i + 1}: malformed fsmap line ${JSON.stringify(shortened(line))}: needs 'name path' separated by one space`));
    } else map[parts[0]!] = parts[1]!;
  });
  if (more > 0) bad.push(issue('error', 'IGN_TRANSLATE_FSMAP_INVALID', [], `${more} more malformed fsmap lines`));
  return bad.length > 0 ? { report: new Report(bad) } : { map, report: Report.empty };
}

export { up1to20, v1PathOf, v1FilesystemName } from './from-v1.js';
