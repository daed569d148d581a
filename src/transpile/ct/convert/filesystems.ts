import type { JsonPath } from '../../../core/index.js';
import type { Clc } from '../decode.js';
import type { ConvertContext, Obj } from './context.js';

/** `storage.filesystems` (mount, create). */
export function convertFilesystems(ctx: ConvertContext): void {
  const { ts } = ctx;
  const fss = ((ctx.cfg['storage'] as Clc)['filesystems'] as Clc[]).map((fs, i) => {
    const from: JsonPath = ['storage', 'filesystems', i];
    const o: Obj = { name: fs['name'], path: fs['path'] };
    ts.add(from, from).addIdentity(from, from, ['name', 'path', 'mount']);
    const m = fs['mount'] as Clc | undefined;
    if (m !== undefined) {
      const mount: Obj = {
        device: m['device'],
        format: m['format'],
        wipeFilesystem: m['wipe_filesystem'],
        label: m['label'],
        uuid: m['uuid'],
        options: m['options'],
      };
      const mf: JsonPath = [...from, 'mount'];
      ts.addIdentity(mf, mf, ['device', 'format', 'label', 'uuid', 'options', 'create']).add(
        [...mf, 'wipe_filesystem'],
        [...mf, 'wipeFilesystem'],
      );
      (m['options'] as string[]).forEach((_, j) => ts.add([...mf, 'options', j], [...mf, 'options', j]));
      const c = m['create'] as Clc | undefined;
      if (c !== undefined) {
        mount['create'] = { force: c['force'], options: c['options'] };
        (c['options'] as string[]).forEach((_, j) =>
          ts.add([...mf, 'create', 'options', j], [...mf, 'create', 'options', j]),
        );
        ts.addIdentity([...mf, 'create'], [...mf, 'create'], ['force', 'options']);
      }
      o['mount'] = mount;
    }
    return o;
  });
  if (fss.length > 0) ctx.out.storage['filesystems'] = fss;
}
