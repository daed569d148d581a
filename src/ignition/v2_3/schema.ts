/**
 * Ignition spec 2.3.0 (coreos/ignition v0.35.0 config/v2_3/types/schema.go),
 * fields in Go struct order. 2.2 plus partition shouldExist, sizeMiB/startMiB
 * (size/start in sectors deprecated), wipePartitionEntry, and required
 * (non-omitempty) tags. Frozen.
 */
import { array, bool, int, object, optBool, optInt, optString, string } from '../schema/index.js';
import * as v2_2 from '../v2_2/schema.js';

export const partition = object('Partition', {
  guid: string(),
  label: optString(),
  number: int(),
  shouldExist: optBool(),
  size: optInt(),
  sizeMiB: optInt(),
  start: optInt(),
  startMiB: optInt(),
  typeGuid: string(),
  wipePartitionEntry: bool(),
});
export const disk = object(
  'Disk',
  { device: string(), partitions: array(partition), wipeTable: bool() },
  { required: ['device'] },
);
export const storage = object('Storage', { ...v2_2.storage.fields, disks: array(disk) });
export const raid = v2_2.raid;
export const config = object('Config', { ...v2_2.config.fields, storage }, { required: ['ignition'] });
