import { v2Message } from './messages.js';
import { absolute, type V2Walk } from './walker.js';

const RAID_LEVELS = [
  'linear',
  'raid0',
  '0',
  'stripe',
  'raid1',
  '1',
  'mirror',
  'raid4',
  '4',
  'raid5',
  '5',
  'raid6',
  '6',
  'raid10',
  '10',
];

/** `storage.raid`. 2.1+: ValidateDevices, then ValidateLevel (field order); 2.0: Raid.Validate (level) stops the walk. */
export function checkRaid(w: V2Walk): void {
  const { f, sink } = w;
  w.cfg.storage.raid.forEach((r, i) => {
    const at = ['storage', 'raid', i];
    const level = () => {
      if (!RAID_LEVELS.includes(r.level)) sink.error('IGN_RAID_LEVEL_UNRECOGNIZED', [...at, 'level']);
      else if (['linear', 'raid0', '0', 'stripe'].includes(r.level) && r.spares !== 0) {
        sink.error('IGN_RAID_SPARES_UNSUPPORTED', [...at, 'level'], v2Message('IGN_RAID_SPARES_UNSUPPORTED'));
      } else return true;
      return false;
    };
    const devices = () =>
      r.devices.forEach((d, k) => {
        if (!absolute(d))
          sink.error('IGN_PATH_NOT_ABSOLUTE', [...at, 'devices', k], v2Message('IGN_PATH_NOT_ABSOLUTE'));
      });
    if (f.fieldValidators) {
      devices();
      level();
    } else if (level()) devices();
  });
}
