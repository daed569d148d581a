/**
 * `hull locksmith …`: a drop-in for locksmithctl against etcd's v2 keys API —
 * the same requests, stored values, stdout, stderr and exit codes (see
 * docs/reboot.md and the recording in test/fixtures/reboot/). Differences, on
 * purpose: a compare-and-swap conflict is retried with backoff instead of
 * failing; a repeated --endpoint adds endpoints; a corrupt semaphore value
 * is an error (exit 1) where locksmithctl's status and set-max crash.
 */
import { Command } from 'commander';
import { EtcdV2KvStore } from '../../adapters/etcd/index.js';
import { readMachineId, systemReboot } from '../../adapters/node/index.js';
import { packageInfo } from '../../adapters/process/index.js';
import { AppError } from '../../core/index.js';
import { DEFAULT_ENDPOINTS, semaphoreKey, RebootLock, type LockFailure } from '../../reboot/index.js';
import type { Semaphore } from '../../reboot/index.js';
import type { CliContext } from '../context.js';
import { GLOBAL_USAGE, parseLocksmithArgs, type LocksmithFlags } from './locksmith-flags.js';

export function command(ctx: CliContext): Command {
  return new Command('locksmith')
    .description(
      'the cluster-wide reboot lock in etcd: a drop-in for locksmithctl (status, lock, unlock, set-max, reboot; Go-style flags)',
    )
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action(async (args: string[]) => {
      ctx.exitCode = await runRaw(args, ctx);
    });
}

/** Retry policy for CAS conflicts: 50 ms doubling to 2 s, with jitter, 30 attempts. */
function retryPolicy(flags: LocksmithFlags, ctx: CliContext) {
  return {
    initialMs: 50,
    maxMs: 2000,
    attempts: 30,
    jitter: 0.5,
    sleep: (ms: number) =>
      new Promise<void>((r) => {
        if (flags.debug) ctx.stderr.write(`compare-and-swap conflict: retrying in ${ms} ms\n`);
        setTimeout(r, ms);
      }),
  };
}

function errorText(err: unknown): string {
  if (err instanceof AppError) return err.detail;
  return err instanceof Error ? err.message : String(err);
}

