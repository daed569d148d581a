/**
 * The agent's ports: everything it does to the world goes through these, so
 * the core (machine, schedule, attempt) runs over fakes in tests and over
 * src/adapters/agent/* on a machine or a simulated one (docs/agent.md).
 */
import type { BlockDevice } from '../../disk/index.js';
import type { ApplyTarget } from '../payload/index.js';

/** An HTTP answer to an Omaha POST. */
export interface OmahaAnswer {
  readonly status: number;
  readonly body: string;
}

/** Thrown by a transport or fetcher when no HTTP answer came at all (refused, reset, timeout, DNS). */
export class NoAnswerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NoAnswerError';
  }
}

export interface OmahaTransport {
  /**
   * POSTs `body` (Content-Type text/xml) to `url`; the answer's body is cut
   * at `maxBytes`. Throws NoAnswerError when nothing answered.
   */
  post(
    url: string,
    body: string,
    opts: { readonly maxBytes: number; readonly signal: AbortSignal },
  ): Promise<OmahaAnswer>;
}

export interface PayloadResponse {
  /** 200 (the whole file from 0), 206 (from the offset asked), or an error status. */
  readonly status: number;
  /** Where `chunks` start in the file (0 for a 200). */
  readonly offset: number;
  /** The whole file's size when the server said it (Content-Length or Content-Range). */
  readonly totalSize?: number;
  /** The body; ends early when the transfer stops short (the agent resumes with Range). */
  readonly chunks: AsyncIterable<Uint8Array>;
}

export interface PayloadFetcher {
  /**
   * GETs `url`, with `Range: bytes=<offset>-` when offset > 0, and HTTP basic
   * auth from DOWNLOAD_USER/DOWNLOAD_PASSWORD on https URLs only (as
   * update_engine's official builds). Throws NoAnswerError when nothing answered.
   */
  get(
    url: string,
    opts: {
      readonly offset: number;
      readonly signal: AbortSignal;
      readonly auth?: { readonly user: string; readonly password: string };
    },
  ): Promise<PayloadResponse>;
}

/** The partial (then whole) payload download: one file, `ROOT/var/lib/hull-agent/payload`. */
export interface PayloadStore {
  /** Bytes stored (0 when there is no file). */
  size(): Promise<number>;
  /** Cuts the file to `length` bytes (0 empties it). */
  truncate(length: number): Promise<void>;
  /** Appends at the end. */
  append(chunk: Uint8Array): Promise<void>;
  /** Makes the appended bytes durable. */
  sync(): Promise<void>;
  /** The stored bytes, from the start, in chunks. */
  chunks(): AsyncIterable<Uint8Array>;
  remove(): Promise<void>;
}

/** update_engine's prefs: one file per name, each written atomically (temp file + rename). */
export interface Prefs {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** update_engine's pref names the agent uses. */
export const PREF = {
  previousVersion: 'previous-version',
  alephVersion: 'aleph-version',
  fullResponse: 'full-response',
  responseHash: 'update-check-response-hash',
  responseSignature: 'current-response-signature',
  payloadAttempt: 'payload-attempt-number',
  backoffExpiry: 'backoff-expiry-time',
  urlIndex: 'current-url-index',
  urlFailures: 'current-url-failure-count',
} as const;

export interface AgentClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface Reboot {
  /** Asks the machine to reboot (simulated: writes `ROOT/run/hull/reboot-requested`). */
  reboot(): Promise<void>;
}

/** The reboot manager (issue 16 implements it; `immediateReboot` is the built-in one). docs/agent.md. */
export interface RebootManager {
  /**
   * The update is applied (UPDATED_NEED_REBOOT). Resolves after the reboot has been requested
   * through the `reboot` callback it was given, or never (strategy `off`); rejects only on abort.
   */
  rebootNeeded(reboot: () => Promise<void>, signal: AbortSignal): Promise<void>;
  /** After a boot, once the booted slot is marked good: release what was held for the reboot (e.g. the lock). */
  booted(signal: AbortSignal): Promise<void>;
}

/** What booted: the partition /usr came from and the release it runs. */
export interface BootedSystem {
  /** The /usr partition number on the booted disk (3 = USR-A, 4 = USR-B). */
  readonly partition: number;
  /** The release file's values (FLATCAR_RELEASE_VERSION, _BOARD, _APPID). */
  readonly release: Readonly<Record<string, string>>;
  /** The image's own `/usr/share/flatcar/update.conf` values. */
  readonly updateConf: Readonly<Record<string, string>>;
  /** The boot id (lower-case UUID, without braces). */
  readonly bootId: string;
  readonly machineId: string;
  /** `uname -m` (x86_64, aarch64). */
  readonly machineArch: string;
  /** OEM `ID=` and `VERSION_ID=` (empty when there is no oem-release). */
  readonly oem: string;
  readonly oemVersion: string;
}

/** A disk opened for the agent. */
export interface OpenedDisk extends BlockDevice {
  close(): Promise<void>;
}

export interface KernelTarget extends ApplyTarget {
  close(): Promise<void>;
}

export interface Host {
  booted(): Promise<BootedSystem>;
  /** The text of `/etc/flatcar/update.conf` (undefined when missing), re-read before every check. */
  readUpdateConf(): Promise<string | undefined>;
  /** The disk /usr booted from, opened read-write. */
  openDisk(): Promise<OpenedDisk>;
  /**
   * The seam for the KERNEL procedure: where the kernel of `slot` goes
   * (`flatcar/vmlinuz-a|b` on the EFI partition on a real disk; a file for
   * now), made `size` bytes long. Undefined: the procedure is read and checked, not written.
   */
  kernelTarget(slot: 'A' | 'B', size: number): Promise<KernelTarget | undefined>;
  /** Whether this boot is healthy (boot.json `health.ok`, no failed unit, or a --health-command). */
  healthy(): Promise<boolean>;
  /** The completed marker `/run/update_engine_autoupdate_completed`. */
  markerExists(): Promise<boolean>;
  writeMarker(): Promise<void>;
  removeMarker(): Promise<void>;
}

/** The agent's status as update_engine_client -status shows it. */
export interface AgentStatus {
  /** Unix seconds of the last update check (0 when none). */
  readonly lastCheckedTime: number;
  /** 0..1 while downloading. */
  readonly progress: number;
  readonly currentOperation: string;
  /** The offered version, or 0.0.0. */
  readonly newVersion: string;
  readonly newSize: number;
}

/** Where the agent publishes its status (a file under ROOT/run), read by `hull agent status`. */
export interface StatusSink {
  publish(status: AgentStatus): Promise<void>;
  /** The status published last (by an earlier agent process), if the sink keeps it. */
  read?(): Promise<AgentStatus | undefined>;
}
