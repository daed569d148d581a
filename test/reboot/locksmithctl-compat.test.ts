/**
 * `hull locksmith` against a real etcd 3.4 (v2 API on) replays the sequence
 * recorded from the real locksmithctl (test/fixtures/reboot/README.md):
 * same stdout, stderr, exit code and stored value after every step, but for
 * the differences Hull makes on purpose (listed in DIFFERENCES and in
 * docs/reboot.md). Also: the requests on the wire are locksmithctl's, and
 * the escaped group name is stored literally.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { semaphoreKey } from '../../src/reboot/keys.js';
import { startEtcd, type EtcdCluster } from '../helpers/etcd.js';
import { HULL_BIN, REPO } from '../helpers/hull.js';

interface Recorded {
  name: string;
  args: string[];
  env: Record<string, string>;
  exit: number;
  stdout: string;
  stderr: string;
  group: string;
  value: string | null;
}
const recording = JSON.parse(
  readFileSync(new URL('../fixtures/reboot/locksmithctl-sequence.json', import.meta.url), 'utf8'),
) as { steps: Recorded[] };

/** What Hull does differently, on purpose, per step name: the expected Hull result where it differs. */
const DIFFERENCES: Record<string, Partial<Pick<Recorded, 'exit' | 'stdout' | 'stderr'>>> = {
  // locksmithctl prints the error, then crashes with a nil-pointer panic (exit 2).
  'corrupt value: status': {
    exit: 1,
    stderr: "Error setting value: invalid character 'g' looking for beginning of value\n",
  },
  // locksmithctl prints "Old-Max: 0", then crashes (exit 2).
  'corrupt value: set-max': {
    exit: 1,
    stdout: '',
    stderr: "Error setting value: invalid character 'g' looking for beginning of value\n",
  },
  // locksmithctl's repeated --endpoint keeps only the last one; Hull keeps both, as its help promises.
  'every endpoint unreachable': {
    stderr:
      'Error initializing etcd client: no etcd endpoints available, tried: http://127.0.0.1:9,http://127.0.0.1:7\n',
  },
};

let etcd: EtcdCluster;
before(async () => {
  etcd = await startEtcd();
});
after(() => etcd?.stop());

function hull(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ exit: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HULL_BIN, 'locksmith', ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'] ?? '', HOME: '/tmp', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ exit, stdout, stderr });
    });
  });
}

const keyUrl = (group: string): string =>
  `${etcd.endpoints[0]}/v2/keys/${semaphoreKey(group).split('/').map(encodeURIComponent).join('/')}`;

async function stored(group: string): Promise<string | null> {
  const r = await fetch(keyUrl(group));
  if (r.status === 404) return null;
  return ((await r.json()) as { node: { value: string } }).node.value;
}

test('the recorded locksmithctl sequence gives the same outputs, exit codes and stored values', async () => {
  const E = etcd.endpoints[0]!;
  const sub = (s: string): string => s.split('{E}').join(E);
  assert.ok(recording.steps.length >= 30);
  for (const step of recording.steps) {
    if (step.name.startsWith('corrupt value: status')) {
      await fetch(keyUrl('bad'), { method: 'PUT', body: new URLSearchParams({ value: 'garbage' }) });
    }
    if (step.name.startsWith('not-quite-JSON')) {
      await fetch(keyUrl('bad2'), { method: 'PUT', body: new URLSearchParams({ value: '{"semaphore":1' }) });
    }
    const env = Object.fromEntries(Object.entries(step.env).map(([k, v]) => [k, sub(v)]));
    const got = await hull(step.args.map(sub), env);
    const want = { exit: step.exit, stdout: step.stdout, stderr: step.stderr, ...DIFFERENCES[step.name] };
    assert.deepEqual(
      { exit: got.exit, stdout: got.stdout.split(E).join('{E}'), stderr: got.stderr.split(E).join('{E}') },
      want,
      `step "${step.name}": hull locksmith ${step.args.join(' ')}`,
    );
    assert.equal(await stored(step.group), step.value, `step "${step.name}": stored value`);
  }
});

