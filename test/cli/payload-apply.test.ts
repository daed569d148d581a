import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  openSync,
  closeSync,
  readSync,
  writeSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDevice } from '../../src/adapters/disk/image-file.js';
import { readGpt } from '../../src/disk/index.js';
import { buildPayload, rsaKeys } from '../update/payload/build.js';
import { HULL_BIN, REPO } from '../helpers/hull.js';
import { hullInProcess } from '../helpers/in-process.js';

// `hull payload apply` on the real delta_generator payload (test/fixtures/update/payload-signed.md) into fresh Flatcar-layout images.
const PAYLOAD = 'test/fixtures/update/payload-signed.bin';
const KEY = 'test/fixtures/update/test-key.pub.pem';
const IMAGE_SHA256 = '63f6f2e61dae732aaf325b7264942290c633d7cd78f6c1594ebd95dd50a59304';
const IMAGE_SIZE = 64 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'hull-payload-apply-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Range {
  start: number;
  end: number;
}

/** SHA-256 of the bytes of `path` in [start, end), read in 8 MiB pieces. */
function hashRange(path: string, r: Range): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(8 * 1024 * 1024);
  try {
    for (let at = r.start; at < r.end; ) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, r.end - at), at);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/** The file's data segments (SEEK_DATA/SEEK_HOLE, through python3): the rest of a sparse image reads as zeros. */
function dataSegments(path: string): Range[] {
  const script = [
    'import os, sys, json',
    'fd = os.open(sys.argv[1], os.O_RDONLY); end = os.fstat(fd).st_size; out = []; at = 0',
    'while at < end:',
    '    try: s = os.lseek(fd, at, os.SEEK_DATA)',
    '    except OSError: break',
    '    e = os.lseek(fd, s, os.SEEK_HOLE); out.append([s, e]); at = e',
    'print(json.dumps(out))',
  ].join('\n');
  let text: string;
  try {
    text = execFileSync('python3', ['-c', script, path], { encoding: 'utf8' });
  } catch (e) {
    throw new Error(`this test needs python3 (apt-get install python3): ${String(e)}`);
  }
  return (JSON.parse(text) as [number, number][]).map(([start, end]) => ({ start, end }));
}

/**
 * A fingerprint of every byte of `path` outside `skip`: each data segment
 * (clipped to leave `skip` out) with its hash. Equal fingerprints mean equal
 * bytes outside `skip` (holes read as zeros; a write into one adds a segment).
 */
function outsideFingerprint(path: string, skip: Range): string[] {
  const out: string[] = [];
  for (const seg of dataSegments(path)) {
    for (const part of [
      { start: seg.start, end: Math.min(seg.end, skip.start) },
      { start: Math.max(seg.start, skip.end), end: seg.end },
    ]) {
      if (part.start < part.end) out.push(`${part.start}-${part.end}:${hashRange(path, part)}`);
    }
  }
  return out;
}

function poke(path: string, at: number, bytes: Uint8Array): void {
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, at);
  } finally {
    closeSync(fd);
  }
}

async function slots(path: string): Promise<{ a: Range; b: Range; size: number }> {
  const dev = await openDevice(path);
  try {
    const { table } = await readGpt(dev);
    const range = (label: string): Range => {
      const p = table!.partitions.find((x) => x.name === label)!;
      return { start: Number(p.firstLba) * table!.sectorSize, end: (Number(p.lastLba) + 1) * table!.sectorSize };
    };
    return { a: range('USR-A'), b: range('USR-B'), size: dev.size };
  } finally {
    await dev.close();
  }
}

