import { pathExt } from '../../../go/index.js';
import { hasInstallSection, parseUnitContents } from '../common/unit-contents.js';
import { UNIT_EXTENSIONS } from '../common/unit-names.js';
import { GO_V035, type V2Walk } from './walker.js';

/**
 * systemd. 2.1+: ValidateContents (at contents), each drop-in's Validate (at the drop-in), ValidateName.
 * 2.0: SystemdUnit.Validate (at the unit; a contents error stops the walk), the name's Validate, then
 * each drop-in's Validate (contents, at the drop-in; stops the walk) and its name's Validate.
 */
export function checkSystemd(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.systemd.units.forEach((u, i) => {
    const at = ['systemd', 'units', i];
    const parsed = parseUnitContents(u.contents, GO_V035);
    const contentsAt = f.fieldValidators ? [...at, 'contents'] : at;
    if (!parsed.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', contentsAt, parsed.error);
    // The go-systemd of Ignition v0.35 returns no option list (nil) for contents without options: no warning then.
    else if (
      (u.enable || u.enabled === true) &&
      u.contents !== '' &&
      parsed.options.length > 0 &&
      !hasInstallSection(parsed.options)
    ) {
      sink.warn(
        'IGN_UNIT_NO_INSTALL_SECTION',
        contentsAt,
        `unit ${JSON.stringify(u.name)} is enabled, but has no install section so enable does nothing`,
      );
    }
    const name = () => {
      if (!UNIT_EXTENSIONS.includes(pathExt(u.name))) sink.error('IGN_UNIT_EXTENSION_INVALID', [...at, 'name']);
    };
    if (!f.fieldValidators) {
      if (!parsed.ok) return void w.blocked.push(at);
      name();
    }
    u.dropins.forEach((d, j) => {
      const dat = [...at, 'dropins', j];
      const p = parseUnitContents(d.contents, GO_V035);
      if (!f.fieldValidators) {
        if (!w.structValidate(dat, () => !p.ok && sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error))) return;
        if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', [...dat, 'name']);
        return;
      }
      w.structValidate(dat, () => {
        if (!p.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error);
        if (pathExt(d.name) !== '.conf') sink.error('IGN_DROPIN_EXTENSION_INVALID', dat);
      });
    });
    if (f.fieldValidators) name();
  });
}
