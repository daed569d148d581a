import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runHull } from '../helpers/hull.js';

// One step (issue 19): `hull provision` takes Butane and Container Linux Configs
// and gives the tree that transpiling with `hull butane` / `hull ct` first and
// provisioning the JSON gives; an error in the YAML applies nothing.
let work = '';
const write = (name: string, text: string): string => {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
};

const BU = `variant: flatcar
version: 1.0.0
storage:
  directories:
    - path: /var/lib/app
      mode: 0750
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: node1
    - path: /etc/app/key
      mode: 0600
      contents:
        local: key.txt
    - path: /opt/bin/run
      mode: 0755
      contents:
        inline: |
          #!/bin/sh
          exec true
  links:
    - path: /etc/localtime
      target: ../usr/share/zoneinfo/UTC
systemd:
  units:
    - name: app.service
      enabled: true
      contents: |
        [Service]
        ExecStart=/opt/bin/run
        [Install]
        WantedBy=multi-user.target
    - name: docker.service
      dropins:
        - name: 10-env.conf
          contents: |
            [Service]
            Environment=A=1
`;

const CLC = `storage:
  directories:
    - path: /var/lib/app
      filesystem: root
      mode: 0750
  files:
    - path: /etc/hostname
      filesystem: root
      mode: 0644
      contents:
        inline: node1
    - path: /etc/app/key
      filesystem: root
      mode: 0600
      contents:
        local: key.txt
  links:
    - path: /etc/localtime
      filesystem: root
      target: ../usr/share/zoneinfo/UTC
systemd:
  units:
    - name: app.service
      enable: true
      contents: |
        [Service]
        ExecStart=/bin/true
        [Install]
        WantedBy=multi-user.target
    - name: docker.service
      dropins:
        - name: 10-env.conf
          contents: |
            [Service]
            Environment=A=1
`;

