/**
 * Acceptance of issue 17's query half: one generated journal (test/journal/
 * generate.ts plus entries for -u's other forms: PID 1's messages, coredumps,
 * OBJECT_SYSTEMD_UNIT from uid 0, a slice) is written by the real
 * systemd-journal-remote into a journal file and loaded into Hull; then for
 * each filter combination `hull journal` and `journalctl --file` must print
 * the same entries: `-o json` compared as parsed JSON, `short`, `cat`,
 * `export` byte for byte.
 *
 * Hull is fed two ways, both through `loadIntoHull` (the one place to switch
 * to a real systemd-journal-upload into `hull serve` once the receiver is
 * merged): `hull journal --file` of the export stream, and `hull journal
 * --server` against the API of an app with the memory store, the entries
 * appended through the repository. Live tail: an entry appended shows in
 * an open `hull journal -f --server` (the real binary) and in the SSE
 * stream within 1 s.
 * Needs Debian's systemd-journal-remote (scripts/setup-system).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { dbJournalRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { MemoryJournalRepository } from '../../src/adapters/memory/journal-repository.js';
import { MemoryTokenRepository } from '../../src/adapters/memory/token-repository.js';
import { main } from '../../src/cli/main.js';
import { testContext } from '../helpers/in-process.js';
import type { CliContext } from '../../src/cli/context.js';
import { buildApp } from '../../src/http/app.js';
import { recordStart } from '../../src/http/server-facts.js';
import {
  entryOf,
  LocalJournalTail,
  parseExport,
  parseJsonEntries,
  type JournalEntry,
} from '../../src/journal/index.js';
import { BOOT_B, generateEntries, generateExport, type GeneratedEntry } from './generate.js';
import { HULL_BIN } from '../helpers/hull.js';

const REMOTE = '/lib/systemd/systemd-journal-remote';
const HINT =
  'install systemd-journal-remote with `scripts/setup-system` (or: apt-get install -y systemd-journal-remote)';
const ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', TZ: 'UTC', SYSTEMD_COLORS: '0', LANG: 'C.UTF-8' };

/** The generator's journal plus the unit forms journalctl's -u also finds. */
function entries(): GeneratedEntry[] {
  const base = generateEntries();
  let rt = 1700000100000000n;
  let mono = 3000000n;
  const extra: Array<Array<[string, string]>> = [
    [
      ['_PID', '1'],
      ['UNIT', 'alpha.service'],
      ['MESSAGE', 'Started alpha.service.'],
      ['SYSLOG_IDENTIFIER', 'systemd'],
      ['PRIORITY', '6'],
    ],
    [
      ['_PID', '1'],
      ['UNIT', 'beta.service'],
      ['MESSAGE', 'beta.service: Main process exited'],
      ['SYSLOG_IDENTIFIER', 'systemd'],
      ['PRIORITY', '5'],
    ],
    [
      ['_PID', '77'],
      ['UNIT', 'alpha.service'],
      ['MESSAGE', 'UNIT= but not from PID 1'],
      ['PRIORITY', '6'],
    ],
    [
      ['MESSAGE_ID', 'fc2e22bc6ee647b6b90729ab34a250b1'],
      ['_UID', '0'],
      ['COREDUMP_UNIT', 'beta.service'],
      ['MESSAGE', 'Process 42 (beta) dumped core.'],
      ['PRIORITY', '2'],
      ['SYSLOG_IDENTIFIER', 'systemd-coredump'],
    ],
    [
      ['MESSAGE_ID', 'fc2e22bc6ee647b6b90729ab34a250b1'],
      ['_UID', '1000'],
      ['COREDUMP_UNIT', 'beta.service'],
      ['MESSAGE', 'coredump from uid 1000'],
      ['PRIORITY', '2'],
    ],
    [
      ['_UID', '0'],
      ['OBJECT_SYSTEMD_UNIT', 'gamma.socket'],
      ['MESSAGE', 'about gamma from root'],
      ['PRIORITY', '4'],
    ],
    [
      ['_UID', '1000'],
      ['OBJECT_SYSTEMD_UNIT', 'gamma.socket'],
      ['MESSAGE', 'about gamma from a user'],
      ['PRIORITY', '4'],
    ],
    [
      ['_SYSTEMD_SLICE', 'system-getty.slice'],
      ['_SYSTEMD_UNIT', 'getty@tty1.service'],
      ['MESSAGE', 'login: prompt'],
      ['PRIORITY', '6'],
    ],
    [
      ['_TRANSPORT', 'kernel'],
      ['MESSAGE', 'kernel: eth0 link up'],
      ['PRIORITY', '6'],
      ['SYSLOG_IDENTIFIER', 'kernel'],
    ],
  ];
  extra.forEach((fields, i) => {
    rt += 1000003n;
    mono += 1009n;
    base.push({
      fields: [
        ['__CURSOR', `s=00000000000000000000000000000000;i=${(100 + i).toString(16)}`],
        ['__REALTIME_TIMESTAMP', String(rt)],
        ['__MONOTONIC_TIMESTAMP', String(mono)],
        ['_BOOT_ID', BOOT_B],
        ['_HOSTNAME', 'node-1'],
        ...fields,
      ],
    });
  });
  return base;
}

