import assert from 'node:assert/strict';
import { linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// Issue 11: a hard link already in the target (`ln /etc/shadow T/etc/hardshadow`)
// shares its inode with a host file. Appending, chmod and chown through it would
// change the host file: they are refused; overwrite replaces the link itself.

let work = '';
let host = '';
const SECRET = 'root:*:19000:0:99999:7:::\n';
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const cfg = (rest: object) => JSON.stringify({ ignition: { version: '3.3.0' }, ...rest });

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-hardlink-'));
  host = join(work, 'host');
  mkdirSync(host);
});
after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh host file and a target whose /etc/hardshadow (and /etc/hardlink, to a host symlink) share the host's inodes. */
function setup(name: string): { target: string; shadow: string; state: () => string } {
  const shadow = join(host, `${name}-shadow`);
  writeFileSync(shadow, SECRET, { mode: 0o640 });
  const hostLink = join(host, `${name}-link`);
  symlinkSync('/etc/passwd', hostLink);
  const target = join(work, name);
  mkdirSync(join(target, 'etc/systemd/system-preset'), { recursive: true });
  writeFileSync(join(target, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  writeFileSync(join(target, 'etc/group'), 'root:x:0:\n');
  linkSync(shadow, join(target, 'etc/hardshadow'));
  linkSync(shadow, join(target, 'etc/systemd/system-preset/20-ignition.preset'));
  linkSync(hostLink, join(target, 'etc/hardlink'));
  const state = () => {
    const f = lstatSync(shadow);
    const l = lstatSync(hostLink);
    return `${readFileSync(shadow, 'utf8')} ${(f.mode & 0o7777).toString(8)} ${f.uid}:${f.gid} | link ${l.uid}:${l.gid}`;
  };
  return { target, shadow, state };
}

const rows: [string, object][] = [
  ['append', { storage: { files: [{ path: '/etc/hardshadow', append: [{ source: d('evil::0:0::/:/bin/sh\n') }] }] } }],
  ['mode', { storage: { files: [{ path: '/etc/hardshadow', mode: 0o4777 }] } }],
  ['owner', { storage: { files: [{ path: '/etc/hardshadow', user: { id: 1234 }, group: { id: 1234 } }] } }],
  ['preset append', { systemd: { units: [{ name: 'x.service', contents: '[Service]\n', enabled: true }] } }],
];

for (const [name, rest] of rows) {
  test(`a hard link to a host file, ${name}: refused, the host inode unchanged`, async () => {
    const { target, state } = setup(name.replace(/ /g, '-'));
    const before = state();
    const r = await provision(cfg(rest), rootPorts(target));
    assert.equal(r.ok, false, 'the run fails');
    assert.equal(state(), before, 'the host file and symlink are unchanged');
  });
}

test('overwrite: true replaces the hard link with a new file; the host file keeps its contents', async () => {
  const { target, state } = setup('overwrite');
  const before = state();
  const r = await provision(
    cfg({
      storage: {
        files: [
          {
            path: '/etc/hardshadow',
            overwrite: true,
            mode: 0o600,
            user: { id: 1234 },
            contents: { source: d('mine\n') },
          },
        ],
      },
    }),
    rootPorts(target),
  );
  assert.equal(r.ok, true, JSON.stringify(r.stages));
  assert.equal(state(), before);
  const st = lstatSync(join(target, 'etc/hardshadow'));
  assert.deepEqual(
    [readFileSync(join(target, 'etc/hardshadow'), 'utf8'), st.nlink, st.uid, st.mode & 0o7777],
    ['mine\n', 1, 1234, 0o600],
  );
});

test('the adapter refuses append, chmod and chown on a file or symlink with several links, and says why', async () => {
  const { target, state } = setup('adapter');
  const before = state();
  const { fs } = rootPorts(target);
  await assert.rejects(fs.appendFile('/etc/hardshadow', new TextEncoder().encode('x')), /3 hard links/);
  await assert.rejects(fs.chmod('/etc/hardshadow', 0o777), /3 hard links/);
  await assert.rejects(fs.lchown('/etc/hardshadow', 1, 1), /3 hard links/);
  await assert.rejects(fs.lchown('/etc/hardlink', 1, 1), /2 hard links/);
  assert.equal(state(), before);
  // Reading is harmless, and a fresh write replaces the name without touching the inode.
  assert.equal(new TextDecoder().decode(await fs.readFile('/etc/hardshadow')), SECRET);
  await fs.writeFile('/etc/hardshadow', new TextEncoder().encode('new'));
  assert.equal(state(), before);
  await fs.chmod('/etc/hardshadow', 0o600);
});
