// Writes V8's code cache of one CLI bundle (docs/decisions.md D55): runs the
// bundle's command once on a small config, in this process, through
// bin/hull.cjs's own loader, then saves the bytecode of everything it ran to
// BUNDLE.cache, headed by the bundle's build line (so bin/hull.cjs never uses
// it with another bundle). scripts/build.mjs runs it once per bundle, each in
// a fresh node without flags (V8 refuses a cache made under other flags).
// Usage: node scripts/code-cache.cjs NAME   (hull: dist/hull.cjs with --help;
// ct, butane, ignition, transpile, provision: dist/hull-NAME.cjs)
'use strict';
const { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { loadBundle } = require('../bin/hull.cjs');

const name = process.argv[2];
const dist = join(__dirname, '..', 'dist');
const dir = mkdtempSync(join(tmpdir(), 'hull-code-cache-'));
const input = (base, text) => {
  writeFileSync(join(dir, base), text);
  return join(dir, base);
};
const BODY = [
  'passwd:',
  '  users:',
  '    - name: core',
  '      ssh_authorized_keys:',
  '        - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIWarmUp core',
  'storage:',
  '  files:',
  '    - path: /etc/hostname',
  '      mode: 0644',
  '      contents:',
  '        inline: node1',
  'systemd:',
  '  units:',
  '    - name: hello.service',
  '      enabled: true',
  '      contents: |',
  '        [Service]',
  '        ExecStart=/usr/bin/true',
  '        [Install]',
  '        WantedBy=multi-user.target',
  '',
];
const clc = () =>
  input('small.yaml', BODY.join('\n').replace('      mode: 0644', '      filesystem: root\n      mode: 0644'));
const bu = () => input('small.bu', ['variant: flatcar', 'version: 1.0.0', ...BODY].join('\n'));
const ign = () =>
  input(
    'small.ign',
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/etc/hostname', mode: 420, contents: { source: 'data:,node1' } }] },
      systemd: { units: [{ name: 'hello.service', enabled: true, contents: '[Service]\nExecStart=/usr/bin/true\n' }] },
    }),
  );
/** What each bundle's cache is made from: its command on a small valid config. */
const WARM_UP = {
  hull: () => ['--help'],
  ct: () => ['ct', '-in-file', clc()],
  butane: () => ['butane', bu()],
  ignition: () => ['ignition', 'validate', ign()],
  transpile: () => ['transpile', bu()],
  // Into an empty directory of the scratch dir: files, a directory and a link (no owner: the build may not run as root).
  provision: () => {
    const root = join(dir, 'root');
    require('node:fs').mkdirSync(root);
    const files = Array.from({ length: 3 }, (_, i) => ({
      path: `/srv/warm/f${i}`,
      mode: 0o640,
      contents: { source: `data:,warm%20${i}` },
    }));
    return [
      'provision',
      '--root',
      root,
      input(
        'provision.ign',
        JSON.stringify({
          ignition: { version: '3.3.0' },
          storage: {
            directories: [{ path: '/srv/warm/d', mode: 0o750 }],
            files,
            links: [{ path: '/srv/warm/l', target: 'f0' }],
          },
        }),
      ),
    ];
  },
};

async function main() {
  if (!Object.hasOwn(WARM_UP, name)) throw new Error(`code-cache: no warm-up for '${name}'`);
  const file = join(dist, name === 'hull' ? 'hull.cjs' : `hull-${name}.cjs`);
  const source = readFileSync(file, 'utf8');
  const tag = source.slice(0, source.indexOf('\n') + 1);
  const { exports: cli, script } = loadBundle(file);
  await cli.run(WARM_UP[name]());
  if ((process.exitCode ?? 0) !== 0) throw new Error(`code-cache: the warm-up of '${name}' exited ${process.exitCode}`);
  const tmp = `${file}.cache.${process.pid}.tmp`;
  writeFileSync(tmp, Buffer.concat([Buffer.from(tag, 'latin1'), script.createCachedData()]));
  renameSync(tmp, `${file}.cache`);
}

main().finally(() => rmSync(dir, { recursive: true, force: true }));
