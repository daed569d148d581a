import type { JsonPath } from '../../../core/index.js';
import { ct } from '../messages.js';
import { partitionDimension } from '../base2-bytes.js';
import type { Clc } from '../decode.js';
import type { ConvertContext, Obj } from './context.js';

/** ct's names for GPT partition type GUIDs. */
const TYPE_GUIDS: Record<string, string> = {
  raid_containing_root: 'be9067b9-ea49-4f15-b4f6-f36f8c9e1818',
  linux_filesystem_data: '0fc63daf-8483-4772-8e79-3d69d8477de4',
  swap_partition: '0657fd6d-a4ab-43c4-84e5-0933c84b4f4f',
  raid_partition: 'a19d880f-05fc-4d3b-a006-743f0f84911e',
};

/** `storage.disks` and their partitions (sizes in base-2 units → MiB). */
export function convertDisks(ctx: ConvertContext): void {
  const { ts } = ctx;
  const disks: Obj[] = [];
  ((ctx.cfg['storage'] as Clc)['disks'] as Clc[]).forEach((d, di) => {
    const from: JsonPath = ['storage', 'disks', di];
    const disk: Obj = { device: d['device'], wipeTable: d['wipe_table'] };
    ts.add(from, ['storage', 'disks', di])
      .add([...from, 'device'], ['storage', 'disks', di, 'device'])
      .add([...from, 'wipe_table'], ['storage', 'disks', di, 'wipeTable']);
    const parts: Obj[] = [];
    (d['partitions'] as Clc[]).forEach((part, pi) => {
      const pf: JsonPath = [...from, 'partitions', pi];
      const size = partitionDimension(part['size'] as string);
      if (!size.ok)
        return void ctx.issues.push(ct.error('CT_PARTITION_DIMENSION', [...pf, 'size'], { error: size.error }));
      const start = partitionDimension(part['start'] as string);
      if (!start.ok)
        return void ctx.issues.push(ct.error('CT_PARTITION_DIMENSION', [...pf, 'start'], { error: start.error }));
      const to: JsonPath = ['storage', 'disks', di, 'partitions', parts.length];
      const tg = part['type_guid'] as string;
      parts.push({
        label: part['label'],
        number: part['number'],
        sizeMiB: size.mib,
        startMiB: start.mib,
        guid: part['guid'],
        typeGuid: TYPE_GUIDS[tg] ?? tg,
      });
      ts.add(pf, to)
        .addIdentity(pf, to, ['label', 'number', 'guid'])
        .add([...pf, 'size'], [...to, 'sizeMiB'])
        .add([...pf, 'start'], [...to, 'startMiB'])
        .add([...pf, 'type_guid'], [...to, 'typeGuid']);
    });
    disk['partitions'] = parts;
    ts.add([...from, 'partitions'], ['storage', 'disks', di, 'partitions']);
    disks.push(disk);
  });
  if (disks.length > 0) ctx.out.storage['disks'] = disks;
}
