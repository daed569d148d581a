import { ExitCode } from './exit-codes.js';

export interface AppErrorCodeSpec {
  readonly exit: ExitCode;
  readonly http: number;
  readonly summary: string;
}

/**
 * The one table that maps every AppError code to a CLI exit code and an HTTP
 * status. Later systems add their rows here; docs/errors.md lists them all
 * (test/docs/errors-catalogue.test.ts keeps the two in step).
 */
export const APP_ERROR_CODES = {
  USAGE: { exit: ExitCode.USAGE, http: 400, summary: 'The command line or request is malformed.' },
  UNKNOWN_COMMAND: { exit: ExitCode.USAGE, http: 404, summary: 'No such subcommand.' },
  INPUT_INVALID: { exit: ExitCode.INPUT, http: 422, summary: 'The input has errors; the report says which.' },
  NOT_FOUND: { exit: ExitCode.ENVIRONMENT, http: 404, summary: 'A named file or resource does not exist.' },
  IO_FAILED: { exit: ExitCode.ENVIRONMENT, http: 500, summary: 'Reading or writing a file failed.' },
  STORE_OPEN_FAILED: { exit: ExitCode.ENVIRONMENT, http: 503, summary: 'The database could not be opened or reached.' },
  STORE_MIGRATION_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 503,
    summary: 'A schema migration failed; nothing of it was applied.',
  },
  STORE_QUERY_FAILED: { exit: ExitCode.ENVIRONMENT, http: 500, summary: 'A database query failed.' },
  LISTEN_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 500,
    summary: 'The server could not listen on the requested address.',
  },
  INTERNAL: { exit: ExitCode.ENVIRONMENT, http: 500, summary: 'A bug in Hull: please report it with the message.' },
  PAYLOAD_TOO_LARGE: { exit: ExitCode.USAGE, http: 413, summary: 'The request body is larger than the route accepts.' },
  UNSUPPORTED_MEDIA_TYPE: {
    exit: ExitCode.USAGE,
    http: 415,
    summary: "The request body's Content-Type is not one the route accepts.",
  },
  HEADERS_TOO_LARGE: {
    exit: ExitCode.USAGE,
    http: 431,
    summary: "The request's headers are larger than the server reads.",
  },
  REQUEST_TIMEOUT: {
    exit: ExitCode.USAGE,
    http: 408,
    summary: 'The request was not received in time (headers or whole request).',
  },
  SERVER_BUSY: {
    exit: ExitCode.ENVIRONMENT,
    http: 503,
    summary: 'The server has too much work queued; retry after the Retry-After seconds.',
  },
  TRANSPILE_BUDGET_EXCEEDED: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: "A transpile took longer or used more memory than the server's per-request budget.",
  },
  WEB_APP_MISSING: {
    exit: ExitCode.ENVIRONMENT,
    http: 503,
    summary: 'The web app (dist/web) is not built, so the playground cannot be served.',
  },
  PROVISION_FETCH_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary: 'A resource of an Ignition config could not be fetched.',
  },
  PROVISION_VERIFICATION_FAILED: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'A fetched resource does not match its verification hash, or cannot be decompressed.',
  },
  PROVISION_OPERATION_FAILED: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'A provisioning operation failed (the stage stops; the result says which).',
  },
  IMAGE_NOT_A_FILE: {
    exit: ExitCode.USAGE,
    http: 400,
    summary:
      'A path given as a disk image is a directory, FIFO, socket or character device, not an image file or block device.',
  },
  PROVISION_IMAGE_INVALID: {
    exit: ExitCode.INPUT,
    http: 422,
    summary:
      'The GPT of the image given to provision --image cannot be used (no valid copy, truncated, partitions outside the disk or overlapping); nothing is written.',
  },
  PROVISION_RESOURCE_TOO_LARGE: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'A fetched resource is larger than the limit (--max-fetch-size; 64 MiB for configs and CAs).',
  },
  OUTPUT_EXISTS: {
    exit: ExitCode.INPUT,
    http: 409,
    summary: 'The output file exists and the command does not replace files without --force; nothing was written.',
  },
  PROVISION_FILESYSTEM_EXISTS: {
    exit: ExitCode.INPUT,
    http: 409,
    summary:
      'provision --image would remake a filesystem that exists on the image; set wipeFilesystem: true for it, or give --force.',
  },
  UNAUTHORIZED: {
    exit: ExitCode.USAGE,
    http: 401,
    summary:
      'The management API needs a valid bearer token (Authorization: Bearer ...); none, or an unknown or revoked one, was given.',
  },
  FORBIDDEN: {
    exit: ExitCode.USAGE,
    http: 403,
    summary: "The token's role may not do this (a viewer token cannot change anything).",
  },
  REQUEST_INVALID: {
    exit: ExitCode.USAGE,
    http: 400,
    summary: 'An API request does not match its declared schema; details lists each problem with its JSON path.',
  },
  CONFLICT: {
    exit: ExitCode.INPUT,
    http: 409,
    summary: 'The resource exists already (a name, version or track is taken) or is still referenced by another.',
  },
  RANGE_NOT_SATISFIABLE: {
    exit: ExitCode.USAGE,
    http: 416,
    summary: 'The Range of a download lies past the end of the file; Content-Range says its size.',
  },
  PRECONDITION_FAILED: {
    exit: ExitCode.USAGE,
    http: 412,
    summary: "A download's If-Match or If-Unmodified-Since does not hold for the file as it is now.",
  },
  PROVISION_TOOL_FAILED: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'A tool run by provisioning (useradd, groupadd, systemctl, mkfs, ...) failed or is missing.',
  },
  PAYLOAD_TOOL_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 500,
    summary: 'A tool hull payload build runs (bzip2, debugfs) is missing or failed.',
  },
  SERVER_UNREACHABLE: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary:
      'The Hull server a client command talks to (--server) could not be reached, or what answered is not its API.',
  },
  ETCD_UNAVAILABLE: {
    exit: ExitCode.ENVIRONMENT,
    http: 503,
    summary: 'No etcd endpoint could be reached (each refused, reset or timed out), or TLS to it failed.',
  },
  ETCD_BAD_RESPONSE: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary:
      "What answered at an etcd endpoint is not etcd's v2 keys API (not JSON, no node, too large; etcd without --enable-v2).",
  },
  ETCD_REQUEST_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary: "etcd refused a request with an error of its own (e.g. 110 needs authentication); the message is etcd's.",
  },
  FLEETLOCK_UNREACHABLE: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary: 'The FleetLock server could not be reached.',
  },
  FLEETLOCK_LOCK_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 503,
    summary:
      "The FleetLock server could not read or change a group's semaphore (its store or etcd failed, a conflict persisted, or the stored value is not airlock's).",
  },
  FLEETLOCK_REFUSED: {
    exit: ExitCode.INPUT,
    http: 409,
    summary: 'The FleetLock server refused the lock or unlock (its kind and value say why).',
  },
  REBOOT_CONFIG_INVALID: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'A reboot setting in update.conf is wrong (REBOOT_STRATEGY, the reboot window, the lock settings).',
  },
  HOST_NOT_BOOTABLE: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: "hull host boot: no USR slot of the image can boot (GRUB's gptprio.next finds none); nothing is written.",
  },
  HOST_SLOT_UNREADABLE: {
    exit: ExitCode.INPUT,
    http: 422,
    summary: 'hull host boot: the chosen USR slot holds no ext2 filesystem that can be read; nothing is written.',
  },
  HOST_RELEASE_MISSING: {
    exit: ExitCode.INPUT,
    http: 422,
    summary:
      'hull host boot: the chosen USR slot has no /share/flatcar/release with FLATCAR_RELEASE_VERSION; nothing is written.',
  },
  HOST_TOOL_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 500,
    summary: 'hull host boot: debugfs (e2fsprogs), which reads the slot, is missing or failed.',
  },
  JOURNAL_EXPORT_INVALID: {
    exit: ExitCode.INPUT,
    http: 422,
    summary:
      'A journal export (or journal JSON) stream is malformed: a binary field not followed by a newline, a value that is neither text nor bytes, broken JSON.',
  },
  JOURNAL_ENTRY_TOO_LARGE: {
    exit: ExitCode.INPUT,
    http: 413,
    summary:
      'A journal field or entry is over the limits (field bytes, entry bytes, fields per entry); the entries before it are kept.',
  },
  JOURNAL_EXPORT_TRUNCATED: {
    exit: ExitCode.INPUT,
    http: 417,
    summary:
      'A journal export stream ends inside an entry; the complete entries before it are kept (journal-remote answers 417 "Premature EOF").',
  },
  JOURNAL_QUERY_INVALID: {
    exit: ExitCode.USAGE,
    http: 400,
    summary:
      "A journal query's flag or parameter is not one journalctl accepts: a log level, a boot descriptor, a FIELD=VALUE match, --since after --until.",
  },
  JOURNAL_TIME_INVALID: {
    exit: ExitCode.USAGE,
    http: 400,
    summary: "A --since/--until value is not in journalctl's time syntax.",
  },
  JOURNAL_PATTERN_INVALID: {
    exit: ExitCode.USAGE,
    http: 400,
    summary: 'A -g/grep pattern is not a valid PCRE2 pattern.',
  },
  JOURNAL_PATTERN_UNSUPPORTED: {
    exit: ExitCode.USAGE,
    http: 400,
    summary:
      'A -g/grep pattern uses a PCRE2 construct that Hull does not translate to its regular expressions (possessive quantifiers, atomic groups, inline options, recursion...).',
  },
  JOURNAL_NO_DATA: {
    exit: ExitCode.INPUT,
    http: 404,
    summary: 'A -u glob matches no unit, or a -b boot is not in the journal (journalctl: "No data available").',
  },
  REHEARSAL_SERVER_REFUSED: {
    exit: ExitCode.ENVIRONMENT,
    http: 502,
    summary: 'hull sim run: the update server (or etcd) refused a setup step or an operator event of the scenario.',
  },
  REHEARSAL_TOOL_FAILED: {
    exit: ExitCode.ENVIRONMENT,
    http: 500,
    summary:
      'hull sim run: a tool that makes the images or payloads (mkfs.ext2, debugfs, bzip2, etcd) is missing or failed.',
  },
} as const satisfies Record<string, AppErrorCodeSpec>;

export type AppErrorCode = keyof typeof APP_ERROR_CODES;
