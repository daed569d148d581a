/**
 * The decoded shape of any 3.x config, loose enough for every version: the
 * shared rules read it; fields a version lacks are simply absent. Each
 * version's decoded type (Infer of its schema) is assignable to this shape's
 * use through `asV3`.
 */
export interface V3Verification {
  hash?: string | undefined;
}
export interface V3Header {
  name: string;
  value?: string | undefined;
}
export interface V3Resource {
  compression?: string | undefined;
  httpHeaders?: V3Header[];
  source?: string | undefined;
  verification: V3Verification;
}
export interface V3Owner {
  id?: number | undefined;
  name?: string | undefined;
}
export interface V3Node {
  group: V3Owner;
  overwrite?: boolean | undefined;
  path: string;
  user: V3Owner;
}
export interface V3File extends V3Node {
  append: V3Resource[];
  contents: V3Resource;
  mode?: number | undefined;
}
export interface V3Directory extends V3Node {
  mode?: number | undefined;
}
export interface V3Link extends V3Node {
  hard?: boolean | undefined;
  target?: string | undefined;
}
export interface V3Partition {
  guid?: string | undefined;
  label?: string | undefined;
  number: number;
  shouldExist?: boolean | undefined;
  sizeMiB?: number | undefined;
  startMiB?: number | undefined;
  typeGuid?: string | undefined;
}
export interface V3Disk {
  device: string;
  partitions: V3Partition[];
  wipeTable?: boolean | undefined;
}
export interface V3Filesystem {
  device: string;
  format?: string | undefined;
  label?: string | undefined;
  mountOptions?: string[];
  options: string[];
  path?: string | undefined;
  uuid?: string | undefined;
  wipeFilesystem?: boolean | undefined;
}
export interface V3Raid {
  devices: string[];
  level?: string | undefined;
  name: string;
  options: string[];
  spares?: number | undefined;
}
export interface V3Tang {
  advertisement?: string | undefined;
  thumbprint?: string | undefined;
  url: string;
}
export interface V3ClevisCustom {
  config?: string | undefined;
  needsNetwork?: boolean | undefined;
  pin?: string | undefined;
}
export interface V3Clevis {
  custom?: V3ClevisCustom | undefined;
  tang: V3Tang[];
  threshold?: number | undefined;
  tpm2?: boolean | undefined;
}
export interface V3Luks {
  cex?: { enabled?: boolean | undefined };
  clevis?: V3Clevis | undefined;
  device?: string | undefined;
  keyFile: V3Resource;
  label?: string | undefined;
  name: string;
  openOptions?: string[];
  options: string[];
}
export interface V3Unit {
  contents?: string | undefined;
  dropins: { contents?: string | undefined; name: string }[];
  enabled?: boolean | undefined;
  name: string;
}
export interface V3Config {
  ignition: {
    config: { merge: V3Resource[]; replace: V3Resource };
    proxy?: { httpProxy?: string | undefined; httpsProxy?: string | undefined; noProxy: string[] };
    security: { tls: { certificateAuthorities: V3Resource[] } };
    version: string;
  };
  kernelArguments?: { shouldExist: string[]; shouldNotExist: string[] };
  passwd: { groups: { name: string }[]; users: { name: string; groups: string[]; sshAuthorizedKeys: string[] }[] };
  storage: {
    directories: V3Directory[];
    disks: V3Disk[];
    files: V3File[];
    filesystems: V3Filesystem[];
    links: V3Link[];
    luks?: V3Luks[];
    raid: V3Raid[];
  };
  systemd: { units: V3Unit[] };
}
