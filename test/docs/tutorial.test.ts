import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { HULL_BIN, REPO } from '../helpers/hull.js';

// docs/tutorial.md kept true by code: every ```sh block runs, in order, as
// written, in one empty directory with `hull` (bin/hull.cjs) on PATH; each must
// succeed, and the outputs the page quotes or promises are checked.
const TOOLS = ['/usr/sbin/mke2fs', '/usr/sbin/debugfs', '/usr/sbin/usermod', '/usr/bin/ssh-keygen', '/usr/bin/openssl'];
const page = readFileSync(join(REPO, 'docs/tutorial.md'), 'utf8');
const blocks = (lang: string) =>
  [...page.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm'))].map((m) => m[1]!);
let work = '';
const out: string[] = [];

before(() => {
  const missing = TOOLS.filter((t) => !existsSync(t));
  if (missing.length > 0)
    throw new Error(
      `missing ${missing.join(', ')}: run scripts/setup-system (e2fsprogs, passwd, openssh-client, openssl)`,
    );
  if (process.getuid?.() !== 0)
    throw new Error('the tutorial provisions users into an image (useradd --root chroots): run this test as root');
  work = mkdtempSync(join(tmpdir(), 'hull-tutorial-'));
  const bin = join(work, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'hull'), `#!/bin/sh\nexec '${process.execPath}' '${HULL_BIN}' "$@"\n`);
  chmodSync(join(bin, 'hull'), 0o755);
  const dir = join(work, 'tutorial');
  mkdirSync(dir);
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NO_COLOR: '1' };
  for (const [i, code] of blocks('sh').entries()) {
    const r = spawnSync('sh', ['-e', '-c', code], { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
    out.push(r.stdout + r.stderr);
    assert.equal(r.status, 0, `sh block ${i + 1} failed (${r.status}):\n${code}\n--- output:\n${r.stdout}${r.stderr}`);
  }
});
after(() => rmSync(work, { recursive: true, force: true }));

const all = () => out.join('\n');

test('the page has its shell blocks, and each ran with exit 0', () => {
  assert.ok(blocks('sh').length >= 7, 'docs/tutorial.md lost its sh blocks');
  assert.equal(out.length, blocks('sh').length);
});

test('the Butane config checks and translates', () => {
  assert.match(all(), /core\.bu is fine/);
  assert.match(all(), /core\.ign is valid Ignition/);
  const ign = JSON.parse(readFileSync(join(work, 'tutorial/core.ign'), 'utf8')) as {
    passwd: { users: { name: string; passwordHash: string }[] };
  };
  assert.equal(ign.passwd.users[0]!.name, 'core');
  assert.match(ign.passwd.users[0]!.passwordHash, /^\$6\$/);
});

test('provisioning prints the stages the page quotes, in that order', () => {
  const quoted = blocks('text').find((b) => b.includes('stage fetch'));
  assert.ok(quoted, 'the page quotes the stage summary');
  const printed = all()
    .split('\n')
    .filter((l) => /^(stage \w+: |provision)/.test(l));
  assert.equal(printed.slice(0, 7).join('\n') + '\n', quoted, 'the first run');
});

test('a second provision over the ROOT it made is refused and says how to proceed', () => {
  assert.match(
    all(),
    /^stage filesystems: failed: flatcar\.img: partition 9 \(\/dev\/disk\/by-partlabel\/ROOT\) holds an ext2\/3\/4 filesystem; nothing was written \(.*wipeFilesystem: true.*--force\)$/m,
  );
  assert.match(all(), /^refused, exit 1$/m);
});

test('debugfs shows the key in authorized_keys.d/ignition, the hash in /etc/shadow, the hostname', () => {
  const key = readFileSync(join(work, 'tutorial/id_ed25519.pub'), 'utf8').trim();
  const hash = (
    JSON.parse(readFileSync(join(work, 'tutorial/core.ign'), 'utf8')) as {
      passwd: { users: { passwordHash: string }[] };
    }
  ).passwd.users[0]!.passwordHash;
  assert.ok(all().includes(`${key}\n`), 'the key is in /home/core/.ssh/authorized_keys.d/ignition');
  assert.match(all(), new RegExp(`^core:${hash.replace(/[$./]/g, (c) => `\\${c}`)}:\\d+:0:::::$`, 'm'));
  assert.match(all(), /^node1$/m);
});

test('the A/B story: USR-A boots, rollback refused on a fresh image, USR-B tried once, then back to USR-A', () => {
  const text = all();
  assert.match(text, /USR-A[\s\S]*USR-B[\s\S]*ROOT/);
  assert.match(text, /rollback refused: partition 4 \(USR-B\) was never written/);
  assert.match(text, /^exit 1$/m);
  const nexts = [...text.matchAll(/^(\d) (USR-[AB]) [0-9a-f-]{36}$/gm)].map((m) => m[2]);
  assert.deepEqual(nexts, ['USR-A', 'USR-B', 'USR-A']);
  assert.match(text, /^0x2$/m);
  assert.match(text, /rolled back from 4 \(USR-B\) to 3 \(USR-A\)/);
});

test('disk show ends with the slot section the page quotes, and fits 80 columns', () => {
  const quoted = blocks('text').find((b) => b.startsWith('/usr slots'));
  assert.ok(quoted, 'the page quotes the slot section of disk show');
  assert.ok(all().endsWith(quoted), `the last disk show ends with:\n${quoted}`);
  const show = all()
    .split('\n')
    .filter((l) => /^ {2}\d  [A-Z-]+ +\d+ +[\d.]+ [KMGT]?i?B  /.test(l));
  assert.ok(show.length >= 14, 'two disk show tables');
  for (const l of all()
    .split('\n')
    .filter((x) => /^( {2}\d  |next boot|\/usr slots|\d+ GiB disk)/.test(x)))
    assert.ok(l.length <= 80, l);
});

test('the README lists the tutorial first among the documentation', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const docs = [...readme.matchAll(/^- \[(docs\/[^\]]+)\]/gm)].map((m) => m[1]);
  assert.equal(docs[0], 'docs/tutorial.md');
});
