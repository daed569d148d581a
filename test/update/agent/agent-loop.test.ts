// The daemon loop on a fake clock, over in-memory ports: the success mark at 45 s, the
// first check at 7 min, then 45 min, PollInterval, doubling after HTTP 500; an interactive
// check wakes the loop at once; the reboot manager gets the update and its reboot.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { flatcarLayout, getPrio, MemoryBlockDevice, readGpt, setPrio, writeGpt } from '../../../src/disk/index.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import {
  UpdateAgent,
  type AgentClock,
  type Host,
  type OmahaAnswer,
  type PayloadStore,
  type Prefs,
  type RebootManager,
} from '../../../src/update/agent/index.js';

const MiB = 1024 * 1024;
const MIN = 60_000;

class FakeClock implements AgentClock {
  t = 1_000_000;
  now = (): number => this.t;
  sleep = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (signal.aborted) throw signal.reason;
    this.t += ms;
    await new Promise((r) => setImmediate(r));
    if (signal.aborted) throw signal.reason;
  };
}

function memPrefs(): Prefs & { m: Map<string, string> } {
  const m = new Map<string, string>();
  return {
    m,
    get: async (n) => m.get(n),
    set: async (n, v) => void m.set(n, v),
    delete: async (n) => void m.delete(n),
  };
}
const memStore: PayloadStore = {
  size: async () => 0,
  truncate: async () => undefined,
  append: async () => undefined,
  sync: async () => undefined,
  chunks: () => (async function* () {})(),
  remove: async () => undefined,
};

async function disk(bootedB: boolean): Promise<MemoryBlockDevice> {
  const r = flatcarLayout({
    sizeBytes: 32 * MiB,
    sizes: { efi: 2 * MiB, biosBoot: 2 * MiB, usr: 4 * MiB, oem: 2 * MiB, oemConfig: 2 * MiB, rootMin: 2 * MiB },
    random: (n) => new Uint8Array(randomBytes(n)),
  });
  assert.ok(r.ok);
  const dev = new MemoryBlockDevice(32 * MiB);
  // After an update and a boot of B: B P2 T0 S0 (its try consumed), A P1 T0 S1.
  const t = bootedB
    ? {
        ...r.table,
        partitions: r.table.partitions.map((p) =>
          p.number === 4
            ? { ...p, attributes: setPrio(p.attributes, { priority: 2, tries: 0, successful: false }) }
            : p,
        ),
      }
    : r.table;
  await writeGpt(dev, t);
  return dev;
}

function host(dev: MemoryBlockDevice, partition: number, healthy = true): Host {
  let marker = false;
  return {
    booted: async () => ({
      partition,
      release: { FLATCAR_RELEASE_VERSION: '1000.0.1', FLATCAR_RELEASE_BOARD: 'amd64-usr' },
      updateConf: {},
      bootId: 'b',
      machineId: 'm'.repeat(32),
      machineArch: 'x86_64',
      oem: '',
      oemVersion: '',
    }),
    readUpdateConf: async () => 'SERVER=http://s/v1/update/\n',
    openDisk: async () => Object.assign(dev, { close: async () => undefined }),
    kernelTarget: async () => undefined,
    healthy: async () => healthy,
    markerExists: async () => marker,
    writeMarker: async () => void (marker = true),
    removeMarker: async () => void (marker = false),
  };
}

