/** Issue codes of the Container Linux Config transpiler (ct 0.9.4 behaviour). */
export const CT_ISSUE_CODES = {
  CT_CONFIG_EMPTY: 'The config is empty; an empty Ignition config is produced.',
  CT_YAML_INVALID: "The text is not valid YAML, or a value has the wrong type (go-yaml's unmarshal errors).",
  CT_UNKNOWN_KEY: 'A key the Container Linux Config does not define; it is ignored.',
  CT_DID_YOU_MEAN: 'An unknown key equals a known key case-insensitively (info).',
  CT_VERSION_INVALID: 'The hidden top-level version is not 0.',
  CT_TOO_MANY_SOURCES: 'A file sets more than one of contents.inline, contents.local and contents.remote.url.',
  CT_MODE_UNSET: 'A file or directory has no mode; ct writes 0644 (files) or 0755 (directories).',
  CT_URL_INVALID: 'A URL (config source, remote file, update server) cannot be parsed.',
  CT_PARTITION_DIMENSION: 'A partition size or start is not a whole number of MiB, is negative, or cannot be parsed.',
  CT_LOCAL_NO_FILES_DIR: 'A file uses contents.local but no files directory (-files-dir) was given.',
  CT_LOCAL_READ_FAILED: 'A contents.local file cannot be read.',
  CT_LOCAL_ESCAPES: 'A contents.local path leads outside the files directory (Hull refuses it; ct does not).',
  CT_ETCD_VERSION: 'The etcd version is too old, too new, or newer than the option sets ct knows.',
  CT_FLANNEL_VERSION: 'The flannel version is too old or newer than the option sets ct knows.',
  CT_VERSION_SYNTAX: 'An etcd or flannel version is not a semantic version (X.Y.Z); decoding stops there.',
  CT_FLANNEL_NETWORK_CONFIG: 'flannel network_config is not JSON, or is combined with kube_subnet_mgr.',
  CT_UPDATE_GROUP_UNKNOWN: 'update.group is not stable, beta or alpha and no update.server is given.',
  CT_LOCKSMITH_INVALID: 'A locksmith setting is invalid (strategy, reboot window start or length).',
  CT_PLATFORM_UNSUPPORTED: 'The platform is not one ct knows.',
  CT_TEMPLATING: 'Dynamic data ({HOSTNAME} etc.) is used without a platform, or the platform lacks the field.',
} as const;

export type CtIssueCode = keyof typeof CT_ISSUE_CODES;