async function freshImage(name: string): Promise<string> {
  const path = join(dir, name);
  const r = await hullInProcess(['disk', 'create', '--size', '8GiB', path]);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

const json = (r: { stdout: string }) => JSON.parse(r.stdout);

describe('hull payload apply', () => {
  let img: string;
  let layout: { a: Range; b: Range; size: number };
  before(async () => {
    img = await freshImage('apply.img');
    layout = await slots(img);
    // Marks in USR-A and at the end of USR-B, so that "unchanged" means something on a sparse image.
    poke(img, layout.a.start, new Uint8Array(4096).fill(0xaa));
    poke(img, layout.a.end - 4096, new Uint8Array(4096).fill(0xab));
    poke(img, layout.b.end - 4096, new Uint8Array(4096).fill(0xbb));
  });

  test('-o json into USR-B: the image of the README in USR-B, verified first; every byte outside it unchanged', async () => {
    const written = { start: layout.b.start, end: layout.b.start + IMAGE_SIZE };
    const beforePrint = outsideFingerprint(img, written);
    assert.ok(beforePrint.length >= 3, 'the GPT and the marks are data segments');
    const r = await hullInProcess([
      '-o',
      'json',
      'payload',
      'apply',
      PAYLOAD,
      '--target',
      img,
      '--slot',
      'B',
      '--pubkey',
      KEY,
    ]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const e = json(r);
    assert.equal(e.ok, true);
    assert.equal(e.result.label, 'USR-B');
    assert.equal(e.result.partition, 4);
    assert.equal(e.result.offset, layout.b.start);
    assert.equal(e.result.signatureVerified, true);
    assert.equal(e.result.operations, 64);
    assert.equal(e.result.bytesWritten, IMAGE_SIZE);
    assert.deepEqual(e.result.partitionHash, {
      size: IMAGE_SIZE,
      sha256: IMAGE_SHA256,
      expected: IMAGE_SHA256,
      matches: true,
    });
    assert.equal(hashRange(img, { start: layout.b.start, end: layout.b.start + IMAGE_SIZE }), IMAGE_SHA256);
    assert.deepEqual(
      outsideFingerprint(img, written),
      beforePrint,
      'a byte outside the written image changed (USR-A, the GPT or the rest of USR-B)',
    );
  });

  test('a tampered blob: exit 1 with 29 and nothing written (the payload is verified before writing)', async () => {
    const bad = readFileSync(PAYLOAD);
    bad[bad.length - 264 - 10] = bad[bad.length - 264 - 10]! ^ 1;
    const file = join(dir, 'tampered.bin');
    writeFileSync(file, bad);
    const target = await freshImage('tampered.img');
    const b = (await slots(target)).b;
    const head = hashRange(target, { start: b.start, end: b.start + IMAGE_SIZE });
    const r = await hullInProcess(['-o', 'json', 'payload', 'apply', file, '--target', target, '--slot', 'B']);
    assert.equal(r.status, 1);
    const e = json(r);
    assert.equal(e.ok, false);
    assert.equal(e.result.code, 29);
    assert.equal(e.issues[0].updateEngineCode, 29);
    assert.equal(hashRange(target, { start: b.start, end: b.start + IMAGE_SIZE }), head);
  });

  test('a wrong key: exit 1 with 18 and nothing written', async () => {
    const keyFile = join(dir, 'other.pub.pem');
    writeFileSync(keyFile, rsaKeys().publicPem);
    const target = await freshImage('wrongkey.img');
    const b = (await slots(target)).b;
    const head = hashRange(target, { start: b.start, end: b.start + IMAGE_SIZE });
    const r = await hullInProcess([
      'payload',
      'apply',
      PAYLOAD,
      '--target',
      target,
      '--slot',
      'b',
      '--pubkey',
      keyFile,
    ]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error 18 \(kActionCodeDownloadPayloadPubKeyVerificationError\)/);
    assert.equal(hashRange(target, { start: b.start, end: b.start + IMAGE_SIZE }), head);
  });

  test('usage: --slot or --partition, one of them; a missing partition is named', async () => {
    const target = join(dir, 'apply.img');
    for (const args of [[], ['--slot', 'C'], ['--slot', 'A', '--partition', '3']]) {
      const r = await hullInProcess(['payload', 'apply', PAYLOAD, '--target', target, ...args]);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /USAGE/);
    }
    const r = await hullInProcess(['payload', 'apply', PAYLOAD, '--target', target, '--partition', '42']);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /no partition number 42/);
  });

  test('a KERNEL procedure with --kernel-out: the kernel goes to that file, USR-A untouched (into EFI-SYSTEM: payload-apply-efi.test.ts)', async () => {
    const { privateKey } = rsaKeys();
    const part = new Uint8Array(4096).fill(1);
    const kern = new Uint8Array(4096).fill(2);
    const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());
    const bytes = buildPayload([part, kern], privateKey, (m) => ({
      ...m,
      newPartitionInfo: { size: 4096n, hash: sha(part) },
      partitionOperations: m.partitionOperations.slice(0, 1),
      procedures: [
        {
          type: 'KERNEL',
          operations: [{ ...m.partitionOperations[1]!, dstExtents: [{ startBlock: 0n, numBlocks: 1n }] }],
          newInfo: { size: 4096n, hash: sha(kern) },
        },
      ],
    }));
    const file = join(dir, 'kernel.bin');
    writeFileSync(file, bytes);
    const target = await freshImage('kernel.img');
    const { a, b } = await slots(target);
    const kernelOut = join(dir, 'vmlinuz-b');
    const aBefore = hashRange(target, { start: a.start, end: a.start + 1024 * 1024 });
    const r = await hullInProcess([
      '-o',
      'json',
      'payload',
      'apply',
      file,
      '--target',
      target,
      '--slot',
      'B',
      '--kernel-out',
      kernelOut,
    ]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const e = json(r);
    assert.equal(e.result.kernel.check.matches, true);
    assert.deepEqual(new Uint8Array(readFileSync(kernelOut)), kern);
    assert.equal(
      hashRange(target, { start: b.start, end: b.start + 4096 }),
      createHash('sha256').update(part).digest('hex'),
    );
    assert.equal(hashRange(target, { start: a.start, end: a.start + 1024 * 1024 }), aBefore);
  });

  test('on a terminal a status line counts the bytes written, and is erased before the result', async () => {
    if (!existsSync('/usr/bin/script'))
      throw new Error('this test needs script: apt-get install util-linux (scripts/setup-system)');
    const target = await freshImage('terminal.img');
    const sh = (x: string) => `'${x.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, HULL_BIN, 'payload', 'apply', PAYLOAD, '--target', target, '--slot', 'B']
      .map(sh)
      .join(' ');
    const r = spawnSync('script', ['-qfec', cmd, '/dev/null'], {
      cwd: REPO,
      env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /payload apply: write USR-B — [\d.]+ MiB of 64\.0 MiB \(\d+%\)/);
    assert.match(r.stdout, /\r\x1b\[Ktest\/fixtures\/update\/payload-signed\.bin: applied into /);
  });
});
