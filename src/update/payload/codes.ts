/**
 * update_engine's error codes for payload failures (its `ActionExitCode`
 * numbers, as reported in Omaha events), with their names. Hull reports the
 * same number for the same fault so that a machine's event means one thing
 * whichever client sent it.
 */
export const PAYLOAD_CODES = {
  7: 'kActionCodeInstallDeviceOpenError',
  10: 'kActionCodePayloadHashMismatchError',
  11: 'kActionCodePayloadSizeMismatchError',
  15: 'kActionCodeNewRootfsVerificationError',
  16: 'kActionCodeNewKernelVerificationError',
  17: 'kActionCodeSignedDeltaPayloadExpectedError',
  18: 'kActionCodeDownloadPayloadPubKeyVerificationError',
  21: 'kActionCodeDownloadInvalidMetadataMagicString',
  23: 'kActionCodeDownloadManifestParseError',
  28: 'kActionCodeDownloadOperationExecutionError',
  29: 'kActionCodeDownloadOperationHashMismatch',
  38: 'kActionCodeDownloadOperationHashMissingError',
} as const;

export type PayloadCode = keyof typeof PAYLOAD_CODES;

/** A payload refused, as update_engine would refuse it. */
export interface PayloadFailure {
  readonly ok: false;
  readonly code: PayloadCode;
  readonly name: (typeof PAYLOAD_CODES)[PayloadCode];
  readonly message: string;
}

/** Thrown by the streaming reader; `verifyPayload` turns it into a `PayloadFailure`. */
export class PayloadError extends Error {
  readonly code: PayloadCode;
  constructor(code: PayloadCode, message: string) {
    super(message);
    this.name = 'PayloadError';
    this.code = code;
  }
}

export function payloadFailure(code: PayloadCode, message: string): PayloadFailure {
  return { ok: false, code, name: PAYLOAD_CODES[code], message };
}
