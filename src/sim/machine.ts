/**
 * One simulated machine: its image booted by `hostBoot` (GRUB's gptprio
 * choice, src/disk), the REAL update agent (`UpdateAgent`, src/update/agent)
 * and the REAL reboot manager (`createRebootManager`, src/reboot) over ports
 * bound to the machine's image, the in-process (or real) server and the
 * virtual clock. What is simulated: the machine's /run, /etc and prefs (in
 * memory), the power cycle (a reboot takes REBOOT_MS), a trial boot of a
 * `fails-boot` release (the kernel does not come up: the machine resets after
 * BOOT_FAIL_MS and GRUB falls back), and the health gate (the release's
 * outcome decides; an unhealthy boot is reset after UNHEALTHY_RESET_MS, as a
 * watchdog or an operator would).
 */
import { AppError, silentLogger, type Logger } from '../core/index.js';
import {
  chooseBoot,
  getPrio,
  hostBoot,
  parseKeyValue,
  readGpt,
  RELEASE_PATH,
  type BlockDevice,
  type BootRecord,
  type HostRoot,
} from '../disk/index.js';
import {
  readClientResponse,
  UpdateAgent,
  type AgentStatus,
  type BootedSystem,
  type Host,
  type OmahaTransport,
  type OpenedDisk,
  type PayloadFetcher,
  type PayloadStore,
  type Prefs,
  NoAnswerError,
} from '../update/index.js';
import { createRebootManager, type RebootLockPort } from '../reboot/index.js';
import type { PlanFleetGroup, PlanRelease } from './plan.js';
import type { HttpAnswer, HttpPort, HttpRequest, SimIo } from './ports.js';
import { deriveSeed, hex, mulberry32, uuid, type Random } from './rng.js';
import type { TimelineRecorder } from './timeline.js';
import type { SimClock } from './sim-clock.js';

export const REBOOT_MS = 60_000;
export const BOOT_FAIL_MS = 2 * 60_000;
export const UNHEALTHY_RESET_MS = 10 * 60_000;

export interface MachineSpec {
  readonly index: number;
  readonly name: string;
  readonly machineId: string;
  readonly fleet: PlanFleetGroup;
  readonly neverReboots: boolean;
  /** 0 when the network is fine; else the share of requests that get no answer. */
  readonly dropRate: number;
}

export interface MachineContext {
  readonly io: SimIo;
  readonly clock: SimClock;
  readonly timeline: TimelineRecorder;
  readonly releases: ReadonlyMap<string, PlanRelease>;
  readonly seed: number;
  /** The machine's reboot lock (etcd semaphore or FleetLock), for the lock strategies. */
  lockFor(spec: MachineSpec): RebootLockPort | undefined;
  /** Called after a request that may have halted the machine's group (a failure or a rollback was reported). */
  afterFailureReport(group: string): Promise<void>;
  /** Whether the run is over (the machine then stops at its next step). */
  readonly stopped: AbortSignal;
}

class MemoryPrefs implements Prefs {
  private readonly m = new Map<string, string>();
  async get(name: string): Promise<string | undefined> {
    return this.m.get(name);
  }
  async set(name: string, value: string): Promise<void> {
    this.m.set(name, value);
  }
  async delete(name: string): Promise<void> {
    this.m.delete(name);
  }
}