test('what answers is not etcd, or every endpoint is down: a clear error on stderr, exit 1, no crash', async () => {
  const { createServer } = await import('node:http');
  const srv = createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html>not etcd</html>'));
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as import('node:net').AddressInfo).port}`;
  try {
    for (const cmd of [['status'], ['lock', 'm1'], ['unlock', 'm1'], ['set-max', '3']]) {
      const r = await hull([`--endpoint=${url}`, ...cmd], {});
      assert.deepEqual(
        r,
        {
          exit: 1,
          stdout: '',
          stderr: `Error initializing etcd client: creating etcd lock client: ${url} answered HTTP 200 with a body that is not JSON: "<html>not etcd</html>"; it does not look like etcd's v2 keys API\n`,
        },
        cmd.join(' '),
      );
    }
  } finally {
    srv.close();
  }
  const down = await hull(['--endpoint=http://127.0.0.1:9,http://127.0.0.1:7', 'status'], {});
  assert.deepEqual(down, {
    exit: 1,
    stdout: '',
    stderr:
      'Error initializing etcd client: no etcd endpoints available, tried: http://127.0.0.1:9,http://127.0.0.1:7\n',
  });
});

test('an escaped group name is stored literally (a+b%2Fc%26d)', async () => {
  const r = await fetch(`${etcd.endpoints[0]}/v2/keys/coreos.com/updateengine/rebootlock/groups?recursive=true`);
  const body = (await r.json()) as { node: { nodes: Array<{ key: string }> } };
  assert.ok(
    body.node.nodes.some((n) => n.key === '/coreos.com/updateengine/rebootlock/groups/a+b%2Fc%26d'),
    JSON.stringify(body.node.nodes.map((n) => n.key)),
  );
});

test('machine id from <root>/etc/machine-id when no id is given; "Cannot read machine-id" without one', async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'hull-locksmith-root-'));
  try {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
    const E = etcd.endpoints[0]!;
    assert.deepEqual(await hull([`--endpoint=${E}`, '--group=mid', `--root=${root}`, 'lock'], {}), {
      exit: 0,
      stdout: '',
      stderr: '',
    });
    assert.equal(await stored('mid'), '{"semaphore":0,"max":1,"holders":["0123456789abcdef0123456789abcdef"]}');
    assert.deepEqual(await hull([`--endpoint=${E}`, '--group=mid', `--root=${join(root, 'nowhere')}`, 'unlock'], {}), {
      exit: 1,
      stdout: '',
      stderr: 'Cannot read machine-id\n',
    });
    assert.deepEqual(await hull([`--endpoint=${E}`, '--group=mid', `--root=${root}`, 'unlock'], {}), {
      exit: 0,
      stdout: '',
      stderr: '',
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("reboot takes this machine's lock, runs the reboot command; a failed reboot gives the lock back", async () => {
  const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const root = mkdtempSync(join(tmpdir(), 'hull-locksmith-root-'));
  try {
    mkdirSync(join(root, 'etc'));
    writeFileSync(join(root, 'etc/machine-id'), 'aaaa\n');
    const E = etcd.endpoints[0]!;
    const marker = join(root, 'rebooted');
    assert.deepEqual(
      await hull([`--endpoint=${E}`, '--group=rb', `--root=${root}`, 'reboot'], {
        HULL_REBOOT_COMMAND: `touch ${marker}`,
      }),
      { exit: 0, stdout: '', stderr: '' },
    );
    assert.equal(await stored('rb'), '{"semaphore":0,"max":1,"holders":["aaaa"]}');
    assert.equal(readFileSync(marker, 'utf8'), '');
    await hull([`--endpoint=${E}`, '--group=rb', 'unlock', 'aaaa'], {});
    const failed = await hull([`--endpoint=${E}`, '--group=rb', `--root=${root}`, 'reboot'], {
      HULL_REBOOT_COMMAND: 'exit 3',
    });
    assert.equal(failed.exit, 1);
    assert.match(failed.stderr, /^Error rebooting: \/bin\/sh -c exit 3 failed \(3\)\n$/);
    assert.equal(await stored('rb'), '{"semaphore":1,"max":1,"holders":[]}');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
