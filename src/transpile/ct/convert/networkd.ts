import type { JsonPath } from '../../../core/index.js';
import type { Clc } from '../decode.js';
import type { ConvertContext } from './context.js';

/** `networkd.units` and their drop-ins, as they are. */
export function convertNetworkd(ctx: ConvertContext): void {
  const { ts } = ctx;
  const nunits = ((ctx.cfg['networkd'] as Clc)['units'] as Clc[]).map((u, i) => {
    const from: JsonPath = ['networkd', 'units', i];
    ts.add(from, from).addIdentity(from, from, ['name', 'contents', 'dropins']);
    const dropins = (u['dropins'] as Clc[]).map((d, j) => {
      ts.add([...from, 'dropins', j], [...from, 'dropins', j]).addIdentity(
        [...from, 'dropins', j],
        [...from, 'dropins', j],
        ['name', 'contents'],
      );
      return { name: d['name'], contents: d['contents'] };
    });
    return { name: u['name'], contents: u['contents'], dropins };
  });
  if (nunits.length > 0) ctx.out.networkd['units'] = nunits;
}
