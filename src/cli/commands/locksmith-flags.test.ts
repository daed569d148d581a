import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLocksmithArgs } from './locksmith-flags.js';

interface Ran {
  command: string;
  args: readonly string[];
  endpoints: string[] | undefined;
  group: string;
  debug: boolean;
  ca: string | undefined;
  user: string | undefined;
}
const ok = (argv: string[], env: Record<string, string> = {}): Ran => {
  const r = run(argv, env);
  if (typeof r === 'string') throw new Error(r);
  return r;
};
const run = (argv: string[], env: Record<string, string> = {}): Ran | string => {
  const r = parseLocksmithArgs(argv, env);
  if (r.kind !== 'run') return `fail ${r.exit}: ${r.stdout}|${r.stderr.split('\n')[0]}`;
  return {
    command: r.command,
    args: r.args,
    endpoints: r.flags.endpoints,
    group: r.flags.group,
    debug: r.flags.debug,
    ca: r.flags.etcdCaFile,
    user: r.flags.etcdUsername,
  };
};

test('Go flag syntax for the global flags, then the subcommand', () => {
  assert.deepEqual(run(['-endpoint', 'http://a:1', '--group=web', 'lock', 'm1']), {
    command: 'lock',
    args: ['m1'],
    endpoints: ['http://a:1'],
    group: 'web',
    debug: false,
    ca: undefined,
    user: undefined,
  });
  assert.deepEqual(ok(['--endpoint=http://a:1, http://b:2', '--endpoint', 'http://c:3', 'status']).endpoints, [
    'http://a:1',
    'http://b:2',
    'http://c:3',
  ]);
  assert.deepEqual(run(['-debug', '--etcd-cafile', '/ca', 'status']), {
    command: 'status',
    args: [],
    endpoints: undefined,
    group: '',
    debug: true,
    ca: '/ca',
    user: undefined,
  });
  assert.deepEqual(ok(['--debug=false', '--', 'status']).debug, false);
  assert.equal(ok([]).command, 'help');
  assert.equal(
    run(['status', '--group', 'x']),
    'fail 2: flag provided but not defined: -group\n|flag provided but not defined: -group',
    'flags after the subcommand are its own (none)',
  );
});

test('LOCKSMITHCTL_* fill unset flags; a flag given wins; empty values count as unset', () => {
  const env = {
    LOCKSMITHCTL_ENDPOINT: 'http://e:1,http://e:2',
    LOCKSMITHCTL_GROUP: 'g',
    LOCKSMITHCTL_ETCD_USERNAME: 'u',
    LOCKSMITHCTL_DEBUG: 'true',
    LOCKSMITHCTL_ETCD_CAFILE: '',
  };
  assert.deepEqual(run(['status'], env), {
    command: 'status',
    args: [],
    endpoints: ['http://e:1', 'http://e:2'],
    group: 'g',
    debug: true,
    ca: undefined,
    user: 'u',
  });
  assert.deepEqual(run(['--group=flag', '--endpoint=http://f:1', 'status'], env), {
    command: 'status',
    args: [],
    endpoints: ['http://f:1'],
    group: 'flag',
    debug: true,
    ca: undefined,
    user: 'u',
  });
});

test('flag errors as Go prints them', () => {
  assert.equal(run(['--nope', 'status']), 'fail 2: |flag provided but not defined: -nope');
  assert.equal(run(['--group']), 'fail 2: |flag needs an argument: -group');
  assert.equal(run(['--debug=maybe', 'status']), 'fail 2: |invalid boolean value "maybe" for -debug: parse error');
  assert.equal(run(['set-max', '-1']), 'fail 2: flag provided but not defined: -1\n|flag provided but not defined: -1');
  assert.equal(run(['lock', '-h']), 'fail 2: flag: help requested\n|Usage:');
  assert.deepEqual(run(['bogus', '-x']), {
    command: 'bogus',
    args: ['-x'],
    endpoints: undefined,
    group: '',
    debug: false,
    ca: undefined,
    user: undefined,
  });
  assert.deepEqual(ok(['set-max', '--', '-1']).args, ['-1']);
});
