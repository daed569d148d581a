/** The parts of a spec 3.6 config the engine reads (parseAnyVersion's output), typed loosely. */
export interface Owner {
  id?: number | undefined;
  name?: string | undefined;
}
export interface Resource {
  source?: string | undefined;
  compression?: string | undefined;
  httpHeaders?: { name: string; value?: string | undefined }[];
  verification?: { hash?: string | undefined };
}
export interface NodeSpec {
  path: string;
  overwrite?: boolean | undefined;
  user?: Owner;
  group?: Owner;
}
export interface FileSpec extends NodeSpec {
  contents?: Resource;
  append?: Resource[];
  mode?: number | undefined;
}
export interface DirSpec extends NodeSpec {
  mode?: number | undefined;
}
export interface LinkSpec extends NodeSpec {
  target?: string | undefined;
  hard?: boolean | undefined;
}
export interface UserSpec {
  name: string;
  passwordHash?: string | undefined;
  sshAuthorizedKeys?: string[];
  uid?: number | undefined;
  gecos?: string | undefined;
  homeDir?: string | undefined;
  noCreateHome?: boolean | undefined;
  primaryGroup?: string | undefined;
  groups?: string[];
  noUserGroup?: boolean | undefined;
  noLogInit?: boolean | undefined;
  shell?: string | undefined;
  system?: boolean | undefined;
  shouldExist?: boolean | undefined;
}
export interface GroupSpec {
  name: string;
  gid?: number | undefined;
  passwordHash?: string | undefined;
  system?: boolean | undefined;
  shouldExist?: boolean | undefined;
}
export interface UnitSpec {
  name: string;
  enabled?: boolean | undefined;
  mask?: boolean | undefined;
  contents?: string | undefined;
  dropins?: { name: string; contents?: string | undefined }[];
}
export interface PartitionSpec {
  number?: number;
  label?: string | undefined;
  sizeMiB?: number | undefined;
  startMiB?: number | undefined;
  typeGuid?: string | undefined;
  guid?: string | undefined;
  shouldExist?: boolean | undefined;
}
export interface FilesystemSpec {
  device: string;
  format?: string | undefined;
  path?: string | undefined;
  label?: string | undefined;
  uuid?: string | undefined;
  wipeFilesystem?: boolean | undefined;
  options?: string[];
}
export interface EngineConfig {
  ignition: {
    version: string;
    config?: { merge?: Resource[]; replace?: Resource };
    security?: { tls?: { certificateAuthorities?: Resource[] } };
    proxy?: { httpProxy?: string | undefined; httpsProxy?: string | undefined; noProxy?: string[] };
    timeouts?: { httpResponseHeaders?: number | undefined; httpTotal?: number | undefined };
  };
  storage?: {
    disks?: { device: string; wipeTable?: boolean | undefined; partitions?: PartitionSpec[] }[];
    raid?: unknown[];
    luks?: unknown[];
    filesystems?: FilesystemSpec[];
    files?: FileSpec[];
    directories?: DirSpec[];
    links?: LinkSpec[];
  };
  passwd?: { users?: UserSpec[]; groups?: GroupSpec[] };
  systemd?: { units?: UnitSpec[] };
}
