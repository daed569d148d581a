import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AppError } from '../../core/index.js';
import { invalidFilename, isPackageId, openPackageFiles } from './package-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'hull-pkgfiles-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const dataDir = () => join(tmp, `d${n++}`);

async function* chunks(...parts: (string | Uint8Array)[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield typeof p === 'string' ? Buffer.from(p) : p;
}
async function* failing(after: Uint8Array): AsyncGenerator<Uint8Array> {
  yield after;
  throw Object.assign(new Error('aborted'), { code: 'ECONNRESET' });
}
const rejectsWith = (code: string) => (err: unknown) => err instanceof AppError && err.code === code;
const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((f) => f.startsWith('.upload-')) : []);

describe('package file store', () => {
  test('receive: the bytes land in <data-dir>/packages/<id>/<name>, hashed as node:crypto hashes them, modes 0644/0755', async () => {
    const data = dataDir();
    const files = await openPackageFiles(data);
    const id = randomUUID();
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 31) % 256));
    const got = await files.receive(
      id,
      'flatcar_production_update.gz',
      chunks(bytes.subarray(0, 1000), bytes.subarray(1000)),
      { maxBytes: bytes.length },
    );
    assert.deepEqual(got, {
      size: bytes.length,
      sha1Base64: createHash('sha1').update(bytes).digest('base64'),
      sha256Hex: createHash('sha256').update(bytes).digest('hex'),
      sha256Base64: createHash('sha256').update(bytes).digest('base64'),
    });
    assert.equal(got.sha256Base64.length, 44);
    const path = join(data, 'packages', id, 'flatcar_production_update.gz');
    assert.deepEqual(readFileSync(path), bytes);
    assert.equal(statSync(path).mode & 0o777, 0o644);
    assert.equal(statSync(join(data, 'packages', id)).mode & 0o777, 0o755);
    assert.equal(statSync(join(data, 'packages')).mode & 0o777, 0o755);
    assert.deepEqual(leftovers(join(data, 'packages', id)), []);
    const st = await files.stat(id, 'flatcar_production_update.gz');
    assert.equal(st?.size, bytes.length);
    assert.equal(st?.path, `${id}/flatcar_production_update.gz`);
    assert.match(st!.etag, /^"[0-9a-f]+-[0-9a-f]+-[0-9a-f]+"$/);
  });

  test('over maxBytes: PAYLOAD_TOO_LARGE, no file, no temporary file', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    await assert.rejects(
      files.receive(id, 'a.gz', chunks('12345', '678'), { maxBytes: 7 }),
      rejectsWith('PAYLOAD_TOO_LARGE'),
    );
    assert.equal(await files.stat(id, 'a.gz'), undefined);
    assert.deepEqual(leftovers(join(files.root, id)), []);
    // Exactly the limit is fine.
    assert.equal((await files.receive(id, 'a.gz', chunks('1234567'), { maxBytes: 7 })).size, 7);
  });

  test('a body that fails mid-way (client gone): nothing in place, no temporary file', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    await assert.rejects(
      files.receive(id, 'a.gz', failing(Buffer.from('part')), { maxBytes: 100 }),
      rejectsWith('USAGE'),
    );
    assert.equal(await files.stat(id, 'a.gz'), undefined);
    assert.deepEqual(leftovers(join(files.root, id)), []);
  });

  test('an existing file is kept (CONFLICT) unless replace is asked; a replacement gets a new ETag', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    await files.receive(id, 'a.gz', chunks('first'), { maxBytes: 100 });
    const before = await files.stat(id, 'a.gz');
    await assert.rejects(files.receive(id, 'a.gz', chunks('second'), { maxBytes: 100 }), rejectsWith('CONFLICT'));
    assert.equal(readFileSync(join(files.root, id, 'a.gz'), 'utf8'), 'first');
    await files.receive(id, 'a.gz', chunks('third'), { maxBytes: 100, replace: true });
    assert.equal(readFileSync(join(files.root, id, 'a.gz'), 'utf8'), 'third');
    assert.notEqual((await files.stat(id, 'a.gz'))?.etag, before?.etag);
    assert.deepEqual(leftovers(join(files.root, id)), []);
  });

  test('two uploads of one name at once: one wins, the other is CONFLICT, the file is whole', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    const body = (c: string) => chunks(c.repeat(50_000), c.repeat(50_000));
    const results = await Promise.allSettled([
      files.receive(id, 'a.gz', body('x'), { maxBytes: 1e6 }),
      files.receive(id, 'a.gz', body('y'), { maxBytes: 1e6 }),
    ]);
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    const text = readFileSync(join(files.root, id, 'a.gz'), 'utf8');
    assert.ok(text === 'x'.repeat(100_000) || text === 'y'.repeat(100_000));
    assert.deepEqual(leftovers(join(files.root, id)), []);
  });

  test('names: package ids are lowercase UUIDs; file names are one plain, printable name of at most 255 bytes', async () => {
    assert.ok(isPackageId('0b3c4d5e-1111-4a2b-8c3d-0123456789ab'));
    for (const bad of [
      '',
      '..',
      'x',
      '0B3C4D5E-1111-4A2B-8C3D-0123456789AB',
      '0b3c4d5e-1111-4a2b-8c3d-0123456789ab/..',
    ])
      assert.equal(isPackageId(bad), false, bad);
    for (const ok of ['flatcar_production_update.gz', 'oem-azure.gz', 'a..b', 'ünïcode.raw', 'x'.repeat(255)])
      assert.equal(invalidFilename(ok), undefined, ok);
    for (const bad of [
      '',
      '.',
      '..',
      '.upload-abc',
      '.hidden',
      'a/b',
      '../x',
      'a\\b',
      'nul\0x',
      'line\nfeed',
      'tab\t',
      'zw\u200bsp',
      'x'.repeat(256),
      'é'.repeat(128),
      '\ud800',
    ]) {
      assert.notEqual(invalidFilename(bad), undefined, JSON.stringify(bad));
    }
    const files = await openPackageFiles(dataDir());
    await assert.rejects(
      files.receive(randomUUID(), '../escape', chunks('x'), { maxBytes: 10 }),
      rejectsWith('REQUEST_INVALID'),
    );
    await assert.rejects(files.receive('../x', 'a.gz', chunks('x'), { maxBytes: 10 }), rejectsWith('REQUEST_INVALID'));
    assert.equal(await files.stat(randomUUID(), '.upload-x'), undefined);
    assert.deepEqual(readdirSync(files.root), []);
  });

  test('stat: a symbolic link, a directory or a missing file is not a stored file', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    mkdirSync(join(files.root, id));
    writeFileSync(join(tmp, 'outside'), 'secret');
    symlinkSync(join(tmp, 'outside'), join(files.root, id, 'link.gz'));
    mkdirSync(join(files.root, id, 'dir.gz'));
    assert.equal(await files.stat(id, 'link.gz'), undefined);
    assert.equal(await files.stat(id, 'dir.gz'), undefined);
    assert.equal(await files.stat(id, 'missing.gz'), undefined);
    const linkedDir = randomUUID();
    symlinkSync(join(files.root, id), join(files.root, linkedDir));
    writeFileSync(join(files.root, id, 'real.gz'), 'x');
    assert.ok(await files.stat(id, 'real.gz'));
    assert.equal(await files.stat(linkedDir, 'real.gz'), undefined);
  });

  test('remove deletes the package directory; sweep removes only stale .upload-* files', async () => {
    const files = await openPackageFiles(dataDir());
    const id = randomUUID();
    await files.receive(id, 'a.gz', chunks('x'), { maxBytes: 10 });
    writeFileSync(join(files.root, id, '.upload-old'), 'crashed upload');
    writeFileSync(join(files.root, id, '.upload-new'), 'upload in flight');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(join(files.root, id, '.upload-old'), old, old);
    assert.equal(await files.sweep(), 1);
    assert.deepEqual(readdirSync(join(files.root, id)).sort(), ['.upload-new', 'a.gz']);
    assert.equal(await files.sweep(0), 1);
    assert.deepEqual(readdirSync(join(files.root, id)), ['a.gz']);
    await files.remove(id);
    assert.equal(existsSync(join(files.root, id)), false);
    await files.remove(id);
    await assert.rejects(files.remove('..'), rejectsWith('REQUEST_INVALID'));
  });

  test('the data dir is made when missing (a PostgreSQL store makes none)', async () => {
    const data = join(dataDir(), 'deeper', 'still');
    const files = await openPackageFiles(data);
    assert.equal(files.root, join(data, 'packages'));
    assert.ok(statSync(files.root).isDirectory());
  });
});
