/**
 * The update agent: update_engine's attempt (check → 13 → download → verify →
 * 14 → apply → postinstall → 3/1 → UPDATED_NEED_REBOOT, or 3/0 with the code)
 * and its daemon loop (the schedule, the success mark after a boot, the
 * reboot manager), over the ports of ports.ts. docs/agent.md.
 */
import { silentLogger, type Logger } from '../../core/index.js';
import {
  readClientResponse,
  responseSignature,
  writeClientRequest,
  type ClientIdentity,
  type ClientMessage,
  type InstallSource,
  type UpdateOffer,
} from '../omaha/index.js';
import {
  applyPayload,
  PayloadError,
  regionOf,
  verifyPayload,
  type ApplyTarget,
  type Bunzip,
  type Manifest,
  type PayloadCrypto,
} from '../payload/index.js';
import { mergeConfig, parseKeyValues, testUrlFlag, updatesDisabled, type AgentConfig } from './config.js';
import { disableSlot, extentOf, markGood, postinstall, readTable } from './disk-steps.js';
import { acceptsInteractiveCheck, acceptsResetStatus, initialState, transition, type AgentState } from './machine.js';
import {
  NoAnswerError,
  PREF,
  type AgentClock,
  type AgentStatus,
  type BootedSystem,
  type Host,
  type KernelTarget,
  type OmahaTransport,
  type PayloadFetcher,
  type PayloadStore,
  type Prefs,
  type Reboot,
  type RebootManager,
  type StatusSink,
} from './ports.js';
import {
  CHECK_RETRIES,
  CHECK_RETRY_MS,
  firstCheckDelay,
  MARK_GOOD_AFTER_MS,
  nextCheck,
  payloadBackoffMs,
  PERIODIC_MS,
  TRANSFER_RETRIES,
  TRANSFER_RETRY_MS,
  type Random,
} from './schedule.js';

export interface AgentDeps {
  readonly host: Host;
  readonly transport: OmahaTransport;
  readonly fetcher: PayloadFetcher;
  readonly store: PayloadStore;
  readonly prefs: Prefs;
  readonly clock: AgentClock;
  readonly reboot: Reboot;
  readonly rebootManager: RebootManager;
  readonly crypto: PayloadCrypto;
  /** The REPLACE_BZ decoder (default: the engine's own, seek-bzip; the CLI gives libbzip2 in WebAssembly, D35). */
  readonly bunzip?: Bunzip;
  /** The payload public key (PEM); without it signatures are not checked, as update_engine without its key file. */
  readonly publicKeyPem?: string;
  readonly random?: Random;
  readonly logger?: Logger;
  readonly status?: StatusSink;
  /** Overrides of update_engine's retry delays (tests). */
  readonly checkRetryMs?: number;
  readonly transferRetryMs?: number;
  /** Largest Omaha answer read (default 1 MiB). */
  readonly maxResponseBytes?: number;
}

/** How one attempt ended. */
export type AttemptOutcome =
  | { readonly kind: 'noupdate' }
  | { readonly kind: 'updated'; readonly version: string }
  | { readonly kind: 'error'; readonly code: number; readonly message: string; readonly reported: boolean }
  | { readonly kind: 'ping' }
  | { readonly kind: 'ignored'; readonly reason: string }
  | { readonly kind: 'disabled' }
  | { readonly kind: 'deferred'; readonly until: number };

/** A failed step: update_engine's code; `report: false` for the failures it does not report (observed §10.4). */
export class AttemptFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly report = true,
  ) {
    super(message);
    this.name = 'AttemptFailure';
  }
}

const DEFAULT_MAX_RESPONSE = 1024 * 1024;
const ERROR_INTERNAL = 1;
const ERROR_OMAHA_REQUEST = 2;
const ERROR_INSTALL_DEVICE = 7;
const ERROR_DOWNLOAD_TRANSFER = 9;
const ERROR_DOWNLOAD_WRITE = 14;
const ERROR_ROOTFS = 15;
const ERROR_KERNEL = 16;
const ERROR_BACKOFF = 40;

const VERIFICATION_ERRORS: ReadonlySet<number> = new Set([
  10, 11, 12, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28, 29, 32, 33, 38, 39,
]);
const TRANSIENT_ERRORS: ReadonlySet<number> = new Set([1, 9, 14, 20]);

const otherSlot = (partition: number): number | undefined => (partition === 3 ? 4 : partition === 4 ? 3 : undefined);
const slotLetter = (partition: number): 'A' | 'B' => (partition === 3 ? 'A' : 'B');
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export interface RunOptions {
  readonly signal: AbortSignal;
  /** One attempt at once, then return (after the reboot request when an update was applied). */
  readonly once?: boolean;
  /** The install source of the --once attempt (default scheduler). */
  readonly onceSource?: InstallSource;
  /** Overrides of the schedule (tests, the simulator). */
  readonly firstCheckMs?: number;
  readonly checkIntervalMs?: number;
}

