/**
 * The Container Linux Config's structure as ct 0.9.4 declares it (flatcar
 * ct config/types): YAML keys in Go struct order, the Go type of each field
 * (go-yaml's type errors name them) and whether it is a pointer.
 */
export type Spec =
  | { readonly k: 'str'; readonly opt?: boolean; readonly go?: string }
  | { readonly k: 'int'; readonly opt?: boolean; readonly unsigned?: boolean }
  | { readonly k: 'bool'; readonly opt?: boolean }
  | { readonly k: 'obj'; readonly go: string; readonly opt?: boolean; readonly fields: Readonly<Record<string, Spec>> }
  | { readonly k: 'list'; readonly go: string; readonly of: Spec }
  | { readonly k: 'etcd' }
  | { readonly k: 'flannel' };

const str: Spec = { k: 'str' };
const optStr: Spec = { k: 'str', opt: true };
const int: Spec = { k: 'int' };
const optInt: Spec = { k: 'int', opt: true };
const optUint: Spec = { k: 'int', opt: true, unsigned: true };
const bool: Spec = { k: 'bool' };
const optBool: Spec = { k: 'bool', opt: true };
const strList: Spec = { k: 'list', go: '[]string', of: str };
const obj = (go: string, fields: Record<string, Spec>, opt = false): Spec => ({
  k: 'obj',
  go: `types.${go}`,
  opt,
  fields,
});
const list = (go: string, of: Spec): Spec => ({ k: 'list', go: `[]types.${go}`, of });

const verification = obj('Verification', { hash: obj('Hash', { function: str, sum: str }) });
const configReference = (go: string): Spec => obj(go, { source: str, verification });
const user = obj('FileUser', { id: optInt, name: str }, true);
const group = obj('FileGroup', { id: optInt, name: str }, true);

/** The account fields a user has twice, at its top and (deprecated) under `create`; only uid's type differs. */
const userAccount = (uid: Spec): Record<string, Spec> => ({
  uid,
  gecos: str,
  home_dir: str,
  no_create_home: bool,
  primary_group: str,
  groups: strList,
  no_user_group: bool,
  system: bool,
  no_log_init: bool,
  shell: str,
});

export const CONFIG: Spec = obj('Config', {
  version: int,
  ignition: obj('Ignition', {
    config: obj('IgnitionConfig', {
      append: list('ConfigReference', configReference('ConfigReference')),
      replace: {
        ...(configReference('ConfigReference') as { k: 'obj'; go: string; fields: Record<string, Spec> }),
        opt: true,
      },
    }),
    timeouts: obj('Timeouts', { http_response_headers: optInt, http_total: optInt }),
    security: obj('Security', {
      tls: obj('TLS', { certificate_authorities: list('CaReference', configReference('CaReference')) }),
    }),
  }),
  storage: obj('Storage', {
    disks: list(
      'Disk',
      obj('Disk', {
        device: str,
        wipe_table: bool,
        partitions: list(
          'Partition',
          obj('Partition', { label: optStr, number: int, size: str, start: str, guid: str, type_guid: str }),
        ),
      }),
    ),
    raid: list('Raid', obj('Raid', { name: str, level: str, devices: strList, spares: int, options: strList })),
    filesystems: list(
      'Filesystem',
      obj('Filesystem', {
        name: str,
        mount: obj(
          'Mount',
          {
            device: str,
            format: str,
            create: obj('Create', { force: bool, options: strList }, true),
            wipe_filesystem: bool,
            label: optStr,
            uuid: optStr,
            options: strList,
          },
          true,
        ),
        path: optStr,
      }),
    ),
    files: list(
      'File',
      obj('File', {
        filesystem: str,
        path: str,
        user,
        group,
        mode: optInt,
        contents: obj('FileContents', {
          remote: obj('Remote', { url: str, compression: str, verification }),
          inline: str,
          local: str,
        }),
        overwrite: optBool,
        append: bool,
      }),
    ),
    directories: list(
      'Directory',
      obj('Directory', { filesystem: str, path: str, user, group, mode: optInt, overwrite: optBool }),
    ),
    links: list(
      'Link',
      obj('Link', { filesystem: str, path: str, user, group, hard: bool, target: str, overwrite: optBool }),
    ),
  }),
  systemd: obj('Systemd', {
    units: list(
      'SystemdUnit',
      obj('SystemdUnit', {
        name: str,
        enable: bool,
        enabled: optBool,
        mask: bool,
        contents: str,
        dropins: list('SystemdUnitDropIn', obj('SystemdUnitDropIn', { name: str, contents: str })),
      }),
    ),
  }),
  networkd: obj('Networkd', {
    units: list(
      'NetworkdUnit',
      obj('NetworkdUnit', {
        name: str,
        contents: str,
        dropins: list('NetworkdUnitDropIn', obj('NetworkdUnitDropIn', { name: str, contents: str })),
      }),
    ),
  }),
  passwd: obj('Passwd', {
    users: list(
      'User',
      obj('User', {
        name: str,
        password_hash: optStr,
        ssh_authorized_keys: strList,
        create: obj('UserCreate', userAccount(optUint), true),
        ...userAccount(optInt),
      }),
    ),
    groups: list('Group', obj('Group', { name: str, gid: optUint, password_hash: str, system: bool })),
  }),
  etcd: { k: 'etcd' },
  flannel: { k: 'flannel' },
  update: obj(
    'Update',
    {
      group: { k: 'str', go: 'types.UpdateGroup' },
      server: { k: 'str', go: 'types.UpdateServer' },
      pcr_policy_server: { k: 'str', go: 'types.UpdatePCRPolicyServer' },
      download_user: { k: 'str', go: 'types.UpdateDownloadUser' },
      download_password: { k: 'str', go: 'types.UpdateDownloadPassword' },
      machine_alias: { k: 'str', go: 'types.UpdateMachineAlias' },
    },
    true,
  ),
  docker: obj('Docker', { flags: strList }, true),
  locksmith: obj(
    'Locksmith',
    {
      reboot_strategy: optStr,
      window_start: optStr,
      window_length: optStr,
      group: optStr,
      etcd_endpoints: optStr,
      etcd_cafile: optStr,
      etcd_certfile: optStr,
      etcd_keyfile: optStr,
    },
    true,
  ),
});
