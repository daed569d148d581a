import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// Configs that try to write outside the target: nothing outside it may change.
// A fake "host" directory next to the target stands for /etc and friends, and
// the machine's own /etc and /root listings are compared before and after.

let work = '';
let host = '';
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const cfg = (rest: object) => JSON.stringify({ ignition: { version: '3.3.0' }, ...rest });

function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    for (const n of readdirSync(p).sort()) {
      const q = join(p, n);
      const st = lstatSync(q);
      out.push(`${q} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeMs} ${st.nlink}`);
      if (st.isDirectory()) walk(q);
    }
  };
  walk(dir);
  return out;
}

const shallow = (dir: string) =>
  readdirSync(dir)
    .sort()
    .map((n) => {
      const st = lstatSync(join(dir, n));
      return `${n} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.size} ${st.mtimeMs}`;
    });

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-attack-'));
  host = join(work, 'host');
  mkdirSync(join(host, 'etc'), { recursive: true });
  writeFileSync(join(host, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  writeFileSync(join(host, 'secret'), 'host secret\n');
  chmodSync(join(host, 'secret'), 0o600);
});
after(() => rmSync(work, { recursive: true, force: true }));

function freshTarget(name: string): string {
  const t = join(work, name);
  mkdirSync(join(t, 'etc'), { recursive: true });
  writeFileSync(join(t, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  writeFileSync(join(t, 'etc/group'), 'root:x:0:\n');
  // Symlinks an attacker (or a careless image) left in the target, all pointing out of it.
  symlinkSync(join(host, 'etc'), join(t, 'hostetc'));
  symlinkSync('/etc', join(t, 'etclink'));
  symlinkSync('../../../../../../../../..' + host, join(t, 'climb'));
  symlinkSync(join(host, 'secret'), join(t, 'secretlink'));
  return t;
}

async function apply(name: string, config: string): Promise<{ target: string; ok: boolean }> {
  const target = freshTarget(name);
  const hostBefore = listing(host);
  const etcBefore = shallow('/etc');
  const rootBefore = shallow('/root');
  const r = await provision(config, rootPorts(target));
  assert.deepEqual(listing(host), hostBefore, 'the fake host directory is unchanged');
  assert.deepEqual(shallow('/etc'), etcBefore, "the machine's /etc is unchanged");
  assert.deepEqual(shallow('/root'), rootBefore, "the machine's /root is unchanged");
  assert.equal(readFileSync(join(host, 'secret'), 'utf8'), 'host secret\n');
  assert.equal(statSync(join(host, 'secret')).nlink, 1, 'no hard link to the host file was made');
  return { target, ok: r.ok };
}

test('".." in paths: rejected by validation, nothing applied', async () => {
  const { ok, target } = await apply(
    'dotdot',
    cfg({ storage: { files: [{ path: '/../../../../tmp/evil', contents: { source: d('x') } }] } }),
  );
  assert.equal(ok, false);
  assert.equal(existsSync(join(target, 'tmp')), false);
});

test('a symlink in the target pointing to /etc: the writes land inside the target', async () => {
  const { ok, target } = await apply(
    'etclink',
    cfg({
      storage: {
        files: [{ path: '/etclink/evil', contents: { source: d('x') } }],
        directories: [{ path: '/etclink/evildir' }],
      },
    }),
  );
  assert.equal(ok, true);
  assert.equal(readFileSync(join(target, 'etc/evil'), 'utf8'), 'x');
  assert.ok(lstatSync(join(target, 'etc/evildir')).isDirectory());
  assert.equal(existsSync('/etc/evil'), false);
});

test('a symlink to an absolute host path, and one climbing with "..": resolved inside the target', async () => {
  const { ok, target } = await apply(
    'hostpaths',
    cfg({
      storage: {
        files: [
          { path: '/hostetc/passwd2', contents: { source: d('a') } },
          { path: '/climb/etc/owned', contents: { source: d('b') } },
        ],
      },
    }),
  );
  assert.equal(ok, true);
  // Both links name host paths; read inside the target they are directories under the target.
  assert.equal(readFileSync(join(target, host, 'etc/passwd2'), 'utf8'), 'a');
  assert.equal(readFileSync(join(target, host, 'etc/owned'), 'utf8'), 'b');
});

test('overwriting a symlink that points out replaces the link, not its target', async () => {
  const { ok, target } = await apply(
    'overwrite-link',
    cfg({
      storage: { files: [{ path: '/secretlink', overwrite: true, mode: 0o644, contents: { source: d('mine') } }] },
    }),
  );
  assert.equal(ok, true);
  assert.ok(lstatSync(join(target, 'secretlink')).isFile());
});

test('appending to an outward symlink fails (not a regular file); its target is untouched', async () => {
  const { ok } = await apply(
    'append-link',
    cfg({ storage: { files: [{ path: '/secretlink', append: [{ source: d('x') }], mode: 0o777 }] } }),
  );
  assert.equal(ok, false);
});

test('a symlink whose target is outside the root is written as text; its owner is set on the link only', async () => {
  const { ok, target } = await apply(
    'link-target',
    cfg({ storage: { links: [{ path: '/out', target: join(host, 'secret'), user: { id: 1234 } }] } }),
  );
  assert.equal(ok, true);
  assert.equal(lstatSync(join(target, 'out')).uid, 1234);
  assert.equal(statSync(join(host, 'secret')).uid, 0);
});

test('a hard link to a host file: the target path is looked up in the target (missing there: fails)', async () => {
  const { ok, target } = await apply(
    'hardlink',
    cfg({ storage: { links: [{ path: '/hl', target: join(host, 'secret'), hard: true }] } }),
  );
  assert.equal(ok, false);
  assert.equal(existsSync(join(target, 'hl')), false);
});

test('a hard link to an outward symlink links the symlink itself, never the host file', async () => {
  const { ok, target } = await apply(
    'hardlink-sym',
    cfg({ storage: { links: [{ path: '/hl', target: '/secretlink', hard: true }] } }),
  );
  assert.equal(ok, true);
  assert.ok(lstatSync(join(target, 'hl')).isSymbolicLink());
});

test('units through an outward /etc/systemd symlink stay inside', async () => {
  const target = freshTarget('units');
  symlinkSync(join(host, 'etc'), join(target, 'etc/systemd'));
  const hostBefore = listing(host);
  const r = await provision(
    cfg({
      systemd: {
        units: [
          { name: 'x.service', contents: '[Service]\n', enabled: true },
          { name: 'y.service', mask: true },
        ],
      },
    }),
    rootPorts(target),
  );
  assert.equal(r.ok, true);
  assert.deepEqual(listing(host), hostBefore);
  assert.ok(existsSync(join(target, host, 'etc/system/x.service')));
});

test('the adapter refuses unclean paths and paths through symlinks', async () => {
  const target = freshTarget('adapter');
  const { fs } = rootPorts(target);
  await assert.rejects(fs.writeFile('/../escape', new Uint8Array()), /unclean/);
  await assert.rejects(fs.writeFile('/etclink/passwd', new Uint8Array()), /symlink/);
  await assert.rejects(fs.chmod('/secretlink', 0o777), /symlink/);
});
