/**
 * Issue codes of the Butane transpiler. Keep in step with docs/errors.md
 * (a test checks). Messages are Butane 0.29's own.
 */
export const BUTANE_ISSUE_CODES = {
  BUTANE_YAML_INVALID: 'The text is not YAML go-yaml can read (Butane: "Error unmarshaling yaml: …").',
  BUTANE_VARIANT_MISSING: 'No `variant` key (Butane: "error parsing variant; must be specified").',
  BUTANE_VERSION_INVALID: '`version` is not a semantic version.',
  BUTANE_VERSION_UNKNOWN:
    'No translator for this variant and version ("No translator exists for variant X with version Y").',
  BUTANE_TYPE_MISMATCH:
    'A value has the wrong YAML type for its field (go-yaml\'s "cannot unmarshal !!str `x` into int").',
  BUTANE_UNUSED_KEY: 'A key the variant/version does not define; ignored ("unused key X").',
  BUTANE_TOO_MANY_SOURCES: 'More than one of inline, local, source in one resource.',
  BUTANE_TOO_MANY_SYSTEMD_SOURCES: 'Both contents and contents_local in one unit, drop-in or quadlet.',
  BUTANE_NO_FILES_DIR: 'A local file is named but no -d/--files-dir was given.',
  BUTANE_FILES_DIR_ESCAPE:
    'A local path leaves the files directory (`..`, or a symlink pointing outside: Hull refuses both).',
  BUTANE_LOCAL_READ_FAILED: 'A local file or tree could not be read (missing, unreadable).',
  BUTANE_DECIMAL_MODE: 'A mode that looks like octal written without the leading zero (`mode: 644`).',
  BUTANE_MOUNT_UNIT_NO_FORMAT: 'with_mount_unit: true on a filesystem without format.',
  BUTANE_MOUNT_UNIT_NO_PATH: 'with_mount_unit: true on a non-swap filesystem without path.',
  BUTANE_TREE_NO_LOCAL: 'A storage.trees entry without local.',
  BUTANE_TREE_NOT_DIRECTORY: 'The local of a tree is not a directory.',
  BUTANE_TREE_FILE_TYPE: 'A tree contains something other than files, directories and symlinks.',
  BUTANE_NODE_EXISTS:
    'A tree node clashes with a file or link the config already has with contents, or of another type.',
  BUTANE_FIELD_UNSUPPORTED: 'A field the variant/version refuses (clevis on flatcar 1.0/1.1, cex on flatcar 1.2-exp).',
  BUTANE_EMBEDDED_CONFIG_INVALID:
    'An inline merge or replace config that cannot be parsed ("config is not valid"; the parser\'s message comes with it). Its other issues keep their IGN_ codes.',
  BUTANE_NULL_OBJECT:
    'A section or entry that must be a mapping is null: Butane cannot check its keys ("context tree does not match content tree at …").',
  BUTANE_EMBEDDED_VERSION_UNKNOWN:
    'An inline/local merge or replace config of another version: its validation is skipped (warning).',
  BUTANE_QUADLET_EXTENSION: 'A quadlet name with an extension Podman does not know.',
  BUTANE_QUADLET_TEMPLATE_CONTENTS:
    'A quadlet template instance (name@x.container) with contents or contents_local: it becomes a symlink.',
  BUTANE_SOURCE_INVALID:
    'The run failed on Butane-level errors ("source config is invalid"; JSON report only, the entries say why).',
  BUTANE_GENERATED_INVALID:
    'The generated Ignition config failed Ignition\'s rules ("config generated was invalid"; JSON report only).',
  BUTANE_STRICT: 'Warnings with -s/--strict ("Config produced warnings and --strict was specified"; JSON report only).',
  BUTANE_FCOS_BOOT_DEVICE:
    'fcos boot_device: unknown layout, one mirror device, mirror without layout (error in 1.7+, warning before), s390x rules, cex rules, no LUKS method.',
  BUTANE_FCOS_GRUB: 'fcos grub.users entry without name or password_hash.',
  BUTANE_FCOS_PARTITION:
    'fcos partition warnings: reserved label with another number, root smaller than 8 GiB or unable to grow, reuse by label (1.6+).',
  BUTANE_FCOS_MOUNT_POINT: 'fcos 1.6+: with_mount_unit on a path outside /etc and /var.',
} as const;

export type ButaneIssueCode = keyof typeof BUTANE_ISSUE_CODES;