export interface RunResult {
  readonly state: AgentState;
  /** The last attempt's outcome (none when no check ran). */
  readonly outcome?: AttemptOutcome;
  readonly rebootRequested: boolean;
  /** The boot was unhealthy: not marked good, no checks. */
  readonly unhealthy: boolean;
}

export class UpdateAgent {
  private stateNow: AgentState = 'UPDATE_STATUS_IDLE';
  private lastChecked = 0;
  private progress = 0;
  private newVersion = '0.0.0';
  private newSize = 0;
  private markDone = false;
  private unhealthy = false;
  private booted: BootedSystem | undefined;
  private busy = false;
  private pendingInteractive = false;
  private wake: AbortController | undefined;
  /** Set by wakeUp when no sleep was running: the next sleep is skipped. */
  private woken = false;
  private readonly log: Logger;
  private readonly random: Random;

  constructor(private readonly d: AgentDeps) {
    this.log = d.logger ?? silentLogger;
    this.random = d.random ?? Math.random;
  }

  get state(): AgentState {
    return this.stateNow;
  }

  status(): AgentStatus {
    return {
      lastCheckedTime: Math.floor(this.lastChecked / 1000),
      progress: this.progress,
      currentOperation: this.stateNow,
      newVersion: this.newVersion,
      newSize: this.newSize,
    };
  }

  /** Reads what booted and the completed marker; the state becomes UPDATED_NEED_REBOOT when the marker exists. */
  async init(): Promise<void> {
    this.booted = await this.d.host.booted();
    this.stateNow = initialState(await this.d.host.markerExists());
    if (this.stateNow === 'UPDATE_STATUS_UPDATED_NEED_REBOOT') {
      // A restarted agent still shows the update that waits for the reboot.
      const last = await this.d.status?.read?.().catch(() => undefined);
      if (last) {
        this.lastChecked = last.lastCheckedTime * 1000;
        this.progress = last.progress;
        this.newVersion = last.newVersion;
        this.newSize = last.newSize;
      }
    }
    this.log.info(
      {
        event: 'start',
        state: this.stateNow,
        partition: this.booted.partition,
        version: this.booted.release['FLATCAR_RELEASE_VERSION'],
      },
      'agent started',
    );
    await this.publish();
  }

  private async publish(): Promise<void> {
    try {
      await this.d.status?.publish(this.status());
    } catch (err) {
      this.log.warn({ event: 'status-write-failed', error: message(err) }, 'the status could not be written');
    }
  }

  private async setState(to: AgentState): Promise<void> {
    const from = this.stateNow;
    this.stateNow = transition(from, to);
    if (from !== to) this.log.info({ event: 'state', from, to }, `${from} → ${to}`);
    await this.publish();
  }

  private async config(): Promise<AgentConfig> {
    const booted = this.booted!;
    const text = await this.d.host.readUpdateConf();
    const etc = parseKeyValues(text ?? '', '/etc/flatcar/update.conf');
    const c = mergeConfig([etc.values, booted.updateConf, booted.release], etc.issues);
    for (const i of c.issues)
      this.log.warn(
        { event: 'config-line', file: i.file, line: i.line, text: i.text },
        `${i.file}:${i.line}: ${i.message}`,
      );
    return c;
  }

  private async identity(c: AgentConfig): Promise<ClientIdentity> {
    const b = this.booted!;
    let aleph = await this.d.prefs.get(PREF.alephVersion);
    if (aleph === undefined || aleph === '') {
      aleph = c.version;
      await this.d.prefs.set(PREF.alephVersion, aleph);
    }
    return {
      appId: c.appId,
      version: c.version,
      machineArch: b.machineArch,
      track: c.group,
      bootId: `{${b.bootId}}`,
      oem: b.oem,
      oemVersion: b.oemVersion,
      alephVersion: aleph,
      machineId: b.machineId,
      machineAlias: c.machineAlias,
      board: c.board,
    };
  }

