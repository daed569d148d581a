import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

let work = '';
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const good = JSON.stringify({
  ignition: { version: '3.3.0' },
  storage: { files: [{ path: '/etc/hello', mode: 0o600, contents: { source: d('hi\n') } }] },
  systemd: { units: [{ name: 'a.service', enabled: true, contents: '[Install]\nWantedBy=multi-user.target\n' }] },
});

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-cli-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  writeFileSync(join(r, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  return r;
}

test('hull provision --root DIR FILE applies the config and exits 0', () => {
  const r = root('apply');
  writeFileSync(join(work, 'good.ign'), good);
  const res = runHull(['provision', '--root', r, join(work, 'good.ign')]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /stage files: ok/);
  assert.equal(readFileSync(join(r, 'etc/hello'), 'utf8'), 'hi\n');
  assert.equal(readFileSync(join(r, 'etc/systemd/system-preset/20-ignition.preset'), 'utf8'), 'enable a.service\n');
});

test('--dry-run prints the plan and changes nothing; the config can come from stdin', () => {
  const r = root('dry');
  const res = runHull(['provision', '--root', r, '--dry-run', '-'], { input: good });
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /files +file mode 0600 \/etc\/hello/);
  assert.match(res.stdout, /preset "enable a.service"/);
  assert.equal(existsSync(join(r, 'etc/hello')), false);
});

test('-o json prints the result; a failing stage gives exit 1', () => {
  const r = root('json');
  writeFileSync(join(r, 'etc/hello'), 'already\n');
  const res = runHull(['-o', 'json', 'provision', '--root', r, '-'], { input: good });
  assert.equal(res.status, 1);
  const env = JSON.parse(res.stdout) as {
    ok: boolean;
    error: { code: string } | null;
    result: { stages: { stage: string; status: string; error?: { code: string } }[]; events: { status: string }[] };
  };
  assert.equal(env.ok, false);
  assert.equal(env.error?.code, 'PROVISION_OPERATION_FAILED', "the envelope's error is the failed stage's");
  const out = env.result;
  const files = out.stages.find((s) => s.stage === 'files');
  assert.equal(files?.status, 'failed');
  assert.equal(files?.error?.code, 'PROVISION_OPERATION_FAILED');
  assert.equal(out.stages.find((s) => s.stage === 'units')?.status, 'skipped');
  assert.ok(out.events.some((e) => e.status === 'fail'));
  assert.equal(readFileSync(join(r, 'etc/hello'), 'utf8'), 'already\n');
});

test('an invalid config applies nothing: issues on stderr, exit 1, no stack trace', () => {
  const r = root('invalid');
  const bad = JSON.stringify({
    ignition: { version: '3.3.0' },
    storage: { files: [{ path: '/etc/ok', contents: { source: d('x') } }, { path: 'rel' }] },
  });
  const res = runHull(['provision', '--root', r, '-'], { input: bad });
  assert.equal(res.status, 1);
  assert.match(res.stderr, /error at \$\.storage\.files\.1\.path/);
  assert.doesNotMatch(res.stderr, /\n\s+at /);
  assert.equal(existsSync(join(r, 'etc/ok')), false);
});

test('disks and filesystems on a root directory are refused before anything is applied', () => {
  const r = root('disks');
  const cfg = JSON.stringify({
    ignition: { version: '3.3.0' },
    storage: { filesystems: [{ device: '/dev/sda1', format: 'ext4' }], files: [{ path: '/etc/x' }] },
  });
  const res = runHull(['-o', 'json', 'provision', '--root', r, '-'], { input: cfg });
  assert.equal(res.status, 1);
  assert.match(res.stdout, /PROVISION_UNSUPPORTED_ON_ROOT/);
  assert.equal(existsSync(join(r, 'etc/x')), false);
});

test('a missing root is NOT_FOUND (exit 3)', () => {
  const res = runHull(['provision', '--root', join(work, 'nope'), '-'], { input: good });
  assert.equal(res.status, 3);
  assert.match(res.stderr, /not a directory/);
});

test('special mode bits: kept from a 3.6 config, dropped from older specs (as Ignition reads them)', () => {
  const r = root('special');
  const cfg = (version: string, p: string) =>
    JSON.stringify({
      ignition: { version },
      storage: {
        files: [{ path: p, mode: 0o4755, user: { id: 7 }, contents: { source: d('x') } }],
        directories: [{ path: `${p}.d`, mode: 0o1777 }],
      },
    });
  assert.equal(runHull(['provision', '--root', r, '-'], { input: cfg('3.6.0', '/new') }).status, 0);
  assert.equal(runHull(['provision', '--root', r, '-'], { input: cfg('3.3.0', '/old') }).status, 0);
  const mode = (p: string) => (statSync(join(r, p)).mode & 0o7777).toString(8);
  assert.equal(mode('new'), '4755');
  assert.equal(mode('new.d'), '1777');
  assert.equal(mode('old'), '755');
  assert.equal(mode('old.d'), '777');
});

test('--config-cache keeps the fetched, merged config inside the target (0600)', () => {
  const r = root('cache');
  const child = JSON.stringify({ ignition: { version: '3.3.0' }, storage: { files: [{ path: '/etc/child' }] } });
  const cfg = JSON.stringify({
    ignition: { version: '3.3.0', config: { merge: [{ source: d(child) }] } },
    storage: { files: [{ path: '/etc/parent' }] },
  });
  const res = runHull(['provision', '--root', r, '--config-cache', '/var/lib/hull/ignition.json', '-'], { input: cfg });
  assert.equal(res.status, 0, res.stderr);
  const cached = JSON.parse(readFileSync(join(r, 'var/lib/hull/ignition.json'), 'utf8')) as {
    storage: { files: { path: string }[] };
  };
  assert.deepEqual(
    cached.storage.files.map((f) => f.path),
    ['/etc/parent', '/etc/child'],
  );
  assert.equal(statSync(join(r, 'var/lib/hull/ignition.json')).mode & 0o777, 0o600);
});

test('--root takes a relative path (resolved against the working directory for useradd --root)', () => {
  const r = root('rel');
  writeFileSync(join(r, 'etc/group'), 'root:x:0:\n');
  writeFileSync(join(r, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  writeFileSync(join(r, 'etc/gshadow'), 'root:*::\n', { mode: 0o640 });
  const cfg = JSON.stringify({
    ignition: { version: '3.3.0' },
    passwd: { users: [{ name: 'alice', uid: 1200, passwordHash: '$6$x$y' }] },
  });
  const res = runHull(['provision', '--root', 'rel', '-'], { input: cfg, cwd: work });
  assert.equal(res.status, 0, res.stderr + res.stdout);
  assert.match(readFileSync(join(r, 'etc/passwd'), 'utf8'), /^alice:x:1200:/m);
  assert.match(readFileSync(join(r, 'etc/shadow'), 'utf8'), /^alice:\$6\$x\$y:/m);
});

test('the stage summary lists the stages in the order they ran', () => {
  const r = root('order');
  const res = runHull(['provision', '--root', r, '-'], { input: good });
  assert.equal(res.status, 0, res.stderr);
  const order = [...res.stdout.matchAll(/^stage (\w+):/gm)].map((m) => m[1]);
  assert.deepEqual(order, ['fetch', 'users', 'files', 'units', 'disks', 'filesystems']);
});
