/**
 * locksmithctl's command line, parsed as Go's flag package does: global flags
 * (`-flag`, `--flag`, `-flag=value`, `-flag value`; booleans take no separate
 * value) up to the first argument that is not a flag or `--`; then the
 * subcommand and its own arguments (the subcommands define no flags, so an
 * argument starting with `-` before the first plain one is "not defined").
 * Unset flags are then taken from `LOCKSMITHCTL_<FLAG>` (upper case, dashes as
 * underscores; an empty value counts as unset). Pure.
 *
 * Unlike locksmithctl, a repeated `--endpoint` adds to the list (locksmithctl's
 * help promises that, but its flag keeps only the last one).
 */
import { pushAll } from '../../core/index.js';

export interface LocksmithFlags {
  debug: boolean;
  version: boolean;
  endpoints: string[] | undefined;
  group: string;
  etcdCaFile: string | undefined;
  etcdCertFile: string | undefined;
  etcdKeyFile: string | undefined;
  etcdUsername: string | undefined;
  etcdPassword: string | undefined;
  /** Hull's own: the root whose etc/machine-id names this machine (default `/`). */
  root: string;
}

export type ParsedLocksmith =
  | { readonly kind: 'run'; readonly flags: LocksmithFlags; readonly command: string; readonly args: readonly string[] }
  /** A flag error: what Go prints and the exit code. */
  | { readonly kind: 'fail'; readonly stdout: string; readonly stderr: string; readonly exit: number };

const VALUE_FLAGS = [
  'endpoint',
  'group',
  'etcd-cafile',
  'etcd-certfile',
  'etcd-keyfile',
  'etcd-username',
  'etcd-password',
  'root',
] as const;
const BOOL_FLAGS = ['debug', 'version'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];
export const KNOWN_COMMANDS: readonly string[] = [
  'help',
  'lock',
  'reboot',
  'send-need-reboot',
  'set-max',
  'status',
  'unlock',
];

export const GLOBAL_USAGE = `Usage: hull locksmith [global flags] <command> [args]
Manage the cluster-wide reboot lock (a drop-in for locksmithctl).

Commands:
  status              the available slots, the maximum and the holders
  lock [MACHINE-ID]   take a slot (default: this machine's /etc/machine-id)
  unlock [MACHINE-ID] give a slot back
  set-max N           set the number of slots (holders are kept)
  reboot              take this machine's slot, then reboot (as root)
  help                this text

Global flags (also LOCKSMITHCTL_<FLAG>, e.g. LOCKSMITHCTL_ENDPOINT; a flag wins):
  --endpoint URL      etcd endpoint; repeat it or give a comma list
                      (default http://127.0.0.1:2379,http://127.0.0.1:4001)
  --group NAME        the locksmith group (default: the global semaphore)
  --etcd-cafile F, --etcd-certfile F, --etcd-keyfile F   TLS to etcd
  --etcd-username U, --etcd-password P                   etcd authentication
  --debug             say on stderr when a compare-and-swap conflict is retried
  --version           print the version
  --root DIR          read DIR/etc/machine-id (Hull only; default /)

A compare-and-swap conflict (another machine changed the lock in between) is
retried with backoff, where locksmithctl fails. See docs/reboot.md.
`;

function goBool(v: string): boolean | undefined {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
  return undefined;
}

export function parseLocksmithArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedLocksmith {
  const flags: LocksmithFlags = {
    debug: false,
    version: false,
    endpoints: undefined,
    group: '',
    etcdCaFile: undefined,
    etcdCertFile: undefined,
    etcdKeyFile: undefined,
    etcdUsername: undefined,
    etcdPassword: undefined,
    root: '/',
  };
  const set = new Set<string>();
  const globalFail = (msg: string): ParsedLocksmith => ({
    kind: 'fail',
    stdout: '',
    stderr: `${msg}\n${GLOBAL_USAGE}`,
    exit: 2,
  });
  const assign = (name: ValueFlag, value: string): void => {
    set.add(name);
    const list = (): string[] => value.split(',').map((e) => e.trim());
    switch (name) {
      case 'endpoint':
        flags.endpoints = [...(flags.endpoints ?? []), ...list()];
        break;
      case 'group':
        flags.group = value;
        break;
      case 'etcd-cafile':
        flags.etcdCaFile = value;
        break;
      case 'etcd-certfile':
        flags.etcdCertFile = value;
        break;
      case 'etcd-keyfile':
        flags.etcdKeyFile = value;
        break;
      case 'etcd-username':
        flags.etcdUsername = value;
        break;
      case 'etcd-password':
        flags.etcdPassword = value;
        break;
      case 'root':
        flags.root = value;
        break;
    }
  };

  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    const body = arg.startsWith('--') ? arg.slice(2) : arg.slice(1);
    if (body === '' || body.startsWith('-') || body.startsWith('=')) return globalFail(`bad flag syntax: ${arg}`);
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    if (name === 'h' || name === 'help') return { kind: 'fail', stdout: '', stderr: GLOBAL_USAGE, exit: 0 };
    if ((BOOL_FLAGS as readonly string[]).includes(name)) {
      const v = inline === undefined ? true : goBool(inline);
      if (v === undefined)
        return globalFail(`invalid boolean value ${JSON.stringify(inline)} for -${name}: parse error`);
      if (name === 'debug') flags.debug = v;
      else flags.version = v;
      set.add(name);
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name))
      return globalFail(`flag provided but not defined: -${name}`);
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= argv.length) return globalFail(`flag needs an argument: -${name}`);
      value = argv[++i]!;
    }
    assign(name as ValueFlag, value);
  }
  const rest = argv.slice(i);

  for (const name of [...VALUE_FLAGS, ...BOOL_FLAGS]) {
    if (set.has(name) || name === 'root') continue;
    const v = env[`LOCKSMITHCTL_${name.toUpperCase().replace(/-/g, '_')}`];
    if (v === undefined || v === '') continue;
    if (name === 'debug' || name === 'version') {
      const b = goBool(v);
      if (b !== undefined) flags[name] = b;
    } else assign(name, v);
  }

  const command = rest[0] ?? 'help';
  if (!KNOWN_COMMANDS.includes(command)) return { kind: 'run', flags, command, args: rest.slice(1) };
  // The subcommand's own (empty) flag set.
  const args: string[] = [];
  // Its first flag, if any, is refused; `--` ends the flags.
  let j = 1;
  const a = rest[j];
  if (a === '--') j++;
  else if (a?.startsWith('-') && a !== '-') {
    const body = a.replace(/^--?/, '');
    const name = body.split('=')[0] ?? '';
    if (name === 'h' || name === 'help')
      return { kind: 'fail', stdout: 'flag: help requested\n', stderr: 'Usage:\n', exit: 2 };
    const msg =
      body === '' || body.startsWith('-') || body.startsWith('=')
        ? `bad flag syntax: ${a}`
        : `flag provided but not defined: -${name}`;
    return { kind: 'fail', stdout: `${msg}\n`, stderr: `${msg}\nUsage:\n`, exit: 2 };
  }
  pushAll(args, rest.slice(j));
  return { kind: 'run', flags, command, args };
}