  private async post(
    c: AgentConfig,
    id: ClientIdentity,
    source: InstallSource,
    m: ClientMessage,
    signal: AbortSignal,
  ): Promise<{ status: number; body: string }> {
    const body = writeClientRequest(id, source, m);
    const what =
      m.kind === 'event'
        ? `event ${m.type}/${m.result}${m.errorCode !== undefined && m.result !== 1 ? ` code ${m.errorCode >>> 0}` : ''}`
        : m.kind === 'check'
          ? m.rollback
            ? 'check with 3/0 44'
            : `check with 3/2 previousversion="${m.previousVersion}"`
          : 'ping';
    this.log.info(
      {
        event: 'omaha',
        kind: m.kind,
        what,
        installSource: source,
        ...(m.kind === 'event'
          ? { type: m.type, result: m.result, ...(m.errorCode !== undefined ? { errorCode: m.errorCode >>> 0 } : {}) }
          : {}),
      },
      `→ ${what}`,
    );
    return this.d.transport.post(c.server, body, { maxBytes: this.d.maxResponseBytes ?? DEFAULT_MAX_RESPONSE, signal });
  }

  /** An event: sent once, its answer ignored (update_engine retries no event). */
  private async event(
    c: AgentConfig,
    id: ClientIdentity,
    source: InstallSource,
    type: number,
    result: number,
    signal: AbortSignal,
    errorCode?: number,
  ): Promise<void> {
    try {
      await this.post(
        c,
        id,
        source,
        { kind: 'event', type, result, ...(errorCode !== undefined ? { errorCode } : {}) },
        signal,
      );
    } catch (err) {
      if (signal.aborted) throw err;
      this.log.warn(
        { event: 'event-not-sent', type, result, error: message(err) },
        `event ${type}/${result} not sent: ${message(err)}`,
      );
    }
  }

  /**
   * flatcar-setgoodroot: once per agent life, at the earlier of 45 s after
   * start and the first check; skipped when the completed marker exists; only
   * when the boot is healthy. Then the reboot manager's `booted`.
   */
  async markGoodOnce(signal: AbortSignal): Promise<void> {
    if (this.markDone) return;
    this.markDone = true;
    try {
      await this.markGood(signal);
    } catch (err) {
      if (signal.aborted) throw err;
      this.log.error({ event: 'mark-good-failed', error: message(err) }, `after the boot: ${message(err)}`);
    }
  }

  private async markGood(signal: AbortSignal): Promise<void> {
    const b = this.booted!;
    if (await this.d.host.markerExists()) {
      this.log.info(
        { event: 'mark-good', skipped: 'completed marker exists' },
        'not marking the boot good: an update waits for a reboot',
      );
      return;
    }
    if (!(await this.d.host.healthy())) {
      this.unhealthy = true;
      this.log.warn(
        { event: 'mark-good', skipped: 'unhealthy', partition: b.partition },
        `the boot is not healthy: partition ${b.partition} is not marked good, no update checks; the next boot falls back`,
      );
      return;
    }
    let disk;
    try {
      disk = await this.d.host.openDisk();
      const changed = await markGood(disk, b.partition);
      this.log.info(
        { event: 'mark-good', partition: b.partition, changed },
        changed ? `partition ${b.partition} marked good` : `partition ${b.partition} was already good`,
      );
    } catch (err) {
      // As update_engine: the result of flatcar-setgoodroot is only logged.
      this.log.error(
        { event: 'mark-good-failed', error: message(err) },
        `marking the boot good failed: ${message(err)}`,
      );
      return;
    } finally {
      await disk?.close();
    }
    await this.d.rebootManager.booted(signal);
  }

  /** An interactive check (hull agent check): taken only in IDLE, as update_engine. */
  requestCheck(): 'started' | 'ignored' {
    if (!acceptsInteractiveCheck(this.stateNow) || this.busy) return 'ignored';
    this.pendingInteractive = true;
    this.wakeUp();
    return 'started';
  }

  private wakeUp(): void {
    this.woken = true;
    this.wake?.abort();
  }

  /** reset-status: only from IDLE or UPDATED_NEED_REBOOT; removes the completed marker (the GPT change stays). */
  async resetStatus(): Promise<boolean> {
    if (!acceptsResetStatus(this.stateNow) || this.busy) return false;
    await this.d.host.removeMarker();
    if (this.stateNow !== 'UPDATE_STATUS_IDLE') await this.setState('UPDATE_STATUS_IDLE');
    this.progress = 0;
    this.newVersion = '0.0.0';
    this.newSize = 0;
    await this.publish();
    return true;
  }

  /** One attempt, as update_engine's. Never throws but on abort. */
  async attempt(source: InstallSource, signal: AbortSignal): Promise<AttemptOutcome> {
    if (this.busy) return { kind: 'ignored', reason: 'an attempt is running' };
    this.busy = true;
    try {
      return await this.attemptInner(source, signal);
    } catch (err) {
      if (signal.aborted) throw err;
      // A failure before the check (config, prefs, host): logged, nothing reported, the daemon goes on.
      this.log.error(
        { event: 'attempt-failed', code: ERROR_INTERNAL, reported: false, error: message(err) },
        `the attempt failed before its check: ${message(err)}`,
      );
      return { kind: 'error', code: ERROR_INTERNAL, message: message(err), reported: false };
    } finally {
      this.busy = false;
    }
  }

