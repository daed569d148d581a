/** The differential cases: configs applied by Hull and by Debian's Ignition 2.14 to the same base root. */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const v = (version: string, rest: object) => JSON.stringify({ ignition: { version }, ...rest });
const d = (s: string) => `data:,${encodeURIComponent(s)}`;
const b64 = (b: Buffer) => `data:;base64,${b.toString('base64')}`;
const sha512 = (s: string | Buffer) => `sha512-${createHash('sha512').update(s).digest('hex')}`;
const files = (...f: object[]) => ({ storage: { files: f } });
const gz = gzipSync(Buffer.from('compressed contents\n'));

export const CASES: Record<string, string> = {
  'file-mode-leading-dirs': v(
    '3.3.0',
    files({ path: '/etc/app/conf.d/a.conf', mode: 0o600, contents: { source: d('a=1\n') } }),
  ),
  'file-defaults-empty': v('3.3.0', files({ path: '/var/lib/empty' }, { path: '/var/lib/x/y' })),
  'owners-by-id': v(
    '3.3.0',
    files({ path: '/srv/owned', user: { id: 1500 }, group: { id: 1600 }, contents: { source: d('x') } }),
  ),
  'owners-by-name': v(
    '3.3.0',
    files({
      path: '/srv/named',
      mode: 0o640,
      user: { name: 'old' },
      group: { name: 'docker' },
      contents: { source: d('y') },
    }),
  ),
  'owner-unknown-fails': v(
    '3.3.0',
    files({ path: '/srv/bad', user: { name: 'nosuchuser' }, contents: { source: d('z') } }),
  ),
  'overwrite-existing': v(
    '3.3.0',
    files({ path: '/etc/motd', overwrite: true, mode: 0o644, contents: { source: d('new motd\n') } }),
  ),
  'existing-without-overwrite-fails': v('3.3.0', files({ path: '/etc/motd', contents: { source: d('new motd\n') } })),
  'append-existing': v(
    '3.3.0',
    files({ path: '/etc/motd', append: [{ source: d('line 2\n') }, { source: d('line 3\n') }] }),
  ),
  'contents-and-append-new': v(
    '3.2.0',
    files({ path: '/etc/new/both', mode: 0o600, contents: { source: d('base\n') }, append: [{ source: d('more\n') }] }),
  ),
  'gzip-verified': v(
    '3.3.0',
    files({
      path: '/opt/gz',
      contents: { source: b64(gz), compression: 'gzip', verification: { hash: sha512('compressed contents\n') } },
    }),
  ),
  'verification-mismatch-fails': v(
    '3.3.0',
    files({ path: '/opt/bad', contents: { source: d('abc'), verification: { hash: sha512('abd') } } }),
  ),
  directories: v('3.3.0', {
    storage: {
      directories: [
        { path: '/srv/a/b/c', mode: 0o750, user: { id: 1500 }, group: { name: 'wheel' } },
        { path: '/srv/a', mode: 0o711 },
        { path: '/home/old', mode: 0o755 },
      ],
    },
  }),
  'directory-over-file-fails': v('3.3.0', { storage: { directories: [{ path: '/etc/motd' }] } }),
  symlinks: v('3.3.0', {
    storage: {
      files: [{ path: '/srv/target', contents: { source: d('t') }, user: { id: 1500 } }],
      links: [
        { path: '/srv/rel', target: 'target' },
        { path: '/srv/abs', target: '/srv/target', user: { id: 2 }, group: { id: 2 } },
        { path: '/srv/dangling/x', target: '../../nowhere' },
      ],
    },
  }),
  'hard-links': v('3.3.0', {
    storage: {
      files: [{ path: '/srv/deep/er/file', mode: 0o600, contents: { source: d('hard\n') } }],
      links: [
        { path: '/srv/h1', target: '/srv/deep/er/file', hard: true },
        { path: '/srv/h2', target: '/etc/motd', hard: true },
      ],
    },
  }),
  'link-overwrite-file': v('3.3.0', { storage: { links: [{ path: '/etc/motd', target: '/srv/x', overwrite: true }] } }),
  'through-existing-symlinks': v('3.3.0', {
    storage: {
      files: [
        { path: '/opt/srvlink/via-abs', contents: { source: d('abs\n') } },
        { path: '/etc/sharelink/doc/via-rel', mode: 0o600, contents: { source: d('rel\n') } },
      ],
      directories: [{ path: '/opt/srvlink/dir', mode: 0o700 }],
    },
  }),
  'users-keys-hash': v('3.3.0', {
    passwd: {
      users: [
        {
          name: 'core',
          uid: 500,
          sshAuthorizedKeys: ['ssh-ed25519 AAAAC3Nza core@a', 'ssh-rsa AAAAB3 core@b'],
          passwordHash: '$6$salt$hashhash',
          groups: ['wheel', 'docker'],
        },
        { name: 'alloc', gecos: 'Allocated', shell: '/bin/bash' },
      ],
    },
  }),
  'user-modify-existing': v('3.3.0', {
    passwd: {
      users: [
        {
          name: 'old',
          groups: ['sudo'],
          shell: '/bin/bash',
          passwordHash: '$1$x$y',
          sshAuthorizedKeys: ['ssh-ed25519 K old'],
        },
      ],
    },
  }),
  'user-system-nohome': v('3.3.0', {
    passwd: { users: [{ name: 'svc', system: true, noCreateHome: true, primaryGroup: 'nogroup', noUserGroup: true }] },
  }),
  'user-home-and-files-by-name': v('3.3.0', {
    passwd: { users: [{ name: 'web', homeDir: '/srv/web', uid: 1700 }] },
    storage: {
      files: [
        {
          path: '/srv/web/index.html',
          user: { name: 'web' },
          group: { name: 'web' },
          contents: { source: d('<h1>hi</h1>\n') },
        },
      ],
    },
  }),
  groups: v('3.3.0', {
    passwd: {
      groups: [
        { name: 'ops', gid: 4000 },
        { name: 'sysgrp', system: true },
        { name: 'withpw', passwordHash: '$6$g$h' },
      ],
    },
  }),
  'group-existing-fails': v('3.3.0', { passwd: { groups: [{ name: 'docker' }] } }),
  'should-exist-false': v('3.3.0', {
    passwd: {
      users: [
        { name: 'old', shouldExist: false },
        { name: 'ghost', shouldExist: false },
      ],
      groups: [{ name: 'oldgroup', shouldExist: false }],
    },
  }),
  'units-enabled-dropins': v('3.3.0', {
    systemd: {
      units: [
        {
          name: 'app.service',
          enabled: true,
          contents: '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
          dropins: [{ name: '10-env.conf', contents: '[Service]\nEnvironment=A=1\n' }],
        },
        {
          name: 'docker.service',
          dropins: [{ name: '20-opts.conf', contents: '[Service]\nEnvironment=B=2\n' }, { name: 'empty.conf' }],
        },
      ],
    },
  }),
  'units-disabled': v('3.3.0', {
    systemd: {
      units: [
        { name: 'old.service', enabled: false },
        { name: 'other.service', enabled: false, contents: '[Unit]\n[Install]\nWantedBy=multi-user.target\n' },
      ],
    },
  }),
  'units-mask-unmask': v('3.3.0', {
    systemd: {
      units: [
        { name: 'bad.service', mask: true },
        { name: 'masked.service', mask: false },
        { name: 'old.service', mask: true },
      ],
    },
  }),
  'units-templated': v('3.3.0', {
    systemd: {
      units: [
        {
          name: 'getty@.service',
          contents: '[Service]\nExecStart=/bin/true %i\n[Install]\nWantedBy=multi-user.target\n',
          dropins: [{ name: 'a.conf', contents: '[Service]\nNice=1\n' }],
        },
        { name: 'getty@tty1.service', enabled: true },
        { name: 'getty@tty2.service', enabled: true },
        { name: 'getty@tty3.service', enabled: false },
        { name: 'plain.service', enabled: true, contents: '[Install]\nWantedBy=multi-user.target\n' },
      ],
    },
  }),
  networkd: v('3.1.0', {
    storage: {
      files: [
        {
          path: '/etc/systemd/network/10-eth0.network',
          mode: 0o644,
          contents: { source: d('[Match]\nName=eth0\n[Network]\nDHCP=yes\n') },
        },
      ],
    },
    systemd: { units: [{ name: 'systemd-networkd.service', enabled: true }] },
  }),
  merge: v('3.3.0', {
    ignition: {
      version: '3.3.0',
      config: {
        merge: [{ source: d(v('3.3.0', files({ path: '/srv/merged', contents: { source: d('merged\n') } }))) }],
      },
    },
    storage: { files: [{ path: '/srv/parent', contents: { source: d('parent\n') } }] },
  }),
  'merge-override': v('3.3.0', {
    ignition: {
      version: '3.3.0',
      config: {
        merge: [
          { source: d(v('3.3.0', files({ path: '/srv/same', mode: 0o600, contents: { source: d('child\n') } }))) },
        ],
      },
    },
    storage: { files: [{ path: '/srv/same', mode: 0o644, contents: { source: d('parent\n') } }] },
  }),
  replace: v('3.3.0', {
    ignition: {
      version: '3.3.0',
      config: {
        replace: {
          source: d(v('3.2.0', files({ path: '/srv/replaced', contents: { source: d('r\n') } }))),
          verification: {},
        },
      },
    },
    storage: { files: [{ path: '/srv/not-written', contents: { source: d('n\n') } }] },
  }),
  'invalid-applies-nothing': v(
    '3.3.0',
    files({ path: '/srv/good', contents: { source: d('g') } }, { path: 'relative/bad' }),
  ),
  'special-mode-bits-3.3': v('3.3.0', {
    storage: {
      files: [{ path: '/usr/bin/suid', mode: 0o4755, contents: { source: d('#!/bin/sh\n') } }],
      directories: [
        { path: '/srv/sticky', mode: 0o1777 },
        { path: '/srv/sgid', mode: 0o2775 },
      ],
    },
  }),
  'link-exists-same-target': v('3.3.0', { storage: { links: [{ path: '/opt/srvlink', target: '/srv/' }] } }),
  'link-exists-other-target-fails': v('3.3.0', {
    storage: { links: [{ path: '/opt/srvlink', target: '/elsewhere' }] },
  }),
  'directory-overwrite-symlink': v('3.3.0', {
    storage: { directories: [{ path: '/etc/sharelink', overwrite: true, mode: 0o700 }] },
  }),
  'hard-link-exists-same-file': v('3.3.0', {
    storage: { links: [{ path: '/etc/motd', target: '/etc/motd', hard: true }] },
  }),
  'files-in-new-home-after-useradd': v('3.3.0', {
    passwd: { users: [{ name: 'dev', uid: 1800, sshAuthorizedKeys: ['ssh-ed25519 D dev'] }] },
    storage: {
      files: [
        {
          path: '/home/dev/.bashrc',
          overwrite: true,
          mode: 0o644,
          user: { name: 'dev' },
          group: { name: 'dev' },
          contents: { source: d('export X=1\n') },
        },
      ],
      directories: [{ path: '/home/dev/.config', user: { id: 1800 } }],
    },
  }),
  'spec-3.0-files': v('3.0.0', files({ path: '/srv/v30', mode: 0o755, contents: { source: d('#!/bin/sh\n') } })),
  'collision-after-symlinks-fails': v(
    '3.3.0',
    files({ path: '/opt/srvlink/c', contents: { source: d('1') } }, { path: '/srv/c', contents: { source: d('2') } }),
  ),
};

/**
 * Cases run on a second base root: an empty root that got Flatcar's first-boot
 * account files from Hull's image code (src/provision/flatcar-base.ts), as a
 * fresh image ROOT does before its users stage.
 */
export const FLATCAR_CASES: Record<string, string> = {
  'flatcar-core-user': v('3.3.0', {
    passwd: {
      users: [
        {
          name: 'core',
          passwordHash:
            '$6$rounds=4096$saltsalt$0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ab',
          sshAuthorizedKeys: [
            'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHullTutorialKeyOnlyForTestsxxxxxxxxxxxxxxxx me@laptop',
            'ssh-rsa AAAAB3second me@desk',
          ],
          groups: ['sudo', 'docker'],
        },
      ],
    },
  }),
  'flatcar-new-user-and-group': v('3.3.0', {
    passwd: {
      groups: [{ name: 'ops', gid: 2000 }],
      users: [
        {
          name: 'alice',
          uid: 1001,
          primaryGroup: 'ops',
          groups: ['wheel'],
          sshAuthorizedKeys: ['ssh-ed25519 A alice'],
        },
      ],
    },
  }),
};
