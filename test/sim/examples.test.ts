import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkScenario, type ScenarioPlan } from '../../src/sim/index.js';
import { compareVersions } from '../../src/update/server/version.js';
import { REPO } from '../helpers/hull.js';

// The example scenarios of docs/sim/: each is valid, and each says what docs/sim.md says it does.
const DIR = join(REPO, 'docs', 'sim');
const plans = new Map<string, ScenarioPlan>();
for (const name of readdirSync(DIR)
  .filter((n) => n.endsWith('.yaml'))
  .sort()) {
  test(`docs/sim/${name} is a valid scenario`, () => {
    const { plan, report } = checkScenario(readFileSync(join(DIR, name), 'utf8'));
    assert.deepEqual(
      report.issues.map((i) => `${i.code} ${i.message}`),
      [],
    );
    assert.ok(plan);
    assert.equal(plan.name, name.replace(/\.yaml$/, ''), 'the name is the file name');
    plans.set(name, plan);
  });
}

const plan = (name: string): ScenarioPlan => {
  const p = plans.get(name);
  assert.ok(p, `docs/sim/${name} exists and is valid`);
  return p;
};

test('good-release: a canary group first, then production within office hours; 50 machines; every group expected on the new release', () => {
  const p = plan('good-release.yaml');
  assert.equal(p.machines, 50);
  const prod = p.groups.find((g) => g.name === 'prod')!;
  assert.equal(prod.policy.officeHours, true);
  const [first, second] = p.events;
  assert.equal(first!.action.kind, 'promote');
  assert.ok(first!.atMs < second!.atMs, 'the canary channel is promoted first');
  const canaryChannel = p.groups.find((g) => g.name === 'canary')!.channel;
  assert.deepEqual(first!.action, { kind: 'promote', release: '3850.0.0', channel: canaryChannel });
  assert.deepEqual(p.expect.finalVersions, { canary: '3850.0.0', prod: '3850.0.0' });
  assert.equal(p.expect.maxParallelReboots, p.lock?.max);
});

test('bad-release-auto-halt: the new /usr fails to boot, auto-halt is on, the group is expected halted by it and back on the old version', () => {
  const p = plan('bad-release-auto-halt.yaml');
  assert.equal(p.machines, 50);
  assert.equal(p.releases.find((r) => r.version === '3850.0.0')?.outcome, 'fails-boot');
  assert.equal(p.groups[0]!.policy.autoHalt.enabled, true);
  assert.equal(
    p.groups[0]!.policy.safeMode,
    false,
    'several machines take it, so auto-halt gets its sample (safe mode would grant one machine only)',
  );
  assert.equal(p.groups[0]!.policy.maxUpdatesPerPeriod, 2);
  assert.deepEqual(p.expect.haltedBy, { prod: 'auto-halt' });
  assert.deepEqual(p.expect.finalVersions, { prod: '3815.2.0' });
});

test('downgrade-by-pin: one group pinned to an older release with the downgrade allowed, the other left alone', () => {
  const p = plan('downgrade-by-pin.yaml');
  const pin = p.events.find((e) => e.action.kind === 'pin')!.action;
  assert.ok(pin.kind === 'pin' && pin.allowDowngrade);
  const start = p.fleet.find((f) => f.group === pin.group)!.version;
  assert.ok(compareVersions(pin.release, start) < 0, 'the pin is older than what the group runs');
  assert.equal(p.expect.finalVersions[pin.group], pin.release);
  assert.equal(p.expect.finalVersions.web, start);
});

test('reboot-window-etcd-lock: an etcd lock of 2, a daily window, expected never more than 2 rebooting', () => {
  const p = plan('reboot-window-etcd-lock.yaml');
  assert.deepEqual(p.lock, { kind: 'etcd', max: 2 });
  const f = p.fleet[0]!;
  assert.equal(f.strategy, 'etcd-lock');
  assert.deepEqual([f.window?.dayOfWeek, f.window?.hour, f.window?.lengthMs], [undefined, 2, 3 * 3_600_000]);
  assert.equal(p.expect.maxParallelReboots, 2);
  assert.equal(p.machines, 50);
});
