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
// affects that directory, and no descriptor is left open.

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

test('no descriptor is left open after thousands of operations, failing ones included', async () => {
  const t = target('fds');
  const fs = new RootedFs(t);
  // Only descriptors into this target count: the runtime opens and closes its own meanwhile.
  const open = () =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).startsWith(realpathSync(t));
      } catch {
        return false; // closed between the listing and the readlink
      }
    }).length;
  const before = open();
  for (let i = 0; i < 500; i++) {
    await fs.mkdir(`/dir/d${i}`, 0o2750);
    await fs.writeFile(`/dir/d${i}/f`, enc(`${i}`));
    await fs.appendFile(`/dir/d${i}/f`, enc('+'));
    await fs.lchown(`/dir/d${i}/f`, 1000 + i, 1000);
    await fs.chmod(`/dir/d${i}/f`, 0o4755);
    await fs.lstat(`/dir/d${i}/f`);
    await assert.rejects(fs.writeFile(`/out/f${i}`, enc('x')));
    await assert.rejects(fs.writeFile(`/dir/missing/f${i}`, enc('x')));
  }
  assert.equal(open(), before, 'no descriptor into the target is left open');
  const st = lstatSync(join(t, 'dir/d7/f'));
  assert.deepEqual([readFileSync(join(t, 'dir/d7/f'), 'utf8'), st.mode & 0o7777, st.uid], ['7+', 0o4755, 1007]);
  assert.equal(lstatSync(join(t, 'dir/d7')).mode & 0o7777, 0o2750, 'mkdir sets the mode exactly, setgid included');
  assert.equal((await fs.readdir('/dir')).length, 501);
  await fs.removeAll('/dir');
  assert.equal(open(), before);
});
