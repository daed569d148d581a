/**
 * `hull provision --root` of a ct-made 2.3 config (a named filesystem, a networkd unit, a setuid
 * file) gives the same tree as `hull ignition translate --rules flatcar` followed by provisioning
 * the 3.x result: provisioning reads 2.x configs with the same rule set (docs/ignition.md).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, lstatSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

let work = '';
before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-v2-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

const CLC = (fs: string) => `storage:
  filesystems:
${fs}
  files:
    - path: /hello
      filesystem: data
      mode: 0644
      contents:
        inline: hi
    - path: /usr/local/bin/s
      filesystem: root
      mode: 04755
      contents:
        inline: "#!/bin/sh"
networkd:
  units:
    - name: 10-eth.network
      contents: |
        [Match]
        Name=eth0
systemd:
  units:
    - name: a.service
      enabled: true
      contents: |
        [Service]
        ExecStart=/bin/true
        [Install]
        WantedBy=multi-user.target
`;

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  writeFileSync(join(r, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  return r;
}

/** Every entry under a root: path, type, mode, size and contents of files. */
function tree(dir: string, rel = ''): string[] {
  return readdirSync(join(dir, rel))
    .sort()
    .flatMap((name) => {
      const p = join(rel, name);
      const st = lstatSync(join(dir, p));
      const line = `${p} ${st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : 'f'} ${(st.mode & 0o7777).toString(8)}`;
      return st.isDirectory()
        ? [line, ...tree(dir, p)]
        : [`${line} ${st.isFile() ? JSON.stringify(readFileSync(join(dir, p), 'utf8')) : ''}`];
    });
}

function ctMade(name: string, fs: string): string {
  writeFileSync(join(work, `${name}.yaml`), CLC(fs));
  const ct = runHull(['ct', '-in-file', join(work, `${name}.yaml`)]);
  assert.equal(ct.status, 0, ct.stderr);
  assert.match(ct.stdout, /"version":"2\.3\.0"/);
  const file = join(work, `${name}.ign`);
  writeFileSync(file, ct.stdout);
  return file;
}

test('a 2.3 config with a named (path) filesystem and a networkd unit: provisioned directly = translated with --rules flatcar, then provisioned', () => {
  const v2 = ctMade('path', '    - name: data\n      path: /var/lib/data');
  const direct = root('direct');
  const a = runHull(['provision', '--root', direct, v2]);
  assert.equal(a.status, 0, a.stderr);

  for (const to of ['3.1', '3.4', '3.5']) {
    const t = runHull(['ignition', 'translate', '--to', to, '--rules', 'flatcar', v2]);
    assert.equal(t.status, 0, t.stderr);
    const v3 = join(work, `path-${to}.ign`);
    writeFileSync(v3, t.stdout);
    const via = root(`via-${to}`);
    const b = runHull(['provision', '--root', via, v3]);
    assert.equal(b.status, 0, b.stderr);
    assert.deepEqual(tree(via), tree(direct), to);
  }
  const t = tree(direct);
  assert.ok(
    t.some((l) => l.startsWith('etc/systemd/network/10-eth.network f 644 "[Match]\\nName=eth0\\n"')),
    t.join('\n'),
  );
  assert.ok(
    t.some((l) => l.startsWith('var/lib/data/hello f 644 "hi"')),
    t.join('\n'),
  );
  // --rules coreos refuses the networkd unit, as coreos/ign-converter does
  const co = runHull(['provision', '--root', root('coreos'), '--rules', 'coreos', v2]);
  assert.equal(co.status, 1);
  assert.match(co.stderr, /config includes deprecated networkd section/);
});

test('a 2.3 config with a mounted named filesystem (no fsmap): both ways give the same refusal on a root directory', () => {
  const v2 = ctMade(
    'mount',
    '    - name: data\n      mount:\n        device: /dev/disk/by-label/DATA\n        format: ext4',
  );
  const t = runHull(['ignition', 'translate', '--to', '3.4', '--rules', 'flatcar', v2]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(
    t.stdout,
    /"filesystems":\[\{"device":"\/dev\/disk\/by-label\/DATA","format":"ext4","path":"\/tmp\/data-ign1"\}\]/,
  );
  assert.match(t.stdout, /"path":"\/tmp\/data-ign1\/hello"/);
  const v3 = join(work, 'mount-3.4.ign');
  writeFileSync(v3, t.stdout);
  const a = runHull(['provision', '--root', root('m1'), v2]);
  const b = runHull(['provision', '--root', root('m2'), v3]);
  assert.equal(a.status, 1);
  assert.equal(b.status, 1);
  const refusal =
    /error at \$\.storage\.filesystems: storage\.filesystems cannot be applied to a root directory \(use --image\)/;
  assert.match(a.stderr, refusal);
  assert.match(b.stderr, refusal);
});

test('a spec 1 config (networkd and systemd units, a user): provisioned directly = translated with --rules flatcar, then provisioned', () => {
  const v1 = join(work, 'spec1.ign');
  writeFileSync(
    v1,
    JSON.stringify({
      ignitionVersion: 1,
      systemd: {
        units: [
          {
            name: 'a.service',
            enable: true,
            contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
          },
        ],
      },
      networkd: { units: [{ name: '10-eth.network', contents: '[Match]\nName=eth0\n' }] },
    }),
  );
  const direct = root('spec1-direct');
  const a = runHull(['provision', '--root', direct, v1]);
  assert.equal(a.status, 0, a.stderr);
  const t = runHull(['ignition', 'translate', '--to', '3.4', '--rules', 'flatcar', v1]);
  assert.equal(t.status, 0, t.stderr);
  const v3 = join(work, 'spec1-3.4.ign');
  writeFileSync(v3, t.stdout);
  const via = root('spec1-via');
  const b = runHull(['provision', '--root', via, v3]);
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(tree(via), tree(direct));
  const got = tree(direct);
  assert.ok(
    got.some((l) => l.startsWith('etc/systemd/network/10-eth.network f 644 "[Match]\\nName=eth0\\n"')),
    got.join('\n'),
  );
  assert.ok(
    got.some((l) => l.startsWith('etc/systemd/system/a.service f 644')),
    got.join('\n'),
  );
});
