/**
 * `hull fleetlock lock|unlock --url URL`: a FleetLock client as Zincati is
 * one — `lock` asks `<url>v1/pre-reboot`, `unlock` `<url>v1/steady-state`,
 * for the node id Zincati would send (computed from /etc/machine-id) or `--id`.
 */
import { Command, Option } from 'commander';
import { fleetLockRequest } from '../../adapters/node/fleetlock-client.js';
import { readMachineId } from '../../adapters/node/machine-id.js';
import { AppError } from '../../core/index.js';
import { zincatiNodeId } from '../../reboot/fleetlock/node-id.js';
import { DEFAULT_GROUP, GROUP_PATTERN } from '../../reboot/fleetlock/protocol.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

interface Flags {
  url?: string;
  group: string;
  id?: string;
  root: string;
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('fleetlock').description("a FleetLock client (Zincati's protocol): take or give back a reboot slot on a lock server");
  const sub = (name: 'lock' | 'unlock', op: 'pre-reboot' | 'steady-state', what: string) =>
    new Command(name)
      .description(what)
      .addOption(new Option('--url <url>', 'the lock server\'s base URL (joined as Zincati does: keep the trailing /)').env('HULL_FLEETLOCK_URL'))
      .option('--group <group>', 'the group (^[a-zA-Z0-9.-]+$)', DEFAULT_GROUP)
      .option('--id <id>', "the node id (default: Zincati's, from <root>/etc/machine-id)")
      .option('--root <dir>', 'the root whose etc/machine-id is read', '/')
      .action(async (flags: Flags) => {
        if (flags.url === undefined) throw new AppError('USAGE', 'give the lock server with --url URL (or HULL_FLEETLOCK_URL)');
        if (!GROUP_PATTERN.test(flags.group)) throw new AppError('USAGE', `--group ${JSON.stringify(flags.group)} does not match ${GROUP_PATTERN.source}`);
        let id = flags.id;
        if (id === undefined) {
          const machineId = readMachineId(flags.root);
          if (machineId === '') throw new AppError('NOT_FOUND', `cannot read the machine id from ${flags.root.replace(/\/$/, '')}/etc/machine-id; give --id`);
          try {
            id = await zincatiNodeId(machineId);
          } catch (e) {
            throw new AppError('INPUT_INVALID', `${flags.root.replace(/\/$/, '')}/etc/machine-id: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        if (id === '') throw new AppError('USAGE', '--id must not be empty');
        const r = await fleetLockRequest(flags.url, op, { id, group: flags.group });
        if (!r.ok) throw new AppError('FLEETLOCK_REFUSED', `${r.kind}: ${r.value}`, { details: { status: r.status, kind: r.kind, value: r.value } });
        if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { op: name, id, group: flags.group } });
        else ctx.stderr.write(`hull: ${name === 'lock' ? 'locked' : 'unlocked'} ${id} in group ${flags.group}\n`);
      });
  cmd.addCommand(sub('lock', 'pre-reboot', 'take a slot (POST v1/pre-reboot); holding one already is fine'));
  cmd.addCommand(sub('unlock', 'steady-state', 'give the slot back (POST v1/steady-state); holding none is fine'));
  return cmd;
}
