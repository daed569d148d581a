import type { JsonPath } from '../../../core/index.js';
import type { V3Config, V3Resource } from './shape.js';
import type { Sink } from '../common/sink.js';

/** One list of a struct: its key (field name), its entries' keys. Lists with the same group share one set. */
interface List {
  readonly field: string;
  readonly keys: readonly string[];
  readonly group?: string;
}

/** ValidateDups for one struct: a key seen before (in this list or its group) is `duplicate entry defined` at the later entry. */
function struct(at: JsonPath, lists: readonly List[], sink: Sink): void {
  const seen = new Map<string, Set<string>>();
  for (const list of lists) {
    const name = list.group ?? list.field;
    const set = seen.get(name) ?? new Set<string>();
    seen.set(name, set);
    list.keys.forEach((key, i) => {
      if (set.has(key)) sink.error('IGN_DUPLICATE', [...at, list.field, i]);
      set.add(key);
    });
  }
}

const resourceKey = (r: V3Resource) => r.source ?? '';

function resource(r: V3Resource, at: JsonPath, sink: Sink): void {
  if (r.httpHeaders !== undefined) struct(at, [{ field: 'httpHeaders', keys: r.httpHeaders.map((h) => h.name) }], sink);
}

/** The duplicate checks of the whole config, in Ignition's walk order. */
export function checkDuplicates(cfg: V3Config, sink: Sink): void {
  const ign = cfg.ignition;
  struct(['ignition', 'config'], [{ field: 'merge', keys: ign.config.merge.map(resourceKey) }], sink);
  ign.config.merge.forEach((r, i) => resource(r, ['ignition', 'config', 'merge', i], sink));
  resource(ign.config.replace, ['ignition', 'config', 'replace'], sink);
  if (ign.proxy !== undefined) struct(['ignition', 'proxy'], [{ field: 'noProxy', keys: ign.proxy.noProxy }], sink);
  const tls = ['ignition', 'security', 'tls'];
  struct(
    tls,
    [{ field: 'certificateAuthorities', keys: ign.security.tls.certificateAuthorities.map(resourceKey) }],
    sink,
  );
  ign.security.tls.certificateAuthorities.forEach((r, i) => resource(r, [...tls, 'certificateAuthorities', i], sink));

  const kargs = cfg.kernelArguments;
  if (kargs !== undefined) {
    struct(
      ['kernelArguments'],
      [
        { field: 'shouldExist', keys: kargs.shouldExist, group: 'KernelArgument' },
        { field: 'shouldNotExist', keys: kargs.shouldNotExist, group: 'KernelArgument' },
      ],
      sink,
    );
  }

  const pw = cfg.passwd;
  struct(
    ['passwd'],
    [
      { field: 'groups', keys: pw.groups.map((g) => g.name) },
      { field: 'users', keys: pw.users.map((u) => u.name) },
    ],
    sink,
  );
  pw.users.forEach((u, i) =>
    struct(
      ['passwd', 'users', i],
      [
        { field: 'groups', keys: u.groups },
        { field: 'sshAuthorizedKeys', keys: u.sshAuthorizedKeys },
      ],
      sink,
    ),
  );

  const s = cfg.storage;
  const lists: List[] = [
    { field: 'directories', keys: s.directories.map((d) => d.path), group: 'Node' },
    { field: 'disks', keys: s.disks.map((d) => d.device) },
    { field: 'files', keys: s.files.map((f) => f.path), group: 'Node' },
    { field: 'filesystems', keys: s.filesystems.map((f) => f.device) },
    { field: 'links', keys: s.links.map((l) => l.path), group: 'Node' },
  ];
  if (s.luks !== undefined) lists.push({ field: 'luks', keys: s.luks.map((l) => l.name) });
  lists.push({ field: 'raid', keys: s.raid.map((r) => r.name) });
  struct(['storage'], lists, sink);
  s.disks.forEach((d, i) =>
    struct(
      ['storage', 'disks', i],
      [
        {
          field: 'partitions',
          keys: d.partitions.map((p) =>
            p.number !== 0 ? `number:${p.number}` : p.label !== undefined ? `label:${p.label}` : '',
          ),
        },
      ],
      sink,
    ),
  );
  // Only resources with headers have a list to check (most files have none: no path made for them).
  const withHeaders = (r: V3Resource) => r.httpHeaders !== undefined && r.httpHeaders.length > 0;
  s.files.forEach((f, i) => {
    f.append.forEach((r, k) => {
      if (withHeaders(r)) resource(r, ['storage', 'files', i, 'append', k], sink);
    });
    if (withHeaders(f.contents)) resource(f.contents, ['storage', 'files', i, 'contents'], sink);
  });
  (s.luks ?? []).forEach((l, i) => {
    const at = ['storage', 'luks', i];
    // The volume's own lists first, then its fields in struct order (clevis, keyFile).
    if (l.openOptions !== undefined) struct(at, [{ field: 'openOptions', keys: l.openOptions }], sink);
    if (l.clevis !== undefined)
      struct([...at, 'clevis'], [{ field: 'tang', keys: l.clevis.tang.map((t) => t.url) }], sink);
    resource(l.keyFile, [...at, 'keyFile'], sink);
  });
  s.raid.forEach((r, i) => struct(['storage', 'raid', i], [{ field: 'devices', keys: r.devices }], sink));

  struct(['systemd'], [{ field: 'units', keys: cfg.systemd.units.map((u) => u.name) }], sink);
  cfg.systemd.units.forEach((u, i) =>
    struct(['systemd', 'units', i], [{ field: 'dropins', keys: u.dropins.map((d) => d.name) }], sink),
  );
}