/** ≥ 20 filter combinations: journalctl's flags as both take them. */
const COMBOS: string[][] = [
  [],
  ['-u', 'alpha'],
  ['-u', 'beta.service'],
  ['-u', 'gamma.socket'],
  ['-u', 'alp*'],
  ['-u', '*.slice'],
  ['-u', 'alpha', '-u', 'gamma.socket'],
  ['-u', 'beta', '-p', 'crit'],
  ['-t', 'app1'],
  ['-t', 'app1', '-t', 'systemd'],
  ['-p', 'err'],
  ['-p', 'err..warning'],
  ['-p', '6..4'],
  ['-b', '-1'],
  ['-b'],
  ['-b', '1'],
  ['-b', `${BOOT_B}-1`],
  ['-k'],
  ['-S', '2023-11-14 22:13:40', '-U', '2023-11-14 22:14:10'],
  ['-S', '@1700000030', '-n', '3'],
  ['-U', '@1700000030', '-n', '3'],
  ['-n', '5'],
  ['-r', '-n', '4'],
  ['-r'],
  ['-g', 'plain'],
  ['-g', 'plain', '-n', '2'],
  ['-g', 'LINE', '--case-sensitive=false'],
  ['-g', 'line$'],
  ['-g', 'nomatch-anywhere'],
  ['-g', '^[a-c].*e\\s'],
  ['_SYSTEMD_UNIT=beta.service', '+', 'PRIORITY=3'],
  ['_SYSTEMD_UNIT=beta.service', 'PRIORITY=3', 'PRIORITY=4'],
  ['-u', 'alpha', '_TRANSPORT=journal', 'PRIORITY=6', '+', 'PRIORITY=0'],
  ['-b', '-1', '-p', 'warning', '-r', '-n', '3'],
  ['-a', '-p', '0'],
  ['-q', '-b', 'all', '-n', '5', '-g', 'e'],
  ['--output-fields=PRIORITY', '-t', 'app0'], // one field: journalctl's cat prints several in hash order
  ['-rn5', '--sin=2023-11-14 22:13:30', '-u', 'beta'],
];

const FORMATS = ['json', 'short', 'cat', 'export'] as const;

interface Fixture {
  dir: string;
  file: string;
  exported: Buffer;
}
let fx: Fixture | undefined;
const cleanups: Array<() => Promise<void> | void> = [];

