import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { openDevice } from '../../src/adapters/disk/image-file.js';
import { readGpt } from '../../src/disk/index.js';
import { hullInProcess } from '../helpers/in-process.js';
import { kernelBytes, KEYS, PUBKEYS, RECORDING, usrImage, VERSION_NEW, type Recording } from './real-payload-inputs.js';

// Replays test/fixtures/update/real-payload/ (README there): Hull rebuilds, without the real tools,
// the payloads that the real delta_generator and update_engine accepted, byte for byte, and applies
// them to the same bytes delta_generator wrote.
const rec = JSON.parse(readFileSync(RECORDING, 'utf8')) as Recording;
const dir = mkdtempSync(join(tmpdir(), 'hull-real-payload-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const usr = usrImage();
const kernel = kernelBytes();
const usrPath = join(dir, `usr-${VERSION_NEW}.img`);
const kernelPath = join(dir, `vmlinuz-${VERSION_NEW}`);
writeFileSync(usrPath, usr);
writeFileSync(kernelPath, kernel);
const cmd = (name: string) => {
  const c = rec.commands.find((x) => x.name.startsWith(name));
  assert.ok(c, `the recording has no command "${name}"`);
  return c;
};
const built = (name: string) => rec.hullBuilds.find((b) => b.name === name)!;

describe('the real delta_generator and update_engine accepted payloads that Hull rebuilds identically', () => {
  test('the inputs are the recorded ones', () => {
    assert.deepEqual([usr.length, sha(usr)], [rec.inputs.usrImage.size, rec.inputs.usrImage.sha256]);
    assert.deepEqual([kernel.length, sha(kernel)], [rec.inputs.kernel.size, rec.inputs.kernel.sha256]);
    assert.notEqual(usr.length % (1024 * 1024), 0, 'the image ends in a short chunk');
  });

  for (const [name, keys] of [
    ['hull-one-key', [KEYS[1]]],
    ['hull-two-keys', KEYS],
  ] as const) {
    test(`${name}: hull payload build gives the recorded bytes (the ones the real tools accepted)`, async () => {
      const out = join(dir, `${name}.bin`);
      const r = await hullInProcess([
        '-o',
        'json',
        'payload',
        'build',
        '--usr',
        usrPath,
        ...keys.flatMap((k) => ['--key', k]),
        '--kernel',
        kernelPath,
        '--version',
        VERSION_NEW,
        '-o',
        out,
      ]);
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const e = JSON.parse(r.stdout) as {
        result: { size: number; sha256: string; sha256Hex: string; version: { checked: boolean } };
      };
      const b = readFileSync(out);
      assert.equal(sha(b), built(name).sha256);
      assert.deepEqual(
        [e.result.size, e.result.sha256, e.result.sha256Hex],
        [built(name).size, built(name).sha256Base64, built(name).sha256],
      );
      assert.equal(e.result.version.checked, true);
    });
  }

  test('what the real delta_generator did: the same bytes from the same inputs, the signatures verified, the applied target and kernel equal the inputs', () => {
    const same = cmd('delta_generator builds the same payload');
    assert.equal(same.exitCode, 0);
    assert.deepEqual([same.facts['sha256'], same.facts['identicalToHull']], [built('hull-one-key').sha256, true]);
    for (const n of [
      'verify hull-one-key with key 2',
      'verify hull-two-keys with key 2',
      'verify hull-two-keys with key 1, -public_key_version 1',
    ]) {
      const c = cmd(n);
      assert.equal(c.exitCode, 0, n);
      assert.match(c.outputTail.join('\n'), /Done verifying signed payload/);
    }
    const wrong = cmd('verify hull-two-keys with key 1 as version 2');
    assert.equal(wrong.signal, 'SIGABRT');
    assert.match(wrong.outputTail.join('\n'), /VerifySignedPayload/);
    for (const n of ['apply hull-one-key', 'apply hull-two-keys']) {
      const c = cmd(n);
      assert.equal(c.exitCode, 0, n);
      assert.deepEqual(
        [c.facts['targetSize'], c.facts['targetSha256'], c.facts['kernelSha256']],
        [usr.length, sha(usr), sha(kernel)],
        `${n}: the target did not grow and holds the image; the kernel file is the kernel`,
      );
    }
  });

  test('what the real update_engine did with hull-two-keys: 13/1, 14/1, 3/1; slot B holds the image; vmlinuz-b is the kernel', () => {
    const u = rec.updateEngine;
    assert.equal(u.payload, 'hull-two-keys');
    assert.equal(u.exitCode, 0);
    const s = u.summary;
    assert.deepEqual(
      [s['result'], s['final_state'], s['new_version'], s['new_size']],
      ['updated', 'UPDATE_STATUS_UPDATED_NEED_REBOOT', VERSION_NEW, built('hull-two-keys').size],
    );
    assert.equal(s['public_key_installed'], true, 'the client checked the signature');
    assert.deepEqual(
      [s['target_slot'], s['target_prefix_bytes'], s['target_prefix_sha256']],
      ['B', usr.length, sha(usr)],
    );
    assert.deepEqual([s['target_kernel_path'], s['target_kernel_sha256']], ['/boot/flatcar/vmlinuz-b', sha(kernel)]);
    assert.equal(s['target_release_version'], VERSION_NEW);
    const events = u.requests.flatMap((l) => [
      ...(/\bevent (\d+\/\d+)/.exec(l)?.slice(1) ?? []),
      ...(/ GET /.test(l) ? ['GET'] : []),
    ]);
    assert.deepEqual(events, ['13/1', 'GET', '14/1', '3/1']);
    assert.match(u.requests.find((l) => / GET /.test(l)) ?? '', /-> 200 bytes 0-1880065/);
    assert.deepEqual(u.postinst, [
      `harness-postinst: version=${VERSION_NEW} args: /dev/loop4 KERNEL=/boot/flatcar/vmlinuz-b`,
    ]);
  });

  test('what the real update_engine did with hull-two-keys uploaded to hull serve: the same, and Hull saw 13/1, 14/1, 3/1', () => {
    const u = rec.updateEngineHullServe;
    assert.equal(u.exitCode, 0);
    assert.deepEqual(u.package, {
      size: built('hull-two-keys').size,
      sha256Hex: built('hull-two-keys').sha256,
      sha256: built('hull-two-keys').sha256Base64,
    });
    const s = u.summary;
    assert.deepEqual(
      [s['result'], s['final_state'], s['new_version'], s['public_key_installed']],
      ['updated', 'UPDATE_STATUS_UPDATED_NEED_REBOOT', VERSION_NEW, true],
    );
    assert.deepEqual(
      [s['target_slot'], s['target_prefix_sha256'], s['target_kernel_sha256']],
      ['B', sha(usr), sha(kernel)],
    );
    assert.deepEqual(u.events, ['13/1', '14/1', '3/1']);
    assert.deepEqual(u.statusHistory, ['granted', 'downloading', 'downloaded']);
  });

  test("Hull verifies hull-two-keys as the client did (key 2; key 1 alone gives 18) and applies it into USR-B to delta_generator's bytes", async () => {
    const payload = join(dir, 'hull-two-keys.bin');
    assert.equal(sha(readFileSync(payload)), built('hull-two-keys').sha256, 'the build test above runs first');
    const ok = await hullInProcess([
      'payload',
      'verify',
      payload,
      '--pubkey',
      PUBKEYS[1],
      '--size',
      String(built('hull-two-keys').size),
      '--sha256',
      built('hull-two-keys').sha256Base64,
    ]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const first = await hullInProcess(['payload', 'verify', payload, '--pubkey', PUBKEYS[0]]);
    assert.equal(first.status, 1);
    assert.match(first.stdout, /error 18 /);

    const img = join(dir, 'disk.img');
    const c = await hullInProcess(['disk', 'create', '--size', '8GiB', img]);
    assert.equal(c.status, 0, c.stderr);
    const kout = join(dir, 'vmlinuz-b');
    const a = await hullInProcess([
      '-o',
      'json',
      'payload',
      'apply',
      payload,
      '--target',
      img,
      '--slot',
      'B',
      '--pubkey',
      PUBKEYS[1],
      '--kernel-out',
      kout,
    ]);
    assert.equal(a.status, 0, a.stderr + a.stdout);
    const applied = cmd('apply hull-two-keys');
    const r = (
      JSON.parse(a.stdout) as {
        result: {
          label: string;
          partitionHash: { sha256: string; matches: boolean };
          kernel: { check: { sha256: string; matches: boolean } };
        };
      }
    ).result;
    assert.equal(r.label, 'USR-B');
    assert.deepEqual([r.partitionHash.sha256, r.partitionHash.matches], [applied.facts['targetSha256'], true]);
    assert.deepEqual([r.kernel.check.sha256, r.kernel.check.matches], [applied.facts['kernelSha256'], true]);
    assert.equal(sha(readFileSync(kout)), applied.facts['kernelSha256']);
    // the slot's bytes, read back from the image
    const dev = await openDevice(img);
    try {
      const { table } = await readGpt(dev);
      const b = table!.partitions.find((p) => p.name === 'USR-B')!;
      const bytes = await dev.read(Number(b.firstLba) * table!.sectorSize, usr.length);
      assert.equal(sha(bytes), applied.facts['targetSha256']);
    } finally {
      await dev.close();
    }
  });
});
