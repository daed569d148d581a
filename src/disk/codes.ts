/** Issue codes of src/disk (documented in docs/errors.md, "disk: GPT disks"). */
export const DISK_ISSUE_CODES = {
  DISK_TOO_SMALL: 'The device is too small to hold a GPT (protective MBR, two headers and two entry arrays).',
  DISK_MBR_MISSING: 'LBA 0 holds no MBR boot signature (0x55AA) or no protective 0xEE partition.',
  DISK_HEADER_SIGNATURE: 'A GPT header does not start with "EFI PART".',
  DISK_HEADER_CRC: 'A GPT header CRC32 does not match its contents.',
  DISK_HEADER_FIELDS: 'A GPT header has a field out of range (revision, header size, entry size/count, LBAs).',
  DISK_ENTRIES_CRC: 'The partition entry array CRC32 does not match the one in its header.',
  DISK_PARTITION_INVERTED: 'A partition ends before it starts.',
  DISK_PARTITION_OUTSIDE: 'A partition lies (partly) outside the usable LBAs of the header.',
  DISK_PARTITION_OVERLAP: 'Two partitions share sectors.',
  DISK_TRUNCATED:
    'The header describes a disk larger than the device (a truncated image); partitions past the end are reported.',
  DISK_GROWN:
    'The backup GPT is not at the end of the device (the image or disk grew); the space after it is unused until the table is moved.',
  DISK_COPIES_DISAGREE:
    'The primary and backup GPT are both valid but describe different tables (a write cut short between the copies); the backup, written first, is the newer and is used; repair and any table write rewrite the primary from it.',
  DISK_PRIMARY_DAMAGED: 'The primary GPT is damaged; the backup is used (and rewritten over the primary on repair).',
  DISK_BACKUP_DAMAGED: 'The backup GPT is damaged; the primary is used (and rewritten over the backup on repair).',
  DISK_PARTITION_NUMBER: 'A partition number is outside the entries of the table (1 to its entry count).',
  DISK_PARTITION_NAME: 'A partition name is longer than a GPT entry holds (36 UTF-16 code units).',
  DISK_PARTITION_INCOMPLETE: 'A new partition needs its start, its size and its type.',
  DISK_TABLE_FULL: 'Every partition entry of the table is in use; there is no room for another partition.',
  DISK_NO_VALID_GPT:
    'Neither the primary nor the backup GPT is valid; nothing can be recovered and nothing is written.',
} as const;

export type DiskIssueCode = keyof typeof DISK_ISSUE_CODES;
