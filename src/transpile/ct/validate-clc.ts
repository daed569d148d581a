import { pushAll, type Issue, type JsonPath } from '../../core/index.js';
import { ct } from './messages.js';
import type { Clc } from './decode.js';
import { goUrlParseError, parseSemver, type Semver, semverLess } from '../../go/index.js';

/**
 * ct's checks of the Container Linux Config itself, in the order Ignition's
 * validator walks ct's types (a struct's own rules, then its fields, then
 * its unknown keys). Issues carry YAML paths.
 */
export function validateClc(cfg: Clc, unknown: Map<string, Issue[]>): Issue[] {
  const out: Issue[] = [];
  const unknownAt = (path: JsonPath): void => {
    pushAll(out, unknown.get(JSON.stringify(path)) ?? []);
  };
  // Config: ValidateVersion, then fields.
  if (cfg['version'] !== 0) out.push(ct.error('CT_VERSION_INVALID', ['version']));
  walkPlain(cfg['ignition'], ['ignition'], unknownAt);
  const storage = cfg['storage'] as Clc;
  for (const key of ['disks', 'raid', 'filesystems'] as const) walkPlain(storage[key], ['storage', key], unknownAt);
  (storage['files'] as Clc[]).forEach((f, i) => {
    const p: JsonPath = ['storage', 'files', i];
    if (f['mode'] === undefined) {
      out.push(
        f['append']
          ? ct.info('CT_MODE_UNSET', p, { reason: 'appendedFile' })
          : ct.warning('CT_MODE_UNSET', p, { reason: 'file' }),
      );
    }
    walkPlain(f['user'], [...p, 'user'], unknownAt);
    walkPlain(f['group'], [...p, 'group'], unknownAt);
    const c = f['contents'] as Clc;
    const n = [c['remote']['url'], c['inline'], c['local']].filter((s) => s !== '').length;
    if (n > 1) out.push(ct.error('CT_TOO_MANY_SOURCES', [...p, 'contents']));
    else walkPlain(c, [...p, 'contents'], unknownAt);
    unknownAt(p);
  });
  (storage['directories'] as Clc[]).forEach((d, i) => {
    const p: JsonPath = ['storage', 'directories', i];
    if (d['mode'] === undefined) out.push(ct.warning('CT_MODE_UNSET', p, { reason: 'directory' }));
    walkPlain(d, p, unknownAt);
  });
  walkPlain(storage['links'], ['storage', 'links'], unknownAt);
  unknownAt(['storage']);
  walkPlain(cfg['systemd'], ['systemd'], unknownAt);
  walkPlain(cfg['networkd'], ['networkd'], unknownAt);
  walkPlain(cfg['passwd'], ['passwd'], unknownAt);
  if (cfg['etcd'] !== undefined) validateEtcd(cfg['etcd'] as Clc, out);
  unknownAt(['etcd']);
  if (cfg['flannel'] !== undefined) validateFlannel(cfg['flannel'] as Clc, out);
  unknownAt(['flannel']);
  const update = cfg['update'] as Clc | undefined;
  if (update !== undefined) {
    const g = String(update['group']).toLowerCase();
    if (!['stable', 'beta', 'alpha'].includes(g) && update['server'] === '') {
      out.push(ct.warning('CT_UPDATE_GROUP_UNKNOWN', ['update']));
    }
    const e = goUrlParseError(update['server'] as string);
    if (e !== undefined) out.push(ct.error('CT_URL_INVALID', ['update', 'server'], { error: e }));
    unknownAt(['update']);
  }
  walkPlain(cfg['docker'], ['docker'], unknownAt);
  const ls = cfg['locksmith'] as Clc | undefined;
  if (ls !== undefined) validateLocksmith(ls, out);
  unknownAt(['locksmith']);
  unknownAt([]);
  return out;
}

/** Unknown keys of a subtree without rules of its own, children first. */
function walkPlain(v: unknown, path: JsonPath, unknownAt: (p: JsonPath) => void): void {
  if (Array.isArray(v)) v.forEach((x, i) => walkPlain(x, [...path, i], unknownAt));
  else if (v !== null && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) walkPlain(x, [...path, k], unknownAt);
    unknownAt(path);
  }
}