class MemoryPayloadStore implements PayloadStore {
  private parts: Uint8Array[] = [];
  private bytes = 0;
  async size(): Promise<number> {
    return this.bytes;
  }
  async truncate(length: number): Promise<void> {
    if (length >= this.bytes) return;
    const all = this.joined().subarray(0, length);
    this.parts = length > 0 ? [all.slice()] : [];
    this.bytes = length;
  }
  async append(chunk: Uint8Array): Promise<void> {
    this.parts.push(chunk.slice());
    this.bytes += chunk.length;
  }
  async sync(): Promise<void> {}
  chunks(): AsyncIterable<Uint8Array> {
    const parts = this.parts.slice();
    return (async function* () {
      for (const p of parts) yield p;
    })();
  }
  async remove(): Promise<void> {
    this.parts = [];
    this.bytes = 0;
  }
  private joined(): Uint8Array {
    const out = new Uint8Array(this.bytes);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}

const textDecoder = new TextDecoder();

/** A request whose failure to get any answer (a refused connection, a timeout) is the agent's NoAnswerError. */
async function answered(http: HttpPort, req: HttpRequest): Promise<HttpAnswer> {
  try {
    return await http.request(req);
  } catch (e) {
    if (e instanceof NoAnswerError) throw e;
    throw new NoAnswerError(`${req.url}: no answer (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  }
}

/** The slot bits of USR-A and USR-B as `P1 T0 S1`. */
export async function slotBits(dev: BlockDevice): Promise<{ a: string; b: string }> {
  const r = await readGpt(dev);
  const bits = (n: number): string => {
    const p = r.table?.partitions.find((x) => x.number === n);
    if (!p) return '-';
    const a = getPrio(p.attributes);
    return `P${a.priority} T${a.tries} S${a.successful ? 1 : 0}`;
  };
  return { a: bits(3), b: bits(4) };
}

export class SimulatedMachine {
  private readonly random: Random;
  private readonly prefs = new MemoryPrefs();
  private readonly store = new MemoryPayloadStore();
  private marker = false;
  private record: BootRecord | undefined;
  private lastStatus = '';
  /** The release the machine runs now (the booted slot's), '' while down. */
  version = '';
  /** Per release: whether this machine's boot of it fails its health gate (drawn once). */
  private readonly failsHealth = new Map<string, boolean>();

  constructor(
    readonly spec: MachineSpec,
    private readonly ctx: MachineContext,
  ) {
    this.random = mulberry32(deriveSeed(ctx.seed, spec.index, 1));
    const draws = mulberry32(deriveSeed(ctx.seed, spec.index, 2));
    for (const r of ctx.releases.values()) this.failsHealth.set(r.version, draws() < r.failShare);
  }

  private get t(): TimelineRecorder {
    return this.ctx.timeline;
  }

  private track<T>(work: () => Promise<T>): Promise<T> {
    return this.ctx.clock.track(work);
  }

  /** The image, with every read and write counted as IO for the clock; a written disk records its slot bits when closed. */
  private async openDisk(recordSlots = true): Promise<OpenedDisk> {
    const dev = await this.track(() => this.ctx.io.openImage(this.spec.index));
    let written = false;
    const wrapped: OpenedDisk = {
      size: dev.size,
      read: (offset, length) => this.track(() => dev.read(offset, length)),
      ...(dev.readInto
        ? { readInto: (offset: number, into: Uint8Array) => this.track(() => dev.readInto!(offset, into)) }
        : {}),
      write: (offset, data) => {
        written = true;
        return this.track(() => dev.write(offset, data));
      },
      // A simulated machine does not lose power: no fsync (thousands of them would only slow the run).
      flush: async () => undefined,
      close: async () => {
        if (written && recordSlots) {
          const bits = await this.track(() => slotBits(dev));
          this.t.add({ kind: 'slots', m: this.spec.index, a: bits.a, b: bits.b });
        }
        await this.track(() => dev.close());
      },
    };
    return wrapped;
  }

  private hostRoot(): HostRoot {
    return {
      resetRun: async () => {
        this.marker = false;
        this.lastStatus = '';
      },
      ensureMachineId: async () => undefined,
      writeBootRecord: async (record) => {
        this.record = record;
      },
    };
  }

  /** One boot: GRUB's choice on the image (a try consumed and written), the slot's release read from its ext2, the health gate. */
  private async boot(): Promise<{ record: BootRecord; trial: boolean }> {
    const dev = await this.openDisk(false);
    try {
      const r = await readGpt(dev);
      if (!r.table) throw new AppError('INTERNAL', `${this.spec.name}: the image has no valid GPT`);
      const next = chooseBoot(r.table, `${this.spec.name}.img`);
      const ss = BigInt(r.table.sectorSize);
      const p = next.partition;
      const offset = Number(p.firstLba * ss);
      const size = Number((p.lastLba - p.firstLba + 1n) * ss);
      const before = getPrio(r.table.partitions.find((x) => x.number === p.number)!.attributes);
      // A trial: GRUB picked a slot that never booted well (postinstall's S0 T1).
      const trial = !before.successful;
      const releaseBytes = await this.track(() =>
        this.ctx.io.readSlotFile(this.spec.index, offset, size, RELEASE_PATH),
      );
      const version =
        parseKeyValue(textDecoder.decode(releaseBytes ?? new Uint8Array(0)))['FLATCAR_RELEASE_VERSION'] ?? '';
      const rel = this.ctx.releases.get(version);
      // The health gate is simulated: the release's outcome decides (the script in the slot is not run).
      const healthy = !(
        trial &&
        rel !== undefined &&
        (rel.outcome === 'fails-health' || rel.outcome === 'fails-on-share') &&
        this.failsHealth.get(version) === true
      );
      const done = await hostBoot(
        {
          device: dev,
          readSlotFile: (o, n, path) => this.track(() => this.ctx.io.readSlotFile(this.spec.index, o, n, path)),
          runHealth: async () => ({ ok: healthy, exitCode: healthy ? 0 : 1 }),
          root: this.hostRoot(),
          now: () => new Date(this.ctx.clock.now()),
          uuid: () => uuid(this.random),
        },
        { image: `${this.spec.name}.img` },
      );
      return { record: done.record, trial };
    } finally {
      await dev.close();
    }
  }

  private host(): Host {
    const group = this.spec.fleet.group;
    const conf = `SERVER=${this.ctx.io.serverUrl}/v1/update/\nGROUP=${group}\nMACHINE_ALIAS=${this.spec.name}\n`;
    return {
      booted: async (): Promise<BootedSystem> => {
        const b = this.record!;
        return {
          partition: b.partition,
          release: b.release,
          updateConf: b.updateConf,
          bootId: b.bootId,
          machineId: this.spec.machineId,
          machineArch: 'x86_64',
          oem: '',
          oemVersion: '',
        };
      },
      readUpdateConf: async () => conf,
      openDisk: () => this.openDisk(),
      kernelTarget: async () => undefined,
      healthy: async () => this.record?.health.ok === true,
      markerExists: async () => this.marker,
      writeMarker: async () => {
        this.marker = true;
      },
      removeMarker: async () => {
        this.marker = false;
      },
    };
  }

  /** A dropped request of a flaky network: no answer at all. */
  private dropped(): boolean {
    return this.spec.dropRate > 0 && this.random() < this.spec.dropRate;
  }

  private transport(http: HttpPort): OmahaTransport {
    const m = this.spec.index;
    const group = this.spec.fleet.group;
    return {
      post: async (url, body, { maxBytes }) => {
        if (this.dropped()) throw new NoAnswerError(`${url}: the simulated network dropped the request`);
        const a = await this.track(() =>
          answered(http, { method: 'POST', url, headers: { 'content-type': 'text/xml' }, body }),
        );
        const text = textDecoder.decode(a.body.subarray(0, maxBytes));
        if (a.status === 200) {
          const r = readClientResponse(text);
          if (r.ok && r.status === 'ok') this.t.add({ kind: 'grant', m, group, version: r.version });
        }
        if (/eventresult="0"|errorcode=/.test(body)) await this.ctx.afterFailureReport(group);
        return { status: a.status, body: text };
      },
    };
  }

  private fetcher(http: HttpPort): PayloadFetcher {
    return {
      get: async (url, { offset }) => {
        if (this.dropped()) throw new NoAnswerError(`${url}: the simulated network dropped the request`);
        const a = await this.track(() =>
          answered(http, { method: 'GET', url, ...(offset > 0 ? { headers: { range: `bytes=${offset}-` } } : {}) }),
        );
        const cr = /^bytes (\d+)-\d+\/(\d+)$/.exec(a.headers['content-range'] ?? '');
        const start = a.status === 206 ? Number(cr?.[1] ?? offset) : 0;
        const total = a.status === 206 ? (cr ? Number(cr[2]) : undefined) : a.body.length;
        const body = a.status === 200 || a.status === 206 ? a.body : new Uint8Array(0);
        return {
          status: a.status,
          offset: start,
          ...(total !== undefined ? { totalSize: total } : {}),
          chunks: (async function* () {
            if (body.length > 0) yield body;
          })(),
        };
      },
    };
  }

  /** Records the agent's log events that are state changes (Omaha events, rollbacks, the good mark). */
  private logger(): Logger {
    const m = this.spec.index;
    const onInfo = (obj: object): void => {
      const o = obj as Record<string, unknown>;
      if (o['event'] === 'omaha' && o['kind'] === 'event') {
        this.t.add({
          kind: 'event',
          m,
          type: Number(o['type']),
          result: Number(o['result']),
          ...(o['errorCode'] !== undefined ? { errorCode: Number(o['errorCode']) } : {}),
        });
      } else if (o['event'] === 'mark-good' && o['skipped'] === undefined) {
        this.t.add({ kind: 'marked-good', m, slot: this.record?.slot ?? '', version: this.version });
      }
    };
    return {
      ...silentLogger,
      info: onInfo,
      warn: (obj) => {
        const o = obj as Record<string, unknown>;
        if (o['event'] === 'rollback-detected') this.t.add({ kind: 'rollback', m, version: String(o['version']) });
      },
    };
  }

  private statusSink(): { publish(s: AgentStatus): Promise<void> } {
    return {
      publish: async (s) => {
        if (s.currentOperation === this.lastStatus) return;
        this.lastStatus = s.currentOperation;
        this.t.add({ kind: 'status', m: this.spec.index, status: s.currentOperation.replace(/^UPDATE_STATUS_/, '') });
      },
    };
  }

  /** The machine's life until the run stops: boot, run the agent, reboot when it asks, again. */
  async live(): Promise<void> {
    const { clock, stopped } = this.ctx;
    const m = this.spec.index;
    const strategy = this.spec.neverReboots ? 'off' : this.spec.fleet.strategy;
    while (!stopped.aborted) {
      const { record, trial } = await this.boot();
      this.version = record.release['FLATCAR_RELEASE_VERSION'] ?? '';
      this.t.add({ kind: 'boot', m, slot: record.slot, version: this.version, trial });
      await this.recordSlots();
      const rel = this.ctx.releases.get(this.version);
      if (trial && rel?.outcome === 'fails-boot') {
        this.t.add({ kind: 'boot-failed', m, slot: record.slot, version: this.version });
        this.version = '';
        if (!(await this.pause(BOOT_FAIL_MS))) return;
        continue;
      }
      const life = new AbortController();
      const signal = AbortSignal.any([life.signal, stopped]);
      let reset = false;
      if (!record.health.ok) {
        this.t.add({ kind: 'unhealthy', m, slot: record.slot, version: this.version });
        clock.at(clock.now() + UNHEALTHY_RESET_MS, () => {
          reset = true;
          life.abort(new Error('reset'));
        });
      }
      const lock = strategy === 'etcd-lock' || strategy === 'fleetlock' ? this.ctx.lockFor(this.spec) : undefined;
      const manager = createRebootManager({
        strategy,
        window: this.spec.fleet.window ?? undefined,
        clock: { now: () => new Date(clock.now()) },
        sleep: (ms, s) => clock.sleep(ms, s),
        ...(lock ? { lock: this.recordedLock(lock) } : {}),
      });
      const agent = new UpdateAgent({
        host: this.host(),
        transport: this.transport(this.ctx.io.http),
        fetcher: this.fetcher(this.ctx.io.http),
        store: this.store,
        prefs: this.prefs,
        clock: { now: () => clock.now(), sleep: (ms, s) => clock.sleep(ms, s) },
        reboot: { reboot: async () => undefined },
        rebootManager: manager,
        crypto: this.ctx.io.crypto,
        publicKeyPem: this.ctx.io.publicKeyPem,
        ...(this.ctx.io.bunzip ? { bunzip: this.ctx.io.bunzip } : {}),
        random: this.random,
        logger: this.logger(),
        status: this.statusSink(),
      });
      let rebootRequested = false;
      try {
        rebootRequested = (await agent.run({ signal })).rebootRequested;
      } catch (err) {
        if (!signal.aborted) throw err;
      }
      if (stopped.aborted) return;
      if (!rebootRequested && !reset) return;
      this.t.add({ kind: 'reboot', m });
      this.version = '';
      if (!(await this.pause(REBOOT_MS))) return;
    }
  }

  private async pause(ms: number): Promise<boolean> {
    try {
      await this.ctx.clock.sleep(ms, this.ctx.stopped);
      return true;
    } catch {
      return false;
    }
  }

  private async recordSlots(): Promise<void> {
    const dev = await this.track(() => this.ctx.io.openImage(this.spec.index));
    try {
      const bits = await this.track(() => slotBits(dev));
      this.t.add({ kind: 'slots', m: this.spec.index, a: bits.a, b: bits.b });
    } finally {
      await this.track(() => dev.close());
    }
  }

  private recordedLock(lock: RebootLockPort): RebootLockPort {
    const m = this.spec.index;
    return {
      lock: async (signal) => {
        const r = await this.track(() => lock.lock(signal));
        this.t.add({ kind: 'lock', m, op: 'lock', result: r.result });
        return r;
      },
      unlock: async (signal) => {
        // Held at most until it was asked back: recorded at the time of asking.
        const asked = this.t.mark();
        const r = await this.track(() => lock.unlock(signal));
        this.t.add({ kind: 'lock', m, op: 'unlock', result: r.result }, asked);
        return r;
      },
    };
  }
}

/** A machine id (32 hex digits) from the run's seed. */
export function simMachineId(seed: number, index: number): string {
  return hex(mulberry32(deriveSeed(seed, index, 3)), 16);
}
