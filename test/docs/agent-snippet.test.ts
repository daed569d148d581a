// docs/agent.md's Butane snippet is a valid config: hull butane --strict turns it into Ignition that validates,
// with the agent's unit and update-engine.service masked.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO, runHull } from '../helpers/hull.js';

test('the Butane snippet of docs/agent.md transpiles (strict) and validates', () => {
  const doc = readFileSync(join(REPO, 'docs/agent.md'), 'utf8');
  const m = /```yaml\n(variant: flatcar[\s\S]*?)```/.exec(doc);
  assert.ok(m, 'a flatcar Butane snippet in docs/agent.md');
  const r = runHull(['butane', '--strict'], { input: m[1]! });
  assert.equal(r.status, 0, r.stderr);
  const ign = JSON.parse(r.stdout) as {
    systemd: { units: { name: string; mask?: boolean; enabled?: boolean; contents?: string }[] };
  };
  const units = Object.fromEntries(ign.systemd.units.map((u) => [u.name, u]));
  assert.equal(units['update-engine.service']?.mask, true);
  assert.match(units['hull-agent.service']?.contents ?? '', /ExecStart=\/opt\/bin\/hull agent run/);
  const unit = /```ini\n([\s\S]*?)```/.exec(doc)![1]!;
  assert.ok(unit.includes(units['hull-agent.service']!.contents!.trim()), 'the unit file and the snippet say the same');
});
