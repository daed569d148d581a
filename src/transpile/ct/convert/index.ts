import type { Issue } from '../../../core/index.js';
import { ct } from '../messages.js';
import { TranslationSet } from '../../translation-set.js';
import type { Clc } from '../decode.js';
import type { ConvertContext, ConvertOptions, CtOutput, Obj } from './context.js';
import { convertDisks } from './disks.js';
import { convertDocker } from './docker.js';
import { convertEtcd } from './etcd.js';
import { convertFiles } from './files.js';
import { convertFilesystems } from './filesystems.js';
import { convertFlannel } from './flannel.js';
import { convertIgnition, convertSecurity } from './ignition.js';
import { convertNetworkd } from './networkd.js';
import { convertPasswd } from './passwd.js';
import { convertPlatform } from './platform.js';
import { convertRaid } from './raid.js';
import { convertSystemd } from './systemd.js';
import { convertUpdateConf } from './update-conf.js';

export type { ConvertOptions, LocalReader } from './context.js';

export interface ConvertResult {
  readonly output: Obj | undefined;
  readonly issues: Issue[];
  readonly translations: TranslationSet;
}

/** ct's converters, in its order (the order of generated units, files and translations). */
const CONVERTERS: readonly ((ctx: ConvertContext) => void)[] = [
  convertPlatform,
  convertIgnition,
  convertDisks,
  convertDocker,
  convertEtcd,
  convertFiles,
  convertFilesystems,
  convertFlannel,
  convertNetworkd,
  convertPasswd,
  convertRaid,
  convertSecurity,
  convertSystemd,
  convertUpdateConf,
];

/** The containers come from the YAML sections of the same name (or the document). */
const CONTAINERS = [
  ['ignition'],
  ['ignition', 'config'],
  ['ignition', 'config', 'append'],
  ['ignition', 'security'],
  ['ignition', 'security', 'tls'],
  ['ignition', 'timeouts'],
  ['networkd'],
  ['networkd', 'units'],
  ['passwd'],
  ['passwd', 'users'],
  ['passwd', 'groups'],
  ['storage'],
  ['storage', 'disks'],
  ['storage', 'raid'],
  ['storage', 'filesystems'],
  ['storage', 'files'],
  ['storage', 'directories'],
  ['storage', 'links'],
  ['systemd'],
  ['systemd', 'units'],
];

/**
 * ct's converters, in its order: platform metadata units, ignition, disks,
 * docker, etcd, files/directories/links, filesystems, flannel, networkd,
 * passwd, raid, security, systemd, update + locksmith. The output uses
 * Ignition 2.3.0's JSON keys; `translations` says which YAML place each
 * output place came from.
 */
export function convertClc(cfg: Clc, opts: ConvertOptions): ConvertResult {
  const out: CtOutput = {
    ignition: { config: {}, security: { tls: {} }, timeouts: {}, version: '2.3.0' },
    networkd: {},
    passwd: {},
    storage: {},
    systemd: {},
  };
  const ctx: ConvertContext = {
    cfg,
    opts,
    out,
    ts: new TranslationSet(),
    issues: [],
    failures: [],
    units: [],
    files: [],
  };
  for (const convert of CONVERTERS) convert(ctx);
  if (ctx.files.length > 0) out.storage['files'] = ctx.files;
  if (ctx.units.length > 0) out.systemd['units'] = ctx.units;
  ctx.ts.add([], ['ignition', 'version']);
  for (const path of CONTAINERS) ctx.ts.add(path, path);
  if (ctx.failures.length > 0) {
    return {
      output: undefined,
      issues: [...ctx.issues, ...ctx.failures.map((error) => ct.error('CT_TEMPLATING', [], { error }))],
      translations: ctx.ts,
    };
  }
  return { output: out, issues: ctx.issues, translations: ctx.ts };
}
