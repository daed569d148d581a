import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { HULL_BIN, REPO, runHull } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';

// `hull payload build`: the command around src/update/payload/build.ts, as a user runs it.
const dir = mkdtempSync(join(tmpdir(), 'hull-payload-build-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const KEY1 = join(REPO, 'test/fixtures/update/real-payload/test-key1.pem');
const KEY2 = join(REPO, 'test/fixtures/update/real-payload/test-key2.pem');
const PUB1 = join(REPO, 'test/fixtures/update/real-payload/test-key1.pub.pem');
const PUB2 = join(REPO, 'test/fixtures/update/real-payload/test-key2.pub.pem');
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const json = (r: { stdout: string }) => JSON.parse(r.stdout);

function ext2(name: string, size: string, version = '2000.1.0'): string {
  const tree = join(dir, `${name}-tree`);
  mkdirSync(join(tree, 'share/flatcar'), { recursive: true });
  writeFileSync(
    join(tree, 'share/flatcar/release'),
    `FLATCAR_RELEASE_VERSION=${version}\nFLATCAR_RELEASE_BOARD=amd64-usr\n`,
  );
  writeFileSync(join(tree, 'hello'), 'hello from /usr\n'.repeat(1000));
  const img = join(dir, `${name}.img`);
  execFileSync('truncate', ['-s', size, img]);
  try {
    execFileSync('mkfs.ext2', ['-q', '-F', '-b', '4096', '-d', tree, img]);
  } catch (e) {
    throw new Error(`this test needs mkfs.ext2 (apt-get install e2fsprogs, scripts/setup-system): ${String(e)}`);
  }
  return img;
}
/** Files in `dir` whose names mark them as a build's temporaries. */
const temps = () => readdirSync(dir).filter((f) => f.includes('.hull-'));

const usr = ext2('usr', '3M');
const kernel = join(dir, 'vmlinuz');
writeFileSync(kernel, 'a kernel, not really\n'.repeat(5000));

describe('hull payload build', () => {
  test('round trip: build → inspect → verify with the key → apply into USR-B of a new image; the slot hashes to new_partition_info', async () => {
    const out = join(dir, 'update.gz');
    const b = await hullInProcess([
      'payload',
      'build',
      '--usr',
      usr,
      '--key',
      KEY2,
      '--kernel',
      kernel,
      '--version',
      '2000.1.0',
      '-o',
      out,
    ]);
    assert.equal(b.status, 0, b.stderr);
    const bytes = readFileSync(out);
    assert.match(b.stdout, new RegExp(`^${out}: ${bytes.length} bytes$`, 'm'));
    assert.match(
      b.stdout,
      new RegExp(
        `^sha256 \\(base64\\): ${createHash('sha256').update(bytes).digest('base64').replace(/[+/]/g, '\\$&')}$`,
        'm',
      ),
    );
    assert.match(b.stdout, new RegExp(`^sha256 \\(hex\\): ${sha(bytes)}$`, 'm'));
    assert.match(b.stdout, /^version: 2000\.1\.0 \(matches FLATCAR_RELEASE_VERSION in \/share\/flatcar\/release\)$/m);
    assert.match(b.stdout, /^USR image: 3145728 bytes, sha256 [0-9a-f]{64}; 3 operations \(REPLACE_BZ 3, REPLACE 0\)/m);
    assert.match(b.stdout, /^signatures: version 2 \(256 bytes\)/m);
    assert.deepEqual(temps(), [], 'temporary files left behind');

    const i = await hullInProcess(['-o', 'json', 'payload', 'inspect', out]);
    assert.equal(i.status, 0, i.stderr);
    const m = json(i).result.manifest;
    assert.equal(m.newPartitionInfo.size, '3145728');
    assert.equal(m.newPartitionInfo.sha256, sha(readFileSync(usr)));
    assert.equal(m.noopOperations, 2);
    assert.equal(m.procedures[0].type, 'KERNEL');

    const v = await hullInProcess([
      'payload',
      'verify',
      out,
      '--pubkey',
      PUB2,
      '--size',
      String(bytes.length),
      '--sha256',
      createHash('sha256').update(bytes).digest('base64'),
    ]);
    assert.equal(v.status, 0, v.stdout + v.stderr);

    const img = join(dir, 'disk.img');
    assert.equal((await hullInProcess(['disk', 'create', '--size', '8GiB', img])).status, 0);
    const kout = join(dir, 'vmlinuz-b');
    const a = await hullInProcess([
      '-o',
      'json',
      'payload',
      'apply',
      out,
      '--target',
      img,
      '--slot',
      'B',
      '--pubkey',
      PUB2,
      '--kernel-out',
      kout,
    ]);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    const r = json(a).result;
    assert.deepEqual(
      [r.label, r.partitionHash.sha256, r.partitionHash.matches],
      ['USR-B', sha(readFileSync(usr)), true],
    );
    assert.equal(sha(readFileSync(kout)), sha(readFileSync(kernel)));
  });

  test('-o json: size, sha256 (base64 and hex), operation counts, signatures; two keys are versions 1 and 2', async () => {
    const out = join(dir, 'two.bin');
    const r = await hullInProcess([
      '-o',
      'json',
      'payload',
      'build',
      '--usr',
      usr,
      '--key',
      KEY1,
      '--key',
      KEY2,
      '-o',
      out,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const e = json(r);
    assert.equal(e.ok, true);
    const bytes = readFileSync(out);
    assert.deepEqual([e.result.file, e.result.size, e.result.sha256Hex], [out, bytes.length, sha(bytes)]);
    assert.equal(e.result.sha256, createHash('sha256').update(bytes).digest('base64'));
    assert.deepEqual(e.result.partition.operationsByType, { REPLACE: 0, REPLACE_BZ: 3 });
    assert.deepEqual(e.result.signatures, [
      { version: 1, bytes: 256 },
      { version: 2, bytes: 256 },
    ]);
    assert.equal(e.result.kernel, undefined);
    assert.equal(e.result.version, undefined);
    const with2 = await hullInProcess(['payload', 'verify', out, '--pubkey', PUB2]);
    assert.equal(with2.status, 0, with2.stdout);
    const with1 = await hullInProcess(['payload', 'verify', out, '--pubkey', PUB1]);
    assert.equal(with1.status, 1);
    assert.match(with1.stdout, /error 18 \(kActionCodeDownloadPayloadPubKeyVerificationError\)/);
  });

  test('an existing -o is refused without --force (untouched) and replaced with it; the same inputs give the same bytes', async () => {
    const out = join(dir, 'exists.bin');
    writeFileSync(out, 'precious');
    const r = await hullInProcess(['payload', 'build', '--usr', usr, '--key', KEY2, '-o', out]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /OUTPUT_EXISTS/);
    assert.equal(readFileSync(out, 'utf8'), 'precious');
    const f = await hullInProcess(['payload', 'build', '--usr', usr, '--key', KEY2, '-o', out, '--force']);
    assert.equal(f.status, 0, f.stderr);
    const again = join(dir, 'again.bin');
    assert.equal(
      (await hullInProcess(['payload', 'build', '--usr', usr, '--key', KEY2, '--out', again, '--parallel', '1']))
        .status,
      0,
    );
    assert.equal(sha(readFileSync(again)), sha(readFileSync(out)));
    assert.deepEqual(temps(), []);
  });

  const refusals: [string, () => string[], number, RegExp][] = [
    [
      'a missing image',
      () => ['--usr', join(dir, 'nope.img'), '--key', KEY2, '-o', join(dir, 'x.bin')],
      3,
      /NOT_FOUND.*no such file/s,
    ],
    ['a missing key', () => ['--usr', usr, '--key', join(dir, 'nope.pem'), '-o', join(dir, 'x.bin')], 3, /NOT_FOUND/],
    [
      'a public key as --key',
      () => ['--usr', usr, '--key', PUB2, '-o', join(dir, 'x.bin')],
      1,
      /INPUT_INVALID.*public key/s,
    ],
    [
      'a key file that is no key',
      () => ['--usr', usr, '--key', kernel, '-o', join(dir, 'x.bin')],
      1,
      /INPUT_INVALID.*not a PEM private key/s,
    ],
    [
      'a missing kernel',
      () => ['--usr', usr, '--key', KEY2, '--kernel', join(dir, 'nope'), '-o', join(dir, 'x.bin')],
      3,
      /NOT_FOUND/,
    ],
    [
      'an image not a multiple of 4096',
      () => ['--usr', kernel, '--key', KEY2, '-o', join(dir, 'x.bin')],
      1,
      /INPUT_INVALID.*not a positive multiple of 4096/s,
    ],
    [
      'a version the image does not hold',
      () => ['--usr', usr, '--key', KEY2, '--version', '2000.2.0', '-o', join(dir, 'x.bin')],
      1,
      /INPUT_INVALID.*--version 2000\.2\.0, but .* says FLATCAR_RELEASE_VERSION=2000\.1\.0/s,
    ],
    ['no -o', () => ['--usr', usr, '--key', KEY2], 2, /USAGE.*-o FILE/s],
    ['no --key', () => ['--usr', usr, '-o', join(dir, 'x.bin')], 2, /USAGE.*--key/s],
    ['a bad --parallel', () => ['--usr', usr, '--key', KEY2, '--parallel', '0', '-o', join(dir, 'x.bin')], 2, /USAGE/],
  ];
  for (const [what, args, exit, message] of refusals) {
    test(`refused: ${what} (exit ${exit}), no output, no temporary file`, async () => {
      const r = await hullInProcess(['payload', 'build', ...args()]);
      assert.equal(r.status, exit, r.stderr);
      assert.match(r.stderr, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'a stack trace');
      assert.equal(existsSync(join(dir, 'x.bin')), false);
      assert.deepEqual(temps(), []);
    });
  }

  test('-o json error envelope for a refusal', async () => {
    const r = await hullInProcess([
      '-o',
      'json',
      'payload',
      'build',
      '--usr',
      kernel,
      '--key',
      KEY2,
      '-o',
      join(dir, 'x.bin'),
    ]);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stderr).error.code, 'INPUT_INVALID');
  });

  test('--version on an image that is not ext2: built, with a note that it was not checked', async () => {
    const raw = join(dir, 'raw.img');
    writeFileSync(raw, new Uint8Array(8192).fill(7));
    const out = join(dir, 'raw.bin');
    const r = await hullInProcess([
      '-o',
      'json',
      'payload',
      'build',
      '--usr',
      raw,
      '--key',
      KEY2,
      '--version',
      '1.2.3',
      '-o',
      out,
    ]);
    assert.equal(r.status, 0, r.stderr);
    const v = json(r).result.version;
    assert.equal(v.version, '1.2.3');
    assert.equal(v.checked, false);
    assert.match(v.note, /not an ext2\/3\/4 filesystem/);
  });

  test('SIGINT during a build: exit 130, nothing at -o, no temporary file', async () => {
    // 64 MiB of noise: about 8 s of bzip2 work, long enough to be interrupted
    const big = join(dir, 'big.img');
    execFileSync('/bin/sh', ['-c', `head -c 67108864 /dev/urandom > '${big}'`]);
    const out = join(dir, 'big.bin');
    const child = spawn(
      process.execPath,
      [HULL_BIN, 'payload', 'build', '--usr', big, '--key', KEY2, '-o', out, '--parallel', '1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    // wait until a temporary file exists (the build is under way)
    for (let i = 0; i < 200 && temps().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    assert.ok(temps().length > 0, 'the build did not start');
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    rmSync(big);
    assert.equal(code, 130, stderr);
    assert.match(stderr, /stopped by SIGINT; nothing was written/);
    assert.equal(existsSync(out), false);
    assert.deepEqual(temps(), []);
  });

  test('on a terminal: a status line for the compression, erased before the result', () => {
    const img = join(dir, 'noise.img');
    execFileSync('/bin/sh', ['-c', `head -c 4194304 /dev/urandom > '${img}'`]);
    const out = join(dir, 'noise.bin');
    const cmd = [
      process.execPath,
      HULL_BIN,
      'payload',
      'build',
      '--usr',
      img,
      '--key',
      KEY2,
      '-o',
      out,
      '--parallel',
      '1',
    ]
      .map((a) => `'${a}'`)
      .join(' ');
    let text: string;
    try {
      text = execFileSync('script', ['-qfec', cmd, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' },
        timeout: 60_000,
      });
    } catch (e) {
      throw new Error(`this test needs script (util-linux): ${String(e)}`);
    }
    rmSync(img);
    assert.match(text, /\r\x1b\[Kpayload build: compress USR image — [\d.]+ MiB of 4\.00 MiB/);
    // (the write phase is often shorter than the 100 ms between redraws: not required)
    assert.match(text, /\r\x1b\[K[^\r\n]*noise\.bin: \d+ bytes\r?\n/, 'the status line is erased before the result');
  });

  test('the real binary: -o FILE after the subcommand is the payload, -o json the format', () => {
    const out = join(dir, 'bin.bin');
    const r = runHull(['payload', 'build', '--usr', usr, '--key', KEY2, '-o', out, '-o', 'json']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).result.file, out);
    assert.ok(existsSync(out));
  });
});
