/** `hull update …`: a client of the update server's management API (docs/cli.md#hull-update). */
import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { appsCommand, channelsCommand, floorsCommand, packagesCommand } from '../update/catalog-commands.js';
import { DEFAULT_SERVER } from '../update/client.js';
import {
  activityCommand,
  groupsCommand,
  instancesCommand,
  rolloutCommand,
  versionsCommand,
} from '../update/fleet-commands.js';
import { FLATCAR_APP } from '../update/session.js';

export function command(ctx: CliContext): Command {
  const cmd = new Command('update')
    .description(
      'manage the update server over its API: apps, channels, packages, floors, groups, rollouts, machines, activity',
    )
    .option('--server <url>', `the hull serve to talk to (env HULL_SERVER; default ${DEFAULT_SERVER})`)
    .option('--token <token>', 'the bearer token (env HULL_TOKEN)')
    .option(
      '--token-file <file>',
      'read the token from this file (env HULL_TOKEN_FILE; default: ./hull-data/admin-token, or $HULL_DATA_DIR/admin-token, when readable)',
    )
    .option('--app <app>', `the application: id, product id or name (default: Flatcar, ${FLATCAR_APP})`);
  for (const sub of [
    appsCommand,
    channelsCommand,
    packagesCommand,
    floorsCommand,
    groupsCommand,
    rolloutCommand,
    instancesCommand,
    activityCommand,
    versionsCommand,
  ]) {
    cmd.addCommand(sub(ctx));
  }
  // --server, --token, --token-file and --app may stand anywhere after `update`; each subcommand's help lists them.
  const showGlobals = (c: Command): void => {
    c.configureHelp({ showGlobalOptions: true });
    c.commands.forEach(showGlobals);
  };
  showGlobals(cmd);
  return cmd.addHelpText(
    'after',
    '\nChannels, packages and groups are named by id or by name (a group also by track; --arch where a name exists for\nseveral arches). A token: hull token create --role admin (or the admin-token file hull serve writes on its first start).',
  );
}
