/** src/disk: GPT codec, validation and recovery; the Flatcar layout; A/B slot attributes. The only door. */
export { DISK_ISSUE_CODES, type DiskIssueCode } from './codes.js';
export { MemoryBlockDevice, type BlockDevice } from './block-device.js';
export { decodeGuid, encodeGuid, guidFromRandom, isGuid, ZERO_GUID } from './gpt/guid.js';
export { decodeHeader, encodeHeader } from './gpt/header.js';
export { decodeEntries, encodeEntries } from './gpt/entries.js';
export {
  bootGuidOf,
  encodeProtectiveMbr,
  isProtectiveMbr,
  mbrForWrite,
  withBootCode,
  withBootGuid,
  withFreshProtectiveRecords,
  MBR_BOOT_CODE_SIZE,
  MBR_BOOT_GUID_AT,
} from './gpt/mbr.js';
export { encodeTable, type TableBytes } from './gpt/table-bytes.js';
export { detectSectorSize, readGpt, type GptReadResult } from './gpt/read.js';
export { writeBootSector, writeGpt, writeOptionsFor, type WriteOptions } from './gpt/write.js';
export {
  editBootSector,
  editPartition,
  emptyEntry,
  MAX_NAME_UNITS,
  type BootSectorEdit,
  type EditResult,
  type PartitionEdit,
} from './gpt/edit.js';
export {
  isLegacyBootable,
  LEGACY_BIOS_BOOTABLE,
  typeBits,
  withLegacyBootable,
  withTypeBits,
} from './gpt/attributes.js';
export { checkPartitions } from './gpt/validate.js';
export { blockingIssues } from './gpt/recoverable.js';
export {
  DEFAULT_ENTRY_COUNT,
  DEFAULT_ENTRY_SIZE,
  entrySectors,
  usableRange,
  type GptHeader,
  type GptPartition,
  type GptTable,
  type SectorSize,
} from './gpt/types.js';
export {
  activeSlot,
  getPrio,
  gptprioNext,
  isUsr,
  markSuccessful,
  otherSlot,
  prepareSlot,
  prioritize,
  rollback,
  setPrio,
  type NextBoot,
  type Prio,
  type RollbackResult,
} from './prio.js';
export { detectFilesystem, type FsSignature } from './fs-signature.js';
export { describeTable, humanSize, nextBootText, slotState } from './describe.js';
export { cgptTypeName, TYPE_ALIASES, TYPE_GUIDS, typeGuidOf, typeName, USR_TYPE_GUID } from './gpt/type-guids.js';
export {
  FLATCAR_SIZES,
  flatcarLayout,
  INITIAL_DISK_GUID,
  USR_A_GUID,
  USR_B_GUID,
  type FlatcarSizes,
  type LayoutOptions,
  type LayoutResult,
} from './layout.js';
export {
  chooseBoot,
  HEALTH_OUTPUT_BYTES,
  HEALTH_PATH,
  hostBoot,
  parseKeyValue,
  RELEASE_PATH,
  slotLetter,
  UPDATE_CONF_PATH,
  type BootRecord,
  type HealthResult,
  type HostBootOptions,
  type HostBootPorts,
  type HostBootResult,
  type HostRoot,
} from './host-boot.js';
