import assert from 'node:assert/strict';
import {
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { at, O_DIRECTORY, O_NOFOLLOW, O_PATH } from './anchored.js';
import { RootedFs } from './rooted-fs.js';

// RootedFs reaches everything through descriptors: a symlink among the parents
// is refused by every operation, a directory swapped after it was opened only
// affects that directory, a kept directory is used again only while it is
// still at its path (D64), and release() leaves no descriptor open.

let work = '';
let host = '';
const enc = (s: string) => new TextEncoder().encode(s);

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const n of readdirSync(p).sort()) {
      const st = lstatSync(join(p, n));
      out.push(`${join(p, n)} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.nlink} ${st.mtimeMs}`);
      if (st.isDirectory()) walk(join(p, n));
    }
  };
  walk(dir);
  return out;
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-rooted-fs-'));
  host = join(work, 'host');
  mkdirSync(join(host, 'sub'), { recursive: true });
  writeFileSync(join(host, 'file'), 'host\n', { mode: 0o600 });
  writeFileSync(join(host, 'sub/x'), 'x\n');
});
after(() => rmSync(work, { recursive: true, force: true }));

function target(name: string): string {
  const t = join(work, name);
  mkdirSync(join(t, 'dir'), { recursive: true });
  writeFileSync(join(t, 'dir/file'), 'target\n');
  symlinkSync(host, join(t, 'out'));
  return t;
}

test('the premise: /proc/self/fd/<dirfd>/<name> is looked up in the open directory, not through its old path', () => {
  const t = target('premise');
  const fd = openSync(join(t, 'dir'), O_PATH | O_DIRECTORY | O_NOFOLLOW);
  try {
    renameSync(join(t, 'dir'), join(t, 'dir.old'));
    symlinkSync(host, join(t, 'dir'));
    writeFileSync(at(fd, 'new'), 'n');
    assert.equal(readFileSync(join(t, 'dir.old/new'), 'utf8'), 'n');
    assert.equal(existsSync(join(host, 'new')), false);
    rmSync(join(t, 'dir.old'), { recursive: true });
    assert.throws(
      () => writeFileSync(at(fd, 'late'), 'n'),
      { code: 'ENOENT' },
      'a deleted directory takes no new names',
    );
  } finally {
    closeSync(fd);
  }
});

test('every operation refuses a symlink among the parents, and the host is unchanged', async () => {
  const t = target('refuse');
  const fs = new RootedFs(t);
  const before = listing(host);
  const ops: [string, () => Promise<unknown>][] = [
    ['writeFile', () => fs.writeFile('/out/file', enc('x'))],
    ['appendFile', () => fs.appendFile('/out/file', enc('x'))],
    ['mkdir', () => fs.mkdir('/out/new', 0o755)],
    ['symlink', () => fs.symlink('/x', '/out/new')],
    ['link to', () => fs.link('/dir/file', '/out/new')],
    ['link from', () => fs.link('/out/file', '/dir/new')],
    ['chmod', () => fs.chmod('/out/file', 0o4777)],
    ['lchown', () => fs.lchown('/out/file', 1234, 1234)],
    ['removeAll', () => fs.removeAll('/out/sub')],
    ['readdir', () => fs.readdir('/out/sub')],
    ['readFile', () => fs.readFile('/out/file')],
    ['readlink', () => fs.readlink('/out/file')],
    ['lstat', () => fs.lstat('/out/file')],
  ];
  for (const [name, op] of ops) await assert.rejects(op(), /symlink \/out/, name);
  assert.deepEqual(listing(host), before);
  // The symlink itself is a name like another: it can be read, owned, removed.
  assert.equal((await fs.lstat('/out'))?.kind, 'symlink');
  assert.equal(await fs.readlink('/out'), host);
  await fs.lchown('/out', 1234, 1234);
  assert.equal(lstatSync(join(t, 'out')).uid, 1234);
  await assert.rejects(fs.chmod('/out', 0o777), /symlink/);
  await assert.rejects(fs.readFile('/out'), /not a regular file/);
  await assert.rejects(fs.appendFile('/out', enc('x')), /only append to files/);
  await fs.removeAll('/out');
  assert.equal(existsSync(join(t, 'out')), false);
  assert.deepEqual(listing(host), before);
});

