/**
 * The decoded shape of any 2.x config, loose enough for every version
 * (2.0's different layout included): the shared 2.x rules read it; fields a
 * version lacks are absent.
 */
export interface V2Verification {
  hash?: string | undefined;
}
export interface V2Header {
  name: string;
  value: string;
}
export interface V2Reference {
  httpHeaders?: V2Header[];
  source: string;
  verification: V2Verification;
}
export interface V2Contents {
  compression: string;
  httpHeaders?: V2Header[];
  source: string;
  verification: V2Verification;
}
export interface V2Owner {
  id?: number | undefined;
  name?: string | undefined;
}
export interface V2Node {
  filesystem: string;
  group?: V2Owner | undefined;
  overwrite?: boolean | undefined;
  path: string;
  user?: V2Owner | undefined;
}
export interface V2File extends V2Node {
  append?: boolean;
  contents: V2Contents;
  mode?: number | undefined;
}
export interface V2Directory extends V2Node {
  mode?: number | undefined;
}
export interface V2Link extends V2Node {
  hard?: boolean;
  target: string;
}
export interface V2Partition {
  guid?: string;
  label?: string | undefined;
  number: number;
  shouldExist?: boolean | undefined;
  size?: number | undefined;
  sizeMiB?: number | undefined;
  start?: number | undefined;
  startMiB?: number | undefined;
  typeGuid: string;
}
export interface V2Disk {
  device: string;
  partitions: V2Partition[];
  wipeTable: boolean;
}
export interface V2Mount {
  create?: { force: boolean; options: string[] } | undefined;
  device: string;
  format: string;
  label?: string | undefined;
  options?: string[];
  uuid?: string | undefined;
  wipeFilesystem?: boolean;
}
export interface V2Filesystem {
  mount?: V2Mount | undefined;
  name: string;
  path?: string | undefined;
}
export interface V2Raid {
  devices: string[];
  level: string;
  name: string;
  spares: number;
}
export interface V2User {
  create?: object | undefined;
  gecos?: string;
  groups?: string[];
  homeDir?: string;
  name: string;
  noCreateHome?: boolean;
  noLogInit?: boolean;
  noUserGroup?: boolean;
  primaryGroup?: string;
  shell?: string;
  system?: boolean;
  uid?: number | undefined;
}
export interface V2Dropin {
  contents: string;
  name: string;
}
export interface V2Unit {
  contents: string;
  dropins: V2Dropin[];
  enable: boolean;
  enabled?: boolean | undefined;
  mask: boolean;
  name: string;
}
export interface V2NetworkdUnit {
  contents: string;
  dropins?: V2Dropin[];
  name: string;
}
export interface V2Config {
  ignition: {
    config: { append: V2Reference[]; replace?: V2Reference | undefined };
    security?: { tls: { certificateAuthorities: V2Reference[] } };
    version: string;
  };
  networkd: { units: V2NetworkdUnit[] };
  passwd: { users: V2User[] };
  storage: {
    directories?: V2Directory[];
    disks: V2Disk[];
    files: V2File[];
    filesystems: V2Filesystem[];
    links?: V2Link[];
    raid: V2Raid[];
  };
  systemd: { units: V2Unit[] };
}
