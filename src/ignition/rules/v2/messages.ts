/** 2.x messages that differ from the 3.x ones Sink knows (config/shared/errors/errors.go at v0.35.0). */
export const V2_MESSAGES = {
  IGN_RAID_SPARES_UNSUPPORTED: 'spares unsupported for arrays with a level greater than 0',
  IGN_PATH_NOT_ABSOLUTE: 'path not absolute',
  IGN_PERMISSIONS_UNSET: 'permissions unset, defaulting to 0000',
  IGN_PARTITIONS_MISALIGNED: 'partitions misaligned',
  IGN_APPEND_AND_OVERWRITE: 'cannot set both append and overwrite to true',
  IGN_FILESYSTEM_NO_MOUNT_PATH: 'filesystem is missing mount or path',
  IGN_FILESYSTEM_MOUNT_AND_PATH: 'filesystem has both mount and path defined',
  IGN_FILESYSTEM_CREATE_AND_OPTIONS: 'cannot use both create object and mount-level options field',
  IGN_FILESYSTEM_CREATE_AND_WIPE: 'cannot use both create object and wipeFilesystem field',
  IGN_FILESYSTEM_CREATE_DEPRECATED: 'the create object has been deprecated in favor of mount-level options',
  IGN_NO_FILESYSTEM: 'no filesystem specified',
  IGN_PARTITION_ZEROES_WITH_SHOULD_NOT_EXIST:
    'shouldExist is false for a partition and other partition(s) has start or size 0',
  IGN_PARTITION_UNITS_MISMATCH: 'cannot mix MBs and sectors within a disk',
  IGN_PARTITION_SIZE_DEPRECATED: 'size is deprecated; use sizeMB instead',
  IGN_PARTITION_START_DEPRECATED: 'start is deprecated; use startMB instead',
  IGN_PASSWD_CREATE_DEPRECATED: 'the create object has been deprecated in favor of user-level options',
  IGN_NETWORKD_EXTENSION_INVALID: 'invalid networkd unit extension',
  IGN_NETWORKD_DROPIN_EXTENSION_INVALID: 'invalid networkd drop-in extension',
} as const;

/** The 2.x text of a message that differs from the 3.x one. */
export const v2Message = (k: keyof typeof V2_MESSAGES): string => V2_MESSAGES[k];