function agentWith(
  clock: FakeClock,
  h: Host,
  answer: (n: number) => OmahaAnswer,
  log: string[],
  rm?: RebootManager,
): UpdateAgent {
  let n = 0;
  return new UpdateAgent({
    host: h,
    transport: {
      post: async (_u, body) => {
        log.push(
          `${(clock.t - 1_000_000) / 1000}s ${body.includes('<updatecheck>') ? 'check' : 'event'}${body.includes('ondemandupdate') ? ' interactive' : ''}`,
        );
        return answer(n++);
      },
    },
    fetcher: { get: async () => ({ status: 404, offset: 0, chunks: (async function* () {})() }) },
    store: memStore,
    prefs: memPrefs(),
    clock,
    reboot: { reboot: async () => void log.push('reboot') },
    rebootManager: rm ?? {
      rebootNeeded: async (reboot) => reboot(),
      booted: async () => void log.push(`${(clock.t - 1_000_000) / 1000}s booted`),
    },
    crypto: nodePayloadCrypto,
    random: () => 0.5,
    logger: {
      debug() {},
      info: (o: object) =>
        void (
          (o as { event?: string }).event === 'mark-good' && log.push(`${(clock.t - 1_000_000) / 1000}s mark-good`)
        ),
      warn() {},
      error() {},
    },
  });
}

const noupdate = (poll?: number): OmahaAnswer => ({
  status: 200,
  body: `<response><app><updatecheck status="noupdate"${poll ? ` PollInterval="${poll}"` : ''}/></app></response>`,
});

test('the schedule on a fake clock: mark good at 45 s, checks at 7 min, +45 min, PollInterval 2 h, doubled after 500', async () => {
  const clock = new FakeClock();
  const dev = await disk(true);
  const log: string[] = [];
  const ctl = new AbortController();
  const answers = [noupdate(), noupdate(7200), { status: 500, body: '' }, noupdate()];
  const agent = agentWith(
    clock,
    host(dev, 4),
    (n) => {
      if (n >= answers.length + 1) ctl.abort(new Error('enough'));
      return answers[n] ?? noupdate();
    },
    log,
  );
  await agent.run({ signal: ctl.signal });
  const checks = log.filter((l) => l.endsWith('check')).map((l) => Number(l.split('s ')[0]) / 60);
  // 7; 7+45; +120 (PollInterval); a 500 event in between; +240 (2 × 120, capped at 4 h) …
  assert.deepEqual(checks.slice(0, 4), [7, 52, 172, 412]);
  assert.deepEqual(log.slice(0, 2), ['45s mark-good', '45s booted']);
  const t = (await readGpt(dev)).table!;
  assert.deepEqual(getPrio(t.partitions.find((p) => p.number === 4)!.attributes), {
    priority: 2,
    tries: 0,
    successful: true,
  });
});

test('an interactive check wakes the loop at once', async () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const ctl = new AbortController();
  const agent = agentWith(
    clock,
    host(await disk(false), 3),
    () => {
      ctl.abort(new Error('enough'));
      return noupdate();
    },
    log,
  );
  await agent.init();
  clock.sleep = async (ms, signal) => {
    // Real waiting on the fake clock: only a wake-up ends it.
    await new Promise<void>((_resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      void ms;
    });
  };
  const running = agent.run({ signal: ctl.signal, firstCheckMs: 10 * MIN });
  await new Promise((r) => setImmediate(r));
  assert.equal(agent.requestCheck(), 'started');
  await running;
  assert.deepEqual(
    log.filter((l) => l.includes('check')),
    ['0s check interactive'],
  );
});

test('an unhealthy boot: no mark, no check, the reboot manager is not told the boot is done', async () => {
  const clock = new FakeClock();
  const log: string[] = [];
  const ctl = new AbortController();
  // Stop once the fake clock is past the mark (45 s) and two check times (the loop is not
  // raced against real time: under load, 50 ms of real time may not reach the mark).
  const start = clock.t;
  const sleep = clock.sleep;
  clock.sleep = async (ms, signal) => {
    if (clock.t - start > 3 * MIN) ctl.abort(new Error('stop'));
    return sleep(ms, signal);
  };
  const agent = agentWith(clock, host(await disk(true), 4, false), () => noupdate(), log);
  const r = await agent.run({ signal: ctl.signal, firstCheckMs: 60_000, checkIntervalMs: 60_000 });
  assert.equal(r.unhealthy, true);
  assert.deepEqual(
    log.filter((l) => !l.includes('mark-good')),
    [],
  );
});