test('removeAll walks a tree by descriptors: symlinks and hard links in it are unlinked, never followed', async () => {
  const t = target('remove');
  mkdirSync(join(t, 'dir/deep/er'), { recursive: true });
  symlinkSync(host, join(t, 'dir/deep/er/hostlink'));
  symlinkSync(join(host, 'sub'), join(t, 'dir/deep/sublink'));
  linkSync(join(host, 'file'), join(t, 'dir/deep/hard'));
  const before = listing(host).filter((l) => !l.includes(`${host}/file `));
  await new RootedFs(t).removeAll('/dir');
  assert.equal(existsSync(join(t, 'dir')), false);
  assert.deepEqual(
    listing(host).filter((l) => !l.includes(`${host}/file `)),
    before,
  );
  assert.equal(readFileSync(join(host, 'file'), 'utf8'), 'host\n');
  await new RootedFs(t).removeAll('/missing/below');
});

test('writeFileFrom streams chunks; a parent swapped for a host symlink mid-stream only gets the file into the old directory', async () => {
  const t = target('stream');
  const fs = new RootedFs(t);
  const before = listing(host);
  async function* chunks() {
    yield enc('one ');
    renameSync(join(t, 'dir'), join(t, 'dir.old'));
    symlinkSync(host, join(t, 'dir'));
    yield enc('two');
  }
  await fs.writeFileFrom('/dir/file', chunks());
  assert.equal(readFileSync(join(t, 'dir.old/file'), 'utf8'), 'one two');
  assert.equal(lstatSync(join(t, 'dir.old/file')).mode & 0o777, 0o644);
  assert.deepEqual(listing(host), before);
  assert.deepEqual(readdirSync(join(t, 'dir.old')), ['file'], 'no temporary file left');
});

test('a failing stream leaves the old file and no temporary file', async () => {
  const t = target('stream-fail');
  async function* chunks() {
    yield enc('partial');
    throw new Error('network down');
  }
  await assert.rejects(new RootedFs(t).writeFileFrom('/dir/file', chunks()), /network down/);
  assert.deepEqual(readdirSync(join(t, 'dir')), ['file']);
  assert.equal(readFileSync(join(t, 'dir/file'), 'utf8'), 'target\n');
});

/** Descriptors this process holds into `t`. */
function openInto(t: string): number {
  // Only descriptors into this target count: the runtime opens and closes its own meanwhile.
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(realpathSync(t));
    } catch {
      return false; // closed between the listing and the readlink
    }
  }).length;
}

test('after thousands of operations, failing ones included, only kept directories are open, and release() closes them', async () => {
  const t = target('fds');
  const fs = new RootedFs(t);
  const open = () => openInto(t);
  const before = open();
  for (let i = 0; i < 700; i++) {
    await fs.mkdir(`/dir/d${i}`, 0o2750);
    await fs.writeFile(`/dir/d${i}/f`, enc(`${i}`));
    await fs.appendFile(`/dir/d${i}/f`, enc('+'));
    await fs.lchown(`/dir/d${i}/f`, 1000 + i, 1000);
    await fs.chmod(`/dir/d${i}/f`, 0o4755);
    await fs.lstat(`/dir/d${i}/f`);
    await assert.rejects(fs.writeFile(`/out/f${i}`, enc('x')));
    await assert.rejects(fs.writeFile(`/dir/missing/f${i}`, enc('x')));
  }
  // One per directory reached (700 + /dir + the root), bounded by the cache's cap (512) plus what one operation opens.
  assert.ok(open() - before <= 520, `${open() - before} descriptors kept`);
  fs.release();
  assert.equal(open(), before, 'no descriptor into the target is left open');
  const st = lstatSync(join(t, 'dir/d7/f'));
  assert.deepEqual([readFileSync(join(t, 'dir/d7/f'), 'utf8'), st.mode & 0o7777, st.uid], ['7+', 0o4755, 1007]);
  assert.equal(lstatSync(join(t, 'dir/d7')).mode & 0o7777, 0o2750, 'mkdir sets the mode exactly, setgid included');
  assert.equal((await fs.readdir('/dir')).length, 701);
  await fs.removeAll('/dir');
  fs.release();
  assert.equal(open(), before);
});

test('a kept directory swapped for a host symlink between operations: the next operation is refused, the host unchanged', async () => {
  for (const swapped of ['dir', 'dir/deep']) {
    const t = target(`swap-${swapped.replace('/', '-')}`);
    mkdirSync(join(t, 'dir/deep'));
    const fs = new RootedFs(t);
    const before = listing(host);
    await fs.writeFile('/dir/deep/a', enc('a')); // keeps / , /dir and /dir/deep open
    renameSync(join(t, swapped), join(t, `${swapped}.old`));
    symlinkSync(swapped === 'dir' ? host : join(host, 'sub'), join(t, swapped));
    for (const op of [
      () => fs.writeFile('/dir/deep/b', enc('b')),
      () => fs.writeFileFrom('/dir/deep/b', (async function* () {})()),
      () => fs.lchown('/dir/deep/a', 1234, 1234),
      () => fs.chmod('/dir/deep/a', 0o4777),
      () => fs.mkdir('/dir/deep/n', 0o755),
      () => fs.lstat('/dir/deep/a'),
    ])
      await assert.rejects(op(), new RegExp(`symlink /${swapped}`));
    assert.deepEqual(listing(host), before);
    assert.deepEqual(readdirSync(join(t, `${swapped}.old`)).sort(), swapped === 'dir' ? ['deep', 'file'] : ['a']);
    fs.release();
  }
});

