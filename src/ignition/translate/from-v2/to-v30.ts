import { issue, Report, type Issue, type JsonPath } from '../../../core/index.js';
import { pathJoin } from '../../../go/index.js';
import { V2_3, V2_4 } from '../../rules/v2/features.js';
import { validateV2 } from '../../rules/v2/validate-v2.js';
import type * as v2_3 from '../../v2_3/index.js';
import * as v3_0 from '../../v3_0/index.js';
import { build } from './build-v30.js';
import type { TranslateV23ToV30Options, TranslateV23ToV30Result } from './options.js';

const MESSAGES = {
  networkd: 'config includes deprecated networkd section - use Files instead',
  create: 'Config must force filesystem creation in case `mount.create` object is defined.',
} as const;

/**
 * Translates a decoded 2.3.0 config to 3.0.0 with ign-converter's rules.
 * `fsMap` maps 2.x filesystem names to their mount paths (`root` is `/`).
 */
export function translateV23ToV30(
  cfg: v2_3.Config,
  fsMap: Record<string, string>,
  opts: TranslateV23ToV30Options = {},
): TranslateV23ToV30Result {
  const flatcar = opts.rules === 'flatcar';
  const input = validateV2(cfg, cfg.ignition.version === '2.4.0' ? V2_4 : V2_3);
  const refusing = input.issues.filter(
    (i) =>
      i.severity === 'error' ||
      i.code === 'IGN_PARTITION_SIZE_DEPRECATED' ||
      i.code === 'IGN_PARTITION_START_DEPRECATED',
  );
  if (refusing.length > 0) {
    return {
      report: new Report([issue('error', 'IGN_TRANSLATE_INPUT_INVALID', [], 'Invalid input config'), ...refusing]),
    };
  }
  const out: Issue[] = [];
  const refuse = (code: string, path: JsonPath, message: string) => out.push(issue('error', code, path, message));

  // The fork writes networkd units as files (below); coreos/ign-converter refuses them.
  if (!flatcar && cfg.networkd.units.length > 0)
    refuse('IGN_TRANSLATE_NETWORKD', ['networkd', 'units', 0], MESSAGES.networkd);

  const map = new Map<string, string>(Object.entries(fsMap));
  map.set('root', '/');
  // Hull: a 2.x filesystem given by `path` (no mount) already says where its files go; it maps itself
  // unless the map names it (ign-converter requires a map entry and then emits a filesystem without a
  // device; the fork crashes on it).
  for (const fs of cfg.storage.filesystems)
    if (fs.mount === undefined && fs.path !== undefined && !map.has(fs.name)) map.set(fs.name, fs.path);
  // The fork's util.FSGeneration: an unnamed filesystem is called ignitionN, an unmapped one is mounted
  // at /tmp/<name>-ignN (oem at /usr/share/oem), N counting from 1 per translation as in one boot.
  let generatedName = 0;
  let addedSuffix = 0;
  cfg.storage.filesystems.forEach((fs, i) => {
    if (flatcar && fs.mount !== undefined) {
      const name = fs.name === '' ? `ignition${++generatedName}` : fs.name;
      if (!map.has(name)) {
        addedSuffix++;
        map.set(name, name === 'oem' ? '/usr/share/oem' : `/tmp/${name}-ign${addedSuffix}`);
      }
    } else if (!map.has(fs.name)) {
      refuse(
        'IGN_TRANSLATE_FILESYSTEM_UNMAPPED',
        ['storage', 'filesystems', i, 'name'],
        `Config defined filesystem ${JSON.stringify(fs.name)} but no mapping was defined.Please specify a path to be used as the filesystem mountpoint.`,
      );
    }
    // coreos/ign-converter ignores `create` (and drops it); the fork translates a forced one.
    if (flatcar && fs.mount?.create !== undefined && !fs.mount.create.force)
      refuse('IGN_TRANSLATE_CREATE_NOT_FORCED', ['storage', 'filesystems', i, 'mount', 'create'], MESSAGES.create);
  });
  const kinds = [
    ['files', 'File'],
    ['directories', 'Directory'],
    ['links', 'Link'],
  ] as const;
  // Hull also refuses a node on a filesystem neither defined nor mapped (ign-converter silently puts it under /).
  for (const [key] of kinds) {
    cfg.storage[key].forEach((n, i) => {
      if (!map.has(n.filesystem)) {
        refuse(
          'IGN_TRANSLATE_FILESYSTEM_UNMAPPED',
          ['storage', key, i, 'filesystem'],
          `Config defined filesystem ${JSON.stringify(n.filesystem)} but no mapping was defined.Please specify a path to be used as the filesystem mountpoint.`,
        );
      }
    });
  }
  const where = (n: { filesystem: string; path: string }) => pathJoin('/', map.get(n.filesystem) ?? '', n.path);
  const links = cfg.storage.links.map(where);
  const entries = new Map<string, string>();
  for (const [key, label] of kinds) {
    cfg.storage[key].forEach((n, i) => {
      const p = where(n);
      const name = `${label}: ${p}`;
      const old = entries.get(p);
      if (old !== undefined) {
        refuse(
          'IGN_TRANSLATE_CONFLICTING_INODES',
          ['storage', key, i, 'path'],
          `Config has conflicting inodes: ${JSON.stringify(old)} and ${JSON.stringify(name)}.  All files, directories and links must specify a unique \`path\`.`,
        );
      } else entries.set(p, name);
      // coreos/ign-converter tests a plain string prefix (/optx goes through link /opt); the fork a path prefix.
      const l = links.find(
        (lp) => (flatcar ? p.startsWith(lp.endsWith('/') ? lp : `${lp}/`) : p.startsWith(lp)) && p !== lp,
      );
      if (l !== undefined) {
        refuse(
          'IGN_TRANSLATE_USES_OWN_LINK',
          ['storage', key, i, 'path'],
          `${name} uses link defined in config ${JSON.stringify(l)}. Please use a link not defined in Storage:Links`,
        );
      }
    });
  }
  const units = new Set<string>();
  cfg.systemd.units.forEach((u, i) => {
    if (units.has(u.name) && !(flatcar && opts.mergeUnits === true)) {
      refuse(
        'IGN_TRANSLATE_DUPLICATE_UNIT',
        ['systemd', 'units', i, 'name'],
        `Config has duplicate unit name ${JSON.stringify(u.name)}.  All units must specify a unique \`name\`.`,
      );
    }
    units.add(u.name);
    const dropins = new Set<string>();
    u.dropins.forEach((d, j) => {
      if (dropins.has(d.name)) {
        refuse(
          'IGN_TRANSLATE_DUPLICATE_DROPIN',
          ['systemd', 'units', i, 'dropins', j, 'name'],
          `Config has duplicate dropin name ${JSON.stringify(d.name)} in unit ${JSON.stringify(u.name)}.  All dropins must specify a unique \`name\`.`,
        );
      }
      dropins.add(d.name);
    });
  });
  if (out.length > 0) return { report: new Report(out) };

  const config = build(cfg, map, flatcar, flatcar && opts.mergeUnits === true);
  const check = v3_0.validate(config);
  if (check.issues.some((i) => i.severity === 'error')) {
    return {
      report: new Report([
        issue('error', 'IGN_TRANSLATE_RESULT_INVALID', [], 'the translated 3.0.0 config is not valid'),
        ...check.issues,
      ]),
    };
  }
  return { config, report: check };
}
