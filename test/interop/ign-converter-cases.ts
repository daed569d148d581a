/**
 * Inputs of the ign-converter differential corpus (test/fixtures/ignition/ign-converter/):
 * the ct golden outputs of test/fixtures/ct, the hand-written 2.3 cases of the 2.3
 * validator corpus, hand-written edge cases (spec 1, 2.0–2.4, named filesystems with
 * and without an fsmap, networkd units, special mode bits, `create` objects, links,
 * duplicate units, `config.append`, partitions without size/start, path-only
 * filesystems, `tls`), and configs generated from building blocks with a fixed seed
 * (mostly valid, each shaped for its version). Used by record-ign-converter.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { HAND_WRITTEN } from './ignition-v2_3-cases.js';
import { mulberry32 } from '../../src/sim/rng.js';

export interface CorpusInput {
  readonly id: string;
  readonly input: string;
  /** ign-converter's -fsmap file text, when the case has one. */
  readonly fsmap?: string;
}

const v = (version: string, rest: string): string =>
  `{"ignition":{"version":"${version}"}${rest === '' ? '' : `,${rest}`}}`;

const EDGE: readonly [string, string, string?][] = [
  // spec 1
  ['spec1-empty', '{"ignitionVersion":1}'],
  [
    'spec1-file',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/disk/by-label/ROOT","format":"ext4","files":[{"path":"/etc/hostname","contents":"core1","mode":420,"uid":0,"gid":0}]}]}}',
  ],
  [
    'spec1-units',
    '{"ignitionVersion":1,"systemd":{"units":[{"name":"a.service","enable":true,"contents":"[Service]\\nExecStart=/bin/true\\n[Install]\\nWantedBy=multi-user.target"},{"name":"b.service","mask":true,"dropins":[{"name":"x.conf","contents":"[Service]\\nEnvironment=A=b"}]}]}}',
  ],
  [
    'spec1-users',
    '{"ignitionVersion":1,"passwd":{"users":[{"name":"core","sshAuthorizedKeys":["ssh-rsa AAAA"],"create":{"uid":1001,"shell":"/bin/bash","groups":["sudo"]}}],"groups":[{"name":"g","gid":500}]}}',
  ],
  [
    'spec1-networkd',
    '{"ignitionVersion":1,"networkd":{"units":[{"name":"10-eth.network","contents":"[Match]\\nName=eth0\\n[Network]\\nDHCP=yes"}]}}',
  ],
  [
    'spec1-disk',
    '{"ignitionVersion":1,"storage":{"disks":[{"device":"/dev/sdb","wipeTable":true,"partitions":[{"label":"data","number":1,"size":0,"start":0}]}],"filesystems":[{"device":"/dev/sdb1","format":"ext4","create":{"force":true,"options":["-L","DATA"]}}]}}',
  ],
  [
    'spec1-raid',
    '{"ignitionVersion":1,"storage":{"raid":[{"name":"md0","level":"raid1","devices":["/dev/sda","/dev/sdb"]}]}}',
  ],
  ['spec1-bad', '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"zfs"}]}}'],
  [
    'spec1-mode-special',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/disk/by-label/ROOT","format":"ext4","files":[{"path":"/usr/local/bin/x","contents":"#!/bin/sh","mode":3565}]}]}}',
  ],
  // spec 1, recorded later (issue 22): create objects, the fsmap, two filesystems, escapes, refusals, the version key
  [
    'spec1-create',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","create":{"force":true,"options":["-L","DATA"]},"files":[{"path":"/hello","contents":"hi","mode":420}]}]}}',
  ],
  [
    'spec1-create-fsmap',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","create":{"force":true,"options":["-L","DATA"]},"files":[{"path":"/hello","contents":"hi","mode":420}]}]}}',
    '_translate-filesystem-0 /var/data',
  ],
  [
    'spec1-create-unforced',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"xfs","create":{"options":["-f"]}}]}}',
  ],
  [
    'spec1-two-fs',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb1","format":"ext4","files":[{"path":"/a","contents":"a","mode":420}]},{"device":"/dev/sdc1","format":"btrfs","files":[{"path":"/b","contents":"b","mode":384,"uid":500,"gid":500},{"path":"/c","contents":""}]}]}}',
  ],
  [
    'spec1-two-fs-fsmap',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb1","format":"ext4","files":[{"path":"/a","contents":"a","mode":420}]},{"device":"/dev/sdc1","format":"btrfs","files":[{"path":"/b","contents":"b","mode":384}]}]}}',
    '_translate-filesystem-0 /\n_translate-filesystem-1 /srv',
  ],
  [
    'spec1-escape',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sda9","format":"ext4","files":[{"path":"/etc/x y","contents":"é%\\n\\"q\\" <a&b> ~*\'()!_.-\\t\\u2028"}]}]}}',
    '_translate-filesystem-0 /',
  ],
  [
    'spec1-partition-start',
    '{"ignitionVersion":1,"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"a","number":1,"size":4096,"start":2048}]}]}}',
  ],
  [
    'spec1-partition-zero-numbers',
    '{"ignitionVersion":1,"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"number":0,"size":0,"start":0},{"number":0,"size":0,"start":0,"label":"b"}]}]}}',
  ],
  ['spec1-version-2', '{"ignitionVersion":2}'],
  ['spec1-version-string', '{"ignitionVersion":"1"}'],
  ['spec1-with-ignition-1.0.0', '{"ignition":{"version":"1.0.0"},"ignitionVersion":1}'],
  [
    'spec1-unknown-key',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","name":"x"}]},"extra":true}',
  ],
  [
    'spec1-mode-illegal',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","files":[{"path":"/a","contents":"a","mode":8192}]}]}}',
  ],
  ['spec1-format-missing', '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb"}]}}'],
  [
    'spec1-relative-path',
    '{"ignitionVersion":1,"storage":{"filesystems":[{"device":"/dev/sdb","format":"ext4","files":[{"path":"etc/a","contents":"a"}]}]}}',
  ],
  [
    'spec1-unit-bad-name',
    '{"ignitionVersion":1,"systemd":{"units":[{"name":"a.conf","contents":"[Service]"}]},"networkd":{"units":[{"name":"a.txt"}]}}',
  ],
  [
    'spec1-raid-spares',
    '{"ignitionVersion":1,"storage":{"raid":[{"name":"md0","level":"raid0","devices":["/dev/sda","dev/sdb"],"spares":1}]}}',
  ],
  [
    'spec1-users-groups',
    '{"ignitionVersion":1,"passwd":{"users":[{"name":"a","passwordHash":"$6$x","create":{"uid":0,"gecos":"A","homeDir":"/home/a","noCreateHome":true,"primaryGroup":"g","noUserGroup":true,"system":true,"noLogInit":true}},{"name":"b"}],"groups":[{"name":"g","passwordHash":"x","system":true},{"name":"h","gid":0}]}}',
  ],
  // version edge cases
  ['version-missing', '{"ignition":{}}'],
  ['version-1-string', v('1.0.0', '')],
  ['version-2.5', v('2.5.0', '')],
  ['version-2.5-exp', v('2.5.0-experimental', '')],
  ['version-3.0', v('3.0.0', '')],
  ['not-json', '{"ignition":'],
  ['empty-object', '{}'],
  // 2.4.0
  ['v24-empty', v('2.4.0', '')],
  [
    'v24-file',
    v(
      '2.4.0',
      '"storage":{"files":[{"filesystem":"root","path":"/etc/hostname","mode":420,"contents":{"source":"data:,core1"}}]}',
    ),
  ],
  [
    'v24-headers',
    v(
      '2.4.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"https://example.com/a","httpHeaders":[{"name":"Auth","value":"x"}]}}]}',
    ),
  ],
  ['v24-proxy', '{"ignition":{"version":"2.4.0","proxy":{"httpProxy":"http://p:3128","noProxy":["example.com"]}}}'],
  [
    'v24-mount-options',
    v(
      '2.4.0',
      '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb","format":"ext4","mountOptions":["ro"]}}]}',
    ),
  ],
  [
    'v24-mount-options-fsmap',
    v(
      '2.4.0',
      '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb","format":"ext4","mountOptions":["ro"]}}]}',
    ),
    'data /var/data',
  ],
  [
    'v24-sha256',
    v(
      '2.4.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"data:,x","verification":{"hash":"sha256-2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"}}}]}',
    ),
  ],
  ['v24-networkd', v('2.4.0', '"networkd":{"units":[{"name":"10-eth.network","contents":"[Match]\\nName=eth0"}]}')],
  [
    'v24-mode-special',
    v(
      '2.4.0',
      '"storage":{"files":[{"filesystem":"root","path":"/usr/bin/s","mode":2541,"contents":{"source":"data:,"}}],"directories":[{"filesystem":"root","path":"/tmp2","mode":1023}]}',
    ),
  ],
  ['v24-create', v('2.4.0', '"passwd":{"users":[{"name":"u","create":{"uid":1001,"homeDir":"/home/u"}}]}')],
  [
    'v24-ca-headers',
    '{"ignition":{"version":"2.4.0","security":{"tls":{"certificateAuthorities":[{"source":"https://example.com/ca.pem","httpHeaders":[{"name":"A","value":"b"}]}]}}}}',
  ],
  [
    'v24-append-two',
    '{"ignition":{"version":"2.4.0","config":{"append":[{"source":"https://example.com/a.ign"},{"source":"https://example.com/b.ign"}]}}}',
  ],
  // named filesystems
  ...['2.1.0', '2.2.0', '2.3.0'].flatMap((ver): [string, string, string?][] => {
    const fs = '"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"ext4"}}]';
    const file = `"files":[{"filesystem":"data","path":"/hello","contents":{"source":"data:,hi"},"mode":420}]`;
    const k = ver.slice(0, 3);
    return [
      [`fs-named-nomap-${k}`, v(ver, `"storage":{${fs},${file}}`)],
      [`fs-named-map-${k}`, v(ver, `"storage":{${fs},${file}}`), 'data /var/lib/data'],
      [`fs-named-map-root-${k}`, v(ver, `"storage":{${fs},${file}}`), 'data /var/lib/data\nroot /'],
      [`fs-named-map-newline-${k}`, v(ver, `"storage":{${fs},${file}}`), 'data /var/lib/data\n'],
      [
        `fs-named-two-nomap-${k}`,
        v(
          ver,
          `"storage":{"filesystems":[{"name":"a","mount":{"device":"/dev/sdb1","format":"ext4"}},{"name":"b","mount":{"device":"/dev/sdc1","format":"xfs"}}],"directories":[{"filesystem":"b","path":"/d","mode":493}]}`,
        ),
      ],
      [
        `fs-named-one-mapped-${k}`,
        v(
          ver,
          `"storage":{"filesystems":[{"name":"a","mount":{"device":"/dev/sdb1","format":"ext4"}},{"name":"b","mount":{"device":"/dev/sdc1","format":"xfs"}}]}`,
        ),
        'a /a',
      ],
      [
        `fs-oem-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"oem","mount":{"device":"/dev/disk/by-label/OEM","format":"ext4"}}],"files":[{"filesystem":"oem","path":"/grub.cfg","contents":{"source":"data:,set%20x"},"mode":420}]}',
        ),
      ],
      [
        `fs-oem-wipe-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"oem","mount":{"device":"/dev/disk/by-label/OEM","format":"ext4","wipeFilesystem":true}}]}',
        ),
      ],
      [
        `fs-path-only-${k}`,
        v(
          ver,
          `"storage":{"filesystems":[{"name":"p","path":"/srv"}],"files":[{"filesystem":"p","path":"/f","contents":{"source":"data:,x"},"mode":420}]}`,
        ),
      ],
      [
        `fs-path-only-map-${k}`,
        v(
          ver,
          `"storage":{"filesystems":[{"name":"p","path":"/srv"}],"files":[{"filesystem":"p","path":"/f","contents":{"source":"data:,x"},"mode":420}]}`,
        ),
        'p /opt/p',
      ],
      [
        `fs-undefined-${k}`,
        v(ver, '"storage":{"files":[{"filesystem":"nowhere","path":"/f","contents":{"source":"data:,x"},"mode":420}]}'),
      ],
      [
        `fs-create-force-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"ext4","create":{"force":true,"options":["-L","DATA"]}}}]}',
        ),
        'data /var/data',
      ],
      [
        `fs-create-noforce-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"ext4","create":{"options":["-L","DATA"]}}}]}',
        ),
        'data /var/data',
      ],
      [
        `fs-create-nomap-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"ext4","create":{"force":true}}}]}',
        ),
      ],
      [
        `fs-unnamed-${k}`,
        v(ver, '"storage":{"filesystems":[{"mount":{"device":"/dev/sdb1","format":"ext4","wipeFilesystem":true}}]}'),
      ],
      [
        `fs-root-named-${k}`,
        v(
          ver,
          '"storage":{"filesystems":[{"name":"root","mount":{"device":"/dev/disk/by-label/ROOT","format":"ext4"}}],"files":[{"filesystem":"root","path":"/r","contents":{"source":"data:,x"},"mode":420}]}',
        ),
      ],
    ];
  }),
  // networkd
  ...['2.0.0', '2.1.0', '2.2.0', '2.3.0'].map((ver): [string, string] => [
    `networkd-${ver.slice(0, 3)}`,
    v(
      ver,
      '"networkd":{"units":[{"name":"10-eth.network","contents":"[Match]\\nName=eth0\\n\\n[Network]\\nDHCP=yes\\nAddress=10.0.0.2/24 # a comment & more"}]}',
    ),
  ]),
  [
    'networkd-dropins-2.3',
    v(
      '2.3.0',
      '"networkd":{"units":[{"name":"10-eth.network","contents":"[Match]\\nName=eth0","dropins":[{"name":"a.conf","contents":"[Network]\\nDNS=1.1.1.1"}]},{"name":"20-br.netdev","dropins":[{"name":"b.conf","contents":"[NetDev]\\nName=br0"}]}]}',
    ),
  ],
  [
    'networkd-and-file-2.3',
    v(
      '2.3.0',
      '"networkd":{"units":[{"name":"10-eth.network","contents":"[Match]\\nName=eth0"}]},"storage":{"files":[{"filesystem":"root","path":"/etc/systemd/network/10-eth.network","contents":{"source":"data:,x"},"mode":420}]}',
    ),
  ],
  [
    'networkd-unicode-2.3',
    v('2.3.0', '"networkd":{"units":[{"name":"x.link","contents":"[Match]\\nOriginalName=é?/%#\\n"}]}'),
  ],
  [
    'networkd-fsmap-root-2.3',
    v('2.3.0', '"networkd":{"units":[{"name":"x.network","contents":"[Match]\\nName=e"}]}'),
    'root /sysroot',
  ],
  // modes
  ...[0o4755, 0o2755, 0o1777, 0o7777, 0o644, 0o10000, 0].flatMap((m): [string, string][] => [
    [
      `mode-${m.toString(8)}-2.3`,
      v(
        '2.3.0',
        `"storage":{"files":[{"filesystem":"root","path":"/usr/local/bin/x","mode":${m},"contents":{"source":"data:,"}}],"directories":[{"filesystem":"root","path":"/srv/d","mode":${m}}]}`,
      ),
    ],
    [
      `mode-${m.toString(8)}-2.0`,
      v(
        '2.0.0',
        `"storage":{"files":[{"filesystem":"root","path":"/usr/local/bin/x","mode":${m},"contents":{"source":"data:,"}}]}`,
      ),
    ],
  ]),
  [
    'mode-absent-2.2',
    v(
      '2.2.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","contents":{"source":"data:,"}}],"directories":[{"filesystem":"root","path":"/d"}]}',
    ),
  ],
  [
    'mode-absent-2.1',
    v('2.1.0', '"storage":{"files":[{"filesystem":"root","path":"/a","contents":{"source":"data:,"}}]}'),
  ],
  ['link-mode-2.3', v('2.3.0', '"storage":{"links":[{"filesystem":"root","path":"/l","target":"/t","mode":2541}]}')],
  // users' create
  ...['2.0.0', '2.1.0', '2.2.0', '2.3.0'].flatMap((ver): [string, string][] => [
    [
      `user-create-${ver.slice(0, 3)}`,
      v(
        ver,
        '"passwd":{"users":[{"name":"u","passwordHash":"$6$x","sshAuthorizedKeys":["ssh-ed25519 AAAA"],"create":{"uid":1001,"gecos":"U","homeDir":"/home/u","noCreateHome":true,"primaryGroup":"users","groups":["wheel","docker"],"noUserGroup":true,"system":true,"noLogInit":true,"shell":"/bin/zsh"}}]}',
      ),
    ],
    [`user-create-empty-${ver.slice(0, 3)}`, v(ver, '"passwd":{"users":[{"name":"u","create":{}}]}')],
  ]),
  ['user-create-and-fields-2.3', v('2.3.0', '"passwd":{"users":[{"name":"u","uid":5,"create":{"uid":1001}}]}')],
  ['user-create-partial-2.3', v('2.3.0', '"passwd":{"users":[{"name":"u","create":{"shell":"/bin/sh"}}]}')],
  [
    'user-fields-2.3',
    v(
      '2.3.0',
      '"passwd":{"users":[{"name":"u","uid":1002,"gecos":"G","homeDir":"/h","noCreateHome":true,"primaryGroup":"p","groups":["a"],"noUserGroup":true,"system":true,"noLogInit":true,"shell":"/bin/sh"}],"groups":[{"name":"p","gid":1002,"system":true,"passwordHash":"*"}]}',
    ),
  ],
  // links
  ...['2.1.0', '2.3.0']
    .flatMap((ver): [string, string][] => {
      const k = ver.slice(0, 3);
      return [
        [
          `link-prefix-string-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/opt","target":"/var/opt"}],"files":[{"filesystem":"root","path":"/optx/f","contents":{"source":"data:,"},"mode":420}]}',
          ),
        ],
        [
          `link-prefix-path-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/opt","target":"/var/opt"}],"files":[{"filesystem":"root","path":"/opt/f","contents":{"source":"data:,"},"mode":420}]}',
          ),
        ],
        [
          `link-prefix-dir-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/opt","target":"/var/opt"}],"directories":[{"filesystem":"root","path":"/opt/d","mode":493}]}',
          ),
        ],
        [
          `link-prefix-link-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/opt","target":"/var/opt"},{"filesystem":"root","path":"/opt/l","target":"/x"}]}',
          ),
        ],
        [
          `link-hard-${k}`,
          v(ver, '"storage":{"links":[{"filesystem":"root","path":"/h","target":"/etc/hostname","hard":true}]}'),
        ],
        [
          `link-same-path-file-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/a","target":"/b"}],"files":[{"filesystem":"root","path":"/a","contents":{"source":"data:,"},"mode":420}]}',
          ),
        ],
        [
          `link-owner-${k}`,
          v(
            ver,
            '"storage":{"links":[{"filesystem":"root","path":"/a","target":"/b","user":{"id":500},"group":{"name":"core"},"overwrite":true}]}',
          ),
        ],
        [
          `link-named-fs-${k}`,
          v(
            ver,
            '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"ext4"}}],"links":[{"filesystem":"data","path":"/l","target":"/t"}]}',
          ),
        ],
      ];
    })
    .map(
      ([id, text]) =>
        (id.endsWith('-2.1') ? [id, text.replace(/"overwrite":true,?/, '').replace(/,}/g, '}')] : [id, text]) as [
          string,
          string,
        ],
    ),
  // duplicate units and dropins
  [
    'units-dup-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","contents":"[Service]\\nExecStart=/bin/a"},{"name":"a.service","enabled":true,"contents":"[Service]\\nExecStart=/bin/b\\n[Install]\\nWantedBy=multi-user.target"}]}',
    ),
  ],
  [
    'units-dup-dropins-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","dropins":[{"name":"1.conf","contents":"[Unit]\\nA=1"}]},{"name":"a.service","dropins":[{"name":"2.conf","contents":"[Unit]\\nA=2"}]}]}',
    ),
  ],
  [
    'units-dup-same-dropin-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","dropins":[{"name":"1.conf","contents":"[Unit]\\nA=1"}]},{"name":"a.service","mask":true,"dropins":[{"name":"1.conf","contents":"[Unit]\\nA=2"}]}]}',
    ),
  ],
  [
    'units-dup-three-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","contents":"[Unit]\\nA=1"},{"name":"b.service","contents":"[Unit]\\nB=1"},{"name":"a.service","enable":true,"contents":"[Unit]\\nA=2\\n[Install]\\nWantedBy=x"},{"name":"a.service","mask":true}]}',
    ),
  ],
  [
    'units-dup-2.0',
    v(
      '2.0.0',
      '"systemd":{"units":[{"name":"a.service","contents":"[Unit]\\nA=1"},{"name":"a.service","enable":true,"contents":"[Unit]\\nA=2\\n[Install]\\nWantedBy=x"}]}',
    ),
  ],
  [
    'units-dup-dropin-in-one-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","dropins":[{"name":"1.conf","contents":"[Unit]\\nA=1"},{"name":"1.conf","contents":"[Unit]\\nA=2"}]}]}',
    ),
  ],
  [
    'units-many-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"c.service","enabled":false},{"name":"a.service","contents":"[Unit]\\nA=1"},{"name":"b.service","mask":true},{"name":"d.timer","enable":true,"contents":"[Timer]\\nOnCalendar=daily\\n[Install]\\nWantedBy=timers.target"}]}',
    ),
  ],
  [
    'units-enable-enabled-2.3',
    v(
      '2.3.0',
      '"systemd":{"units":[{"name":"a.service","enable":true,"enabled":false,"contents":"[Install]\\nWantedBy=x"}]}',
    ),
  ],
  // config.append / replace
  ...['2.0.0', '2.1.0', '2.2.0', '2.3.0'].flatMap((ver): [string, string][] => [
    [
      `append-one-${ver.slice(0, 3)}`,
      `{"ignition":{"version":"${ver}","config":{"append":[{"source":"https://example.com/a.ign","verification":{"hash":"sha512-${'0'.repeat(128)}"}}]}}}`,
    ],
    [
      `append-two-${ver.slice(0, 3)}`,
      `{"ignition":{"version":"${ver}","config":{"append":[{"source":"https://example.com/a.ign"},{"source":"https://example.com/b.ign","verification":{"hash":"sha512-${'1'.repeat(128)}"}}]}}}`,
    ],
    [
      `replace-${ver.slice(0, 3)}`,
      `{"ignition":{"version":"${ver}","config":{"replace":{"source":"https://example.com/r.ign"}}}}`,
    ],
  ]),
  [
    'append-three-2.3',
    '{"ignition":{"version":"2.3.0","config":{"append":[{"source":"https://e/a"},{"source":"https://e/b"},{"source":"https://e/c"}]}}}',
  ],
  [
    'append-same-twice-2.3',
    '{"ignition":{"version":"2.3.0","config":{"append":[{"source":"https://e/a"},{"source":"https://e/a"}]}}}',
  ],
  // partitions
  ...['2.0.0', '2.1.0', '2.2.0'].flatMap((ver): [string, string][] => [
    [
      `part-nosize-${ver.slice(0, 3)}`,
      v(ver, '"storage":{"disks":[{"device":"/dev/sdb","wipeTable":true,"partitions":[{"label":"data","number":1}]}]}'),
    ],
    [
      `part-size0-${ver.slice(0, 3)}`,
      v(
        ver,
        '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"data","number":1,"size":0,"start":0,"typeGuid":"0FC63DAF-8483-4772-8E79-3D69D8477DE4"}]}]}',
      ),
    ],
    [
      `part-sectors-${ver.slice(0, 3)}`,
      v(
        ver,
        '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"data","number":1,"size":204800,"start":2048}]}]}',
      ),
    ],
    [
      `part-nolabel-${ver.slice(0, 3)}`,
      v(ver, '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"number":1}]}]}'),
    ],
  ]),
  [
    'part-mib-2.3',
    v(
      '2.3.0',
      '"storage":{"disks":[{"device":"/dev/sdb","wipeTable":true,"partitions":[{"label":"data","number":1,"sizeMiB":100,"startMiB":1,"typeGuid":"0FC63DAF-8483-4772-8E79-3D69D8477DE4","guid":"8A8E4A2B-6F2A-4A5B-9E7D-1B6B5E6F3A1C","wipePartitionEntry":true}]}]}',
    ),
  ],
  [
    'part-none-2.3',
    v('2.3.0', '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"data","number":1}]}]}'),
  ],
  [
    'part-shouldexist-2.3',
    v('2.3.0', '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"number":2,"shouldExist":false}]}]}'),
  ],
  [
    'part-sectors-2.3',
    v(
      '2.3.0',
      '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"data","number":1,"size":204800,"start":2048}]}]}',
    ),
  ],
  [
    'part-empty-label-2.3',
    v('2.3.0', '"storage":{"disks":[{"device":"/dev/sdb","partitions":[{"label":"","number":1,"sizeMiB":0}]}]}'),
  ],
  // raid
  [
    'raid-2.3',
    v(
      '2.3.0',
      '"storage":{"raid":[{"name":"md0","level":"raid1","devices":["/dev/sda1","/dev/sdb1"],"spares":0,"options":["--metadata=1.2"]}]}',
    ),
  ],
  [
    'raid-spares-2.0',
    v(
      '2.0.0',
      '"storage":{"raid":[{"name":"md0","level":"raid5","devices":["/dev/sda1","/dev/sdb1","/dev/sdc1"],"spares":1}]}',
    ),
  ],
  // tls and timeouts
  [
    'tls-ca-2.2',
    '{"ignition":{"version":"2.2.0","security":{"tls":{"certificateAuthorities":[{"source":"data:,ca","verification":{"hash":"sha512-' +
      'a'.repeat(128) +
      '"}}]}}}}',
  ],
  [
    'tls-ca-2.3',
    '{"ignition":{"version":"2.3.0","security":{"tls":{"certificateAuthorities":[{"source":"https://example.com/ca.pem"},{"source":"data:,ca2"}]}}}}',
  ],
  ['tls-empty-2.3', '{"ignition":{"version":"2.3.0","security":{"tls":{}}}}'],
  ['timeouts-2.1', '{"ignition":{"version":"2.1.0","timeouts":{"httpResponseHeaders":10,"httpTotal":600}}}'],
  ['timeouts-zero-2.3', '{"ignition":{"version":"2.3.0","timeouts":{"httpResponseHeaders":0,"httpTotal":0}}}'],
  // files
  [
    'file-append-2.2',
    v(
      '2.2.0',
      '"storage":{"files":[{"filesystem":"root","path":"/etc/motd","append":true,"contents":{"source":"data:,hello"},"mode":420}]}',
    ),
  ],
  [
    'file-append-twice-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/etc/motd","append":true,"contents":{"source":"data:,a"},"mode":420},{"filesystem":"root","path":"/etc/motd","append":true,"contents":{"source":"data:,b"},"mode":420}]}',
    ),
  ],
  [
    'file-overwrite-false-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","overwrite":false,"contents":{"source":"data:,a"},"mode":420}]}',
    ),
  ],
  ['file-nocontents-2.3', v('2.3.0', '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420}]}')],
  [
    'file-gzip-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"data:;base64,H4sIAAAAAAAC/0tMTgYAwkEkNQMAAAA=","compression":"gzip"}}]}',
    ),
  ],
  [
    'file-owner-names-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":384,"user":{"name":"core"},"group":{"id":0},"contents":{"source":"data:,"}}]}',
    ),
  ],
  [
    'file-dup-path-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"data:,1"}},{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"data:,2"}}]}',
    ),
  ],
  [
    'file-dup-dir-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420}],"directories":[{"filesystem":"root","path":"/a/","mode":493}]}',
    ),
  ],
  ['file-unclean-path-2.3', v('2.3.0', '"storage":{"files":[{"filesystem":"root","path":"/a//b/../c","mode":420}]}')],
  [
    'file-html-chars-2.3',
    v(
      '2.3.0',
      '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"data:,<a>&b"}}]}',
    ),
  ],
  [
    'file-oem-source-2.3',
    v('2.3.0', '"storage":{"files":[{"filesystem":"root","path":"/a","mode":420,"contents":{"source":"oem:///x"}}]}'),
  ],
  [
    'wipefs-options-2.3',
    v(
      '2.3.0',
      '"storage":{"filesystems":[{"name":"data","mount":{"device":"/dev/sdb1","format":"xfs","wipeFilesystem":true,"label":"DATA","uuid":"8a8e4a2b-6f2a-4a5b-9e7d-1b6b5e6f3a1c","options":["-f"]}}]}',
    ),
    'data /var/data',
  ],
  [
    'swap-2.3',
    v('2.3.0', '"storage":{"filesystems":[{"name":"swap","mount":{"device":"/dev/sdb2","format":"swap"}}]}'),
    'swap /swap',
  ],
  [
    'swap-nomap-2.3',
    v('2.3.0', '"storage":{"filesystems":[{"name":"swap","mount":{"device":"/dev/sdb2","format":"swap"}}]}'),
  ],
];

