import { pathExt } from '../../../go/index.js';
import type { V3Config, V3Unit } from './shape.js';
import type { Sink } from '../common/sink.js';
import { hasInstallSection, parseUnitContents } from '../common/unit-contents.js';
import { UNIT_EXTENSIONS } from '../common/unit-names.js';

const TEMPLATE_INSTANCE = /^(.+?)@(.+?)\.service$/;

/** Systemd.Validate (template units without [Install]), then each unit and its drop-ins. */
export function checkSystemd(systemd: V3Config['systemd'], sink: Sink): void {
  const units = new Map<string, V3Unit>();
  for (const u of systemd.units) units.set(u.name, u);
  systemd.units.forEach((unit, i) => {
    const m = TEMPLATE_INSTANCE.exec(unit.name);
    if (m === null || unit.enabled !== true) return;
    const template = `${m[1]!}@.service`;
    const t = units.get(template);
    if (t === undefined || t.contents === undefined || t.contents === '') return;
    const parsed = parseUnitContents(t.contents);
    if (parsed.ok && !hasInstallSection(parsed.options)) {
      sink.warn(
        'IGN_UNIT_TEMPLATE_NO_INSTALL_SECTION',
        ['systemd', 'units', i, 'contents'],
        `template unit ${JSON.stringify(template)} for ${JSON.stringify(unit.name)} doesn't have Install section`,
      );
    }
  });
  systemd.units.forEach((unit, i) => {
    const at = ['systemd', 'units', i];
    if (!UNIT_EXTENSIONS.includes(pathExt(unit.name))) sink.error('IGN_UNIT_EXTENSION_INVALID', [...at, 'name']);
    const parsed = parseUnitContents(unit.contents);
    if (!parsed.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', [...at, 'contents'], parsed.error);
    else if (
      unit.enabled === true &&
      unit.contents !== undefined &&
      unit.contents !== '' &&
      !hasInstallSection(parsed.options)
    ) {
      sink.warn(
        'IGN_UNIT_NO_INSTALL_SECTION',
        [...at, 'contents'],
        `unit ${JSON.stringify(unit.name)} is enabled, but has no install section so enable does nothing`,
      );
    }
    unit.dropins.forEach((d, j) => {
      const dropin = parseUnitContents(d.contents);
      if (!dropin.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', [...at, 'dropins', j, 'contents'], dropin.error);
      if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', [...at, 'dropins', j, 'name']);
    });
  });
}

/** Config.Validate: files, directories and links at the path of a unit or drop-in the config writes. */
export function checkSystemdConflicts(cfg: V3Config, sink: Sink): void {
  const paths = new Set<string>();
  for (const unit of cfg.systemd.units) {
    if (unit.contents !== undefined && unit.contents !== '') paths.add(`/etc/systemd/system/${unit.name}`);
    for (const d of unit.dropins) {
      if (d.contents !== undefined && d.contents !== '') paths.add(`/etc/systemd/system/${unit.name}.d/${d.name}`);
    }
  }
  for (const kind of ['files', 'directories', 'links'] as const) {
    cfg.storage[kind].forEach((n, i) => {
      if (paths.has(n.path)) sink.error('IGN_PATH_CONFLICTS_SYSTEMD', ['storage', kind, i, 'path']);
    });
  }
}
