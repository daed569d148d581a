import { issueMaker, type IssueDetails, type MessageTable } from '../../core/index.js';
import type { CtIssueCode } from './codes.js';

/** The text of an error another part made (the YAML parser, go's url.Parse, the files reader), carried as `error`. */
const passOn = (d: IssueDetails): string => String(d['error']);

/**
 * ct 0.9.4's message texts, keyed by issue code: a code with several texts
 * keys them by `details.reason`; a text with particulars is made from the
 * issue's details (`key`, `near`, `error`).
 */
export const CT_MESSAGES: MessageTable<CtIssueCode> = {
  CT_CONFIG_EMPTY: 'Configuration is empty',
  CT_YAML_INVALID: passOn,
  CT_UNKNOWN_KEY: (d) => `Config has unrecognized key: ${String(d['key'])}`,
  CT_DID_YOU_MEAN: (d) => `Did you mean ${String(d['near'])} instead of ${String(d['key'])}`,
  CT_VERSION_INVALID: 'Invalid version. Only version 0 is supported',
  CT_TOO_MANY_SOURCES: 'only one of the following can be set: local, inline, remote.url',
  CT_MODE_UNSET: {
    file: 'mode unspecified for file, defaulting to 0644',
    appendedFile: 'mode unspecified for file, defaulting to 0644 if the file does not exist',
    directory: 'mode unspecified for directory, defaulting to 0755',
  },
  CT_URL_INVALID: passOn,
  CT_PARTITION_DIMENSION: passOn,
  CT_LOCAL_NO_FILES_DIR: 'local files require setting the --files-dir flag to the directory that contains the file',
  CT_LOCAL_READ_FAILED: passOn,
  CT_LOCAL_ESCAPES: passOn,
  CT_ETCD_VERSION: {
    tooOld: 'Etcd version specified is not valid (too old)',
    minorTooNew:
      'Etcd minor version specified is too new, only options available in the previous minor version will be accepted',
    tooNew: 'Etcd version is not valid (too new)',
  },
  CT_FLANNEL_VERSION: {
    tooOld: 'invalid flannel version (too old)',
    minorTooNew:
      'flannel minor version too new. Only options available in the previous minor version will be supported',
  },
  CT_VERSION_SYNTAX: passOn,
  CT_FLANNEL_NETWORK_CONFIG: {
    withKubeSubnetMgr: 'flannel network config cannot be provided if kube_subnet_mgr is set',
    notJson: "flannel network config doesn't appear to be valid JSON",
  },
  CT_UPDATE_GROUP_UNKNOWN: 'unknown update group',
  CT_LOCKSMITH_INVALID: {
    windowHalf: 'window-start and window-length must both be specified',
    strategy: 'unknown reboot strategy',
    windowStartDay: 'unknown day in window start',
    windowStart: "couldn't parse window start",
    windowLength: "couldn't parse window length",
  },
  CT_PLATFORM_UNSUPPORTED: 'unsupported platform',
  CT_TEMPLATING: passOn,
};

/** ct's issues, their messages from CT_MESSAGES. */
export const ct = issueMaker(CT_MESSAGES);
