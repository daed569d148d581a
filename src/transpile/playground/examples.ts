/**
 * Example configs per dialect, offered by the playground's example picker.
 * Every example of an available dialect must transpile without an error
 * (src/transpile/playground.test.ts and the API tests run them all).
 */
import type { Example } from './dialect.js';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPlaygroundExampleKeyNotARealOne core@example';

const UNIT = `[Unit]
Description=Say hello once
[Service]
Type=oneshot
ExecStart=/usr/bin/echo hello
[Install]
WantedBy=multi-user.target
`;

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

export const IGNITION_EXAMPLES: readonly Example[] = [
  {
    name: 'Spec 3.4.0: user, file, unit',
    source: json({
      ignition: { version: '3.4.0' },
      passwd: { users: [{ name: 'core', sshAuthorizedKeys: [KEY] }] },
      storage: {
        files: [{ path: '/etc/hostname', mode: 420, overwrite: true, contents: { source: 'data:,my-host%0A' } }],
      },
      systemd: { units: [{ name: 'hello.service', enabled: true, contents: UNIT }] },
    }),
  },
  {
    name: 'Spec 3.0.0: a directory and a link',
    source: json({
      ignition: { version: '3.0.0' },
      storage: {
        directories: [{ path: '/opt/tools', mode: 493 }],
        links: [{ path: '/usr/local/bin/tool', target: '/opt/tools/tool' }],
      },
    }),
  },
  {
    name: 'Spec 2.3.0 (Container Linux): file on the root filesystem',
    source: json({
      ignition: { version: '2.3.0' },
      storage: {
        files: [{ filesystem: 'root', path: '/etc/hostname', mode: 420, contents: { source: 'data:,my-host%0A' } }],
      },
      systemd: { units: [{ name: 'hello.service', enabled: true, contents: UNIT }] },
    }),
  },
];

export const CT_EXAMPLES: readonly Example[] = [
  {
    name: 'User, file and unit',
    source: `passwd:
  users:
    - name: core
      ssh_authorized_keys:
        - ${KEY}
storage:
  files:
    - path: /etc/hostname
      filesystem: root
      mode: 0644
      contents:
        inline: my-host
systemd:
  units:
    - name: hello.service
      enabled: true
      contents: |
${UNIT.replace(/^/gm, '        ').trimEnd()}
`,
  },
];

export const BUTANE_EXAMPLES: readonly Example[] = [
  {
    name: 'Fedora CoreOS (fcos 1.5.0)',
    source: `variant: fcos
version: 1.5.0
passwd:
  users:
    - name: core
      ssh_authorized_keys:
        - ${KEY}
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: my-host
`,
  },
  {
    name: 'Flatcar (flatcar 1.1.0)',
    source: `variant: flatcar
version: 1.1.0
storage:
  files:
    - path: /etc/hostname
      mode: 0644
      contents:
        inline: my-host
systemd:
  units:
    - name: hello.service
      enabled: true
      contents: |
${UNIT.replace(/^/gm, '        ').trimEnd()}
`,
  },
];