test('a kept directory moved out of the target between operations is not written into again', async () => {
  const t = target('moved-out');
  mkdirSync(join(t, 'dir/deep'));
  const fs = new RootedFs(t);
  await fs.writeFile('/dir/deep/a', enc('a'));
  const away = join(work, 'moved-away');
  renameSync(join(t, 'dir/deep'), away); // same filesystem: the kept descriptor now names a directory outside
  await assert.rejects(fs.writeFile('/dir/deep/b', enc('b')), /parent directory does not exist/);
  await assert.rejects(fs.lchown('/dir/deep/a', 1234, 1234), /parent directory does not exist/);
  mkdirSync(join(t, 'dir/deep'));
  await fs.writeFile('/dir/deep/b', enc('b'));
  assert.deepEqual(readdirSync(away), ['a'], 'nothing reached the moved directory');
  assert.equal(lstatSync(join(away, 'a')).uid, 0);
  assert.equal(readFileSync(join(t, 'dir/deep/b'), 'utf8'), 'b');
  fs.release();
});

test('a kept directory removed and made again by the engine itself: the next write goes into the new one', async () => {
  const t = target('remade');
  const fs = new RootedFs(t);
  await fs.writeFile('/dir/sub/x', enc('x')).catch(() => undefined);
  await fs.mkdir('/dir/sub', 0o755);
  await fs.writeFile('/dir/sub/x', enc('x'));
  await fs.removeAll('/dir'); // forgets /dir and /dir/sub
  await fs.mkdir('/dir', 0o700);
  await fs.mkdir('/dir/sub', 0o750);
  await fs.writeFile('/dir/sub/y', enc('y'));
  assert.deepEqual(readdirSync(join(t, 'dir/sub')), ['y']);
  // Replaced behind its back (not through removeAll): the kept descriptor fails its check, the path is walked again.
  rmSync(join(t, 'dir'), { recursive: true });
  mkdirSync(join(t, 'dir/sub'), { recursive: true });
  await fs.writeFile('/dir/sub/z', enc('z'));
  assert.deepEqual(readdirSync(join(t, 'dir/sub')), ['z']);
  fs.release();
});

test('writeFileFrom with attrs: owner and mode on the file as a chown then a chmod leave them (setuid kept)', async () => {
  const t = target('attrs');
  const fs = new RootedFs(t);
  async function* one() {
    yield enc('x');
  }
  await fs.writeFileFrom('/dir/a', one(), { uid: 1234, gid: 1235, mode: 0o4750 });
  await fs.writeFileFrom('/dir/b', one(), { uid: 1234 });
  await fs.writeFileFrom('/dir/c', one(), {});
  const st = (n: string) => {
    const s = lstatSync(join(t, 'dir', n));
    return [s.mode & 0o7777, s.uid, s.gid];
  };
  assert.deepEqual(
    [st('a'), st('b'), st('c')],
    [
      [0o4750, 1234, 1235],
      [0o644, 1234, 0],
      [0o644, 0, 0],
    ],
  );
  fs.release();
});

test('writeNewFile: a node already there is returned and nothing is written; else the file is written with its attrs', async () => {
  const t = target('write-new');
  const fs = new RootedFs(t);
  let called = 0;
  const data = () => {
    called++;
    return enc('new');
  };
  assert.equal((await fs.writeNewFile('/dir/file', data, { mode: 0o600 }))?.kind, 'file');
  assert.equal((await fs.writeNewFile('/out', data))?.kind, 'symlink');
  assert.equal(called, 0, 'the data is not even made');
  assert.equal(readFileSync(join(t, 'dir/file'), 'utf8'), 'target\n');
  assert.equal(await fs.writeNewFile('/dir/fresh', data, { uid: 1234, mode: 0o4750 }), undefined);
  const st = lstatSync(join(t, 'dir/fresh'));
  assert.deepEqual(
    [readFileSync(join(t, 'dir/fresh'), 'utf8'), st.mode & 0o7777, st.uid, called],
    ['new', 0o4750, 1234, 1],
  );
  await assert.rejects(fs.writeNewFile('/out/x', data), /symlink \/out/);
  fs.release();
});
