/**
 * Standard input reaches every command through CliContext.stdin (issue 19):
 * the same commands run in process with a test's bytes as their input, and an
 * input past the size cap is refused after reading at most cap + 1 bytes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../../src/cli/main.js';
import { DEFAULT_MAX_BYTES } from '../../src/source/index.js';
import { hullInProcess, testContext } from '../helpers/in-process.js';

test('ct, butane, ignition validate and transpile read the input given through the context', async () => {
  const clc = 'passwd:\n  users:\n    - name: core\n';
  const ct = await hullInProcess(['ct'], process.cwd(), clc);
  assert.equal(ct.status, 0, ct.stderr);
  assert.equal((JSON.parse(ct.stdout) as { passwd: { users: { name: string }[] } }).passwd.users[0]!.name, 'core');
  const bu = await hullInProcess(
    ['butane'],
    process.cwd(),
    'variant: flatcar\nversion: 1.0.0\npasswd:\n  users:\n    - name: core\n',
  );
  assert.equal(bu.status, 0, bu.stderr);
  assert.match(bu.stdout, /"name":"core"/);
  const v = await hullInProcess(
    ['ignition', 'validate', '-'],
    process.cwd(),
    '{"ignition":{"version":"3.4.0"},"storage":{"files":[{"path":"relative"}]}}',
  );
  assert.equal(v.status, 1);
  assert.match(v.stdout + v.stderr, /storage\.files\.0\.path.*path not absolute/);
  const t = await hullInProcess(['transpile', '-'], process.cwd(), clc);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /"core"/);
});

test('an endless standard input is read only up to the cap + 1 bytes, then refused as too large', async () => {
  let read = 0;
  const chunk = new Uint8Array(1 << 20).fill(0x20);
  let stderr = '';
  const ctx = testContext({
    stdin: (async function* () {
      for (;;) {
        read += chunk.length;
        yield chunk;
      }
    })(),
    stderr: { write: (s: string) => void (stderr += s) },
  });
  const status = await main(['ct'], ctx);
  assert.notEqual(status, 0);
  assert.match(stderr, /input is larger than the size limit of 64 MiB/);
  assert.ok(read <= DEFAULT_MAX_BYTES + 2 * chunk.length, `read ${read} bytes`);
});
