/**
 * The journal store and receiver:
 * 1. ingest: one export stream of INGEST entries (journald-like fields)
 *    POSTed over HTTP (chunked, 64 KiB chunks, as journal-upload sends it) to
 *    `hull serve`'s journal port and to the real `systemd-journal-remote
 *    --listen-http`, alternated RUNS times in this one run; entries/s of
 *    each from the first byte to the 202 (goal: Hull ≥ 1× journal-remote),
 *    and Hull's entries/s from the first byte until the last entry is found
 *    through the API (`queryable`: SQLite moves the inbox's batches into
 *    the entries and indexes them after the 202; a query waits for that).
 * 2. bytes stored per entry: Hull's SQLite file against journal-remote's
 *    journal file, after the same stream.
 * 3. query latency: STORED entries from 100 hosts written into a SQLite
 *    store through the repository's bulk append (`append(host, entries)`,
 *    5000 entries a call, in process: the store's own path, not HTTP; the
 *    indexing after the appends counted in their time), then
 *    p50/p99 of host+unit+time, priority and full-text queries (a page of
 *    100, newest first, as `hull journal -n 100` and the API ask; goal p50 <
 *    100 ms). The reference: journalctl's time for the same queries over
 *    journal-remote's file of part 1 (the same entries as Hull's store of
 *    part 1; journalctl's process start included), beside Hull's over its
 *    store of part 1.
 * Usage: npx tsx bench/journal.ts [STORED=10000000] [INGEST=20000] [RUNS=2]   (0 skips a part)
 * The data lives in a temporary directory removed at the end (10 million
 * entries take about 7 GB).
 *   (needs `node scripts/build.mjs`; systemd-journal-remote from scripts/setup-system)
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dbJournalRepository, openStore } from '../src/adapters/db/index.js';
import {
  bytesOf,
  entryOf,
  serializeEntries,
  type JournalEntry,
  type JournalQuery,
  type MatchExpr,
} from '../src/journal/index.js';

const STORED = Number(process.argv[2] ?? 10_000_000);
const INGEST = Number(process.argv[3] ?? 20_000);
const RUNS = Number(process.argv[4] ?? 2);
const REMOTE = '/lib/systemd/systemd-journal-remote';
const hull = fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('journal bench: dist/ is missing: run `node scripts/build.mjs` first');
  process.exit(3);
}
if (!existsSync(REMOTE)) {
  console.error(`journal bench: ${REMOTE} is missing (scripts/setup-system)`);
  process.exit(3);
}

const UNITS = [
  'sshd.service',
  'kubelet.service',
  'containerd.service',
  'etcd-member.service',
  'systemd-networkd.service',
  'locksmithd.service',
  'update-engine.service',
  'docker.service',
];
const WORDS = [
  'started',
  'stopped',
  'connection',
  'accepted',
  'timeout',
  'failed',
  'retry',
  'session',
  'image',
  'pull',
  'container',
  'network',
  'link',
  'up',
  'down',
  'lease',
  'renewed',
  'lock',
  'reboot',
  'update',
];
const T0 = 1_700_000_000_000_000n;

/** Encoded values of the fields that repeat (generating 10 million entries must not cost more than storing them). */
const encoded = new Map<string, Uint8Array>();
const enc = (v: string): Uint8Array => {
  let b = encoded.get(v);
  if (b === undefined) encoded.set(v, (b = bytesOf(v)));
  return b;
};

