/**
 * Down-translation 3.y → 3.x (x < y). The steps are the up-steps reversed,
 * as coreos/ign-converter's translate/v3Ytov3X copy them: Go's field-by-field
 * copy into the older structs (`project`), plus
 * - 3.3 → 3.2: luks `clevis` and clevis `custom` become pointers again, set
 *   only when the struct is not empty; raid `level` and link `target` plain
 *   strings (a missing one is "");
 * - 3.1 → 3.0: Resource becomes ConfigReference / CaReference / FileContents.
 *
 * A step silently drops what the older spec lacks, so `refusals` must find
 * nothing first: it lists every field or value of the config that the
 * target version lacks, one issue per place, with the minimum version. As in
 * ign-converter, a field set to its default (`discard: false`,
 * `shouldExist: true`, `resize: false`, `cex.enabled: false`, "" strings,
 * empty lists) is not a use and is dropped.
 */
import { errorAt, type Issue, type JsonPath } from '../../core/index.js';
import { parseGoUrl } from '../../go/index.js';
import * as v3_0 from '../v3_0/index.js';
import * as v3_1 from '../v3_1/index.js';
import * as v3_2 from '../v3_2/index.js';
import * as v3_3 from '../v3_3/index.js';
import * as v3_4 from '../v3_4/index.js';
import * as v3_5 from '../v3_5/index.js';
import type * as v3_6 from '../v3_6/index.js';
import { clevis as clevis3_3, clevisCustom as clevisCustom3_3 } from '../v3_3/schema.js';
import type { luks as luksNode, resource as resourceNode } from '../v3_6/schema.js';
import type { Infer } from '../schema/index.js';
import { isZero, project } from './project.js';

export const FIELD_UNSUPPORTED = 'IGN_TRANSLATE_FIELD_UNSUPPORTED';

export function down3_6to3_5(old: v3_6.Config): v3_5.Config {
  const ret = project(v3_5.schema, old) as v3_5.Config;
  ret.ignition.version = '3.5.0';
  return ret;
}

export function down3_5to3_4(old: v3_5.Config): v3_4.Config {
  const ret = project(v3_4.schema, old) as v3_4.Config;
  ret.ignition.version = '3.4.0';
  return ret;
}

export function down3_4to3_3(old: v3_4.Config): v3_3.Config {
  const ret = project(v3_3.schema, old) as v3_3.Config;
  ret.ignition.version = '3.3.0';
  return ret;
}

export function down3_3to3_2(old: v3_3.Config): v3_2.Config {
  const ret = project(v3_2.schema, old) as v3_2.Config;
  ret.storage.luks.forEach((l, i) => {
    const clevis = old.storage.luks[i]!.clevis;
    // reflect.DeepEqual(old.Clevis, Clevis{}): an empty struct becomes a nil pointer.
    if (isZero(clevis3_3, clevis)) l.clevis = undefined;
    else if (l.clevis !== undefined && isZero(clevisCustom3_3, clevis.custom)) l.clevis.custom = undefined;
  });
  ret.ignition.version = '3.2.0';
  return ret;
}

export function down3_2to3_1(old: v3_2.Config): v3_1.Config {
  const ret = project(v3_1.schema, old) as v3_1.Config;
  ret.ignition.version = '3.1.0';
  return ret;
}

export function down3_1to3_0(old: v3_1.Config): v3_0.Config {
  const ret = project(v3_0.schema, old) as v3_0.Config;
  ret.ignition.version = '3.0.0';
  return ret;
}

/** The down-steps by the minor version they lead to (DOWN_STEPS[2] is 3.3 → 3.2). */
// biome-ignore lint/suspicious/noExplicitAny: each step takes its own version's config; the chain is typed at its ends
export const DOWN_STEPS: readonly ((cfg: any) => unknown)[] = [
  down3_1to3_0,
  down3_2to3_1,
  down3_3to3_2,
  down3_4to3_3,
  down3_5to3_4,
  down3_6to3_5,
];

// The shape refusals reads: any 3.x config, as the newest spec's inferred
// type with every field optional (an older config lacks the newer fields).
type Loose<T> = T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]?: Loose<T[K]> } : T;
type LConfig = Loose<v3_6.Config>;
type LResource = Loose<Infer<typeof resourceNode>>;
type LLuks = Loose<Infer<typeof luksNode>>;

const V = (minor: number): string => `3.${minor}.0`;
const set = (s: string | undefined): s is string => s !== undefined && s !== '';
const some = (l: readonly unknown[] | undefined): boolean => l !== undefined && l.length > 0;

/**
 * Every field or value of `cfg` (a config of spec 3.`fromMinor`) that spec
 * 3.`toMinor` lacks, in Ignition's walk order. Special mode bits count only
 * from 3.6 (older specs ignore them, so a 3.5 config with them means the
 * same in 3.4).
 */