function journalctl(args: readonly string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('journalctl', ['--file', fx!.file, ...args], { env: ENV, maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** `hull ARGS` in this process, stdout as bytes. */
async function hull(args: readonly string[]): Promise<{ status: number; stdout: Buffer; stderr: string }> {
  const out: Buffer[] = [];
  let stderr = '';
  const ctx = testContext({
    stdout: { write: (t: string | Uint8Array) => void out.push(Buffer.from(t as Uint8Array)) } as CliContext['stdout'],
    stderr: { write: (t: string) => void (stderr += t) },
    env: { HULL_SERVER: undefined },
  });
  const status = await main(['journal', ...args], ctx);
  return { status, stdout: Buffer.concat(out), stderr };
}

interface HullSide {
  readonly name: string;
  /** The arguments that make `hull journal` read this side. */
  readonly args: readonly string[];
}

let app: FastifyInstance | undefined;
let store: DbStore | undefined;
let repo: MemoryJournalRepository | undefined;
let tail: CountingTail | undefined;
let serverUrl = '';
let viewerToken = '';

/**
 * Feeds the export stream to Hull and says how `hull journal` reads it. The
 * one place to change when the receiver lands: then `systemd-journal-upload
 * --url=<hull serve>` of the same stream, and `--server` against it.
 */
async function loadIntoHull(exportBytes: Uint8Array): Promise<HullSide[]> {
  const file = join(fx!.dir, 'hull.export');
  writeFileSync(file, exportBytes);
  const dir = mkdtempSync(join(tmpdir(), 'hull-journal-q-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  store = await openStore({ dataDir: dir });
  const tokens = new MemoryTokenRepository();
  viewerToken = (await tokens.create({ role: 'viewer', name: 'journal test' })).secret;
  repo = new MemoryJournalRepository();
  tail = new CountingTail();
  await repo.append('node-1', parseExport(exportBytes), 1n);
  app = await buildApp({
    store,
    facts: await recordStart(store, '9.9.9', () => 'i'),
    tokens,
    journal: { repo, tail, heartbeatMs: 200 },
  });
  serverUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  // The same entries in a SQLite store read directly (`hull journal -D DATA_DIR`).
  await dbJournalRepository(store).append('node-1', parseExport(exportBytes), 1n);
  return [
    { name: 'file', args: ['--file', file] },
    { name: 'server', args: ['--server', serverUrl, '--token', viewerToken] },
    { name: 'directory', args: ['-D', dir] },
  ];
}

let sides: HullSide[] = [];

before(async () => {
  assert.ok(existsSync(REMOTE), `${REMOTE} is missing: ${HINT}`);
  assert.equal(spawnSync('journalctl', ['--version']).status, 0, `journalctl is missing: ${HINT}`);
  process.env.TZ = 'UTC';
  const dir = mkdtempSync(join(tmpdir(), 'hull-journal-q-'));
  const file = join(dir, 'x.journal');
  const r = spawnSync(REMOTE, [`--output=${file}`, '-'], { input: generateExport(entries()) });
  assert.equal(r.status, 0, `journal-remote failed: ${r.stderr}`);
  fx = {
    dir,
    file,
    exported: execFileSync('journalctl', ['--file', file, '-o', 'export'], { env: ENV, maxBuffer: 64 * 1024 * 1024 }),
  };
  sides = await loadIntoHull(fx.exported);
});

after(async () => {
  await app?.close();
  await store?.close();
  for (const c of cleanups) await c();
  if (fx) rmSync(fx.dir, { recursive: true, force: true });
});

const parseJson = (b: Buffer) =>
  parseJsonEntries(b).map((r) => r.entry.fields.map((f) => [f.name, Buffer.from(f.value).toString('latin1')]).sort());

test(`journalctl's filters: ${COMBOS.length} combinations × json/short/cat/export, hull journal --file and --server against journalctl --file`, async () => {
  assert.ok(COMBOS.length >= 20);
  const failures: string[] = [];
  let nonEmpty = 0;
  for (const combo of COMBOS) {
    for (const format of FORMATS) {
      const want = journalctl([...combo, '-o', format]);
      if (format === 'json' && want.stdout.length > 0) nonEmpty++;
      for (const side of sides) {
        const got = await hull([...side.args, ...combo, '-o', format]);
        const what = `[${side.name}] ${combo.join(' ')} -o ${format}`;
        if (got.status !== (want.status === 0 ? 0 : 1))
          failures.push(
            `${what}: exit ${got.status} (${got.stderr.trim()}), journalctl ${want.status} (${want.stderr.trim()})`,
          );
        else if (format === 'json') {
          if (JSON.stringify(parseJson(got.stdout)) !== JSON.stringify(parseJson(want.stdout)))
            failures.push(`${what}: other entries`);
        } else if (!got.stdout.equals(want.stdout)) {
          failures.push(
            `${what}: other bytes\n--- journalctl\n${want.stdout.toString().slice(0, 600)}\n--- hull\n${got.stdout.toString().slice(0, 600)}`,
          );
        }
      }
    }
  }
  assert.deepEqual(failures, []);
  assert.ok(nonEmpty >= 20, `only ${nonEmpty} combinations selected anything`);
});

test('-F FIELD: the same distinct values as journalctl (sorted: journalctl prints in hash order)', async () => {
  for (const field of ['_SYSTEMD_UNIT', 'PRIORITY', 'SYSLOG_IDENTIFIER', 'REP']) {
    const want = journalctl(['-F', field])
      .stdout.toString('latin1')
      .split('\n')
      .filter((l) => l !== '')
      .sort();
    for (const side of sides) {
      const got = (await hull([...side.args, '-F', field])).stdout
        .toString('latin1')
        .split('\n')
        .filter((l) => l !== '')
        .sort();
      assert.deepEqual(got, want, `[${side.name}] -F ${field}`);
    }
  }
});

test('unit glob matching nothing, bad level, bad match, bad time: journalctl refuses, hull journal refuses with its codes', async () => {
  const cases: Array<[string[], string]> = [
    [['-u', 'nomatch*'], 'JOURNAL_NO_DATA'],
    [['-p', 'loud'], 'JOURNAL_QUERY_INVALID'],
    [['__CURSOR=x'], 'JOURNAL_QUERY_INVALID'],
    [['-S', '2023-11-14T22:14:00'], 'JOURNAL_TIME_INVALID'],
    [['-b', '-5'], 'JOURNAL_NO_DATA'],
    [['-g', '('], 'JOURNAL_PATTERN_INVALID'],
  ];
  for (const [args, code] of cases) {
    assert.notEqual(journalctl(args).status, 0, `journalctl accepts ${args.join(' ')}`);
    for (const side of sides) {
      const got = await hull([...side.args, ...args]);
      assert.notEqual(got.status, 0, `[${side.name}] ${args.join(' ')}`);
      assert.match(got.stderr, new RegExp(code), `[${side.name}] ${args.join(' ')}: ${got.stderr}`);
    }
  }
});

test('live tail: an appended entry shows in an open `hull journal -f --server` and in the SSE stream within 1 s', async () => {
  const sse = await fetch(`${serverUrl}/api/v1/journal/tail?unit=alpha&access_token=${viewerToken}`);
  assert.equal(sse.status, 200);
  const reader = sse.body!.getReader();
  const child = spawn(
    process.execPath,
    [HULL_BIN, 'journal', '--server', serverUrl, '-f', '-n', '0', '-u', 'alpha', '-o', 'cat'],
    {
      env: { ...process.env, HULL_TOKEN: viewerToken, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  try {
    // Wait until the CLI's tail is subscribed (two SSE subscribers: ours and the CLI's).
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && tail!.count < 2) await new Promise((r) => setTimeout(r, 20));
    assert.equal(tail!.count, 2, `the CLI's tail did not open: ${err}`);
    const entry: JournalEntry = entryOf([
      ['__CURSOR', 's=live;i=1'],
      ['__REALTIME_TIMESTAMP', String(BigInt(Date.now()) * 1000n)],
      ['__MONOTONIC_TIMESTAMP', '1'],
      ['_BOOT_ID', BOOT_B],
      ['_SYSTEMD_UNIT', 'alpha.service'],
      ['MESSAGE', 'live entry'],
    ]);
    const t0 = performance.now();
    const { stored } = await repo!.append('node-1', [entry], BigInt(Date.now()) * 1000n);
    tail!.publish(stored);
    let seen = '';
    let sseMs = -1;
    while (sseMs < 0) {
      const { value, done } = await reader.read();
      if (done) break;
      seen += Buffer.from(value).toString();
      if (seen.includes('live entry')) sseMs = performance.now() - t0;
    }
    while (!out.includes('live entry') && performance.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
    const cliMs = performance.now() - t0;
    assert.ok(sseMs >= 0 && sseMs < 1000, `SSE: ${sseMs} ms`);
    assert.ok(out.includes('live entry'), `hull journal -f printed ${JSON.stringify(out)}; stderr ${err}`);
    assert.ok(cliMs < 1000, `hull journal -f: ${cliMs} ms`);
    assert.equal(out, 'live entry\n');
    const event = seen.split('\n').find((l) => l.startsWith('data: '))!;
    const data = JSON.parse(event.slice(6)) as { host: string; fields: Record<string, unknown> };
    assert.equal(data.host, 'node-1');
    assert.equal(data.fields['MESSAGE'], 'live entry');
  } finally {
    await reader.cancel();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
});

/** The live tail, counting its subscribers (to know when the CLI's tail is open). */
class CountingTail extends LocalJournalTail {
  count = 0;
  override subscribe(listener: Parameters<LocalJournalTail['subscribe']>[0]): () => void {
    this.count++;
    const off = super.subscribe(listener);
    return () => {
      this.count--;
      off();
    };
  }
}
