/**
 * The Omaha v3 protocol as Hull speaks it: the request update_engine sends
 * (docs/update-server.md "Omaha protocol"; shared spec update.md §1.2,
 * update-engine-observed.md §2) and the response it accepts (§1.5, §4).
 *
 * Request attributes are kept as the client sent them (after XML decoding):
 * `undefined` means the attribute was absent, `""` that it was present and
 * empty. Attributes the protocol does not know are left out.
 */

/** `<os>`: Flatcar sends version, platform and sp; other clients also arch. */
export interface OmahaOs {
  readonly version?: string;
  readonly platform?: string;
  readonly sp?: string;
  readonly arch?: string;
}

/** `<ping>`: Flatcar always sends `active="1"`; `a`/`r` are day counts of Omaha clients. */
export interface OmahaPing {
  readonly active?: string;
  readonly a?: string;
  readonly r?: string;
}

/** `<updatecheck>`: its presence asks for an update. */
export interface OmahaUpdateCheck {
  readonly targetVersionPrefix?: string;
}

/** An error code as reported (`errorcode`), split into its base code and flag bits. */
export interface OmahaErrorCode {
  /** The attribute's text as sent (`"268435474"`). */
  readonly raw: string;
  /** The number sent, as a 32-bit signed value (bit 31 makes it negative, as update_engine's `%d` prints it). */
  readonly value: number;
  /** `value & 0x0FFFFFFF`: the ActionExitCode (error-codes.ts). */
  readonly code: number;
  /** The flag bits above bit 27 (0x80000000 dev mode … 0x10000000 test URL), as an unsigned number. */
  readonly flags: number;
}

export interface OmahaRequestEvent {
  /** `eventtype`: 3 update complete, 13 download started, 14 download finished, … */
  readonly type: number;
  /** `eventresult`: 0 error, 1 success, 2 success-reboot, … */
  readonly result: number;
  /** Absent when the client sent no `errorcode` (it sends none with result 1). */
  readonly errorCode?: OmahaErrorCode;
  /** `previousversion`: undefined when absent, `""` when sent empty, `"0.0.0.0"` on a first check. */
  readonly previousVersion?: string;
  readonly nextVersion?: string;
}

export interface OmahaRequestApp {
  /** As sent, braces and case kept (`{e96281a6-…}`); identify.ts normalises it. */
  readonly appId: string;
  readonly version?: string;
  readonly track?: string;
  readonly bootId?: string;
  readonly oem?: string;
  readonly oemVersion?: string;
  readonly alephVersion?: string;
  readonly machineId?: string;
  readonly machineAlias?: string;
  readonly lang?: string;
  readonly board?: string;
  readonly hardwareClass?: string;
  readonly deltaOkay?: string;
  // Protocol extras go-omaha and Nebraska know; Flatcar does not send them.
  readonly fromTrack?: string;
  readonly nextVersion?: string;
  readonly installAge?: string;
  readonly client?: string;
  readonly multiManifestOk?: string;
  readonly ping?: OmahaPing;
  readonly updateCheck?: OmahaUpdateCheck;
  readonly events: readonly OmahaRequestEvent[];
}

export interface OmahaRequest {
  /** Always "3.0" (anything else is refused by the parser). */
  readonly protocol: string;
  readonly version?: string;
  readonly updaterVersion?: string;
  /** `scheduler` or `ondemandupdate`. */
  readonly installSource?: string;
  readonly isMachine?: string;
  readonly requestId?: string;
  readonly sessionId?: string;
  readonly os?: OmahaOs;
  /** One or more; update_engine sends exactly one. */
  readonly apps: readonly OmahaRequestApp[];
}

// ---------------------------------------------------------------- response

/** `app/@status`: standard values, go-omaha's and Nebraska's `error-…` strings. */
export type OmahaAppStatus =
  | 'ok'
  | 'restricted'
  | 'error-unknownApplication'
  | 'error-invalidAppId'
  | `error-${string}`;

export interface OmahaResponsePackage {
  readonly name: string;
  /** Standard base64 of the file's SHA-1. */
  readonly hash: string;
  readonly size: number;
  /** true for the OS payload (first); false for extension payloads. */
  readonly required: boolean;
  /** Lowercase hex SHA-256 (extension packages). */
  readonly hashSha256?: string;
}

/** The `postinstall` action: update_engine compares `sha256` as text (canonical padded base64). */
export interface OmahaPostinstallAction {
  readonly event: 'postinstall';
  readonly sha256: string;
  readonly disablePayloadBackoff?: boolean;
  readonly maxFailureCountPerUrl?: number;
  readonly isDeltaPayload?: boolean;
  readonly needsAdmin?: boolean;
  /** Nebraska's compatibility attributes, ignored by today's clients. */
  readonly chromeOsVersion?: string;
  readonly isDelta?: boolean;
  readonly metadataSignatureRsa?: string;
  readonly metadataSize?: string;
  readonly deadline?: string;
}

export interface OmahaManifest {
  readonly version: string;
  /** The OS payload first; extension payloads after it with `required: false`. */
  readonly packages: readonly OmahaResponsePackage[];
  readonly actions: readonly OmahaPostinstallAction[];
  /** Nebraska's multi-step extension. */
  readonly isFloor?: boolean;
  readonly floorReason?: string;
  readonly isTarget?: boolean;
}

export type OmahaUpdateCheckStatus =
  | 'ok'
  | 'noupdate'
  | 'error-osnotsupported'
  | 'error-unsupportedProtocol'
  | 'error-pluginRestrictedHost'
  | 'error-hash'
  | 'error-internal';

export type OmahaResponseUpdateCheck =
  | {
      readonly status: 'ok';
      readonly pollInterval?: number;
      /** Codebases (base URLs); one or more, the client tries them in order. */
      readonly urls: readonly string[];
      readonly manifest: OmahaManifest;
    }
  | {
      readonly status: Exclude<OmahaUpdateCheckStatus, 'ok'>;
      readonly pollInterval?: number;
    };

export interface OmahaResponseApp {
  /** Echoed as the client sent it; absent only in errorResponse. */
  readonly appId?: string;
  readonly status: OmahaAppStatus;
  /** Answer `<ping status="ok">` (when the request had a ping). */
  readonly ping: boolean;
  /** Present when the request had an updatecheck. */
  readonly updateCheck?: OmahaResponseUpdateCheck;
  /** How many `<event status="ok">` to write: one per request event. */
  readonly eventAcks: number;
}

export interface OmahaResponse {
  /** `response/@server`; Hull writes "hull". */
  readonly server: string;
  /** `daystart/@elapsed_seconds`; Nebraska always 0. */
  readonly elapsedSeconds: number;
  readonly apps: readonly OmahaResponseApp[];
}
