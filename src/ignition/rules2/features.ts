/** What differs between 2.x spec versions in the semantic rules (coreos/ignition v0.35.0 config/v2_N/types). */
export interface V2Features {
  readonly version: string;
  /** URL schemes: 2.0 http, https, oem, data; 2.1+ also tftp and s3. */
  readonly schemes: readonly string[];
  /** Filesystem formats: 2.0 ext4, btrfs, xfs; 2.1+ also swap and vfat. */
  readonly formats: readonly string[];
  /** 2.1+: Node user/group id and name conflict, filesystem label lengths, create deprecation and conflicts, partition guid. */
  readonly v21: boolean;
  /** 2.2+: `permissions unset` warnings, append + overwrite, CAs. */
  readonly v22: boolean;
  /** 2.3: pointer partition fields, shouldExist, sizeMiB/startMiB, size/start deprecated, the `invalid url %q` and `filesystem %q:` messages. */
  readonly v23: boolean;
  /** 2.4: httpHeaders (name set, unique, only on http(s) sources), ignition.proxy. */
  readonly v24?: boolean;
}

export const V2_0: V2Features = {
  version: '2.0.0',
  schemes: ['http', 'https', 'oem', 'data'],
  formats: ['ext4', 'btrfs', 'xfs'],
  v21: false,
  v22: false,
  v23: false,
};
export const V2_1: V2Features = {
  ...V2_0,
  version: '2.1.0',
  schemes: ['http', 'https', 'oem', 'tftp', 's3', 'data'],
  formats: ['ext4', 'btrfs', 'xfs', 'swap', 'vfat'],
  v21: true,
};
export const V2_2: V2Features = { ...V2_1, version: '2.2.0', v22: true };
export const V2_3: V2Features = { ...V2_2, version: '2.3.0', v23: true };
export const V2_4: V2Features = { ...V2_3, version: '2.4.0', v24: true };