/** A journald-like entry: address fields, trusted fields, and a message. */
function makeEntry(host: number, k: number, t: bigint): JournalEntry {
  const unit = UNITS[k % UNITS.length]!;
  const words = Array.from({ length: 6 + (k % 7) }, (_, i) => WORDS[(k * 7 + i * 13) % WORDS.length]).join(' ');
  const rare = k % 1000 === 0 ? ' segfault at 0000' : '';
  return entryOf([
    [
      '__CURSOR',
      `s=${host.toString(16).padStart(32, '0')};i=${k.toString(16)};b=0123456789abcdef0123456789abcdef;m=${k.toString(16)};t=${t.toString(16)};x=${(k * 2654435761) >>> 0}`,
    ],
    ['__REALTIME_TIMESTAMP', String(t)],
    ['__MONOTONIC_TIMESTAMP', String(BigInt(k) * 1000n)],
    [
      '_BOOT_ID',
      enc(`${(host % 256).toString(16).padStart(2, '0')}23456789abcdef0123456789abcd${k < 0 ? 'ff' : 'ef'}`),
    ],
    ['_MACHINE_ID', enc(`${(host % 256).toString(16).padStart(2, '0')}aa${'5'.repeat(28)}`)],
    ['_HOSTNAME', enc(`node-${host}`)],
    ['_TRANSPORT', enc(k % 5 === 0 ? 'journal' : 'stdout')],
    ['PRIORITY', enc(String(k % 17 === 0 ? 3 : k % 5 === 0 ? 4 : 6))],
    ['SYSLOG_FACILITY', enc('3')],
    ['SYSLOG_IDENTIFIER', enc(unit.replace(/\..*$/, ''))],
    ['_PID', enc(String(1000 + (k % 500)))],
    ['_UID', enc('0')],
    ['_GID', enc('0')],
    ['_COMM', enc(unit.replace(/\..*$/, ''))],
    ['_EXE', enc(`/usr/bin/${unit.replace(/\..*$/, '')}`)],
    ['_CMDLINE', enc(`/usr/bin/${unit.replace(/\..*$/, '')} --config /etc/${unit}.conf`)],
    ['_CAP_EFFECTIVE', enc('1ffffffffff')],
    ['_SYSTEMD_CGROUP', enc(`/system.slice/${unit}`)],
    ['_SYSTEMD_UNIT', enc(unit)],
    ['_SYSTEMD_SLICE', enc('system.slice')],
    ['_SYSTEMD_INVOCATION_ID', enc(`${(k % 8).toString(16)}${'c'.repeat(31)}`)],
    ['MESSAGE', `${unit}: ${words} #${k}${rare}`],
  ]);
}

async function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => res(p));
    });
  });
}