const ETCD_OLDEST: Semver = { major: 2, minor: 3, patch: 0, pre: '', meta: '' };
const FLANNEL_OLDEST: Semver = { major: 0, minor: 5, patch: 0, pre: '', meta: '' };

function validateEtcd(etcd: Clc, out: Issue[]): void {
  const v = etcd['version'] as Semver | undefined;
  if (v !== undefined) {
    const at: JsonPath = ['etcd', 'version'];
    if (semverLess(v, ETCD_OLDEST)) out.push(ct.error('CT_ETCD_VERSION', at, { reason: 'tooOld' }));
    else if ((v.major === 2 && v.minor > 3) || (v.major === 3 && v.minor > 5)) {
      out.push(ct.warning('CT_ETCD_VERSION', at, { reason: 'minorTooNew' }));
    } else if (v.major > 3) out.push(ct.error('CT_ETCD_VERSION', at, { reason: 'tooNew' }));
  }
}

function validateFlannel(fl: Clc, out: Issue[]): void {
  const opts = fl['options'] as Record<string, unknown>;
  const v = fl['version'] as Semver | undefined;
  const is07 = v !== undefined && v.major === 0 && v.minor >= 7;
  if (is07 && opts['kube_subnet_mgr'] === true && fl['network_config'] !== '') {
    out.push(ct.error('CT_FLANNEL_NETWORK_CONFIG', ['flannel'], { reason: 'withKubeSubnetMgr' }));
    return;
  }
  if (v !== undefined) {
    if (semverLess(v, FLANNEL_OLDEST))
      out.push(ct.error('CT_FLANNEL_VERSION', ['flannel', 'version'], { reason: 'tooOld' }));
    else if (v.major === 0 && v.minor > 7) {
      out.push(ct.warning('CT_FLANNEL_VERSION', ['flannel', 'version'], { reason: 'minorTooNew' }));
    }
  }
  const nc = fl['network_config'] as string;
  if (nc !== '' && !isJsonObject(nc)) {
    out.push(ct.error('CT_FLANNEL_NETWORK_CONFIG', ['flannel', 'network_config'], { reason: 'notJson' }));
  }
}

function isJsonObject(s: string): boolean {
  try {
    const v: unknown = JSON.parse(s);
    return v === null || (typeof v === 'object' && !Array.isArray(v));
  } catch {
    return false;
  }
}

const empty = (s: unknown): boolean => s === undefined || s === '';

function validateLocksmith(ls: Clc, out: Issue[]): void {
  if (empty(ls['window_start']) !== empty(ls['window_length'])) {
    out.push(ct.error('CT_LOCKSMITH_INVALID', ['locksmith'], { reason: 'windowHalf' }));
    return;
  }
  const strategy = ls['reboot_strategy'] as string | undefined;
  if (!empty(strategy) && !['reboot', 'etcd-lock', 'off'].includes(strategy!.toLowerCase())) {
    out.push(ct.error('CT_LOCKSMITH_INVALID', ['locksmith', 'reboot_strategy'], { reason: 'strategy' }));
  }
  const start = ls['window_start'] as string | undefined;
  if (!empty(start)) {
    const words = start!.trim().split(/\s+/);
    let day = 'not-present';
    let t = start!;
    if (words.length >= 2) [day, t] = [words[0]!, words[1]!];
    if (!['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'not-present'].includes(day.toLowerCase())) {
      out.push(ct.error('CT_LOCKSMITH_INVALID', ['locksmith', 'window_start'], { reason: 'windowStartDay' }));
    } else if (!/^([01]?\d|2[0-3]):[0-5]\d$/.test(t) || !/^\d{1,2}:\d\d$/.test(t)) {
      out.push(ct.error('CT_LOCKSMITH_INVALID', ['locksmith', 'window_start'], { reason: 'windowStart' }));
    }
  }
  const length = ls['window_length'] as string | undefined;
  if (!empty(length) && !isGoDuration(length!)) {
    out.push(ct.error('CT_LOCKSMITH_INVALID', ['locksmith', 'window_length'], { reason: 'windowLength' }));
  }
}

/** Go's time.ParseDuration syntax: [-+]? then (number unit)+, or "0". */
export function isGoDuration(s: string): boolean {
  if (/^[-+]?0$/.test(s)) return true;
  return /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/.test(s);
}

export { parseSemver };