  private async attemptInner(source: InstallSource, signal: AbortSignal): Promise<AttemptOutcome> {
    const c = await this.config();
    if (this.stateNow === 'UPDATE_STATUS_UPDATED_NEED_REBOOT') {
      if (source === 'ondemandupdate')
        return { kind: 'ignored', reason: 'an update waits for a reboot (UPDATE_STATUS_UPDATED_NEED_REBOOT)' };
      if (updatesDisabled(c)) return { kind: 'disabled' };
      try {
        await this.post(c, await this.identity(c), 'scheduler', { kind: 'ping' }, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        this.log.warn({ event: 'ping-failed', error: message(err) }, `ping failed: ${message(err)}`);
      }
      return { kind: 'ping' };
    }
    if (this.stateNow !== 'UPDATE_STATUS_IDLE') return { kind: 'ignored', reason: `the agent is in ${this.stateNow}` };
    if (updatesDisabled(c)) {
      this.log.info({ event: 'disabled' }, 'SERVER=disabled: no check');
      return { kind: 'disabled' };
    }
    await this.markGoodOnce(signal);
    if (this.unhealthy) return { kind: 'ignored', reason: 'the boot is not healthy' };
    const id = await this.identity(c);
    await this.setState('UPDATE_STATUS_CHECKING_FOR_UPDATE');
    this.lastChecked = this.d.clock.now();
    this.progress = 0;
    try {
      const offer = await this.check(c, id, source, signal);
      if (offer === undefined) {
        await this.setState('UPDATE_STATUS_IDLE');
        return { kind: 'noupdate' };
      }
      this.newVersion = offer.version || '0.0.0';
      this.newSize = offer.size;
      await this.setState('UPDATE_STATUS_UPDATE_AVAILABLE');
      const deferred = await this.backoff(offer);
      if (deferred !== undefined) {
        await this.event(c, id, source, 3, 9, signal, ERROR_BACKOFF | testUrlFlag(c));
        await this.setState('UPDATE_STATUS_IDLE');
        return { kind: 'deferred', until: deferred };
      }
      try {
        await this.install(c, id, source, offer, signal);
      } catch (err) {
        if (!signal.aborted && err instanceof AttemptFailure) await this.noteUrlFailure(offer, err.code);
        throw err;
      }
      return { kind: 'updated', version: offer.version };
    } catch (err) {
      if (signal.aborted) throw err;
      const f = err instanceof AttemptFailure ? err : new AttemptFailure(ERROR_INTERNAL, `unexpected: ${message(err)}`);
      this.log.error(
        { event: 'attempt-failed', code: f.code, reported: f.report, error: f.message },
        `the attempt failed with code ${f.code}: ${f.message}`,
      );
      if (f.report) {
        await this.setState('UPDATE_STATUS_REPORTING_ERROR_EVENT');
        await this.event(c, id, source, 3, 0, signal, f.code | testUrlFlag(c));
      } else if ((this.stateNow as AgentState) !== 'UPDATE_STATUS_CHECKING_FOR_UPDATE') {
        await this.setState('UPDATE_STATUS_REPORTING_ERROR_EVENT');
      }
      await this.setState('UPDATE_STATUS_IDLE');
      return { kind: 'error', code: f.code, message: f.message, reported: f.report };
    }
  }

  /** The last update check's HTTP status and PollInterval, for the schedule. */
  lastCheck: { httpStatus?: number; pollIntervalSec?: number } = {};

  /** The update check, with update_engine's previousversion rules and retries; undefined for noupdate. */
  private async check(
    c: AgentConfig,
    id: ClientIdentity,
    source: InstallSource,
    signal: AbortSignal,
  ): Promise<UpdateOffer | undefined> {
    const prev = await this.d.prefs.get(PREF.previousVersion);
    const rollback = prev !== undefined && prev !== '' && prev === id.version && !(await this.d.host.markerExists());
    const msg: ClientMessage = rollback
      ? { kind: 'check', rollback: true }
      : { kind: 'check', previousVersion: prev ?? '0.0.0.0' };
    if (rollback)
      this.log.warn(
        { event: 'rollback-detected', version: id.version },
        `still running ${id.version} after an applied update: reporting error 44`,
      );
    this.lastCheck = {};
    const retries = source === 'ondemandupdate' ? CHECK_RETRIES.interactive : CHECK_RETRIES.scheduled;
    let answer: { status: number; body: string } | undefined;
    for (let i = 0; ; i++) {
      try {
        answer = await this.post(c, id, source, msg, signal);
        break;
      } catch (err) {
        if (signal.aborted || !(err instanceof NoAnswerError)) throw err;
        if (i >= retries) throw new AttemptFailure(ERROR_OMAHA_REQUEST, `no answer from ${c.server}: ${err.message}`);
        this.log.warn(
          { event: 'check-retry', error: err.message },
          `no answer to the update check; retrying in ${(this.d.checkRetryMs ?? CHECK_RETRY_MS) / 1000} s`,
        );
        await this.d.clock.sleep(this.d.checkRetryMs ?? CHECK_RETRY_MS, signal);
      }
    }
    await this.d.prefs.set(PREF.fullResponse, answer.body);
    await this.d.prefs.set(PREF.previousVersion, '');
    this.lastCheck = { httpStatus: answer.status };
    if (answer.status !== 200)
      throw new AttemptFailure(2000 + answer.status, `the update check was answered HTTP ${answer.status}`);
    const r = readClientResponse(answer.body);
    if (!r.ok) throw new AttemptFailure(r.code, r.message);
    if (r.pollInterval !== undefined) this.lastCheck = { ...this.lastCheck, pollIntervalSec: r.pollInterval };
    if (r.status === 'noupdate') {
      this.log.info({ event: 'noupdate' }, 'no update');
      return undefined;
    }
    this.log.info(
      { event: 'offer', version: r.version, size: r.size, url: r.urls[0] },
      `update to ${r.version} offered (${r.size} bytes)`,
    );
    return r;
  }

  /** Payload backoff (update.md §3.3): a deferral end time, or undefined to go on. */
  private async backoff(offer: UpdateOffer): Promise<number | undefined> {
    const same = (await this.d.prefs.get(PREF.responseSignature)) === responseSignature(offer);
    if (!same || offer.disablePayloadBackoff || offer.isDelta) return undefined;
    const until = Number(await this.d.prefs.get(PREF.backoffExpiry));
    if (Number.isFinite(until) && until > this.d.clock.now()) {
      this.log.info(
        { event: 'backoff', until: new Date(until).toISOString() },
        'the same payload failed before: deferred (backoff)',
      );
      return until;
    }
    return undefined;
  }

  private async install(
    c: AgentConfig,
    id: ClientIdentity,
    source: InstallSource,
    offer: UpdateOffer,
    signal: AbortSignal,
  ): Promise<void> {
    const b = this.booted!;
    const target = otherSlot(b.partition);
    if (target === undefined)
      throw new AttemptFailure(
        3,
        `the booted /usr is partition ${b.partition}, not 3 or 4: no install plan (nothing is reported, as update_engine)`,
        false,
      );
    await this.event(c, id, source, 13, 1, signal);
    let disk;
    try {
      disk = await this.d.host.openDisk();
    } catch (err) {
      throw new AttemptFailure(ERROR_INSTALL_DEVICE, `cannot open the booted disk: ${message(err)}`);
    }
    try {
      try {
        if (await disableSlot(disk, target))
          this.log.info(
            { event: 'slot-disabled', partition: target },
            `partition ${target} set to priority 0 while it is written`,
          );
      } catch (err) {
        throw new AttemptFailure(ERROR_INSTALL_DEVICE, `cannot prepare partition ${target}: ${message(err)}`);
      }
      await this.setState('UPDATE_STATUS_DOWNLOADING');
      await this.download(c, offer, signal);
      const manifest = await this.verify(offer);
      await this.countPayloadAttempt();
      await this.event(c, id, source, 14, 1, signal);
      await this.setState('UPDATE_STATUS_FINALIZING');
      await this.writeSlot(disk, target, manifest, signal);
      try {
        await postinstall(disk, target);
      } catch (err) {
        throw new AttemptFailure(5, `postinstall failed: ${message(err)}`);
      }
      this.log.info(
        { event: 'postinstall', partition: target },
        `partition ${target} is the next boot (successful=0, tries=1, highest priority)`,
      );
    } finally {
      await disk.close();
    }
    await this.event(c, id, source, 3, 1, signal);
    await this.d.prefs.set(PREF.previousVersion, id.version);
    await this.d.host.writeMarker();
    for (const p of [
      PREF.responseHash,
      PREF.responseSignature,
      PREF.payloadAttempt,
      PREF.backoffExpiry,
      PREF.urlIndex,
      PREF.urlFailures,
    ])
      await this.d.prefs.delete(p);
    await this.d.store.remove();
    await this.setState('UPDATE_STATUS_UPDATED_NEED_REBOOT');
  }

  /** Downloads into the store, resuming with Range when the stored response is the same one. */
  private async download(c: AgentConfig, offer: UpdateOffer, signal: AbortSignal): Promise<void> {
    const auth =
      c.downloadUser !== undefined ? { auth: { user: c.downloadUser, password: c.downloadPassword ?? '' } } : {};
    const { prefs, store } = this.d;
    const sig = responseSignature(offer);
    const same =
      (await prefs.get(PREF.responseSignature)) === sig && (await prefs.get(PREF.responseHash)) === offer.sha256;
    let have = same ? await store.size() : 0;
    if (!same) {
      await store.truncate(0);
      await prefs.set(PREF.responseSignature, sig);
      await prefs.set(PREF.responseHash, offer.sha256);
      for (const p of [PREF.payloadAttempt, PREF.backoffExpiry, PREF.urlIndex, PREF.urlFailures]) await prefs.delete(p);
    } else if (have > offer.size) {
      await store.truncate(0);
      have = 0;
    }
    if (have > 0) this.log.info({ event: 'resume', offset: have }, `resuming the download at byte ${have}`);
    const urlIndex = Number((await prefs.get(PREF.urlIndex)) ?? 0) || 0;
    const url = offer.urls[urlIndex % offer.urls.length]!;
    let stops = 0;
    let serverTotal: number | undefined;
    let lastShown = -1;
    while (have < offer.size && !(serverTotal !== undefined && have >= serverTotal)) {
      let res;
      try {
        res = await this.d.fetcher.get(url, { offset: have, signal, ...auth });
      } catch (err) {
        if (signal.aborted || !(err instanceof NoAnswerError)) throw err;
        if (++stops > TRANSFER_RETRIES)
          throw new AttemptFailure(ERROR_DOWNLOAD_TRANSFER, `the payload download from ${url} failed: ${err.message}`);
        await this.d.clock.sleep(this.d.transferRetryMs ?? TRANSFER_RETRY_MS, signal);
        continue;
      }
      this.log.info(
        {
          event: 'download',
          url,
          status: res.status,
          offset: res.offset,
          ...(have > 0 ? { range: `bytes=${have}-` } : {}),
        },
        `GET ${url}${have > 0 ? ` (Range: bytes=${have}-)` : ''}: HTTP ${res.status}`,
      );
      if (res.status !== 200 && res.status !== 206)
        throw new AttemptFailure(
          ERROR_DOWNLOAD_TRANSFER,
          `the payload download from ${url} was answered HTTP ${res.status}`,
        );
      if (res.offset !== have) {
        await store.truncate(res.offset);
        have = res.offset;
      }
      serverTotal = res.totalSize;
      try {
        for await (const chunk of res.chunks) {
          try {
            await store.append(chunk);
          } catch (err) {
            throw new AttemptFailure(ERROR_DOWNLOAD_WRITE, `cannot store the payload: ${message(err)}`);
          }
          have += chunk.length;
          this.progress = Math.min(1, have / offer.size);
          const shown = Math.floor(this.progress * 100);
          if (shown !== lastShown) {
            lastShown = shown;
            await this.setState('UPDATE_STATUS_DOWNLOADING');
          }
          if (have > offer.size) break; // more than the response said: refused as 11 below
        }
      } catch (err) {
        if (signal.aborted || err instanceof AttemptFailure) throw err;
        this.log.warn(
          { event: 'transfer-stopped', at: have, error: message(err) },
          `the transfer stopped at byte ${have}: ${message(err)}`,
        );
      }
      await store.sync();
      if (have > offer.size) break;
      if (have < offer.size && !(serverTotal !== undefined && have >= serverTotal)) {
        if (++stops > TRANSFER_RETRIES)
          throw new AttemptFailure(
            ERROR_DOWNLOAD_TRANSFER,
            `the payload download stopped at byte ${have} of ${offer.size} too often`,
          );
        await this.d.clock.sleep(this.d.transferRetryMs ?? TRANSFER_RETRY_MS, signal);
      }
    }
  }

  /**
   * update_engine's URL rules (update.md §3.3): a verification error moves to
   * the next URL at once; a transient one (1, 9, 14, 20, an HTTP status)
   * counts against the URL, which is left after MaxFailureCountPerUrl (10) in
   * a row; any other error leaves the URL state alone.
   */
  private async noteUrlFailure(offer: UpdateOffer, code: number): Promise<void> {
    const { prefs } = this.d;
    if ((await prefs.get(PREF.responseSignature)) !== responseSignature(offer)) return;
    const index = Number(await prefs.get(PREF.urlIndex)) || 0;
    const failures = (Number(await prefs.get(PREF.urlFailures)) || 0) + 1;
    const next = async (why: string): Promise<void> => {
      await prefs.set(PREF.urlIndex, String((index + 1) % offer.urls.length));
      await prefs.set(PREF.urlFailures, '0');
      if (offer.urls.length > 1)
        this.log.info(
          { event: 'next-url', url: offer.urls[(index + 1) % offer.urls.length] },
          `${why}: the next attempt uses the next URL`,
        );
    };
    if (VERIFICATION_ERRORS.has(code)) await next(`error ${code} (verification)`);
    else if (TRANSIENT_ERRORS.has(code) || code >= 2000) {
      if (failures >= (offer.maxFailureCountPerUrl ?? 10)) await next(`${failures} failures of the same URL`);
      else await prefs.set(PREF.urlFailures, String(failures));
    }
  }

  /** A downloaded and verified payload counts as an attempt (update_engine's DownloadComplete): the same response is then backed off. */
  private async countPayloadAttempt(): Promise<void> {
    const attempt = (Number(await this.d.prefs.get(PREF.payloadAttempt)) || 0) + 1;
    await this.d.prefs.set(PREF.payloadAttempt, String(attempt));
    await this.d.prefs.set(PREF.backoffExpiry, String(this.d.clock.now() + payloadBackoffMs(attempt, this.random)));
  }

  /** The whole stored file: size (11), sha256 (10), signature (17/18), operations (21/23/28/29/38). A refused file is dropped. */
  private async verify(offer: UpdateOffer): Promise<Manifest> {
    const v = await verifyPayload(this.d.store.chunks(), {
      crypto: this.d.crypto,
      ...(this.d.publicKeyPem !== undefined ? { publicKeyPem: this.d.publicKeyPem } : {}),
      expectedSize: offer.size,
      expectedSha256: offer.sha256,
    });
    if (!v.ok) {
      await this.d.store.truncate(0);
      throw new AttemptFailure(v.code, v.message);
    }
    this.log.info(
      { event: 'verified', size: v.size, signatureVerified: v.signatureVerified },
      `payload verified${v.signatureVerified ? ' (signature checked)' : ' (no public key: signature not checked)'}`,
    );
    return v.manifest;
  }

  /** Writes the stored payload into the idle slot and the kernel target; checks new_partition_info (15) and the kernel's new_info (16). */
  private async writeSlot(
    disk: Awaited<ReturnType<Host['openDisk']>>,
    target: number,
    manifest: Manifest,
    signal: AbortSignal,
  ): Promise<void> {
    let region: ApplyTarget;
    try {
      const { table } = await readTable(disk);
      const { offset, size } = extentOf(table, target);
      region = regionOf(disk, offset, size);
    } catch (err) {
      throw new AttemptFailure(ERROR_INSTALL_DEVICE, `cannot open partition ${target}: ${message(err)}`);
    }
    const kernels: KernelTarget[] = [];
    const kernelFor = new Map<number, ApplyTarget>();
    try {
      // The kernel target is made as long as the procedure's new_info says (update_engine truncates it so).
      for (const [i, p] of manifest.procedures.entries()) {
        if (p.type === 'KERNEL' && p.operations.length > 0 && p.newInfo) {
          let k: KernelTarget | undefined;
          try {
            k = await this.d.host.kernelTarget(slotLetter(target), Number(p.newInfo.size));
          } catch (err) {
            // No EFI FAT or no flatcar/ on it: update_engine's 7 (kActionCodeInstallDeviceOpenError), before a byte is written.
            if (err instanceof PayloadError) throw new AttemptFailure(err.code, err.message);
            throw err;
          }
          if (k) {
            kernels.push(k);
            kernelFor.set(i, k);
          }
        }
      }
      if (signal.aborted) throw signal.reason;
      const r = await applyPayload(this.d.store.chunks(), region, {
        crypto: this.d.crypto,
        procedureTarget: (_p, i) => kernelFor.get(i),
        ...(this.d.bunzip ? { bunzip: this.d.bunzip } : {}),
      });
      if (!r.ok)
        throw new AttemptFailure(
          r.code,
          `${r.message} (${r.bytesWritten} bytes written into partition ${target}, which stays unbootable)`,
        );
      if (!r.partition.matches)
        throw new AttemptFailure(
          ERROR_ROOTFS,
          `partition ${target} hashes to ${r.partition.sha256}, not new_partition_info's ${r.partition.expected}`,
        );
      for (const p of r.procedures) {
        if (p.applied && p.check && !p.check.matches)
          throw new AttemptFailure(
            ERROR_KERNEL,
            `the kernel hashes to ${p.check.sha256}, not its new_info's ${p.check.expected}`,
          );
      }
      this.log.info(
        {
          event: 'applied',
          partition: target,
          operations: r.operations,
          bytes: r.bytesWritten,
          hash: r.partition.sha256,
        },
        `payload written into partition ${target}; it hashes to new_partition_info`,
      );
    } finally {
      for (const k of kernels) await k.close();
    }
  }

  /**
   * The daemon: the success mark 45 s after start (or at the first check), the
   * first check after `firstCheckMs` (7 ± 5 min), then update_engine's
   * intervals; interactive checks through `requestCheck`; after an applied
   * update, the reboot manager. Returns after the reboot was requested, on
   * abort, or after one attempt with `once`.
   */
  async run(opts: RunOptions): Promise<RunResult> {
    const { signal } = opts;
    if (!this.booted) await this.init();
    const start = this.d.clock.now();
    let outcome: AttemptOutcome | undefined;
    let rebootRequested = false;
    const afterUpdate = async (): Promise<boolean> => {
      if (this.stateNow !== 'UPDATE_STATUS_UPDATED_NEED_REBOOT') return false;
      this.log.info({ event: 'reboot-needed' }, 'update applied: asking the reboot manager');
      await this.d.rebootManager.rebootNeeded(async () => {
        this.log.info({ event: 'reboot' }, 'rebooting');
        await this.d.reboot.reboot();
        rebootRequested = true;
      }, signal);
      return rebootRequested;
    };
    const result = (): RunResult => ({
      state: this.stateNow,
      ...(outcome ? { outcome } : {}),
      rebootRequested,
      unhealthy: this.unhealthy,
    });

    if (opts.once) {
      outcome = await this.attempt(opts.onceSource ?? 'scheduler', signal);
      // An update applied now, or one waiting (a scheduled ping): the reboot manager decides. An
      // ignored interactive check does nothing more, as update_engine.
      if (outcome.kind === 'updated' || outcome.kind === 'ping') await afterUpdate();
      // With updates disabled (no check), the boot is still marked good, as at 45 s in the daemon.
      else await this.markGoodOnce(signal);
      return result();
    }

    const markAt = start + MARK_GOOD_AFTER_MS;
    let nextAt = start + (opts.firstCheckMs ?? firstCheckDelay(this.random));
    let interval = PERIODIC_MS;
    // The reboot manager runs beside the loop once an update waits for a reboot.
    let waiting: Promise<boolean> | undefined;
    for (;;) {
      if (signal.aborted) return result();
      if (this.stateNow === 'UPDATE_STATUS_UPDATED_NEED_REBOOT' && !waiting) {
        waiting = afterUpdate();
        waiting.then(
          () => this.wakeUp(),
          (err: unknown) => {
            if (!signal.aborted)
              this.log.error({ event: 'reboot-failed', error: message(err) }, `the reboot failed: ${message(err)}`);
          },
        );
      }
      if (rebootRequested) {
        await waiting;
        return result();
      }
      const now = this.d.clock.now();
      if (!this.markDone && now >= markAt) await this.markGoodOnce(signal);
      if (this.pendingInteractive) {
        this.pendingInteractive = false;
        outcome = await this.attempt('ondemandupdate', signal);
        continue;
      }
      if (now >= nextAt) {
        outcome = await this.attempt('scheduler', signal);
        const n =
          opts.checkIntervalMs !== undefined
            ? { delayMs: opts.checkIntervalMs, intervalMs: opts.checkIntervalMs }
            : nextCheck({ lastIntervalMs: interval, ...this.lastCheck }, this.random);
        interval = n.intervalMs;
        nextAt = this.d.clock.now() + n.delayMs;
        this.log.info({ event: 'next-check', inMs: n.delayMs }, `next check in ${Math.round(n.delayMs / 1000)} s`);
        continue;
      }
      const until = Math.min(nextAt, this.markDone ? Infinity : markAt);
      if (this.woken) {
        this.woken = false;
        continue;
      }
      this.wake = new AbortController();
      const both = AbortSignal.any([signal, this.wake.signal]);
      try {
        await this.d.clock.sleep(Math.max(0, until - now), both);
      } catch {
        // woken: an interactive check, the reboot manager, or a stop
      } finally {
        this.wake = undefined;
        this.woken = false;
      }
    }
  }
}

/** The built-in reboot manager: reboot at once; nothing to release after the boot. */
export const immediateReboot: RebootManager = {
  rebootNeeded: async (reboot) => {
    await reboot();
  },
  booted: async () => undefined,
};
