import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { NodeProcessRunner, rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision, type ProcessRunner } from '../../src/provision/index.js';

// Issue 11: names of users, groups and units go to shadow-utils and systemctl
// after "--", so a name that looks like an option is a name to the tool
// (which refuses it, or acts on that unit), never an option such as --prefix.
// The real tools run on a scratch target.

let work = '';
const cfg = (rest: object) => JSON.stringify({ ignition: { version: '3.3.0' }, ...rest });
const PASSWD = 'root:x:0:0:root:/root:/bin/sh\n';

before(() => {
  const missing = ['/usr/sbin/useradd', '/usr/sbin/groupadd', '/usr/bin/systemctl'].filter((p) => !existsSync(p));
  if (missing.length > 0)
    throw new Error(`missing ${missing.join(', ')}: run scripts/setup-system (installs Debian's passwd and systemd)`);
  work = mkdtempSync(join(tmpdir(), 'hull-prov-names-'));
});
after(() => rmSync(work, { recursive: true, force: true }));

function target(name: string): string {
  const t = join(work, name);
  mkdirSync(join(t, 'etc/skel'), { recursive: true });
  mkdirSync(join(t, 'home'));
  writeFileSync(join(t, 'etc/passwd'), PASSWD);
  writeFileSync(join(t, 'etc/group'), 'root:x:0:\n');
  writeFileSync(join(t, 'etc/shadow'), 'root:*:19000:0:99999:7:::\n', { mode: 0o640 });
  writeFileSync(join(t, 'etc/gshadow'), 'root:*::\n', { mode: 0o640 });
  writeFileSync(join(t, 'etc/login.defs'), readFileSync('/etc/login.defs'));
  return t;
}

/** The real runner, recording each command line. */
function recording(): { runner: ProcessRunner; calls: string[][] } {
  const real = new NodeProcessRunner();
  const calls: string[][] = [];
  return {
    calls,
    runner: {
      run: (cmd, args, opts) => {
        calls.push([cmd, ...args]);
        return real.run(cmd, args, opts);
      },
    },
  };
}

test('a user named "--prefix=DIR" is a name to useradd (refused as one), never its --prefix option', async () => {
  const t = target('user');
  const prefix = target('prefix'); // what --prefix would have edited
  const name = `--prefix=${prefix}`;
  const { runner, calls } = recording();
  const r = await provision(
    cfg({ passwd: { users: [{ name, sshAuthorizedKeys: ['ssh-ed25519 AAAA k'] }] } }),
    rootPorts(t, { runner }),
  );
  assert.equal(r.ok, false);
  const err = r.stages.find((s) => s.status === 'failed')?.error;
  assert.equal(err?.code, 'PROVISION_TOOL_FAILED');
  assert.match(err?.message ?? '', /invalid user name/, 'useradd judged it as a user name');
  assert.deepEqual(
    calls.map((c) => c.slice(-2)),
    [['--', name]],
  );
  assert.equal(readFileSync(join(prefix, 'etc/passwd'), 'utf8'), PASSWD);
  assert.equal(readFileSync(join(t, 'etc/passwd'), 'utf8'), PASSWD);
});

test('a group named "--help" is a name to groupadd (refused as one), not a request for help that "succeeds"', async () => {
  const t = target('group');
  const { runner, calls } = recording();
  const r = await provision(cfg({ passwd: { groups: [{ name: '--help' }] } }), rootPorts(t, { runner }));
  assert.equal(r.ok, false);
  assert.match(r.stages.find((s) => s.status === 'failed')?.error?.message ?? '', /not a valid group name/);
  assert.deepEqual(
    calls.map((c) => c.slice(-2)),
    [['--', '--help']],
  );
});

test('usermod and userdel get "--" too', async () => {
  const t = target('mod');
  writeFileSync(
    join(t, 'etc/passwd'),
    `${PASSWD}old:x:1500:1500::/home/old:/bin/sh\ngone:x:1501:1501::/home/gone:/bin/sh\n`,
  );
  writeFileSync(
    join(t, 'etc/shadow'),
    'root:*:19000:0:99999:7:::\nold:*:19000:0:99999:7:::\ngone:*:19000:0:99999:7:::\n',
    { mode: 0o640 },
  );
  const { runner, calls } = recording();
  const r = await provision(
    cfg({
      passwd: {
        users: [
          { name: 'old', passwordHash: 'h' },
          { name: 'gone', shouldExist: false },
        ],
      },
    }),
    rootPorts(t, { runner }),
  );
  assert.equal(r.ok, true, JSON.stringify(r.stages));
  assert.deepEqual(
    calls.map((c) => [c[0], ...c.slice(-2)]),
    [
      ['usermod', '--', 'old'],
      ['usermod', '--', 'old'],
      ['userdel', '--', 'gone'],
    ],
  );
  assert.match(readFileSync(join(t, 'etc/shadow'), 'utf8'), /^old:h:/m);
});

test('a unit named "--global.service" is disabled as a unit by systemctl, not read as its --global option', async () => {
  const t = target('unit');
  mkdirSync(join(t, 'etc/systemd/system/multi-user.target.wants'), { recursive: true });
  writeFileSync(
    join(t, 'etc/systemd/system/--global.service'),
    '[Service]\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
  );
  symlinkSync(
    '/etc/systemd/system/--global.service',
    join(t, 'etc/systemd/system/multi-user.target.wants/--global.service'),
  );
  const { runner, calls } = recording();
  const r = await provision(
    cfg({ systemd: { units: [{ name: '--global.service', enabled: false }] } }),
    rootPorts(t, { runner }),
  );
  assert.equal(r.ok, true, JSON.stringify(r.stages));
  assert.deepEqual(calls, [['systemctl', '--root', t, 'disable', '--', '--global.service']]);
  assert.equal(
    existsSync(join(t, 'etc/systemd/system/multi-user.target.wants/--global.service')),
    false,
    'the unit was disabled',
  );
  assert.equal(
    readFileSync(join(t, 'etc/systemd/system-preset/20-ignition.preset'), 'utf8'),
    'disable --global.service\n',
  );
});
