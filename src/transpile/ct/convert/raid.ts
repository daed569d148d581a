import type { JsonPath } from '../../../core/index.js';
import type { Clc } from '../decode.js';
import type { ConvertContext } from './context.js';

/** `storage.raid`. */
export function convertRaid(ctx: ConvertContext): void {
  const { ts } = ctx;
  const raid = ((ctx.cfg['storage'] as Clc)['raid'] as Clc[]).map((r, i) => {
    const from: JsonPath = ['storage', 'raid', i];
    ts.add(from, from).addIdentity(from, from, ['name', 'level', 'devices', 'spares', 'options']);
    (r['devices'] as string[]).forEach((_, j) => ts.add([...from, 'devices', j], [...from, 'devices', j]));
    (r['options'] as string[]).forEach((_, j) => ts.add([...from, 'options', j], [...from, 'options', j]));
    return { name: r['name'], level: r['level'], devices: r['devices'], spares: r['spares'], options: r['options'] };
  });
  if (raid.length > 0) ctx.out.storage['raid'] = raid;
}