/** Every node under `dir`: kind, mode, owner, contents or link target. */
function tree(dir: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const r = `${rel}/${name}`;
    const st = lstatSync(join(dir, r));
    const head = `${(st.mode & 0o170000).toString(8)} ${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
    if (st.isDirectory()) {
      out[r] = head;
      Object.assign(out, tree(dir, r));
    } else if (st.isSymbolicLink()) out[r] = `${head} -> ${readlinkSync(join(dir, r))}`;
    else
      out[r] = `${head} ${createHash('sha256')
        .update(readFileSync(join(dir, r)))
        .digest('hex')}`;
  }
  return out;
}

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  writeFileSync(join(r, 'etc/passwd'), 'root:x:0:0::/root:/bin/sh\n');
  return r;
}

before(() => {
  work = mkdtempSync(join(tmpdir(), 'hull-prov-any-'));
  mkdirSync(join(work, 'files'));
  write('files/key.txt', 's3cret\n');
});
after(() => rmSync(work, { recursive: true, force: true }));

describe('hull provision --root with Butane and CLC', () => {
  for (const [dialect, yaml, transpile] of [
    ['Butane', BU, (src: string) => ['butane', '--files-dir', join(work, 'files'), src]],
    ['CLC', CLC, (src: string) => ['ct', '-files-dir', join(work, 'files'), '-in-file', src]],
  ] as const) {
    test(`${dialect}: the same tree as transpiling first and provisioning the JSON`, () => {
      const src = write(`c-${dialect}.yaml`, yaml);
      const t = runHull(transpile(src));
      assert.equal(t.status, 0, t.stderr);
      const json = write(`c-${dialect}.ign`, t.stdout);
      const viaJson = root(`json-${dialect}`);
      const r1 = runHull(['provision', '--root', viaJson, json]);
      assert.equal(r1.status, 0, r1.stderr + r1.stdout);
      const oneStep = root(`yaml-${dialect}`);
      const r2 = runHull(['provision', '--root', oneStep, '--files-dir', join(work, 'files'), src]);
      assert.equal(r2.status, 0, r2.stderr + r2.stdout);
      assert.match(r2.stdout, /^provisioned$/m);
      const a = tree(viaJson);
      assert.ok(
        a['/etc/app/key']?.includes(createHash('sha256').update('s3cret\n').digest('hex')),
        'the local file is there',
      );
      assert.deepEqual(tree(oneStep), a);
      // `hull transpile` prints what the drop-in printed (the same Ignition).
      const tr = runHull(['transpile', '--files-dir', join(work, 'files'), src]);
      assert.equal(tr.status, 0, tr.stderr);
      assert.deepEqual(JSON.parse(tr.stdout), JSON.parse(t.stdout));
    });
  }

  test('an error in the YAML is reported at its line:col and nothing is applied (Butane and CLC)', () => {
    // line 8: `mode` of /etc/hostname becomes a relative path's mode… the path itself is made relative.
    const badBu = write('bad.bu', BU.replace('    - path: /etc/hostname', '    - path: etc/hostname'));
    const badClc = write('bad.clc', CLC.replace('    - path: /etc/hostname', '    - path: etc/hostname'));
    for (const [file, line] of [
      [badBu, 8],
      [badClc, 7],
    ] as const) {
      const r = root(`bad-${line}`);
      const before = tree(r);
      const res = runHull(['provision', '--root', r, '--files-dir', join(work, 'files'), file]);
      assert.equal(res.status, 1);
      assert.match(
        res.stderr,
        new RegExp(`^error at \\$\\.storage\\.files\\.0\\.path, line ${line} col 13: path not absolute$`, 'm'),
      );
      assert.match(res.stdout, /nothing applied/);
      assert.deepEqual(tree(r), before);
      const j = runHull(['-o', 'json', 'provision', '--root', r, '--files-dir', join(work, 'files'), file]);
      const env = JSON.parse(j.stdout) as {
        ok: boolean;
        error: { code: string };
        issues: { code: string; line: number; column: number }[];
      };
      assert.equal(env.ok, false);
      assert.equal(env.error.code, 'INPUT_INVALID');
      assert.ok(env.issues.some((i) => i.code === 'IGN_PATH_NOT_ABSOLUTE' && i.line === line && i.column === 13));
      assert.deepEqual(tree(r), before);
    }
  });

  test('a YAML syntax error and a missing --files-dir are errors at the YAML too; nothing applied', () => {
    const r = root('syntax');
    const before = tree(r);
    const syntax = runHull(['provision', '--root', r, '-'], { input: 'variant: fcos\nversion: 1.5.0\nstorage: [\n' });
    assert.equal(syntax.status, 1);
    assert.match(syntax.stderr, /line 3 col/);
    const noDir = runHull(['provision', '--root', r, write('nodir.bu', BU)]);
    assert.equal(noDir.status, 1);
    assert.match(noDir.stderr, /^error at \$\.storage\.files\.1\.contents\.local, line 15 col 16: /m);
    assert.deepEqual(tree(r), before);
  });

  test("the engine's own refusals are placed in the YAML (storage.filesystems on a root directory)", () => {
    const r = root('fs');
    const res = runHull([
      'provision',
      '--root',
      r,
      write(
        'fs.bu',
        'variant: fcos\nversion: 1.5.0\nstorage:\n  filesystems:\n    - device: /dev/sda1\n      format: ext4\n      path: /var\n',
      ),
    ]);
    assert.equal(res.status, 1);
    assert.match(
      res.stderr,
      /^error at \$\.storage\.filesystems, line 5 col 5: storage\.filesystems cannot be applied to a root directory/m,
    );
  });

  test('--dialect forces the reading: a CLC read as Butane fails, JSON read as CLC is a CLC', () => {
    const r = root('forced');
    const res = runHull([
      'provision',
      '--root',
      r,
      '--dialect',
      'butane',
      '--dry-run',
      write('forced.yaml', 'passwd: {}\n'),
    ]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /error/);
    const bad = runHull(['provision', '--root', r, '--dialect', 'yaml', '-']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--dialect/);
  });
});

describe('hull ignition validate and hull transpile with YAML', () => {
  test('validate: a clean Butane/CLC config is valid; an error is at the YAML line:col (ignition-validate format)', () => {
    const ok = runHull(['ignition', 'validate', '--files-dir', join(work, 'files'), write('v.bu', BU)]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout, '');
    const bad = runHull([
      'ignition',
      'validate',
      write('v-bad.bu', 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: rel\n'),
    ]);
    assert.equal(bad.status, 1);
    assert.equal(bad.stdout, 'error at $.storage.files.0.path, line 5 col 13: path not absolute\n');
    const clc = runHull(['-o', 'json', 'ignition', 'validate', '-'], {
      input: 'storage:\n  files:\n    - path: x\n      filesystem: root\n',
    });
    const env = JSON.parse(clc.stdout) as { ok: boolean; issues: { severity: string; line: number }[] };
    assert.equal(env.ok, false);
    assert.ok(
      env.issues.some((i) => i.severity === 'error' && i.line === 3),
      clc.stdout,
    );
  });

  test('transpile -o json gives the dialect and the config; Ignition input is validated and written back', () => {
    const j = runHull(['-o', 'json', 'transpile', '--files-dir', join(work, 'files'), write('t.bu', BU)]);
    assert.equal(j.status, 0, j.stderr);
    const env = JSON.parse(j.stdout) as {
      ok: boolean;
      result: { dialect: string; config: { ignition: { version: string } } };
    };
    assert.equal(env.result.dialect, 'butane');
    assert.equal(env.result.config.ignition.version, '3.3.0');
    const ign = runHull(['transpile', '-'], {
      input: '{"ignition":{"version":"3.0.0"},"storage":{"files":[{"path":"rel"}]}}',
    });
    assert.equal(ign.status, 1);
    assert.match(ign.stderr, /path not absolute/);
  });
});

const IMAGE_TOOLS = ['/usr/sbin/mke2fs', '/usr/sbin/debugfs', '/usr/sbin/mkfs.vfat', '/usr/bin/mcopy'];

/** The ROOT partition's files under /etc, /opt and /var as debugfs rdump writes them. */
function imageTree(image: string, name: string): Record<string, string> {
  const t = JSON.parse(runHull(['-o', 'json', 'disk', 'show', image]).stdout).result as {
    sectorSize: number;
    partitions: { label: string; firstLba: number; lastLba: number }[];
  };
  const p = t.partitions.find((x) => x.label === 'ROOT')!;
  const out = join(work, `${name}.dump`);
  mkdirSync(out);
  // debugfs reads the partition in place (e2fsprogs' `FILE?offset=N`).
  for (const d of ['etc', 'opt', 'var'])
    execFileSync('debugfs', ['-R', `rdump /${d} ${out}`, `${image}?offset=${p.firstLba * t.sectorSize}`], {
      stdio: 'ignore',
    });
  return tree(out);
}

/** The GPT areas (first and last MiB) hashed, with the file's times: a write anywhere changes mtime/ctime. */
function imageStamp(image: string): string {
  const st = statSync(image);
  const fd = openSync(image, 'r');
  try {
    const h = createHash('sha256');
    const buf = Buffer.alloc(1 << 20);
    for (const at of [0, st.size - buf.length]) {
      readSync(fd, buf, 0, buf.length, at);
      h.update(buf);
    }
    return `${st.size} ${st.mtimeMs} ${st.ctimeMs} ${h.digest('hex')}`;
  } finally {
    closeSync(fd);
  }
}

describe('hull provision --image with Butane and CLC', () => {
  before(() => {
    const missing = IMAGE_TOOLS.filter((t) => !existsSync(t));
    if (missing.length > 0)
      throw new Error(`missing ${missing.join(', ')}: run scripts/setup-system (e2fsprogs, dosfstools, mtools)`);
  });

  for (const [dialect, yaml, transpile] of [
    ['Butane', BU, (src: string) => ['butane', '--files-dir', join(work, 'files'), src]],
    ['CLC', CLC, (src: string) => ['ct', '-files-dir', join(work, 'files'), '-in-file', src]],
  ] as const) {
    test(`${dialect}: the same ROOT content as transpiling first; an error leaves the image unchanged`, () => {
      const src = write(`img-${dialect}.yaml`, yaml);
      const json = write(`img-${dialect}.ign`, runHull(transpile(src)).stdout);
      const viaJson = join(work, `json-${dialect}.img`);
      const r1 = runHull(['provision', '--image', viaJson, '--size', '8GiB', json]);
      assert.equal(r1.status, 0, r1.stderr + r1.stdout);
      const oneStep = join(work, `yaml-${dialect}.img`);
      const r2 = runHull(['provision', '--image', oneStep, '--size', '8GiB', '--files-dir', join(work, 'files'), src]);
      assert.equal(r2.status, 0, r2.stderr + r2.stdout);
      const a = imageTree(viaJson, `json-${dialect}`);
      assert.ok(Object.keys(a).includes('/etc/hostname'), JSON.stringify(a));
      assert.deepEqual(imageTree(oneStep, `yaml-${dialect}`), a);

      const stamp = imageStamp(oneStep);
      const bad = write(
        `img-bad-${dialect}.yaml`,
        yaml.replace('    - path: /etc/hostname', '    - path: etc/hostname'),
      );
      const r3 = runHull(['provision', '--image', oneStep, '--force', '--files-dir', join(work, 'files'), bad]);
      assert.equal(r3.status, 1);
      assert.match(r3.stderr, /^error at \$\.storage\.files\.0\.path, line \d+ col 13: path not absolute$/m);
      assert.equal(imageStamp(oneStep), stamp, 'the image is not touched');
      const fresh = join(work, `never-${dialect}.img`);
      assert.equal(runHull(['provision', '--image', fresh, '--size', '8GiB', bad]).status, 1);
      assert.equal(existsSync(fresh), false);
    });
  }
});
