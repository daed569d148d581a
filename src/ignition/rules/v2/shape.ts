/**
 * The decoded shape of any 2.x config, derived from the five schemas (2.0's
 * different layout included): the shared 2.x rules read it. A field is as
 * the versions that have it type it; a field a version lacks is optional.
 * Every version's decoded type (Infer of its schema) is assignable to it.
 */
import type { AnyOf, Infer } from '../../schema/index.js';
import type { config as c2_0 } from '../../v2_0/schema.js';
import type { config as c2_1 } from '../../v2_1/schema.js';
import type { config as c2_2 } from '../../v2_2/schema.js';
import type { config as c2_3 } from '../../v2_3/schema.js';
import type { config as c2_4 } from '../../v2_4/schema.js';

type Upto2_1 = AnyOf<Infer<typeof c2_1>, Infer<typeof c2_0>>;
type Upto2_2 = AnyOf<Infer<typeof c2_2>, Upto2_1>;
type Upto2_3 = AnyOf<Infer<typeof c2_3>, Upto2_2>;
export type V2Config = AnyOf<Infer<typeof c2_4>, Upto2_3>;
type Storage = V2Config['storage'];
export type V2File = Storage['files'][number];
export type V2Contents = V2File['contents'];
export type V2Verification = V2Contents['verification'];
/** A config reference as every place has it (2.0's lack `httpHeaders`). */
export type V2Reference = V2Config['ignition']['config']['append'][number];
export type V2Header = NonNullable<V2Reference['httpHeaders']>[number];
export type V2Owner = NonNullable<V2File['user']>;
export type V2Node = Pick<V2File, 'filesystem' | 'group' | 'overwrite' | 'path' | 'user'>;
export type V2Directory = NonNullable<Storage['directories']>[number];
export type V2Link = NonNullable<Storage['links']>[number];
export type V2Disk = Storage['disks'][number];
export type V2Partition = V2Disk['partitions'][number];
export type V2Filesystem = Storage['filesystems'][number];
export type V2Mount = NonNullable<V2Filesystem['mount']>;
export type V2Raid = Storage['raid'][number];
export type V2User = V2Config['passwd']['users'][number];
export type V2Unit = V2Config['systemd']['units'][number];
export type V2Dropin = V2Unit['dropins'][number];
export type V2NetworkdUnit = V2Config['networkd']['units'][number];
