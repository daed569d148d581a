import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readBootRecord } from '../../src/adapters/host/boot.js';
import { flatcarImage, sparseHash, treeHash, writeSlot } from '../helpers/flatcar-image.js';
import { hullInProcess } from '../helpers/in-process.js';

// `hull host boot` on real Flatcar-layout images whose slots are ext2 made with mkfs.ext2 -d (read back through debugfs).
const dir = mkdtempSync(join(tmpdir(), 'hull-host-boot-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const json = (r: { stdout: string; stderr: string }) =>
  JSON.parse(r.stdout || r.stderr) as { ok: boolean; result: any; error: { code: string; message: string } | null };
const hull = (...args: string[]) => hullInProcess(args);

describe('hull host boot on an image', () => {
  test('a fresh image boots USR-A: release, update.conf, a passing health script; ROOT/run emptied, machine-id made', async () => {
    const img = await flatcarImage(join(dir, 'fresh.img'), {
      a: {
        version: '1000.0.0',
        updateConf: 'GROUP=stable\n',
        health: 'echo "root is $HULL_ROOT"\ntest -d "$HULL_ROOT/etc"\n',
      },
    });
    const root = join(dir, 'root-fresh');
    mkdirSync(join(root, 'run', 'old'), { recursive: true });
    writeFileSync(join(root, 'run', 'update_engine_autoupdate_completed'), '');
    const r = await hull('-o', 'json', 'host', 'boot', img, '--root', root);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const boot = json(r).result.boot;
    assert.equal(boot.partition, 3);
    assert.equal(boot.slot, 'A');
    assert.equal(boot.label, 'USR-A');
    assert.deepEqual(boot.release, {
      FLATCAR_RELEASE_VERSION: '1000.0.0',
      FLATCAR_RELEASE_BOARD: 'amd64-usr',
      FLATCAR_RELEASE_APPID: '{e96281a6-d1af-4bde-9a0a-97b76e56dc57}',
    });
    assert.deepEqual(boot.updateConf, { GROUP: 'stable' });
    assert.equal(boot.health.ok, true);
    assert.equal(boot.health.exitCode, 0);
    assert.equal(boot.health.output, `root is ${root}\n`);
    assert.equal(boot.triesConsumed, false);
    assert.match(boot.bootId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(boot.image, img);
    assert.deepEqual(await readBootRecord(root), boot);
    assert.equal(existsSync(join(root, 'run', 'old')), false);
    assert.equal(existsSync(join(root, 'run', 'update_engine_autoupdate_completed')), false);
    const id = readFileSync(join(root, 'etc', 'machine-id'), 'utf8');
    assert.match(id, /^[0-9a-f]{32}\n$/);
    // A second boot keeps the machine-id and makes a new boot id.
    const again = await hull('-o', 'json', 'host', 'boot', img, '--root', root);
    assert.equal(readFileSync(join(root, 'etc', 'machine-id'), 'utf8'), id);
    assert.notEqual(json(again).result.boot.bootId, boot.bootId);
  });

  test('B prepared (P2 T1): boots B and consumes the try; a failing health script is recorded; the next boot falls back to A', async () => {
    const img = await flatcarImage(join(dir, 'update.img'), {
      a: { version: '1000.0.0' },
      b: { version: '1000.0.1', health: 'echo sick >&2\nexit 7\n' },
    });
    const root = join(dir, 'root-update');
    assert.equal((await hull('cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', img)).status, 0);
    const r = await hull('host', 'boot', img, '--root', root);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /booted partition 4 \(USR-B, slot B\): version 1000\.0\.1/);
    assert.match(
      r.stdout,
      /priority 2 tries 1 successful 0 → priority 2 tries 0 successful 0 \(a try was consumed, GPT written, both copies\)/,
    );
    assert.match(r.stdout, /health: FAILED \(exit 7\)/);
    const rec = (await readBootRecord(root))!;
    assert.deepEqual(rec.health, { script: true, ok: false, exitCode: 7, output: 'sick\n' });
    assert.equal(rec.triesConsumed, true);
    const next = await hull('-o', 'json', 'host', 'boot', img, '--root', root);
    assert.equal(json(next).result.boot.partition, 3, 'B spent its try without being marked good');
    assert.equal(json(next).result.boot.release.FLATCAR_RELEASE_VERSION, '1000.0.0');
  });

  test('--dry-run changes no byte of the image or ROOT and runs no health script', async () => {
    const img = await flatcarImage(join(dir, 'dry.img'), {
      a: { version: '1' },
      b: { version: '2', health: 'touch "$HULL_ROOT/ran"\n' },
    });
    const root = join(dir, 'root-dry');
    mkdirSync(join(root, 'run', 'hull'), { recursive: true });
    writeFileSync(join(root, 'run', 'hull', 'boot.json'), '{"old":true}\n');
    assert.equal((await hull('cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', img)).status, 0);
    const before = { img: sparseHash(img), root: treeHash(root) };
    const r = await hull('host', 'boot', img, '--root', root, '--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /would boot partition 4 \(USR-B, slot B\): version 2/);
    assert.match(r.stdout, /a try would be consumed/);
    assert.match(r.stdout, /nothing was changed \(--dry-run\)/);
    assert.deepEqual({ img: sparseHash(img), root: treeHash(root) }, before);
    assert.equal(existsSync(join(root, 'ran')), false);
    assert.equal(existsSync(join(root, 'etc')), false);
  });

  test('a health script that runs past its time is killed and fails the boot', async () => {
    const img = await flatcarImage(join(dir, 'slow.img'), { a: { version: '1', health: 'echo start\nsleep 30\n' } });
    const root = join(dir, 'root-slow');
    const { bootImage } = await import('../../src/adapters/host/boot.js');
    const t0 = Date.now();
    const r = await bootImage(img, root, { healthTimeoutMs: 300 });
    assert.ok(Date.now() - t0 < 20_000);
    assert.equal(r.record.health.ok, false);
    assert.equal(r.record.health.timedOut, true);
    assert.equal(r.record.health.output, 'start\n');
  });

  describe('refusals: a clear code, nothing written', () => {
    test('not a GPT image: INPUT_INVALID', async () => {
      const f = join(dir, 'text.img');
      writeFileSync(f, 'hello\n'.repeat(2000));
      const root = join(dir, 'root-text');
      const r = await hull('-o', 'json', 'host', 'boot', f, '--root', root);
      assert.equal(r.status, 1);
      assert.equal(json(r).error!.code, 'INPUT_INVALID');
      assert.match(json(r).error!.message, /is not a GPT disk image/);
      assert.equal(existsSync(join(root, 'run')), false);
    });
    const cases: { name: string; make: (img: string) => Promise<void>; code: string; message: RegExp }[] = [
      {
        name: 'nothing bootable',
        make: async (img) => void (await hull('cgpt', 'add', '-i', '3', '-P', '0', '-T', '0', '-S', '0', img)),
        code: 'HOST_NOT_BOOTABLE',
        message: /no bootable USR slot.*3 \(USR-A\) priority 0 tries 0 successful 0/,
      },
      {
        name: 'a slot without ext2',
        make: async (img) => void (await hull('cgpt', 'add', '-i', '4', '-P', '2', '-T', '1', '-S', '0', img)),
        code: 'HOST_SLOT_UNREADABLE',
        message: /partition 4 \(USR-B\).*no filesystem, not ext2/,
      },
      {
        name: 'release file missing',
        make: async (img) => {
          const { execFileSync } = await import('node:child_process');
          const { partitionRange } = await import('../helpers/flatcar-image.js');
          const { offset } = await partitionRange(img, 3);
          execFileSync('debugfs', ['-w', '-R', 'rm /share/flatcar/release', `${img}?offset=${offset}`], {
            stdio: 'pipe',
          });
        },
        code: 'HOST_RELEASE_MISSING',
        message: /partition 3 \(USR-A\) has no \/share\/flatcar\/release/,
      },
    ];
    for (const c of cases) {
      test(`${c.name}: ${c.code}`, async () => {
        const img = await flatcarImage(join(dir, `${c.code}.img`), { a: { version: '1' } });
        await c.make(img);
        const root = join(dir, `root-${c.code}`);
        const before = sparseHash(img);
        const r = await hull('-o', 'json', 'host', 'boot', img, '--root', root);
        assert.equal(r.status, 1, r.stdout + r.stderr);
        assert.equal(json(r).error!.code, c.code);
        assert.match(json(r).error!.message, c.message);
        assert.match(json(r).error!.message, /nothing was written/);
        assert.equal(sparseHash(img), before);
        assert.equal(existsSync(join(root, 'run')), false);
      });
    }
  });

  test('a slot rewritten (new ext2 with another version) is read as it is now', async () => {
    const img = await flatcarImage(join(dir, 'rewrite.img'), { a: { version: '1' } });
    await writeSlot(img, 3, { version: '3' });
    const r = await hull('-o', 'json', 'host', 'boot', img, '--root', join(dir, 'root-rewrite'));
    assert.equal(json(r).result.boot.release.FLATCAR_RELEASE_VERSION, '3');
  });
});