export function refusals(cfg: unknown, fromMinor: number, toMinor: number): Issue[] {
  const out: Issue[] = [];
  const c = cfg as LConfig;
  const need = (min: number, path: JsonPath, what: string): void => {
    if (min > toMinor) {
      out.push(
        errorAt(FIELD_UNSUPPORTED, path, `${what} needs spec ${V(min)} or newer; cannot translate to ${V(toMinor)}`),
      );
    }
  };
  const resource = (r: LResource | undefined, path: JsonPath, compressionNew: boolean): void => {
    if (r === undefined) return;
    if (compressionNew && set(r.compression)) need(1, [...path, 'compression'], `compression of ${what(path)}`);
    if (some(r.httpHeaders)) need(1, [...path, 'httpHeaders'], 'httpHeaders');
    if (set(r.source)) {
      const scheme = parseGoUrl(r.source)?.scheme;
      if (scheme === 'gs') need(2, [...path, 'source'], 'the gs:// URL scheme');
      if (scheme === 'arn') need(4, [...path, 'source'], 'the arn: URL scheme (S3 access points)');
    }
    const hash = r.verification?.hash;
    if (hash?.startsWith('sha256-')) need(1, [...path, 'verification', 'hash'], 'the sha256 hash function');
  };
  const mode = (n: { mode?: number | undefined }, path: JsonPath): void => {
    if (
      fromMinor >= 6 &&
      n.mode !== undefined &&
      (BigInt(Number.isSafeInteger(n.mode) ? n.mode : 0) & 0o7000n) !== 0n
    ) {
      need(6, [...path, 'mode'], 'mode with setuid, setgid or sticky bits');
    }
  };

  const ign = c.ignition;
  ign?.config?.merge?.forEach((r, i) => resource(r, ['ignition', 'config', 'merge', i], true));
  resource(ign?.config?.replace, ['ignition', 'config', 'replace'], true);
  const proxy = ign?.proxy;
  if (set(proxy?.httpProxy)) need(1, ['ignition', 'proxy', 'httpProxy'], 'ignition.proxy');
  if (set(proxy?.httpsProxy)) need(1, ['ignition', 'proxy', 'httpsProxy'], 'ignition.proxy');
  if (some(proxy?.noProxy)) need(1, ['ignition', 'proxy', 'noProxy'], 'ignition.proxy');
  ign?.security?.tls?.certificateAuthorities?.forEach((r, i) =>
    resource(r, ['ignition', 'security', 'tls', 'certificateAuthorities', i], true),
  );

  if (some(c.kernelArguments?.shouldExist)) need(3, ['kernelArguments', 'shouldExist'], 'kernelArguments');
  if (some(c.kernelArguments?.shouldNotExist)) need(3, ['kernelArguments', 'shouldNotExist'], 'kernelArguments');

  c.passwd?.groups?.forEach((g, i) => {
    if (g.shouldExist === false) need(2, ['passwd', 'groups', i, 'shouldExist'], 'shouldExist false (group deletion)');
  });
  c.passwd?.users?.forEach((u, i) => {
    if (u.shouldExist === false) need(2, ['passwd', 'users', i, 'shouldExist'], 'shouldExist false (user deletion)');
  });

  const st = c.storage;
  st?.directories?.forEach((d, i) => mode(d, ['storage', 'directories', i]));
  st?.disks?.forEach((d, i) =>
    d.partitions?.forEach((p, j) => {
      if (p.resize === true) need(2, ['storage', 'disks', i, 'partitions', j, 'resize'], 'partition resize');
    }),
  );
  st?.files?.forEach((f, i) => {
    const at = ['storage', 'files', i];
    f.append?.forEach((r, j) => resource(r, [...at, 'append', j], false));
    resource(f.contents, [...at, 'contents'], false);
    mode(f, at);
  });
  st?.filesystems?.forEach((fs, i) => {
    if (fs.format === 'none') need(3, ['storage', 'filesystems', i, 'format'], 'filesystem format none');
    if (some(fs.mountOptions)) need(1, ['storage', 'filesystems', i, 'mountOptions'], 'filesystem mountOptions');
  });
  if (some(st?.luks)) {
    // Below 3.2 the whole section is refused; its newer details only matter from 3.2 on.
    if (toMinor < 2) need(2, ['storage', 'luks'], 'storage.luks');
    else st!.luks!.forEach((l, i) => luks(l, ['storage', 'luks', i], need, resource));
  }
  return out;
}

function luks(
  l: LLuks,
  at: JsonPath,
  need: (min: number, path: JsonPath, what: string) => void,
  resource: (r: LResource | undefined, path: JsonPath, compressionNew: boolean) => void,
): void {
  if (l.cex?.enabled === true) need(5, [...at, 'cex', 'enabled'], 'luks cex');
  const pin = l.clevis?.custom?.pin;
  if (set(pin) && !['tpm2', 'tang', 'sss'].includes(pin))
    need(6, [...at, 'clevis', 'custom', 'pin'], `the custom clevis pin ${JSON.stringify(pin)}`);
  l.clevis?.tang?.forEach((t, j) => {
    if (set(t.advertisement))
      need(4, [...at, 'clevis', 'tang', j, 'advertisement'], 'tang advertisement (offline provisioning)');
  });
  if (l.discard === true) need(4, [...at, 'discard'], 'luks discard');
  resource(l.keyFile, [...at, 'keyFile'], false);
  if (some(l.openOptions)) need(4, [...at, 'openOptions'], 'luks openOptions');
}

function what(path: JsonPath): string {
  const i = path.indexOf('merge');
  if (i >= 0) return 'a merged config';
  if (path.includes('replace')) return 'the replacing config';
  return 'a certificate authority';
}
