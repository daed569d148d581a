/** Issue codes of src/provision: problems in a config that stop provisioning before anything is applied. */
export const PROVISION_ISSUE_CODES = {
  PROVISION_UNSUPPORTED_ON_ROOT:
    'The config asks for disks, RAID, LUKS or filesystems to be made; provisioning a root directory cannot do that (use --image).',
  PROVISION_SOURCE_SCHEME_UNSUPPORTED: 'A resource URL uses a scheme Hull cannot fetch (s3, gs, arn, tftp).',
  PROVISION_IMAGE_UNSUPPORTED:
    'A filesystem names no partition of the image, uses a format Hull cannot make offline, or the config asks for disks, RAID or LUKS on an image.',
  PROVISION_CONFIG_CYCLE: 'ignition.config merge/replace references form a cycle.',
  PROVISION_CONFIG_LIMIT:
    'ignition.config merge/replace references nest deeper than 10 levels or name more than 100 configs in all.',
} as const;

export type ProvisionIssueCode = keyof typeof PROVISION_ISSUE_CODES;
