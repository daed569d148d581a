/**
 * update_engine's error codes (`ActionExitCode`) as they arrive in
 * `event/@errorcode`: a base code in the low 28 bits and flag bits above it
 * (update.md §1.4; update-engine-observed.md §3 and §10.1).
 */

/** The base codes, by number (names as in update_engine, without `kActionCode`). */
export const ACTION_EXIT_CODES: Readonly<Record<number, string>> = {
  0: 'Success',
  1: 'Error',
  2: 'OmahaRequestError',
  3: 'OmahaResponseHandlerError',
  4: 'FilesystemCopierError',
  5: 'PostinstallRunnerError',
  6: 'SetBootableFlagError',
  7: 'InstallDeviceOpenError',
  8: 'KernelDeviceOpenError',
  9: 'DownloadTransferError',
  10: 'PayloadHashMismatchError',
  11: 'PayloadSizeMismatchError',
  12: 'DownloadPayloadVerificationError',
  13: 'DownloadNewPartitionInfoError',
  14: 'DownloadWriteError',
  15: 'NewRootfsVerificationError',
  16: 'NewKernelVerificationError',
  17: 'SignedDeltaPayloadExpectedError',
  18: 'DownloadPayloadPubKeyVerificationError',
  19: 'PostinstallBootedFromFirmwareB',
  20: 'DownloadStateInitializationError',
  21: 'DownloadInvalidMetadataMagicString',
  22: 'DownloadSignatureMissingInManifest',
  23: 'DownloadManifestParseError',
  24: 'DownloadMetadataSignatureError',
  25: 'DownloadMetadataSignatureVerificationError',
  26: 'DownloadMetadataSignatureMismatch',
  27: 'DownloadOperationHashVerificationError',
  28: 'DownloadOperationExecutionError',
  29: 'DownloadOperationHashMismatch',
  30: 'OmahaRequestEmptyResponseError',
  31: 'OmahaRequestXMLParseError',
  32: 'DownloadInvalidMetadataSize',
  33: 'DownloadInvalidMetadataSignature',
  34: 'OmahaResponseInvalid',
  35: 'OmahaUpdateIgnoredPerPolicy',
  36: 'OmahaUpdateDeferredPerPolicy',
  37: 'OmahaErrorInHTTPResponse',
  38: 'DownloadOperationHashMissingError',
  39: 'DownloadMetadataSignatureMissingError',
  40: 'OmahaUpdateDeferredForBackoff',
  41: 'PostinstallPowerwashError',
  42: 'NewPCRPolicyVerificationError',
  43: 'NewPCRPolicyHTTPError',
  44: 'RollbackError',
  100: 'DownloadIncomplete',
};

/** `2000 + status`: the server answered the check with HTTP `status`. */
export const HTTP_RESPONSE_BASE = 2000;

/** The rollback report (still on the old version after an applied update); sent bare, without flags. */
export const ROLLBACK_ERROR = 44;

/** The flag bits OR-ed into a reported code. */
export const ERROR_FLAGS = {
  DevMode: 0x80000000,
  Resumed: 0x40000000,
  TestImage: 0x20000000,
  /** Set whenever `SERVER` is not the compiled-in production URL, i.e. on every private server. */
  TestOmahaUrl: 0x10000000,
} as const;

export type ErrorFlagName = keyof typeof ERROR_FLAGS;

export const ERROR_CODE_MASK = 0x0fffffff;

/** Splits a reported code (any 32-bit value, signed or not) into base code and flag bits. */
export function splitErrorCode(n: number): { value: number; code: number; flags: number } {
  const value = n | 0;
  return { value, code: value & ERROR_CODE_MASK, flags: (value & ~ERROR_CODE_MASK) >>> 0 };
}

/** The names of the flag bits set in `flags`, highest first. */
export function errorFlagNames(flags: number): ErrorFlagName[] {
  return (Object.keys(ERROR_FLAGS) as ErrorFlagName[]).filter((name) => ((flags >>> 0) & ERROR_FLAGS[name]) !== 0);
}

/** A readable name for a base code: the table's name, `HttpResponse<status>` for 2000 + n, else `Unknown<n>`. */
export function errorCodeName(code: number): string {
  const name = ACTION_EXIT_CODES[code];
  if (name !== undefined) return name;
  if (code >= HTTP_RESPONSE_BASE && code < HTTP_RESPONSE_BASE + 1000) return `HttpResponse${code - HTTP_RESPONSE_BASE}`;
  return `Unknown${code}`;
}