/** mulberry32 (the simulator's): seeded, so a run can be repeated with its seed. */
const rng = mulberry32;

/** Configs from building blocks, shaped for their version (2.0–2.3), mostly valid. */
function generated(count: number, seed: number): [string, string, string?][] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const chance = (p: number) => r() < p;
  const out: [string, string, string?][] = [];
  for (let n = 0; n < count; n++) {
    const minor = pick([0, 1, 2, 3, 3, 3]);
    const version = `2.${minor}.0`;
    const cfg: Record<string, unknown> = { ignition: { version } };
    const ign = cfg['ignition'] as Record<string, unknown>;
    if (chance(0.15))
      ign['config'] = { append: [{ source: pick(['https://example.com/a.ign', 'data:,%7B%7D', 's3://b/k']) }] };
    if (minor >= 2 && chance(0.3))
      ign['security'] = {
        tls: chance(0.5) ? {} : { certificateAuthorities: [{ source: 'https://example.com/ca.pem' }] },
      };
    if (minor >= 1 && chance(0.15)) ign['timeouts'] = { httpTotal: pick([0, 30, 600]) };
    const storage: Record<string, unknown> = {};
    const named = chance(0.25);
    const fsNames = ['root'];
    let fsmap: string | undefined;
    if (named) {
      const name = pick(['data', 'var', 'oem', 'docker']);
      const mount: Record<string, unknown> = {
        device: pick(['/dev/sdb1', '/dev/disk/by-label/DATA']),
        format: pick(minor >= 1 ? ['ext4', 'xfs', 'btrfs', 'vfat'] : ['ext4', 'xfs', 'btrfs']),
      };
      if (chance(0.3)) mount['create'] = { force: chance(0.8), options: chance(0.5) ? ['-L', 'X'] : [] };
      else if (minor >= 1 && chance(0.4)) mount['wipeFilesystem'] = true;
      if (minor >= 1 && chance(0.3)) mount['label'] = 'DATA';
      storage['filesystems'] = [{ name, mount }];
      fsNames.push(name);
      if (chance(0.5)) fsmap = `${name} /var/lib/${name}`;
    }
    const modes = [420, 493, 384, 0o4755, 0o2755, 0o1777, 0o600, 0o755];
    const owner = () =>
      minor === 0
        ? { id: pick([0, 500, 1000]) }
        : chance(0.5)
          ? { id: pick([0, 500]) }
          : { name: pick(['core', 'root']) };
    const files = Array.from({ length: Math.floor(r() * 4) }, (_, i) => {
      const f: Record<string, unknown> = {
        filesystem: pick(fsNames),
        path: `/etc/gen/${n}/f${i}`,
        contents: { source: pick(['data:,hello', 'data:;base64,aGk=', 'https://example.com/x', '']) },
      };
      if (minor < 2 || chance(0.9)) f['mode'] = pick(modes);
      if (chance(0.3)) f['user'] = owner();
      if (chance(0.2)) f['group'] = owner();
      if (minor >= 2 && chance(0.15)) f['append'] = true;
      if (minor >= 2 && chance(0.1)) f['overwrite'] = false;
      return f;
    });
    if (files.length > 0) storage['files'] = files;
    if (minor >= 1 && chance(0.4))
      storage['directories'] = [{ filesystem: pick(fsNames), path: `/var/gen/${n}`, mode: pick(modes) }];
    if (minor >= 1 && chance(0.3))
      storage['links'] = [
        { filesystem: 'root', path: `/usr/local/gen${n}`, target: '/etc/hostname', hard: chance(0.3) },
      ];
    if (chance(0.2)) {
      const part: Record<string, unknown> = { number: 1, label: 'DATA' };
      if (minor === 3 ? chance(0.6) : chance(0.3))
        Object.assign(part, minor === 3 ? { sizeMiB: 512, startMiB: 0 } : { size: 0, start: 0 });
      storage['disks'] = [{ device: '/dev/sdb', wipeTable: chance(0.5), partitions: [part] }];
    }
    if (chance(0.1)) storage['raid'] = [{ name: 'md0', level: 'raid1', devices: ['/dev/sdb1', '/dev/sdc1'] }];
    if (Object.keys(storage).length > 0) cfg['storage'] = storage;
    const units = Array.from({ length: Math.floor(r() * 3) }, (_, i) => {
      const u: Record<string, unknown> = { name: pick([`g${n}-${i}.service`, `g${n}-${i}.timer`, 'docker.service']) };
      if (chance(0.7))
        u['contents'] = '[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target';
      if (chance(0.5)) u[minor === 0 || chance(0.5) ? 'enable' : 'enabled'] = true;
      if (chance(0.1)) u['mask'] = true;
      if (chance(0.3)) u['dropins'] = [{ name: '10-x.conf', contents: '[Service]\nEnvironment=A=1' }];
      return u;
    });
    if (units.length > 0) cfg['systemd'] = { units };
    if (chance(0.15))
      cfg['networkd'] = { units: [{ name: `${n}-eth.network`, contents: '[Match]\nName=eth*\n[Network]\nDHCP=yes' }] };
    if (chance(0.4)) {
      const user: Record<string, unknown> = {
        name: pick(['core', 'admin']),
        sshAuthorizedKeys: ['ssh-ed25519 AAAAC3 me@host'],
      };
      if (chance(0.3)) user['create'] = { uid: 1001, shell: '/bin/bash', groups: ['docker'] };
      // biome-ignore lint/suspicious/noDuplicateElseIf: a second draw of the generator, not the same condition
      else if (minor >= 1 && chance(0.3)) Object.assign(user, { groups: ['sudo', 'docker'], shell: '/bin/bash' });
      if (chance(0.2)) user['passwordHash'] = '$6$salt$hash';
      const passwd: Record<string, unknown> = { users: [user] };
      if (chance(0.2)) passwd['groups'] = [{ name: 'ops', gid: 2000 }];
      cfg['passwd'] = passwd;
    }
    out.push([`gen-${String(n).padStart(3, '0')}`, JSON.stringify(cfg), fsmap]);
  }
  return out;
}

function ctGoldens(): [string, string][] {
  const dir = new URL('../fixtures/ct/', import.meta.url);
  return readdirSync(dir)
    .sort()
    .flatMap((name): [string, string][] => {
      const p = new URL(`${name}/expected.stdout`, dir);
      if (!existsSync(p)) return [];
      const text = readFileSync(p, 'utf8');
      return text.trim().startsWith('{') ? [[`ct-${name}`, text]] : [];
    });
}

export function corpusInputs(): CorpusInput[] {
  const all: [string, string, string?][] = [
    ...ctGoldens(),
    ...HAND_WRITTEN.map((text, i): [string, string] => [`v23-hand-${String(i).padStart(2, '0')}`, text]),
    ...EDGE,
    ...generated(200, 2222),
  ];
  const seen = new Set<string>();
  return all.map(([id, input, fsmap]) => {
    if (seen.has(id)) throw new Error(`duplicate case id ${id}`);
    seen.add(id);
    return fsmap === undefined ? { id, input } : { id, input, fsmap };
  });
}
