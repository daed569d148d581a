import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { efiKernelTarget } from '../../src/adapters/disk/efi-kernel.js';
import { PayloadError } from '../../src/update/payload/index.js';
import { partitionRange, sparseHash } from '../helpers/flatcar-image.js';
import { hullInProcess } from '../helpers/in-process.js';
import { buildKernelPayload, rsaKeys } from '../update/payload/build.js';

// `hull payload apply` writes a payload's KERNEL procedure into flatcar/vmlinuz-a|b on the image's EFI-SYSTEM FAT (mtools).
const dir = mkdtempSync(join(tmpdir(), 'hull-apply-efi-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const json = (r: { stdout: string; stderr: string }) => JSON.parse(r.stdout || r.stderr);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const { privateKey } = rsaKeys();

async function image(name: string, ...flags: string[]): Promise<string> {
  const path = join(dir, name);
  const r = await hullInProcess(['disk', 'create', '--size', '8GiB', ...flags, path]);
  assert.equal(r.status, 0, r.stderr);
  return path;
}

/** The file in the image's EFI-SYSTEM FAT, read with mtype (mtools). */
async function mtype(img: string, file: string): Promise<Buffer> {
  const { offset } = await partitionRange(img, 1);
  try {
    return execFileSync('mtype', ['-i', `${img}@@${offset}`, file], {
      env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
      maxBuffer: 64 << 20,
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('this test needs mtools: apt-get install mtools (scripts/setup-system)');
    throw e;
  }
}

describe('hull payload apply: the kernel into EFI-SYSTEM', () => {
  const part = randomBytes(3 * 4096);
  const kernel = randomBytes(2 * 4096 + 1234); // not a whole number of blocks: the file is cut to new_info.size
  const payload = join(dir, 'kernel.bin');
  writeFileSync(payload, buildKernelPayload(part, kernel, privateKey));

  test('a fresh image: the kernel lands in flatcar/vmlinuz-b with its new_info size and hash; vmlinuz-a is not made', async () => {
    const img = await image('fresh.img');
    const r = await hullInProcess(['-o', 'json', 'payload', 'apply', payload, '--target', img, '--slot', 'B']);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const res = json(r).result;
    assert.equal(res.kernel.efi, 'flatcar/vmlinuz-b');
    assert.equal(res.kernel.check.matches, true);
    assert.equal(res.kernel.check.size, kernel.length);
    const back = await mtype(img, '::/flatcar/vmlinuz-b');
    assert.equal(back.length, kernel.length);
    assert.equal(sha(back), sha(kernel));
    await assert.rejects(mtype(img, '::/flatcar/vmlinuz-a'), /vmlinuz-a/);
    // Text output names the file; a second apply (slot A) overwrites nothing of B's.
    const a = await hullInProcess(['payload', 'apply', payload, '--target', img, '--slot', 'A']);
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stdout, /kernel written to flatcar\/vmlinuz-a on EFI-SYSTEM \(partition 1\)/);
    assert.equal(sha(await mtype(img, '::/flatcar/vmlinuz-a')), sha(kernel));
    assert.equal(sha(await mtype(img, '::/flatcar/vmlinuz-b')), sha(kernel));
  });

  test('an existing longer kernel is replaced and cut to the new size', async () => {
    const img = await image('longer.img');
    const { offset } = await partitionRange(img, 1);
    const old = join(dir, 'vmlinuz-b');
    writeFileSync(old, randomBytes(100_000));
    execFileSync('mcopy', ['-i', `${img}@@${offset}`, old, '::/flatcar/vmlinuz-b'], {
      env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
    });
    const r = await hullInProcess(['payload', 'apply', payload, '--target', img, '--slot', 'B']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sha(await mtype(img, '::/flatcar/vmlinuz-b')), sha(kernel));
  });

  const refusals: { name: string; make: () => Promise<string>; message: RegExp }[] = [
    {
      name: 'a blank EFI-SYSTEM (disk create --no-format)',
      make: () => image('blank.img', '--no-format'),
      message: /EFI-SYSTEM \(partition 1\) holds no filesystem, not a FAT with flatcar\//,
    },
    {
      name: 'a FAT without flatcar/',
      make: async () => {
        const img = await image('nodir.img');
        const { offset } = await partitionRange(img, 1);
        execFileSync('mrd', ['-i', `${img}@@${offset}`, '::/flatcar'], {
          env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
        });
        return img;
      },
      message: /has no flatcar\/ folder \(\/boot\/flatcar on the machine/,
    },
  ];
  for (const c of refusals) {
    test(`${c.name}: error 7 before anything is written; the image is unchanged`, async () => {
      const img = await c.make();
      const before = sparseHash(img);
      const r = await hullInProcess(['-o', 'json', 'payload', 'apply', payload, '--target', img, '--slot', 'B']);
      assert.equal(r.status, 1, r.stderr + r.stdout);
      const e = json(r);
      assert.equal(e.result.code, 7);
      assert.equal(e.result.name, 'kActionCodeInstallDeviceOpenError');
      assert.match(e.result.message, c.message);
      assert.match(e.result.message, /nothing was written/);
      assert.equal(sparseHash(img), before);
      const text = await hullInProcess(['payload', 'apply', payload, '--target', img, '--slot', 'B']);
      assert.match(text.stdout, /error 7 \(kActionCodeInstallDeviceOpenError\)/);
    });
  }

  test('--kernel-out stays an alternative: the EFI partition is then not touched', async () => {
    const img = await image('out.img', '--no-format');
    const out = join(dir, 'kernel-out');
    const small = join(dir, 'block-kernel.bin');
    const k = randomBytes(2 * 4096);
    writeFileSync(small, buildKernelPayload(part, k, privateKey));
    const r = await hullInProcess(['payload', 'apply', small, '--target', img, '--slot', 'B', '--kernel-out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sha(readFileSync(out)), sha(k));
    // A kernel that is not a whole number of blocks: the file is exactly new_info.size bytes.
    const out2 = join(dir, 'kernel-out-2');
    const r2 = await hullInProcess(['payload', 'apply', payload, '--target', img, '--slot', 'B', '--kernel-out', out2]);
    assert.equal(r2.status, 0, r2.stderr + r2.stdout);
    assert.equal(readFileSync(out2).length, kernel.length);
    assert.equal(sha(readFileSync(out2)), sha(kernel));
  });

  test("efiKernelTarget (the agent's seam): PayloadError 7 on an image with no GPT", async () => {
    const f = join(dir, 'plain.img');
    writeFileSync(f, Buffer.alloc(1 << 20));
    await assert.rejects(
      efiKernelTarget(f, 'A', 10),
      (e: PayloadError) => e instanceof PayloadError && e.code === 7 && /has no GPT/.test(e.message),
    );
  });
});
