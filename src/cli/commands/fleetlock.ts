/**
 * `hull fleetlock lock|unlock --url URL`: a FleetLock client as Zincati is
 * one — `lock` asks `<url>v1/pre-reboot`, `unlock` `<url>v1/steady-state`,
 * for the node id Zincati would send (computed from /etc/machine-id) or `--id`.
 */
import { Argument, Command, Option } from 'commander';
import { dbFleetLockGroups, dbKvStore, openStore } from '../../adapters/db/index.js';
import { etcdV3KvStore, parseEtcdEndpoints } from '../../adapters/etcd/index.js';
import { fleetLockRequest, readMachineId } from '../../adapters/node/index.js';
import { AppError, systemClock } from '../../core/index.js';
import {
  groupNameProblem,
  slotMap,
  slotsProblem,
  type FleetLockGroups,
  FleetLockService,
  zincatiNodeId,
  DEFAULT_GROUP,
  GROUP_PATTERN,
} from '../../reboot/index.js';
import type { KvStore } from '../../reboot/index.js';
import { table } from '../table.js';
import { envName, option, storeLocation, storeOptions, type StoreFlags } from '../store-options.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

interface Flags {
  url?: string;
  group: string;
  id?: string;
  root: string;
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('fleetlock').description(
    "FleetLock (Zincati's protocol): take or give back a reboot slot on a lock server; the groups of hull serve's lock server",
  );
  const sub = (name: 'lock' | 'unlock', op: 'pre-reboot' | 'steady-state', what: string) =>
    new Command(name)
      .description(what)
      .addOption(
        new Option('--url <url>', "the lock server's base URL (joined as Zincati does: keep the trailing /)").env(
          'HULL_FLEETLOCK_URL',
        ),
      )
      .option('--group <group>', 'the group (^[a-zA-Z0-9.-]+$)', DEFAULT_GROUP)
      .option('--id <id>', "the node id (default: Zincati's, from <root>/etc/machine-id)")
      .option('--root <dir>', 'the root whose etc/machine-id is read', '/')
      .action(async (flags: Flags) => {
        if (flags.url === undefined)
          throw new AppError('USAGE', 'give the lock server with --url URL (or HULL_FLEETLOCK_URL)');
        if (!GROUP_PATTERN.test(flags.group))
          throw new AppError('USAGE', `--group ${JSON.stringify(flags.group)} does not match ${GROUP_PATTERN.source}`);
        let id = flags.id;
        if (id === undefined) {
          const machineId = readMachineId(flags.root);
          if (machineId === '')
            throw new AppError(
              'NOT_FOUND',
              `cannot read the machine id from ${flags.root.replace(/\/$/, '')}/etc/machine-id; give --id`,
            );
          try {
            id = await zincatiNodeId(machineId);
          } catch (e) {
            throw new AppError(
              'INPUT_INVALID',
              `${flags.root.replace(/\/$/, '')}/etc/machine-id: ${e instanceof Error ? e.message : String(e)}`,
            );
          }
        }
        if (id === '') throw new AppError('USAGE', '--id must not be empty');
        const r = await fleetLockRequest(flags.url, op, { id, group: flags.group });
        if (!r.ok)
          throw new AppError('FLEETLOCK_REFUSED', `${r.kind}: ${r.value}`, {
            details: { status: r.status, kind: r.kind, value: r.value },
          });
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { op: name, id, group: flags.group } });
        else ctx.stderr.write(`hull: ${name === 'lock' ? 'locked' : 'unlocked'} ${id} in group ${flags.group}\n`);
      });
  cmd.addCommand(sub('lock', 'pre-reboot', 'take a slot (POST v1/pre-reboot); holding one already is fine'));
  cmd.addCommand(sub('unlock', 'steady-state', 'give the slot back (POST v1/steady-state); holding none is fine'));
  cmd.addCommand(groupCommand(ctx));
  return cmd;
}

interface ServerFlags extends StoreFlags {
  fleetlockEtcd?: string;
}

