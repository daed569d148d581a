import { errorAt, type Issue, type JsonPath } from '../../core/index.js';
import { TranslationSet } from '../translation-set.js';
import { partitionDimension } from './base2-bytes.js';
import { ctDataUrl, ctDataUrlString } from './data-url.js';
import type { Clc } from './decode.js';
import { goQuote, goUrlParseError, goUrlString, type Semver, semverString } from '../../go/index.js';
import type { OptionDef } from './option-sets.js';
import { assembleUnit, cliArgs, unitText } from './unit-text.js';

/** How `contents.local` is read: the CLI gives a reader bound to -files-dir. */
export type LocalReader = (relPath: string) => { ok: true; data: Uint8Array } | { ok: false; error: string; code?: 'CT_LOCAL_ESCAPES' };

export interface ConvertOptions {
  readonly platform: string;
  readonly readLocal?: LocalReader | undefined;
}

type Obj = Record<string, unknown>;

export interface ConvertResult {
  readonly output: Obj | undefined;
  readonly issues: Issue[];
  readonly translations: TranslationSet;
}

const TYPE_GUIDS: Record<string, string> = {
  raid_containing_root: 'be9067b9-ea49-4f15-b4f6-f36f8c9e1818',
  linux_filesystem_data: '0fc63daf-8483-4772-8e79-3d69d8477de4',
  swap_partition: '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f',
  raid_partition: 'a19d880f-05fc-4d3b-a006-743f0f84911e',
};

/**
 * ct's converters, in its order: platform metadata units, ignition, disks,
 * docker, etcd, files/directories/links, filesystems, flannel, networkd,
 * passwd, raid, security, systemd, update + locksmith. The output uses
 * Ignition 2.3.0's JSON keys; `translations` says which YAML place each
 * output place came from.
 */