/** POSTs the stream chunked in 64 KiB pieces; resolves with the seconds to the answer (from `t0`, default now). */
function post(port: number, body: Uint8Array, t0 = performance.now()): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/upload',
        headers: { 'content-type': 'application/vnd.fdo.journal', 'transfer-encoding': 'chunked' },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 202
            ? resolve((performance.now() - t0) / 1000)
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    let i = 0;
    const pump = () => {
      while (i < body.length) {
        const c = body.subarray(i, i + 65536);
        i += c.length;
        if (!req.write(c)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function waitFor(proc: ChildProcess, re: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const on = (d: Buffer) => {
      out += d;
      if (re.test(out)) resolve();
    };
    proc.stdout?.on('data', on);
    proc.stderr?.on('data', on);
    proc.once('exit', (c) => reject(new Error(`exited ${c}: ${out}`)));
  });
}

async function waitPort(port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    const ok = await new Promise<boolean>((r) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        r(true);
      });
      s.on('error', () => r(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

const stop = (p: ChildProcess) =>
  new Promise<void>((r) => {
    p.once('exit', () => r());
    p.kill('SIGTERM');
  });

function dirBytes(d: string): number {
  let n = 0;
  for (const f of readdirSync(d, { recursive: true }) as string[]) {
    const s = statSync(join(d, f));
    if (s.isFile()) n += s.size;
  }
  return n;
}

/**
 * The reference on the same data: part 1's stream as journal-remote wrote it,
 * read by journalctl (one process per query, its start included), and as
 * Hull's store of part 1 holds it, queried in process.
 */
async function reference(hullData: string, remoteDir: string): Promise<void> {
  const sec = (t: bigint) => `@${t / 1_000_000n}.${String(t % 1_000_000n).padStart(6, '0')}`;
  const since = T0 + BigInt(Math.floor(INGEST / 4)) * 1000n;
  const until = since + BigInt(Math.floor(INGEST / 4)) * 1000n;
  const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
  const cases: Array<[string, string[], JournalQuery]> = [
    [
      'unit+time',
      ['_SYSTEMD_UNIT=kubelet.service', '-S', sec(since), '-U', sec(until)],
      { where: f('_SYSTEMD_UNIT', 'kubelet.service'), since, until, limit: 100, reverse: true },
    ],
    [
      'priority (-p err)',
      ['-p', 'err'],
      { where: { kind: 'or', of: ['0', '1', '2', '3'].map((p) => f('PRIORITY', p)) }, limit: 100, reverse: true },
    ],
    [
      'full text (-g "segfault at")',
      ['-g', 'segfault at'],
      { grep: { source: 'segfault at', flags: '' }, limit: 100, reverse: true },
    ],
  ];
  const store = await openStore({ dataDir: hullData });
  const repo = dbJournalRepository(store);
  console.log(`reference: the ${INGEST} entries of part 1 (one host), 20 runs each, p50`);
  for (const [name, args, q] of cases) {
    const jt: number[] = [];
    const ht: number[] = [];
    let jn = 0;
    let hn = 0;
    for (let i = 0; i < 20; i++) {
      let t = performance.now();
      const r = spawnSync('journalctl', ['-D', remoteDir, '-o', 'json', '-n', '100', '-r', '--no-pager', ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      jt.push(performance.now() - t);
      jn = r.stdout.split('\n').filter(Boolean).length;
      t = performance.now();
      hn = (await repo.query(q)).entries.length;
      ht.push(performance.now() - t);
    }
    console.log(
      `  ${name.padEnd(30)} hull ${percentile(ht, 50).toFixed(1)} ms (${hn} entries), journalctl ${percentile(jt, 50).toFixed(1)} ms (${jn} entries)`,
    );
  }
  await store.close();
}

async function ingest(work: string): Promise<void> {
  const entries = Array.from({ length: INGEST }, (_, k) => makeEntry(1, k, T0 + BigInt(k) * 1000n));
  const stream = serializeEntries(entries);
  console.log(
    `ingest: ${INGEST} entries, ${(stream.length / 1048576).toFixed(1)} MiB export stream, ${RUNS} runs each (alternated)`,
  );
  const hullRates: number[] = [];
  const queryableRates: number[] = [];
  const remoteRates: number[] = [];
  let hullBytes = 0;
  let remoteBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    // Hull: `hull serve` with its journal port; a fresh store each run.
    const data = join(work, `hull-${run}`);
    const hp = await freePort();
    const ap = await freePort();
    const h = spawn(
      process.execPath,
      [
        hull,
        'serve',
        '--listen',
        `127.0.0.1:${ap}`,
        '--journal-listen',
        `127.0.0.1:${hp}`,
        '--data-dir',
        data,
        '--log-format',
        'json',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await waitFor(h, /hull listening/);
    const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    const t0 = performance.now();
    const hs = await post(hp, stream, t0);
    hullRates.push(INGEST / hs);
    // Queryable: the API finds the stream's last entry by its text (a query waits for the store's indexes).
    const last = encodeURIComponent(`#${INGEST - 1}$`);
    const res = await fetch(`http://127.0.0.1:${ap}/api/v1/journal/entries?grep=${last}&limit=1`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const found = ((await res.json()) as { entries?: unknown[] }).entries?.length ?? 0;
    if (res.status !== 200 || found !== 1)
      throw new Error(`the last entry is not found through the API (status ${res.status}, ${found} entries)`);
    queryableRates.push(INGEST / ((performance.now() - t0) / 1000));
    await stop(h);
    hullBytes =
      statSync(join(data, 'hull.sqlite')).size +
      (existsSync(join(data, 'hull.sqlite-wal')) ? statSync(join(data, 'hull.sqlite-wal')).size : 0);
    // journal-remote on the same stream.
    const out = join(work, `remote-${run}`);
    const rp = await freePort();
    mkdirSync(out, { recursive: true });
    const r = spawn(REMOTE, [`--listen-http=127.0.0.1:${rp}`, `--output=${out}/`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await waitPort(rp);
    const rs = await post(rp, stream);
    remoteRates.push(INGEST / rs);
    await stop(r);
    remoteBytes = dirBytes(out);
  }
  // The median of each side's runs is the figure (the runs alternate, so a slow moment of the machine falls on
  // both); the best is printed beside it.
  const median = (a: number[]) => percentile(a, 50);
  const best = (a: number[]) => Math.max(...a);
  const line = (rates: number[]) =>
    `${median(rates).toFixed(0)} entries/s median, best ${best(rates).toFixed(0)} (runs: ${rates.map((x) => x.toFixed(0)).join(', ')})`;
  console.log(`  hull serve, acknowledged (202: every entry durable): ${line(hullRates)}`);
  console.log(`  hull serve, queryable (first byte to the last entry found through the API): ${line(queryableRates)}`);
  console.log(`  systemd-journal-remote: ${line(remoteRates)}`);
  console.log(
    `  ratio hull/journal-remote (medians): ${(median(hullRates) / median(remoteRates)).toFixed(2)}× acknowledged, ${(median(queryableRates) / median(remoteRates)).toFixed(2)}× queryable (goal ≥ 1×); load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `bytes stored per entry: hull ${(hullBytes / INGEST).toFixed(0)} (SQLite file with WAL; the whole database), journal-remote ${(remoteBytes / INGEST).toFixed(0)} (its journal file, as allocated)`,
  );
  await reference(join(work, `hull-${RUNS - 1}`), join(work, `remote-${RUNS - 1}`));
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

async function queries(work: string): Promise<void> {
  const dataDir = join(work, 'query');
  const store = await openStore({ dataDir });
  const repo = dbJournalRepository(store);
  const HOSTS = 100;
  const per = Math.ceil(STORED / HOSTS);
  // Latencies at each checkpoint on the way (a run stopped early still reports the sizes it reached).
  const checkpoints = [1_000_000, 2_000_000, 5_000_000].filter((c) => c < STORED);
  console.log(
    `query: ${STORED} entries from ${HOSTS} hosts stored through the repository's bulk append (5000 entries a call, in process, not HTTP); latencies at ${[...checkpoints, STORED].join(', ')}`,
  );
  const t1 = performance.now();
  let fillSeconds = 0;
  // Interleaved by time: each round appends a batch from every host.
  const BATCH = 5000;
  let written = 0;
  for (let base = 0; base < per; base += BATCH) {
    const n = Math.min(BATCH, per - base);
    const r0 = performance.now();
    for (let h = 0; h < HOSTS; h++) {
      const batch = Array.from({ length: n }, (_, i) =>
        makeEntry(h, base + i, T0 + BigInt(base + i) * 1_000_000n + BigInt(h)),
      );
      await repo.append(`node-${h}`, batch, T0);
      written += n;
    }
    // The match index and the full text (SQLite indexes after the append) count in the fill's time.
    await repo.indexed();
    fillSeconds += (performance.now() - r0) / 1000;
    const last = base + n >= per;
    if (last || (checkpoints.length > 0 && written >= checkpoints[0]!)) {
      while (checkpoints.length > 0 && written >= checkpoints[0]!) checkpoints.shift();
      await measure(repo, dataDir, written, base + n, fillSeconds, (performance.now() - t1) / 1000);
    }
  }
  await store.close();
}

async function measure(
  repo: ReturnType<typeof dbJournalRepository>,
  dataDir: string,
  written: number,
  perHost: number,
  fillSeconds: number,
  wall: number,
): Promise<void> {
  const HOSTS = 100;
  const file = join(dataDir, 'hull.sqlite');
  const onDisk = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
  console.log(
    `  at ${written} entries (${wall.toFixed(0)} s since the start): appends ${(written / fillSeconds).toFixed(0)} entries/s; ${(onDisk / written).toFixed(0)} bytes/entry in SQLite (file and WAL)`,
  );
  const f = (name: string, value: string): MatchExpr => ({ kind: 'field', name, value: bytesOf(value) });
  let k = 0;
  const span = BigInt(perHost) * 1_000_000n;
  const cases: Array<[string, () => JournalQuery]> = [
    [
      'host+unit+time (1 h window)',
      () => {
        k++;
        const since = T0 + ((BigInt(k) * 7919n * 1_000_000n) % span);
        return {
          where: {
            kind: 'and',
            of: [{ kind: 'host', host: `node-${k % HOSTS}` }, f('_SYSTEMD_UNIT', UNITS[k % UNITS.length]!)],
          },
          since,
          until: since + 3_600_000_000n,
          limit: 100,
          reverse: true,
        };
      },
    ],
    [
      'priority (-p err: 0..3)',
      () => ({
        where: { kind: 'or', of: ['0', '1', '2', '3'].map((p) => f('PRIORITY', p)) },
        limit: 100,
        reverse: true,
      }),
    ],
    [
      'full text (-g "segfault at", 1 in 1000)',
      () => ({ grep: { source: 'segfault at', flags: '' }, limit: 100, reverse: true }),
    ],
    [
      'full text + host (-M node-N -g timeout)',
      () => ({
        where: { kind: 'host', host: `node-${++k % HOSTS}` },
        grep: { source: 'timeout', flags: 'i' },
        limit: 100,
        reverse: true,
      }),
    ],
  ];
  for (const [name, make] of cases) {
    const times: number[] = [];
    let got = 0;
    for (let i = 0; i < 40; i++) {
      const q = make();
      const t = performance.now();
      const page = await repo.query(q);
      times.push(performance.now() - t);
      got = page.entries.length;
    }
    console.log(
      `    ${name.padEnd(42)} p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms (${got} entries a page; goal p50 < 100 ms)`,
    );
  }
}

const work = mkdtempSync(join(tmpdir(), 'hull-bench-journal-'));
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    rmSync(work, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  if (INGEST > 0) await ingest(work);
  if (STORED > 0) await queries(work);
} finally {
  rmSync(work, { recursive: true, force: true });
}