/** Opens the store `hull serve` uses (and its etcd, when the semaphores live there), runs `fn`, closes them. */
async function withServer<T>(
  ctx: CliContext,
  flags: ServerFlags,
  fn: (groups: FleetLockGroups, service: FleetLockService) => Promise<T>,
): Promise<T> {
  const { dataDir, database } = storeLocation(flags, ctx);
  const etcd =
    flags.fleetlockEtcd === undefined || flags.fleetlockEtcd === ''
      ? undefined
      : await etcdV3KvStore({ endpoints: parseEtcdEndpoints(flags.fleetlockEtcd, '--fleetlock-etcd') });
  const store = await openStore({ dataDir, databaseUrl: database });
  try {
    const groups = dbFleetLockGroups(store, systemClock);
    const kv: KvStore = etcd ?? dbKvStore(store, systemClock);
    return await fn(
      groups,
      new FleetLockService({
        kv,
        groups: () => slotMap(groups),
        sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
        clock: systemClock,
      }),
    );
  } finally {
    etcd?.close();
    await store.close();
  }
}

function withServerOptions(cmd: Command): Command {
  for (const opt of storeOptions()) cmd.addOption(opt);
  cmd.addOption(
    option('--fleetlock-etcd <urls>', 'the etcd v3 members `hull serve --fleetlock-etcd` keeps the semaphores on'),
  );
  return cmd.addHelpText(
    'after',
    `\nThe store is the one \`hull serve\` uses with the same --data-dir/--database (or HULL_DATA_DIR, HULL_DATABASE); ${envName('--fleetlock-etcd')} as for hull serve.`,
  );
}

function groupCommand(ctx: CliContext): Command {
  const cmd = new Command('group').description(
    "the FleetLock server's groups (opens hull serve's store directly; the API: /api/v1/fleetlock/groups)",
  );
  const mustName = (name: string) => {
    const p = groupNameProblem(name);
    if (p !== undefined) throw new AppError('USAGE', p);
  };
  cmd.addCommand(
    withServerOptions(new Command('list').description('list the groups: name, slots, holders')).action(
      async (opts: ServerFlags) => {
        const items = await withServer(ctx, opts, async (groups, service) => {
          const out = [];
          for (const g of await groups.list())
            out.push({ ...g, holders: [...((await service.holders(g.name))?.holders ?? [])] });
          return out;
        });
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { items } });
        else
          ctx.stdout.write(
            table(
              ['GROUP', 'SLOTS', 'HOLDERS'],
              items.map((g) => [g.name, String(g.slots), g.holders.join(',') || '-']),
            ),
          );
      },
    ),
  );
  cmd.addCommand(
    withServerOptions(
      new Command('set')
        .description("create a group or change its slots (takes effect at the group's next request)")
        .addArgument(new Argument('<group>', 'the group (^[a-zA-Z0-9.-]+$)'))
        .addArgument(new Argument('<slots>', 'how many machines may reboot at once (0 … 10000)')),
    ).action(async (name: string, slotsText: string, opts: ServerFlags) => {
      mustName(name);
      const slots = /^[0-9]+$/.test(slotsText) ? Number(slotsText) : NaN;
      const p = slotsProblem(slots);
      if (p !== undefined) throw new AppError('USAGE', `${p}, not ${JSON.stringify(slotsText)}`);
      const r = await withServer(ctx, opts, (groups) => groups.set(name, slots));
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: r.group });
      else
        ctx.stderr.write(
          `hull: ${r.created ? 'created' : 'changed'} group ${name}: ${slots} slot${slots === 1 ? '' : 's'}\n`,
        );
    }),
  );
  cmd.addCommand(
    withServerOptions(
      new Command('delete')
        .description('delete a group (its machines then get unknown_group)')
        .addArgument(new Argument('<group>')),
    ).action(async (name: string, opts: ServerFlags) => {
      const deleted = await withServer(ctx, opts, (groups) => groups.delete(name));
      if (!deleted) throw new AppError('NOT_FOUND', `no FleetLock group ${name}`);
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { name } });
      else ctx.stderr.write(`hull: deleted group ${name}\n`);
    }),
  );
  cmd.addCommand(
    withServerOptions(
      new Command('release')
        .description('release a stale holder: give its slot back as if it had sent steady-state')
        .addArgument(new Argument('<group>'))
        .addArgument(new Argument('<id>', 'the node id holding the slot')),
    ).action(async (name: string, id: string, opts: ServerFlags) => {
      const r = await withServer(ctx, opts, (_groups, service) => service.release(name, id));
      if (!r.ok) throw new AppError('FLEETLOCK_LOCK_FAILED', `cannot release ${id} in group ${name}: ${r.error.value}`);
      if (!r.released) throw new AppError('NOT_FOUND', `${id} holds no slot in group ${name}`);
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { group: name, id } });
      else ctx.stderr.write(`hull: released ${id} in group ${name}\n`);
    }),
  );
  return cmd;
}