export function convertClc(cfg: Clc, opts: ConvertOptions): ConvertResult {
  const ts = new TranslationSet();
  const issues: Issue[] = [];
  // A converter that fails (templating) makes ct drop the output built so far and go on.
  const failures: string[] = [];
  const units: Obj[] = [];
  const files: Obj[] = [];
  const out = {
    ignition: { config: {} as Obj, security: { tls: {} as Obj }, timeouts: {} as Obj, version: '2.3.0' },
    networkd: {} as Obj,
    passwd: {} as Obj,
    storage: {} as Obj,
    systemd: {} as Obj,
  };
  const put = (from: JsonPath, to: JsonPath, value: unknown): void => {
    ts.addFromCommonSource(from, to, value);
  };
  const p = opts.platform;

  // platform metadata units
  if (p === 'openstack-metadata' || p === 'cloudstack-configdrive') {
    const dropins = [{ name: '20-clct-provider-override.conf', contents: `[Service]\nEnvironment=COREOS_METADATA_OPT_PROVIDER=--provider=${p}` }];
    units.push({ name: 'coreos-metadata.service', dropins });
    units.push({ name: 'coreos-metadata-sshkeys@.service', enabled: true, dropins });
    put([], ['systemd', 'units', 0], units[0]);
    put([], ['systemd', 'units', 1], units[1]);
  }

  // ignition
  const ign = cfg['ignition'] as Clc;
  const t = ign['timeouts'] as Clc;
  if (t['http_response_headers'] !== undefined) out.ignition.timeouts['httpResponseHeaders'] = t['http_response_headers'];
  if (t['http_total'] !== undefined) out.ignition.timeouts['httpTotal'] = t['http_total'];
  ts.add(['ignition', 'timeouts', 'http_response_headers'], ['ignition', 'timeouts', 'httpResponseHeaders']);
  ts.add(['ignition', 'timeouts', 'http_total'], ['ignition', 'timeouts', 'httpTotal']);
  const refOut = (ref: Clc, from: JsonPath, to: JsonPath): Obj | undefined => {
    const err = goUrlParseError(ref['source'] as string);
    if (err !== undefined) {
      issues.push(errorAt('CT_URL_INVALID', [...from, 'source'], err));
      return undefined;
    }
    const o: Obj = { source: ref['source'], verification: verification(ref['verification'] as Clc) };
    ts.add(from, to).add([...from, 'source'], [...to, 'source']).add([...from, 'verification'], [...to, 'verification'])
      .add([...from, 'verification', 'hash'], [...to, 'verification', 'hash']);
    return o;
  };
  const append: Obj[] = [];
  (ign['config']['append'] as Clc[]).forEach((ref, i) => {
    const o = refOut(ref, ['ignition', 'config', 'append', i], ['ignition', 'config', 'append', append.length]);
    if (o !== undefined) append.push(o);
  });
  if (append.length > 0) out.ignition.config['append'] = append;
  if (ign['config']['replace'] !== undefined) {
    const o = refOut(ign['config']['replace'] as Clc, ['ignition', 'config', 'replace'], ['ignition', 'config', 'replace']);
    if (o !== undefined) out.ignition.config['replace'] = o;
  }

  // disks
  const storage = cfg['storage'] as Clc;
  const disks: Obj[] = [];
  (storage['disks'] as Clc[]).forEach((d, di) => {
    const from: JsonPath = ['storage', 'disks', di];
    const disk: Obj = { device: d['device'], wipeTable: d['wipe_table'] };
    ts.add(from, ['storage', 'disks', di]).add([...from, 'device'], ['storage', 'disks', di, 'device'])
      .add([...from, 'wipe_table'], ['storage', 'disks', di, 'wipeTable']);
    const parts: Obj[] = [];
    (d['partitions'] as Clc[]).forEach((part, pi) => {
      const pf: JsonPath = [...from, 'partitions', pi];
      const size = partitionDimension(part['size'] as string);
      if (!size.ok) return void issues.push(errorAt('CT_PARTITION_DIMENSION', [...pf, 'size'], size.error));
      const start = partitionDimension(part['start'] as string);
      if (!start.ok) return void issues.push(errorAt('CT_PARTITION_DIMENSION', [...pf, 'start'], start.error));
      const to: JsonPath = ['storage', 'disks', di, 'partitions', parts.length];
      const tg = part['type_guid'] as string;
      parts.push({ label: part['label'], number: part['number'], sizeMiB: size.mib, startMiB: start.mib, guid: part['guid'], typeGuid: TYPE_GUIDS[tg] ?? tg });
      ts.add(pf, to).addIdentity(pf, to, ['label', 'number', 'guid']).add([...pf, 'size'], [...to, 'sizeMiB'])
        .add([...pf, 'start'], [...to, 'startMiB']).add([...pf, 'type_guid'], [...to, 'typeGuid']);
    });
    disk['partitions'] = parts;
    ts.add([...from, 'partitions'], ['storage', 'disks', di, 'partitions']);
    disks.push(disk);
  });
  if (disks.length > 0) out.storage['disks'] = disks;

  // docker
  const docker = cfg['docker'] as Clc | undefined;
  if (docker !== undefined) {
    const contents = `[Service]\nEnvironment="DOCKER_OPTS=${(docker['flags'] as string[]).join(' ')}"`;
    units.push({ name: 'docker.service', enable: true, dropins: [{ name: '20-clct-docker.conf', contents }] });
    put(['docker'], ['systemd', 'units', units.length - 1], units[units.length - 1]);
  }

  // etcd
  const etcd = cfg['etcd'] as Clc | undefined;
  if (etcd !== undefined) {
    const r = daemonDropin(etcd, 'ETCD_IMAGE_TAG', '/usr/lib/coreos/etcd-wrapper $ETCD_OPTS', p, []);
    if ('error' in r) failures.push(r.error);
    else units.push({ name: 'etcd-member.service', enable: true, dropins: [{ name: '20-clct-etcd-member.conf', contents: r.text }] });
    put(['etcd'], ['systemd', 'units', units.length - 1], units[units.length - 1]);
  }

  // files, directories, links
  const node = (n: Clc, from: JsonPath, to: JsonPath): Obj => {
    const o: Obj = { filesystem: n['filesystem'] === '' ? 'root' : n['filesystem'], path: n['path'], overwrite: n['overwrite'] };
    for (const k of ['user', 'group'] as const) {
      const u = n[k] as Clc | undefined;
      if (u !== undefined) o[k] = { id: u['id'], name: u['name'] };
    }
    ts.add(from, to).addIdentity(from, to, ['filesystem', 'path', 'overwrite', 'user', 'group', 'mode'])
      .addIdentity([...from, 'user'], [...to, 'user'], ['id', 'name']).addIdentity([...from, 'group'], [...to, 'group'], ['id', 'name']);
    return o;
  };
  (storage['files'] as Clc[]).forEach((f, i) => {
    const from: JsonPath = ['storage', 'files', i];
    const to: JsonPath = ['storage', 'files', files.length];
    const c = f['contents'] as Clc;
    const remote = c['remote'] as Clc;
    let source: string | undefined;
    let sourceFrom: JsonPath = [...from, 'contents'];
    if (c['inline'] !== '') {
      source = ctDataUrlString(c['inline'] as string);
      sourceFrom = [...from, 'contents', 'inline'];
    }
    if (c['local'] !== '') {
      const at: JsonPath = [...from, 'contents', 'local'];
      if (opts.readLocal === undefined) {
        issues.push(errorAt('CT_LOCAL_NO_FILES_DIR', at, 'local files require setting the --files-dir flag to the directory that contains the file'));
        return;
      }
      const r = opts.readLocal(c['local'] as string);
      if (!r.ok) {
        issues.push(errorAt(r.code ?? 'CT_LOCAL_READ_FAILED', at, r.error));
        return;
      }
      source = ctDataUrl(r.data);
      sourceFrom = at;
    }
    if (remote['url'] !== '') {
      const err = goUrlParseError(remote['url'] as string);
      if (err !== undefined) {
        issues.push(errorAt('CT_URL_INVALID', [...from, 'contents', 'remote', 'url'], err));
        return;
      }
      source = goUrlString(remote['url'] as string); // ct writes url.Parse(x).String()
      sourceFrom = [...from, 'contents', 'remote', 'url'];
    }
    const o = node(f, from, to);
    o['append'] = f['append'];
    o['contents'] = { compression: remote['compression'], source: source ?? 'data:,', verification: verification(remote['verification'] as Clc) };
    o['mode'] = f['mode'] ?? 0o644;
    ts.add([...from, 'append'], [...to, 'append']).add([...from, 'contents'], [...to, 'contents'])
      .add(sourceFrom, [...to, 'contents', 'source'])
      .add([...from, 'contents', 'remote', 'compression'], [...to, 'contents', 'compression'])
      .add([...from, 'contents', 'remote', 'verification'], [...to, 'contents', 'verification'])
      .add([...from, 'contents', 'remote', 'verification', 'hash'], [...to, 'contents', 'verification', 'hash']);
    files.push(o);
  });
  const dirs = (storage['directories'] as Clc[]).map((d, i) => {
    const o = node(d, ['storage', 'directories', i], ['storage', 'directories', i]);
    o['mode'] = d['mode'] ?? 0o755;
    return o;
  });
  const links = (storage['links'] as Clc[]).map((l, i) => {
    const o = node(l, ['storage', 'links', i], ['storage', 'links', i]);
    o['hard'] = l['hard'];
    o['target'] = l['target'];
    ts.addIdentity(['storage', 'links', i], ['storage', 'links', i], ['hard', 'target']);
    return o;
  });
  if (dirs.length > 0) out.storage['directories'] = dirs;
  if (links.length > 0) out.storage['links'] = links;

  // filesystems
  const fss = (storage['filesystems'] as Clc[]).map((fs, i) => {
    const from: JsonPath = ['storage', 'filesystems', i];
    const o: Obj = { name: fs['name'], path: fs['path'] };
    ts.add(from, from).addIdentity(from, from, ['name', 'path', 'mount']);
    const m = fs['mount'] as Clc | undefined;
    if (m !== undefined) {
      const mount: Obj = { device: m['device'], format: m['format'], wipeFilesystem: m['wipe_filesystem'], label: m['label'], uuid: m['uuid'], options: m['options'] };
      const mf: JsonPath = [...from, 'mount'];
      ts.addIdentity(mf, mf, ['device', 'format', 'label', 'uuid', 'options', 'create']).add([...mf, 'wipe_filesystem'], [...mf, 'wipeFilesystem']);
      (m['options'] as string[]).forEach((_, j) => ts.add([...mf, 'options', j], [...mf, 'options', j]));
      const c = m['create'] as Clc | undefined;
      if (c !== undefined) {
        mount['create'] = { force: c['force'], options: c['options'] };
        (c['options'] as string[]).forEach((_, j) => ts.add([...mf, 'create', 'options', j], [...mf, 'create', 'options', j]));
        ts.addIdentity([...mf, 'create'], [...mf, 'create'], ['force', 'options']);
      }
      o['mount'] = mount;
    }
    return o;
  });
  if (fss.length > 0) out.storage['filesystems'] = fss;

  // flannel
  const flannel = cfg['flannel'] as Clc | undefined;
  if (flannel !== undefined) {
    const opt = flannel['options'] as Record<string, unknown>;
    const extra: string[] = [];
    if (flannel['network_config'] !== '') {
      let pre = 'ExecStartPre=/usr/bin/etcdctl';
      for (const [k, flag] of [['etcd_endpoints', 'endpoints'], ['etcd_cafile', 'ca-file'], ['etcd_certfile', 'cert-file'], ['etcd_keyfile', 'key-file']] as const) {
        if (opt[k] !== undefined) pre += ` --${flag}=${goQuote(opt[k] as string)}`;
      }
      extra.push(`${pre} set /coreos.com/network/config ${goQuote(flannel['network_config'] as string)}`);
    }
    const r = daemonDropin(flannel, 'FLANNEL_IMAGE_TAG', '/usr/lib/coreos/flannel-wrapper $FLANNEL_OPTS', p, extra);
    if ('error' in r) failures.push(r.error);
    else units.push({ name: 'flanneld.service', enable: true, dropins: [{ name: '20-clct-flannel.conf', contents: r.text }] });
    put(['flannel'], ['systemd', 'units', units.length - 1], units[units.length - 1]);
  }

  // networkd
  const nunits = ((cfg['networkd'] as Clc)['units'] as Clc[]).map((u, i) => {
    const from: JsonPath = ['networkd', 'units', i];
    ts.add(from, from).addIdentity(from, from, ['name', 'contents', 'dropins']);
    const dropins = (u['dropins'] as Clc[]).map((d, j) => {
      ts.add([...from, 'dropins', j], [...from, 'dropins', j]).addIdentity([...from, 'dropins', j], [...from, 'dropins', j], ['name', 'contents']);
      return { name: d['name'], contents: d['contents'] };
    });
    return { name: u['name'], contents: u['contents'], dropins };
  });
  if (nunits.length > 0) out.networkd['units'] = nunits;

  // passwd
  const passwd = cfg['passwd'] as Clc;
  const users = (passwd['users'] as Clc[]).map((u, i) => {
    const from: JsonPath = ['passwd', 'users', i];
    ts.add(from, from);
    const keys: [string, string][] = [['name', 'name'], ['password_hash', 'passwordHash'], ['ssh_authorized_keys', 'sshAuthorizedKeys'], ['uid', 'uid'],
      ['gecos', 'gecos'], ['home_dir', 'homeDir'], ['no_create_home', 'noCreateHome'], ['primary_group', 'primaryGroup'], ['groups', 'groups'],
      ['no_user_group', 'noUserGroup'], ['system', 'system'], ['no_log_init', 'noLogInit'], ['shell', 'shell']];
    const o: Obj = {};
    for (const [y, j] of keys) {
      o[j] = u[y];
      ts.add([...from, y], [...from, j]);
    }
    (u['groups'] as string[]).forEach((_, k) => ts.add([...from, 'groups', k], [...from, 'groups', k]));
    (u['ssh_authorized_keys'] as string[]).forEach((_, k) => ts.add([...from, 'ssh_authorized_keys', k], [...from, 'sshAuthorizedKeys', k]));
    const c = u['create'] as Clc | undefined;
    if (c !== undefined) {
      const co: Obj = {};
      for (const [y, j] of keys.slice(3)) co[j] = c[y];
      o['create'] = co;
      put([...from, 'create'], [...from, 'create'], co);
    }
    return o;
  });
  const groups = (passwd['groups'] as Clc[]).map((g, i) => {
    const from: JsonPath = ['passwd', 'groups', i];
    ts.add(from, from).addIdentity(from, from, ['name', 'gid', 'system']).add([...from, 'password_hash'], [...from, 'passwordHash']);
    return { name: g['name'], gid: g['gid'], passwordHash: g['password_hash'], system: g['system'] };
  });
  if (users.length > 0) out.passwd['users'] = users;
  if (groups.length > 0) out.passwd['groups'] = groups;

  // raid
  const raid = (storage['raid'] as Clc[]).map((r, i) => {
    const from: JsonPath = ['storage', 'raid', i];
    ts.add(from, from).addIdentity(from, from, ['name', 'level', 'devices', 'spares', 'options']);
    (r['devices'] as string[]).forEach((_, j) => ts.add([...from, 'devices', j], [...from, 'devices', j]));
    (r['options'] as string[]).forEach((_, j) => ts.add([...from, 'options', j], [...from, 'options', j]));
    return { name: r['name'], level: r['level'], devices: r['devices'], spares: r['spares'], options: r['options'] };
  });
  if (raid.length > 0) out.storage['raid'] = raid;

  // security
  const cas = (ign['security']['tls']['certificate_authorities'] as Clc[]).map((ca, i) => {
    const from: JsonPath = ['ignition', 'security', 'tls', 'certificate_authorities', i];
    const to: JsonPath = ['ignition', 'security', 'tls', 'certificateAuthorities', i];
    ts.add(from, to).add([...from, 'source'], [...to, 'source']).add([...from, 'verification'], [...to, 'verification'])
      .add([...from, 'verification', 'hash'], [...to, 'verification', 'hash']);
    return { source: ca['source'], verification: verification(ca['verification'] as Clc) };
  });
  if (cas.length > 0) out.ignition.security.tls['certificateAuthorities'] = cas;

  // systemd
  ((cfg['systemd'] as Clc)['units'] as Clc[]).forEach((u, i) => {
    const from: JsonPath = ['systemd', 'units', i];
    const to: JsonPath = ['systemd', 'units', units.length];
    ts.add(from, to).addIdentity(from, to, ['name', 'enable', 'enabled', 'mask', 'contents', 'dropins']);
    const dropins = (u['dropins'] as Clc[]).map((d, j) => {
      ts.add([...from, 'dropins', j], [...to, 'dropins', j]).addIdentity([...from, 'dropins', j], [...to, 'dropins', j], ['name', 'contents']);
      return { name: d['name'], contents: d['contents'] };
    });
    units.push({ name: u['name'], enable: u['enable'], enabled: u['enabled'], mask: u['mask'], contents: u['contents'], dropins });
  });

  // update + locksmith
  let conf = '';
  const update = cfg['update'] as Clc | undefined;
  if (update !== undefined) {
    if (update['group'] !== '') conf += `GROUP=${(update['group'] as string).toLowerCase()}`;
    for (const [k, v] of [['server', 'SERVER'], ['pcr_policy_server', 'PCR_POLICY_SERVER'], ['download_user', 'DOWNLOAD_USER'],
      ['download_password', 'DOWNLOAD_PASSWORD'], ['machine_alias', 'MACHINE_ALIAS']] as const) {
      if (update[k] !== '') conf += `\n${v}=${update[k] as string}`;
    }
  }
  const ls = cfg['locksmith'] as Clc | undefined;
  if (ls !== undefined) {
    const lines: string[] = [];
    for (const [k, v] of [['reboot_strategy', 'REBOOT_STRATEGY'], ['window_start', 'LOCKSMITHD_REBOOT_WINDOW_START'],
      ['window_length', 'LOCKSMITHD_REBOOT_WINDOW_LENGTH'], ['group', 'LOCKSMITHD_GROUP'], ['etcd_endpoints', 'LOCKSMITHD_ENDPOINT'],
      ['etcd_cafile', 'LOCKSMITHD_ETCD_CAFILE'], ['etcd_certfile', 'LOCKSMITHD_ETCD_CERTFILE'], ['etcd_keyfile', 'LOCKSMITHD_ETCD_KEYFILE']] as const) {
      if (ls[k] !== undefined) lines.push(`${v}=${goQuote(ls[k] as string)}`);
    }
    if (lines.length > 0) conf += `\n${lines.join('\n')}`;
  }
  if (conf !== '') {
    const f = { filesystem: 'root', path: '/etc/coreos/update.conf', contents: { source: ctDataUrlString(conf), verification: {} }, mode: 0o644 };
    files.push(f);
    put(update !== undefined ? ['update'] : ['locksmith'], ['storage', 'files', files.length - 1], f);
  }
  if (files.length > 0) out.storage['files'] = files;
  if (units.length > 0) out.systemd['units'] = units;
  // The containers come from the YAML sections of the same name (or the document).
  ts.add([], ['ignition', 'version']);
  for (const path of [['ignition'], ['ignition', 'config'], ['ignition', 'config', 'append'], ['ignition', 'security'], ['ignition', 'security', 'tls'],
    ['ignition', 'timeouts'], ['networkd'], ['networkd', 'units'], ['passwd'], ['passwd', 'users'], ['passwd', 'groups'], ['storage'],
    ['storage', 'disks'], ['storage', 'raid'], ['storage', 'filesystems'], ['storage', 'files'], ['storage', 'directories'], ['storage', 'links'],
    ['systemd'], ['systemd', 'units']]) ts.add(path, path);
  if (failures.length > 0) {
    return { output: undefined, issues: [...issues, ...failures.map((m) => errorAt('CT_TEMPLATING', [], m))], translations: ts };
  }
  return { output: out, issues, translations: ts };
}

function verification(v: Clc): Obj {
  const h = v['hash'] as Clc;
  if (h['function'] === '' || h['sum'] === '') return {};
  return { hash: `${h['function'] as string}-${h['sum'] as string}` };
}

function daemonDropin(d: Clc, tagVar: string, exec: string, platform: string, extra: string[]): { text: string } | { error: string } {
  const args = cliArgs(d['defs'] as OptionDef[], d['options'] as Record<string, unknown>);
  const v = d['version'] as Semver | undefined;
  const vars = v === undefined ? [] : [`${tagVar}=v${semverString(v)}`];
  const r = assembleUnit(exec, args, vars, platform, extra);
  if ('error' in r) return r;
  return { text: unitText(r.unit, r.service) };
}
