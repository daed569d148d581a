import type { JsonPath } from '../../../core/index.js';
import type { Clc } from '../decode.js';
import type { ConvertContext } from './context.js';

/** `systemd.units`, after the units other sections generated. */
export function convertSystemd(ctx: ConvertContext): void {
  const { ts, units } = ctx;
  ((ctx.cfg['systemd'] as Clc)['units'] as Clc[]).forEach((u, i) => {
    const from: JsonPath = ['systemd', 'units', i];
    const to: JsonPath = ['systemd', 'units', units.length];
    ts.add(from, to).addIdentity(from, to, ['name', 'enable', 'enabled', 'mask', 'contents', 'dropins']);
    const dropins = (u['dropins'] as Clc[]).map((d, j) => {
      ts.add([...from, 'dropins', j], [...to, 'dropins', j]).addIdentity(
        [...from, 'dropins', j],
        [...to, 'dropins', j],
        ['name', 'contents'],
      );
      return { name: d['name'], contents: d['contents'] };
    });
    units.push({
      name: u['name'],
      enable: u['enable'],
      enabled: u['enabled'],
      mask: u['mask'],
      contents: u['contents'],
      dropins,
    });
  });
}
