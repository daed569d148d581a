import { pathExt } from '../../../go/index.js';
import { parseUnitContents } from '../common/unit-contents.js';
import { NETWORKD_EXTENSIONS } from '../common/unit-names.js';
import { v2Message } from './messages.js';
import { GO_V035, type V2Walk } from './walker.js';

/**
 * networkd: 2.1+ Networkdunit.Validate (contents and extension, at the unit); 2.0 NetworkdUnit.Validate
 * (contents, at the unit; an error stops the walk) and NetworkdUnitName.Validate (at the name).
 */
export function checkNetworkd(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.networkd.units.forEach((u, i) => {
    const at = ['networkd', 'units', i];
    const parsed = parseUnitContents(u.contents, GO_V035);
    if (!f.fieldValidators) {
      if (!w.structValidate(at, () => !parsed.ok && sink.error('IGN_UNIT_CONTENTS_INVALID', at, parsed.error))) return;
      if (!NETWORKD_EXTENSIONS.includes(pathExt(u.name)))
        sink.error('IGN_NETWORKD_EXTENSION_INVALID', [...at, 'name'], v2Message('IGN_NETWORKD_EXTENSION_INVALID'));
      return;
    }
    const unitOk = w.structValidate(at, () => {
      if (!parsed.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', at, parsed.error);
      if (!NETWORKD_EXTENSIONS.includes(pathExt(u.name)))
        sink.error('IGN_NETWORKD_EXTENSION_INVALID', at, v2Message('IGN_NETWORKD_EXTENSION_INVALID'));
    });
    if (!unitOk) return; // Ignition does not walk into the drop-ins of a unit that failed
    (u.dropins ?? []).forEach((d, j) => {
      const dat = [...at, 'dropins', j];
      w.structValidate(dat, () => {
        const p = parseUnitContents(d.contents, GO_V035);
        if (!p.ok) sink.error('IGN_UNIT_CONTENTS_INVALID', dat, p.error);
        if (pathExt(d.name) !== '.conf')
          sink.error('IGN_NETWORKD_DROPIN_EXTENSION_INVALID', dat, v2Message('IGN_NETWORKD_DROPIN_EXTENSION_INVALID'));
      });
    });
  });
}