export async function runRaw(argv: readonly string[], ctx: CliContext): Promise<number> {
  const parsed = parseLocksmithArgs(argv, ctx.env);
  if (parsed.kind === 'fail') {
    ctx.stdout.write(parsed.stdout);
    ctx.stderr.write(parsed.stderr);
    return parsed.exit;
  }
  const { flags, command: cmd, args } = parsed;
  if (flags.version) {
    ctx.stdout.write(`hull locksmith version ${packageInfo().version}\n`);
    return 0;
  }
  const err = (text: string): number => {
    ctx.stderr.write(`${text}\n`);
    return 1;
  };

  /** locksmithctl's getClient: the store, then create-if-absent on the key. */
  const client = async (): Promise<RebootLock | string> => {
    try {
      const kv = new EtcdV2KvStore({
        endpoints: flags.endpoints ?? DEFAULT_ENDPOINTS,
        ...(flags.etcdCaFile !== undefined ? { caFile: flags.etcdCaFile } : {}),
        ...(flags.etcdCertFile !== undefined ? { certFile: flags.etcdCertFile } : {}),
        ...(flags.etcdKeyFile !== undefined ? { keyFile: flags.etcdKeyFile } : {}),
        ...(flags.etcdUsername !== undefined ? { username: flags.etcdUsername } : {}),
        ...(flags.etcdPassword !== undefined ? { password: flags.etcdPassword } : {}),
      });
      const lock = new RebootLock(kv, semaphoreKey(flags.group), retryPolicy(flags, ctx));
      await lock.init();
      return lock;
    } catch (e) {
      const text = errorText(e);
      if (e instanceof AppError && e.code === 'ETCD_UNAVAILABLE' && text.startsWith('no etcd endpoints'))
        return `Error initializing etcd client: ${text}`;
      if (e instanceof AppError && (e.code === 'USAGE' || e.code === 'NOT_FOUND' || e.code === 'IO_FAILED'))
        return `Error initializing etcd client: ${text}`;
      return `Error initializing etcd client: creating etcd lock client: ${text}`;
    }
  };
  /** Runs one lock operation; a thrown error (etcd gone mid-way) reads like locksmith's. */
  const attempt = async <T>(
    prefix: string,
    op: () => Promise<{ ok: true; value: T } | { ok: false; failure: LockFailure }>,
  ): Promise<T | number> => {
    try {
      const r = await op();
      if (r.ok) return r.value;
      return err(`${prefix}: ${r.failure.message}`);
    } catch (e) {
      return err(`${prefix}: ${errorText(e)}`);
    }
  };
  const machineId = (): string | undefined => (args.length > 0 ? args[0] : readMachineId(flags.root) || undefined);

  switch (cmd) {
    case 'help':
      ctx.stdout.write(GLOBAL_USAGE);
      return 0;
    case 'status': {
      const lock = await client();
      if (typeof lock === 'string') return err(lock);
      const sem = await attempt<Semaphore>('Error setting value', async () => {
        const r = await lock.read();
        return r.ok ? { ok: true, value: r.value.semaphore } : r;
      });
      if (typeof sem === 'number') return sem;
      ctx.stdout.write(`Available: ${sem.semaphore}\nMax: ${sem.max}\n`);
      const holders = sem.holders ?? [];
      if (holders.length > 0) ctx.stdout.write(`\nMACHINE ID\n${holders.map((h) => `${h}\n`).join('')}`);
      return 0;
    }
    case 'lock':
    case 'unlock': {
      const lock = await client();
      if (typeof lock === 'string') return err(lock);
      const id = machineId();
      if (id === undefined) return err('Cannot read machine-id');
      const r = await attempt(cmd === 'lock' ? 'Error locking' : 'Error unlocking', () =>
        cmd === 'lock' ? lock.lock(id) : lock.unlock(id),
      );
      return typeof r === 'number' ? r : 0;
    }
    case 'set-max': {
      if (args.length !== 1) return err('New maximum value must be set.');
      const lock = await client();
      if (typeof lock === 'string') return err(lock);
      const text = args[0]!;
      if (!/^[+-]?[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text)))
        return err(`Invalid maximum value: ${text}`);
      const r = await attempt('Error setting value', () => lock.setMax(Number(text)));
      if (typeof r === 'number') return r;
      ctx.stdout.write(`Old-Max: ${r.oldMax}\nMax: ${r.semaphore.max}\n`);
      return 0;
    }
    case 'reboot': {
      if (typeof process.geteuid === 'function' && process.geteuid() !== 0)
        return err('Must be root to initiate reboot.');
      const lock = await client();
      if (typeof lock === 'string') return err(lock);
      const id = readMachineId(flags.root);
      if (id === '') return err('Cannot read machine-id');
      const r = await attempt('Error locking', () => lock.lock(id));
      if (typeof r === 'number') return r;
      try {
        await systemReboot(ctx.env['HULL_REBOOT_COMMAND']);
      } catch (e) {
        // locksmithctl leaves the lock held when the reboot fails; Hull gives it back.
        await lock.unlock(id).catch(() => undefined);
        return err(`Error rebooting: ${errorText(e)}`);
      }
      return 0;
    }
    case 'send-need-reboot':
      return err(
        "send-need-reboot is not supported by hull locksmith: it fakes a D-Bus signal of update_engine, which Hull's agent does not use",
      );
    default:
      ctx.stdout.write(
        `locksmithctl: unknown subcommand: ${JSON.stringify(cmd)}\nRun 'locksmithctl help' for usage.\n`,
      );
      return 2;
  }
}
