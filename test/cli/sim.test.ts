import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runHull } from '../helpers/hull.js';

// `hull sim check` through the real binary: the plan on stdout, mistakes at FILE:LINE:COL, -o json.
const GOOD = 'docs/sim/reboot-window-etcd-lock.yaml';

test('hull sim check prints the plan of a valid scenario and exits 0', () => {
  const r = runHull(['sim', 'check', GOOD]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /^scenario reboot-window-etcd-lock: ok$/m);
  assert.match(r.stdout, /^fleet: 50 machines$/m);
  assert.match(r.stdout, /^lock: etcd, max 2$/m);
  assert.match(r.stdout, /^ {2}\+1h0m0s promote 3850\.0\.0 to stable$/m);
  assert.match(r.stdout, /window 02:00 for 3h/);
});

test('hull sim check prints each mistake at FILE:LINE:COL with its code and exits 1 (standard input too)', () => {
  const text =
    'scenario: 1\nduration: 1h\nreleases: [{version: 1.2.x}]\nserver: {channels: [], groups: [{name: g}]}\nfleet: []\nextra: 1\n';
  const r = runHull(['sim', 'check', '-'], { input: text });
  assert.equal(r.status, 1);
  assert.equal(r.stdout, '');
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(
    lines.slice(0, 3).map((l) => l.replace(/: error: .*\[/, ' [')),
    [
      '<stdin>:6:1 [SIM_UNKNOWN_KEY] (at $.extra)',
      '<stdin>:3:22 [SIM_BAD_VERSION] (at $.releases.0.version)',
      '<stdin>:4:33 [SIM_MISSING_KEY] (at $.server.groups.0)',
    ],
  );
  assert.match(lines.at(-1)!, /the scenario has 3 error\(s\); nothing was simulated/);
});

test('hull -o json sim check: the plan as the result, or the issues with line and column', () => {
  const ok = runHull(['-o', 'json', 'sim', 'check', GOOD]);
  assert.equal(ok.status, 0, ok.stderr);
  const good = JSON.parse(ok.stdout);
  assert.equal(good.ok, true);
  assert.equal(good.result.machines, 50);
  assert.deepEqual(good.result.lock, { kind: 'etcd', max: 2 });
  assert.deepEqual(good.issues, []);
  const bad = runHull(['-o', 'json', 'sim', 'check', '-'], { input: 'scenario: 1\nduration: -1h\n' });
  assert.equal(bad.status, 1);
  const env = JSON.parse(bad.stdout);
  assert.equal(env.ok, false);
  assert.equal(env.result, null);
  const neg = env.issues.find((i: { code: string }) => i.code === 'SIM_OUT_OF_RANGE');
  assert.deepEqual([neg.path, neg.line, neg.column], ['$.duration', 2, 11]);
});

test('hull sim has check and run; a missing file is NOT_FOUND without a stack; a bad --hosts is USAGE', () => {
  const help = runHull(['sim', '--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /check \[scenario\]/);
  assert.match(help.stdout, /run \[options\] <scenario>/);
  for (const cmd of ['check', 'run']) {
    const missing = runHull(['sim', cmd, 'no-such-scenario.yaml']);
    assert.equal(missing.status, 3);
    assert.match(missing.stderr, /NOT_FOUND/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /);
  }
  const hosts = runHull(['sim', 'run', GOOD, '--hosts', '0']);
  assert.equal(hosts.status, 2);
  assert.match(hosts.stderr, /--hosts must be a whole number from 1 to 100000/);
});
