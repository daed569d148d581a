/** What differs between 2.x spec versions in the semantic rules (coreos/ignition v0.35.0 config/v2_N/types). */
export interface V2Features {
  readonly version: string;
  /** URL schemes: 2.0 http, https, oem, data; 2.1+ also tftp and s3. */
  readonly schemes: readonly string[];
  /** Filesystem formats: 2.0 ext4, btrfs, xfs; 2.1+ also swap and vfat. */
  readonly formats: readonly string[];
  /**
   * 2.1+: the types validate field by field (ValidateX methods, in Go field
   * order; issues at the field) and Mount validates its format before its
   * fields (then label lengths). 2.0: each type's own Validate at the struct,
   * whose error stops the walk, and the order ignition, storage, systemd,
   * networkd, passwd.
   */
  readonly fieldValidators: boolean;
  /** 2.1+: a user or group owner may not set both id and name. */
  readonly ownerIdNameConflict: boolean;
  /** 2.1+: `create` (users, filesystems) is deprecated and conflicts with the fields that replace it. */
  readonly createDeprecated: boolean;
  /** 2.2+: a file or directory without mode warns `permissions unset`. */
  readonly permissionsUnsetWarning: boolean;
  /** 2.2+: a file may not set both append and overwrite. */
  readonly appendOverwriteConflict: boolean;
  /** 2.3+: partition shouldExist and sizeMiB/startMiB (their conflicts; size/start deprecated). */
  readonly partitionMiB: boolean;
  /** 2.3+: messages name what they are about (`invalid url %q: `, `filesystem %q: path not absolute`). */
  readonly namedMessages: boolean;
  /** 2.4+: httpHeaders (name set, unique, only on http(s) sources), ignition.proxy. */
  readonly httpHeaders: boolean;
}

export const V2_0: V2Features = {
  version: '2.0.0',
  schemes: ['http', 'https', 'oem', 'data'],
  formats: ['ext4', 'btrfs', 'xfs'],
  fieldValidators: false,
  ownerIdNameConflict: false,
  createDeprecated: false,
  permissionsUnsetWarning: false,
  appendOverwriteConflict: false,
  partitionMiB: false,
  namedMessages: false,
  httpHeaders: false,
};
export const V2_1: V2Features = {
  ...V2_0,
  version: '2.1.0',
  schemes: ['http', 'https', 'oem', 'tftp', 's3', 'data'],
  formats: ['ext4', 'btrfs', 'xfs', 'swap', 'vfat'],
  fieldValidators: true,
  ownerIdNameConflict: true,
  createDeprecated: true,
};
export const V2_2: V2Features = {
  ...V2_1,
  version: '2.2.0',
  permissionsUnsetWarning: true,
  appendOverwriteConflict: true,
};
export const V2_3: V2Features = { ...V2_2, version: '2.3.0', partitionMiB: true, namedMessages: true };
export const V2_4: V2Features = { ...V2_3, version: '2.4.0', httpHeaders: true };
