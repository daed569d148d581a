/**
 * The decoded shape of any 3.x config, derived from the seven schemas: the
 * shared rules read it. A field is as the versions that have it type it (any
 * of their types); a field a version lacks is optional, inside a struct the
 * older versions have (a struct new in a version has the fields it came
 * with). Every version's decoded type (Infer of its schema) is assignable to it.
 */
import type { AnyOf, Infer } from '../../schema/index.js';
import type { config as c3_0 } from '../../v3_0/schema.js';
import type { config as c3_1 } from '../../v3_1/schema.js';
import type { config as c3_2 } from '../../v3_2/schema.js';
import type { config as c3_3 } from '../../v3_3/schema.js';
import type { config as c3_4 } from '../../v3_4/schema.js';
import type { config as c3_5 } from '../../v3_5/schema.js';
import type { config as c3_6 } from '../../v3_6/schema.js';

type Upto3_1 = AnyOf<Infer<typeof c3_1>, Infer<typeof c3_0>>;
type Upto3_2 = AnyOf<Infer<typeof c3_2>, Upto3_1>;
type Upto3_3 = AnyOf<Infer<typeof c3_3>, Upto3_2>;
type Upto3_4 = AnyOf<Infer<typeof c3_4>, Upto3_3>;
type Upto3_5 = AnyOf<Infer<typeof c3_5>, Upto3_4>;
export type V3Config = AnyOf<Infer<typeof c3_6>, Upto3_5>;
type Storage = V3Config['storage'];
export type V3File = Storage['files'][number];
/** A resource as every place has it (3.0's config references lack `compression`, so it is optional here). */
export type V3Resource = V3Config['ignition']['config']['merge'][number];
export type V3Verification = V3Resource['verification'];
export type V3Header = NonNullable<V3Resource['httpHeaders']>[number];
export type V3Owner = V3File['user'];
export type V3Node = Pick<V3File, 'group' | 'overwrite' | 'path' | 'user'>;
export type V3Directory = Storage['directories'][number];
export type V3Link = Storage['links'][number];
export type V3Disk = Storage['disks'][number];
export type V3Partition = V3Disk['partitions'][number];
export type V3Filesystem = Storage['filesystems'][number];
export type V3Raid = Storage['raid'][number];
export type V3Luks = NonNullable<Storage['luks']>[number];
export type V3Clevis = NonNullable<V3Luks['clevis']>;
export type V3Tang = V3Clevis['tang'][number];
export type V3ClevisCustom = NonNullable<V3Clevis['custom']>;
export type V3Unit = V3Config['systemd']['units'][number];
