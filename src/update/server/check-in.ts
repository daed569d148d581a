import type { Arch, Package } from './model.js';
import type { AppStatus } from './decide.js';

/**
 * One `<app>` of an Omaha request in the service's terms (the HTTP route maps
 * the protocol model to this and the result back), so the rules and the
 * service do not depend on XML.
 */
export interface CheckIn {
  /** The appid as sent (braces and case are the service's business). */
  readonly appId: string;
  readonly machineId: string;
  readonly version: string;
  readonly track: string;
  readonly arch: Arch;
  readonly ip: string;
  readonly alias: string;
  readonly oem: string;
  readonly oemVersion: string;
  readonly alephVersion: string;
  readonly ping: boolean;
  readonly updateCheck: boolean;
  readonly events: readonly CheckInEvent[];
}

export interface CheckInEvent {
  readonly type: number;
  readonly result: number;
  /** Flag bits masked off; null when the request had no errorcode. */
  readonly errorCode: number | null;
  /** The errorcode attribute as sent. */
  readonly rawErrorCode: string | null;
  /** undefined when the attribute was absent; "" when empty. */
  readonly previousVersion: string | undefined;
}

export type CheckInStatus =
  | AppStatus
  | 'error-unknownApplication'
  | 'error-unknownApplicationOrGroup'
  | 'error-invalidVersion'
  | 'error-instanceRegistrationFailed';

export interface CheckInResult {
  readonly appStatus: CheckInStatus;
  /** Present when the request had an updatecheck. */
  readonly updateCheck:
    | { readonly status: 'noupdate' }
    | { readonly status: 'error-internal' }
    | { readonly status: 'ok'; readonly pkg: Package; readonly isFloor: boolean }
    | null;
  /** One acknowledgement per request event (always `ok`, as Nebraska answers). */
  readonly events: number;
  readonly ping: boolean;
}
