import { issueMaker, messageText, type IssueDetails, type MessageTable } from '../../core/index.js';
import type { ButaneIssueCode } from './codes.js';

/** The text of an error another part made (go-yaml's errors, the files reader), carried as `error`. */
const passOn = (d: IssueDetails): string => String(d['error']);

/**
 * Butane 0.29's message texts (config/common/errors.go, the fcos and
 * base validators), keyed by issue code: a code with several texts keys them
 * by `details.reason`; a text with particulars is made from the issue's
 * details (`key`, `at`, `variant`, `version`, `error`).
 */
export const BUTANE_MESSAGES: MessageTable<ButaneIssueCode> = {
  BUTANE_YAML_INVALID: passOn,
  BUTANE_VARIANT_MISSING: 'error parsing variant; must be specified',
  BUTANE_VERSION_INVALID: 'error parsing version; must be a valid semver',
  BUTANE_VERSION_UNKNOWN: (d) =>
    `No translator exists for variant ${String(d['variant'])} with version ${String(d['version'])}`,
  BUTANE_TYPE_MISMATCH: passOn,
  BUTANE_UNUSED_KEY: (d) => `unused key ${String(d['key'])}`,
  BUTANE_TOO_MANY_SOURCES: 'only one of the following can be set: inline, local, source',
  BUTANE_TOO_MANY_SYSTEMD_SOURCES: 'only one of the following can be set: contents, contents_local',
  BUTANE_NO_FILES_DIR: 'local file paths are relative to a files directory that must be specified with -d/--files-dir',
  BUTANE_FILES_DIR_ESCAPE: 'local file path traverses outside the files directory',
  BUTANE_LOCAL_READ_FAILED: passOn,
  BUTANE_DECIMAL_MODE: 'unreasonable mode would be reasonable if specified in octal; remember to add a leading zero',
  BUTANE_MOUNT_UNIT_NO_FORMAT: 'format is required if with_mount_unit is true',
  BUTANE_MOUNT_UNIT_NO_PATH: 'path is required if with_mount_unit is true and format is not swap',
  BUTANE_TREE_NO_LOCAL: 'local is required',
  BUTANE_TREE_NOT_DIRECTORY: 'root of tree must be a directory',
  BUTANE_TREE_FILE_TYPE: 'trees may only contain files, directories, and symlinks',
  BUTANE_NODE_EXISTS: 'matching filesystem node has existing contents or different type',
  BUTANE_FIELD_UNSUPPORTED: {
    clevis: 'clevis is not supported in this spec version',
    cex: 'cex is not currently supported on the target platform',
  },
  BUTANE_EMBEDDED_CONFIG_INVALID: 'config is not valid',
  BUTANE_NULL_OBJECT: (d) =>
    `context tree does not match content tree at ${String(d['at'])}. Line and column reporting may be inconsistent. Unused keys may not be reported`,
  BUTANE_EMBEDDED_VERSION_UNKNOWN: 'skipping validation for the merge/replace ignition config due to an unkown version',
  BUTANE_QUADLET_EXTENSION:
    'unsupported file extension for quadlet: must be one of .container, .volume, .network, .kube, .image, .build, .pod, or .artifact',
  BUTANE_QUADLET_TEMPLATE_CONTENTS: 'template instances cannot have contents or contents_local',
  BUTANE_SOURCE_INVALID: {
    invalid: 'source config is invalid',
    target: (d) => `cannot translate to Ignition ${String(d['target'])}`,
  },
  BUTANE_GENERATED_INVALID: 'config generated was invalid',
  BUTANE_STRICT: 'Config produced warnings and --strict was specified',
  BUTANE_FCOS_BOOT_DEVICE: {
    layout: 'layout must be one of: aarch64, ppc64le, s390x-eckd, s390x-virt, s390x-zfcp, x86_64',
    layoutLegacy: 'layout must be one of: aarch64, ppc64le, x86_64',
    tooFewMirror: 'mirroring requires at least two devices',
    mirrorLayout: 'boot_device.layout should be specified when boot_device.mirror is specified',
    noLuksDevice: 'device is required for layouts: s390x-eckd, s390x-zfcp',
    mirrorNotSupported: 'mirroring not supported on layouts: s390x-eckd, s390x-zfcp, s390x-virt',
    luksBadName: 'device name must start with /dev/dasd on s390x-eckd layout or /dev/sd on s390x-zfcp layout',
    cexArch: 'when using cex the targeted architecture must match s390x',
    cexWithClevis: 'cannot use cex with clevis',
    noLuksMethod: 'no method specified for luks',
  },
  BUTANE_FCOS_GRUB: {
    name: 'field "name" is required',
    passwordHash: 'field "password_hash" is required',
  },
  BUTANE_FCOS_PARTITION: {
    reuseByLabel:
      'partitions cannot be reused by label; number must be specified except on boot disk (/dev/disk/by-id/coreos-boot-disk) or when wipe_table is true',
    wrongNumber: 'incorrect partition number; a new partition will be created using reserved label',
    rootTooSmall: 'root should have 8GiB of space assigned',
    rootConstrained:
      'root partition cannot expand; it is set to fill available space but is followed by an auto-positioned partition',
  },
  BUTANE_FCOS_MOUNT_POINT: 'path must be under /etc or /var if with_mount_unit is true',
};

/** Butane's issues, their messages from BUTANE_MESSAGES. */
export const butaneIssue = issueMaker(BUTANE_MESSAGES);

/** The text of a Butane code (a failure's reason, which is not an issue). */
export const butaneMessage = (code: ButaneIssueCode, details?: IssueDetails): string =>
  messageText(BUTANE_MESSAGES[code], details);
