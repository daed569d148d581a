import type { Command } from 'commander';
import type { CliContext } from './context.js';

/** What a subcommand module exports: a builder for its full commander Command. */
export interface CommandModule {
  command(ctx: CliContext): Command;
  /** For `raw` entries: runs the command with its arguments unparsed; returns the exit code. */
  runRaw?(args: readonly string[], ctx: CliContext): Promise<number>;
}

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  readonly load: () => Promise<CommandModule>;
  /**
   * The command parses its own arguments (ct's Go-style `-in-file`, which
   * commander would split into short flags): main passes everything after
   * the command name to `runRaw`; global options before it still apply.
   */
  readonly raw?: boolean;
}

/**
 * Every subcommand, in help order. Only the entry that is invoked is imported,
 * so `hull --help` and `hull version` load no system's code.
 */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'agent',
    summary: 'the update agent (update_engine): run, status, check, reset-status',
    load: () => import('./commands/agent.js'),
  },
  {
    name: 'butane',
    summary: 'Butane configs to Ignition (butane 0.29 drop-in: fcos, flatcar)',
    load: () => import('./commands/butane.js'),
  },
  {
    name: 'cgpt',
    summary: 'cgpt-compatible show/add/prioritize/boot/find/next on GPT image files',
    load: () => import('./commands/cgpt.js'),
  },
  {
    name: 'completion',
    summary: 'print a completion script for bash, zsh or fish',
    load: () => import('./commands/completion.js'),
  },
  {
    name: 'ct',
    summary: "Container Linux Config → Ignition, a drop-in ct 0.9.4 (ct's -flags)",
    load: () => import('./commands/ct.js'),
    raw: true,
  },
  {
    name: 'disk',
    summary: 'GPT disk images: Flatcar layout, A/B /usr slots, rollback',
    load: () => import('./commands/disk.js'),
  },
  {
    name: 'fleetlock',
    summary: "a FleetLock client (Zincati's protocol): lock and unlock a reboot slot on a lock server",
    load: () => import('./commands/fleetlock.js'),
  },
  {
    name: 'host',
    summary: 'a simulated machine: boot a Flatcar-layout image (gptprio, release, health script)',
    load: () => import('./commands/host.js'),
  },
  {
    name: 'ignition',
    summary: 'validate and translate Ignition configs (spec 1, 2.0 to 3.6)',
    load: () => import('./commands/ignition.js'),
  },
  {
    name: 'journal',
    summary: "the central journal with journalctl's flags: an export file or a hull serve (docs/journal.md)",
    load: () => import('./commands/journal.js'),
    raw: true,
  },
  {
    name: 'locksmith',
    summary: 'the cluster-wide reboot lock in etcd: a drop-in for locksmithctl (status, lock, unlock, set-max, reboot)',
    load: () => import('./commands/locksmith.js'),
    raw: true,
  },
  {
    name: 'payload',
    summary: "CrAU v1 update payloads: build, inspect, verify, apply (update_engine's checks and error codes)",
    load: () => import('./commands/payload.js'),
  },
  {
    name: 'provision',
    summary: 'apply an Ignition config to a root directory or bake it into a disk image',
    load: () => import('./commands/provision.js'),
  },
  {
    name: 'serve',
    summary: 'run the Hull server (HTTP API, web pages, store)',
    load: () => import('./commands/serve.js'),
  },
  {
    name: 'sim',
    summary: 'rehearse a rollout on a simulated fleet: check a scenario file (docs/sim.md)',
    load: () => import('./commands/sim.js'),
  },
  {
    name: 'token',
    summary: "the management API's tokens: create, list, revoke",
    load: () => import('./commands/token.js'),
  },
  {
    name: 'transpile',
    summary:
      'any config (Butane, Container Linux Config, Ignition) to Ignition JSON, the dialect told from the content',
    load: () => import('./commands/transpile.js'),
  },
  {
    name: 'update',
    summary: "the update server's API: channels, packages, groups, rollouts, machines",
    load: () => import('./commands/update.js'),
  },
  { name: 'version', summary: 'print the version of Hull', load: () => import('./commands/version.js') },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
