/**
 * `hull sim run` acceptance (issue 15): the example scenarios of docs/sim/
 * with 50 machines each (their `duration` shortened to what the rollout
 * needs, so the file stays within its time budget), checked from the
 * recorded timeline AND from the machines' images themselves (`hull disk
 * show`, the GPT read with src/disk, gptprio's choice, the booted slot's
 * bytes hashed against the release's /usr image) — never from the
 * simulator's counters alone. Needs e2fsprogs, bzip2 and etcd
 * (scripts/setup-system).
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openDevice } from '../../src/adapters/disk/image-file.js';
import { chooseBoot, getPrio, readGpt } from '../../src/disk/index.js';
import type { Timeline, TimelineRecord } from '../../src/sim/index.js';
import { startServer } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';

const dir = mkdtempSync(join(tmpdir(), 'hull-sim-run-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const example = (name: string): string => readFileSync(new URL(`../../docs/sim/${name}`, import.meta.url), 'utf8');

/** The example with its duration replaced, written into the test's folder. */
function variant(name: string, duration: string): string {
  const text = example(name).replace(/^duration: .*$/m, `duration: ${duration}`);
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

interface Run {
  readonly out: string;
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly timeline: Timeline;
}

async function simRun(scenario: string, out: string, extra: readonly string[] = []): Promise<Run> {
  const r = await hullInProcess(['sim', 'run', scenario, '--out', out, ...extra]);
  assert.ok(existsSync(join(out, 'timeline.json')), `no timeline.json: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
  return { out, ...r, timeline: JSON.parse(readFileSync(join(out, 'timeline.json'), 'utf8')) as Timeline };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** What the machine's image says: the slot GRUB would boot now, its bits, and the hash of its bytes. */
async function imageState(
  image: string,
): Promise<{ slot: number; successful: boolean; hash: string; bits: Record<number, string> }> {
  const dev = await openDevice(image);
  try {
    const r = await readGpt(dev);
    assert.ok(r.table, `${image}: no GPT`);
    const next = chooseBoot(r.table, image);
    const p = r.table.partitions.find((x) => x.number === next.partition.number)!;
    const a = getPrio(p.attributes);
    const bits: Record<number, string> = {};
    for (const n of [3, 4]) {
      const q = getPrio(r.table.partitions.find((x) => x.number === n)!.attributes);
      bits[n] = `P${q.priority} T${q.tries} S${q.successful ? 1 : 0}`;
    }
    const ss = r.table.sectorSize;
    const bytes = await dev.read(Number(p.firstLba) * ss, Number(p.lastLba - p.firstLba + 1n) * ss);
    return { slot: p.number, successful: a.successful, hash: sha256(bytes), bits };
  } finally {
    await dev.close();
  }
}

const usrHash = (out: string, version: string): string => sha256(readFileSync(join(out, 'work', `usr-${version}.img`)));
const imageOf = (run: Run, m: number): string => join(run.out, 'machines', `${run.timeline.machines[m]!.name}.img`);
const of = <K extends TimelineRecord['kind']>(tl: Timeline, kind: K): Extract<TimelineRecord, { kind: K }>[] =>
  tl.records.filter((r): r is Extract<TimelineRecord, { kind: K }> => r.kind === kind);

/** Machines down or not yet marked good after a reboot, at most at once (from the records alone). */
function maxRebooting(tl: Timeline): number {
  const now = new Set<number>();
  let max = 0;
  for (const r of tl.records) {
    if (r.kind === 'reboot') now.add(r.m);
    if (r.kind === 'marked-good') now.delete(r.m);
    max = Math.max(max, now.size);
  }
  return max;
}

/** The most lock holders at once: a successful lock to its successful unlock. */
function maxHolders(tl: Timeline): number {
  const held = new Set<number>();
  let max = 0;
  for (const r of of(tl, 'lock')) {
    if (r.result !== 'ok') continue;
    if (r.op === 'lock') held.add(r.m);
    else held.delete(r.m);
    max = Math.max(max, held.size);
  }
  return max;
}

/** Monday–Friday 09:00–16:59 in `zone`, as the server's office hours. */
function inOfficeHours(ms: number, zone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    weekday: 'short',
    hour: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const wd = parts.find((p) => p.type === 'weekday')!.value;
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  return !['Sat', 'Sun'].includes(wd) && hour >= 9 && hour < 17;
}

/** Every machine's version at the end: the last boot not followed by a failed boot. */
function finalVersions(tl: Timeline): string[] {
  const v = tl.machines.map(() => '');
  for (const r of tl.records) {
    if (r.kind === 'boot') v[r.m] = r.version;
    if (r.kind === 'boot-failed' || r.kind === 'reboot') v[r.m] = '';
  }
  return v;
}

test('a scenario with a mistake fails at its line:col before anything starts, and creates nothing', async () => {
  const bad = example('good-release.yaml').replace(
    'maxUpdatesPerPeriod: 5\n        periodIntervalSeconds: 1h\n    - name: prod',
    'maxUpdatesPerPeriod: 0\n        periodIntervalSeconds: 1h\n    - name: prod',
  );
  assert.notEqual(bad, example('good-release.yaml'));
  const path = join(dir, 'mistake.yaml');
  writeFileSync(path, bad);
  const out = join(dir, 'mistake-out');
  const r = await hullInProcess(['sim', 'run', path, '--out', out]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /mistake\.yaml:\d+:\d+: error: 0 is out of range: 1 to 1000000 \[SIM_OUT_OF_RANGE\]/);
  assert.match(r.stderr, /nothing was simulated/);
  assert.equal(existsSync(out), false, 'no output folder for a scenario with a mistake');
});

test("good release, 50 machines: reaches every machine, at most the lock's max rebooting, no grant outside office hours (timeline and images)", async () => {
  // The example with production's rate at 10 an hour instead of 5, so the rollout is over on Tuesday
  // (by about +1d 07h; the example runs 4 days): the same rules, half the simulated time.
  const path = variant('good-release.yaml', '34h');
  const text = readFileSync(path, 'utf8').replace(
    'timezone: Europe/Berlin\n        maxUpdatesPerPeriod: 5',
    'timezone: Europe/Berlin\n        maxUpdatesPerPeriod: 10',
  );
  assert.match(text, /maxUpdatesPerPeriod: 10/);
  writeFileSync(path, text);
  const run = await simRun(path, join(dir, 'good'));
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const tl = run.timeline;
  assert.equal(tl.machines.length, 50);
  assert.deepEqual(new Set(finalVersions(tl)), new Set(['3850.0.0']));
  // Never more than the etcd lock's max (1) rebooting, nor holding the lock.
  assert.equal(maxRebooting(tl), 1);
  assert.equal(maxHolders(tl), 1);
  assert.ok(
    of(tl, 'lock').some((r) => r.op === 'lock' && r.result === 'ok'),
    'the machines took the etcd lock',
  );
  // No grant to the production group outside its office hours (Europe/Berlin).
  const prodGrants = of(tl, 'grant').filter((g) => g.group === 'prod');
  assert.equal(prodGrants.length, 45);
  const start = Date.parse(tl.start);
  for (const g of prodGrants)
    assert.ok(
      inOfficeHours(start + g.t, 'Europe/Berlin'),
      `grant at ${new Date(start + g.t).toISOString()} outside office hours`,
    );
  // The canaries took it on Monday, the production machines only from Tuesday.
  assert.ok(
    of(tl, 'grant')
      .filter((g) => g.group === 'canary')
      .every((g) => g.t < 86_400_000),
  );
  assert.ok(prodGrants.every((g) => g.t >= 86_400_000));
  // The images: GRUB boots USR-B, marked good, holding exactly the new release's /usr.
  const want = usrHash(run.out, '3850.0.0');
  for (let m = 0; m < 50; m++) {
    const s = await imageState(imageOf(run, m));
    assert.deepEqual(
      { slot: s.slot, successful: s.successful, hash: s.hash },
      { slot: 4, successful: true, hash: want },
      `machine ${m}: ${JSON.stringify(s.bits)}`,
    );
  }
  const shown = await hullInProcess(['-o', 'json', 'disk', 'show', imageOf(run, 7)]);
  const parts = (
    JSON.parse(shown.stdout) as {
      result: { partitions: { number: number; priority: number; tries: number; successful: boolean }[] };
    }
  ).result.partitions;
  assert.deepEqual(
    parts.filter((p) => p.number === 3 || p.number === 4).map((p) => [p.number, p.priority, p.tries, p.successful]),
    [
      [3, 1, 0, true],
      [4, 2, 0, true],
    ],
  );
  assert.match(readFileSync(join(run.out, 'chart.html'), 'utf8'), /^<!doctype html>[\s\S]*<svg [\s\S]*<\/svg>/);
});

test('bad release (fails-boot), 50 machines: auto-halt stops it after its sample; every affected machine is back on the old slot and bootable', async () => {
  const run = await simRun(variant('bad-release-auto-halt.yaml', '6h'), join(dir, 'bad'));
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const tl = run.timeline;
  const halts = of(tl, 'halt');
  assert.equal(halts.length, 1);
  assert.equal(halts[0]!.by, 'auto-halt');
  assert.match(halts[0]!.reason, /auto-halt/);
  // Affected: machines granted the bad release. minSamples 3 (plus what the period let through before the third report).
  const affected = [
    ...new Set(
      of(tl, 'grant')
        .filter((g) => g.version === '3850.0.0')
        .map((g) => g.m),
    ),
  ];
  assert.ok(affected.length >= 3 && affected.length <= 4, `affected: ${affected.length}`);
  assert.ok(
    of(tl, 'grant').every((g) => g.t <= halts[0]!.t),
    'no grant after the halt',
  );
  for (const m of affected)
    assert.ok(
      of(tl, 'boot-failed').some((r) => r.m === m),
      `machine ${m} tried the new slot`,
    );
  assert.deepEqual(new Set(finalVersions(tl)), new Set(['3815.2.0']));
  // The images of the affected machines: GRUB picks USR-A (good, the old release), USR-B's tries are spent.
  const old = usrHash(run.out, '3815.2.0');
  for (const m of affected) {
    const s = await imageState(imageOf(run, m));
    assert.deepEqual(
      { slot: s.slot, successful: s.successful, hash: s.hash },
      { slot: 3, successful: true, hash: old },
      `machine ${m}: ${JSON.stringify(s.bits)}`,
    );
    assert.match(s.bits[4]!, /T0 S0$/);
    const boot = await hullInProcess([
      '-o',
      'json',
      'host',
      'boot',
      imageOf(run, m),
      '--root',
      join(dir, `root-${m}`),
      '--dry-run',
    ]);
    assert.equal(boot.status, 0, boot.stderr);
    const rec = (
      JSON.parse(boot.stdout) as { result: { boot: { partition: number; release: Record<string, string> } } }
    ).result.boot;
    assert.deepEqual([rec.partition, rec.release['FLATCAR_RELEASE_VERSION']], [3, '3815.2.0']);
  }
});

test('pinned downgrade, 50 machines: the pinned group goes back to the older release, the other stays (db through FleetLock, 3 at once)', async () => {
  // The example, with the db group rebooting through the in-process server's FleetLock routes (3 slots).
  const path = variant('downgrade-by-pin.yaml', '8h');
  const text = readFileSync(path, 'utf8')
    .replace('fleet:\n', 'lock: { kind: fleetlock, max: 3 }\n\nfleet:\n')
    .replace(
      '  - group: db\n    machines: 20\n    version: 3850.0.0\n',
      '  - group: db\n    machines: 20\n    version: 3850.0.0\n    reboot: { strategy: fleetlock }\n',
    );
  assert.match(text, /strategy: fleetlock/);
  writeFileSync(path, text);
  const run = await simRun(path, join(dir, 'pin'));
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const tl = run.timeline;
  const v = finalVersions(tl);
  const older = usrHash(run.out, '3815.2.0');
  const newer = usrHash(run.out, '3850.0.0');
  for (const [m, mach] of tl.machines.entries()) {
    const s = await imageState(imageOf(run, m));
    assert.equal(s.successful, true);
    if (mach.group === 'db') {
      assert.equal(v[m], '3815.2.0');
      assert.equal(s.hash, older, `db machine ${m} boots the older /usr`);
      assert.equal(s.slot, 4);
    } else {
      assert.equal(v[m], '3850.0.0');
      assert.equal(s.hash, newer);
      assert.equal(s.slot, 3, 'web machines were never touched');
    }
  }
  assert.ok(of(tl, 'grant').every((g) => g.group === 'db' && g.version === '3815.2.0' && g.t >= 2 * 3_600_000));
  assert.equal(
    of(tl, 'lock').filter((r) => r.op === 'lock' && r.result === 'ok').length,
    20,
    'each db machine took a FleetLock slot once',
  );
  assert.ok(maxHolders(tl) <= 3 && maxRebooting(tl) <= 3, `holders ${maxHolders(tl)}, rebooting ${maxRebooting(tl)}`);
});

test('a failed expect: exits 1 and names it; the same seed gives the same timeline twice', async () => {
  // The web group never changes: expecting it on the older release must fail. The pin at 10 m makes the db machines go back.
  const text = example('downgrade-by-pin.yaml')
    .replace(/^duration: .*$/m, 'duration: 2h')
    .replace('finalVersions: { web: 3850.0.0, db: 3815.2.0 }', 'finalVersions: { web: 3815.2.0 }')
    .replace('at: 2h', 'at: 10m');
  const path = join(dir, 'expect.yaml');
  writeFileSync(path, text);
  const runs: Run[] = [];
  for (const name of ['expect-a', 'expect-b']) {
    const r = await simRun(path, join(dir, name), ['--hosts', '4']);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /expect FAILED: finalVersions: every machine of web runs 3815\.2\.0 — found 3850\.0\.0: 2/);
    assert.match(
      r.stderr,
      /1 expectation\(s\) failed:\n  finalVersions: every machine of web runs 3815\.2\.0 — found 3850\.0\.0: 2\n/,
    );
    assert.match(r.stdout, /expect ok: haltedBy: web not halted/);
    runs.push(r);
  }
  const [a, b] = runs as [Run, Run];
  assert.ok(
    of(a.timeline, 'grant').length > 0 && of(a.timeline, 'reboot').length > 0,
    'the run did something: grants and reboots',
  );
  assert.equal(readFileSync(join(a.out, 'timeline.json'), 'utf8'), readFileSync(join(b.out, 'timeline.json'), 'utf8'));
});

test('--server: a running hull serve over HTTP in real time (sped up 300×): every machine updated through its FleetLock, 2 at once; the server sees them; a second run with the same versions is refused before anything is made', async () => {
  const data = join(dir, 'serve-data');
  const server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
  try {
    const token = readFileSync(join(data, 'admin-token'), 'utf8').trim();
    const path = join(dir, 'remote.yaml');
    writeFileSync(
      path,
      [
        'scenario: 1',
        'name: remote',
        'duration: 3h',
        'seed: 3',
        'releases: [{ version: 1000.0.0 }, { version: 1000.0.1, outcome: boots }]',
        'server:',
        '  channels: [{ name: stable, release: 1000.0.0 }]',
        '  groups: [{ name: workers, channel: stable, policy: { safeMode: false, maxUpdatesPerPeriod: 100 } }]',
        'lock: { kind: fleetlock, max: 2 }',
        'fleet: [{ group: workers, machines: 6, version: 1000.0.0, reboot: { strategy: fleetlock } }]',
        'events: [{ at: 5m, promote: { release: 1000.0.1, channel: stable } }]',
        'expect: { finalVersions: { workers: 1000.0.1 }, maxParallelReboots: 2 }',
        '',
      ].join('\n'),
    );
    const before = Date.now();
    const run = await simRun(path, join(dir, 'remote'), ['--server', server.url, '--token', token, '--speed', '300']);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}\n${server.logs().slice(-2000)}`);
    const tl = run.timeline;
    // Real time: the run started now, not at the scenario's (default) start.
    assert.ok(Math.abs(Date.parse(tl.start) - before) < 60_000, `start ${tl.start}`);
    assert.deepEqual(new Set(finalVersions(tl)), new Set(['1000.0.1']));
    assert.ok(maxHolders(tl) <= 2 && maxRebooting(tl) <= 2, `holders ${maxHolders(tl)}, rebooting ${maxRebooting(tl)}`);
    assert.equal(
      of(tl, 'lock').filter((r) => r.op === 'lock' && r.result === 'ok').length,
      6,
      "each machine took the server's FleetLock once",
    );
    // The images: USR-B booted, marked good, holding the new release's /usr.
    const want = usrHash(run.out, '1000.0.1');
    for (let m = 0; m < 6; m++) {
      const s = await imageState(imageOf(run, m));
      assert.deepEqual(
        { slot: s.slot, successful: s.successful, hash: s.hash },
        { slot: 4, successful: true, hash: want },
        `machine ${m}: ${JSON.stringify(s.bits)}`,
      );
    }
    // The server's own records: six machines on 1000.0.1, no FleetLock slot left held.
    const auth = { authorization: `Bearer ${token}` };
    const rows = (await (await fetch(`${server.url}/api/v1/instances`, { headers: auth })).json()) as {
      items: { instance: { alias: string }; app: { version: string; status: string } }[];
    };
    const ours = rows.items.filter((r) => r.instance.alias.startsWith('workers-'));
    assert.equal(ours.length, 6);
    assert.ok(
      ours.every((r) => r.app.version === '1000.0.1' && r.app.status === 'complete'),
      JSON.stringify(ours.map((r) => r.app)),
    );
    const lock = (await (await fetch(`${server.url}/api/v1/fleetlock/groups/default`, { headers: auth })).json()) as {
      slots: number;
      holders: unknown[];
    };
    assert.deepEqual([lock.slots, lock.holders.length], [2, 0]);
    // Again with the same versions: the server has them (another run's payloads); refused, nothing made.
    const again = await hullInProcess([
      'sim',
      'run',
      path,
      '--out',
      join(dir, 'remote-again'),
      '--server',
      server.url,
      '--token',
      token,
    ]);
    assert.equal(again.status, 3, again.stderr);
    assert.match(
      again.stderr,
      /REHEARSAL_SERVER_REFUSED: the update server has a package 1000\.0\.0 \(amd64\) already/,
    );
    assert.equal(existsSync(join(dir, 'remote-again')), false);
    // A viewer's token is not enough.
    const viewer = (await (
      await fetch(`${server.url}/api/v1/tokens`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'viewer' }),
      })
    ).json()) as { secret: string };
    const denied = await hullInProcess([
      'sim',
      'run',
      path,
      '--out',
      join(dir, 'remote-viewer'),
      '--server',
      server.url,
      '--token',
      viewer.secret,
    ]);
    assert.match(denied.stderr, /FORBIDDEN: hull sim run --server needs an admin token; the one given is viewer/);
    assert.equal(existsSync(join(dir, 'remote-viewer')), false);
  } finally {
    await server.stop();
  }
});
