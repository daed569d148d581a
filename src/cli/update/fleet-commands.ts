import { Argument, Command, Option } from 'commander';
import { AppError, pushAll } from '../../core/index.js';
import type { Group } from '../../update/index.js';
import type { CliContext } from '../context.js';
import { apiPath } from './client.js';
import { act, CHANNEL_ARCHES } from './catalog-commands.js';
import {
  activityTable,
  groupDetail,
  groupsTable,
  instanceDetail,
  instancesTable,
  pageLine,
  rolloutDetail,
  versionsTable,
  type ActivityJson,
  type InstanceDetailJson,
  type InstanceRowJson,
  type Page,
  type RolloutJson,
} from './render.js';
import type { Session } from './session.js';
import { parseBoolean, parseNumber, parseSeconds, parseWhole, sinceTime } from './values.js';

/** `hull update groups|rollout|instances|activity|versions …` */

const STATUSES = [
  'undefined',
  'granted',
  'error',
  'complete',
  'installed',
  'downloaded',
  'downloading',
  'onhold',
] as const;
const groupArg = () => new Argument('<group>', 'the group: its id, name or track');
const archOption = () =>
  new Option('--arch <arch>', "the arch of the group's channel, when its name or track is not enough").choices(
    CHANNEL_ARCHES,
  );

interface PolicyFlags {
  updatesEnabled?: string;
  safeMode?: string | true;
  officeHours?: string | true;
  timezone?: string;
  maxPerPeriod?: string;
  period?: string;
  updateTimeout?: string;
  autoHalt?: string;
  haltThreshold?: string;
  haltMinSamples?: string;
  haltWindow?: string;
}

/** The policy flags of `groups create` and `groups set`. */
function addPolicyOptions(cmd: Command): Command {
  return cmd
    .option('--updates-enabled <bool>', 'true: the group grants updates; false: none')
    .option('--safe-mode [bool]', 'grant one machine at a time until one completes (bare: on)')
    .option('--office-hours [bool]', 'grant only Monday to Friday, 9:00 to 17:00 in --timezone (bare: on)')
    .option('--timezone <tz>', 'IANA time zone for office hours, e.g. Europe/Berlin')
    .option('--max-per-period <n>', 'machines granted per --period at most')
    .option('--period <duration>', 'the period of --max-per-period: 90s, 15m, 1h, 1d')
    .option('--update-timeout <duration>', 'an update not finished in this time is timed out')
    .option('--auto-halt <on|off>', 'halt the rollout when too many machines fail or roll back')
    .option('--halt-threshold <share>', 'the share of failures and rollbacks (0 to 1) that halts')
    .option('--halt-min-samples <n>', 'no auto-halt with fewer granted machines than this')
    .option('--halt-window <duration>', 'machines granted within this time are the sample');
}

/** The flags given as the API's policy patch (only those given). */
export function policyPatch(o: PolicyFlags): Record<string, unknown> {
  const bare = (v: string | true, flag: string) => (v === true ? true : parseBoolean(v, flag));
  const p: Record<string, unknown> = {};
  if (o.updatesEnabled !== undefined) p.updatesEnabled = parseBoolean(o.updatesEnabled, '--updates-enabled');
  if (o.safeMode !== undefined) p.safeMode = bare(o.safeMode, '--safe-mode');
  if (o.officeHours !== undefined) p.officeHours = bare(o.officeHours, '--office-hours');
  if (o.timezone !== undefined) p.timezone = o.timezone;
  if (o.maxPerPeriod !== undefined)
    p.maxUpdatesPerPeriod = parseWhole(o.maxPerPeriod, '--max-per-period', 1, 1_000_000);
  if (o.period !== undefined) p.periodIntervalSeconds = parseSeconds(o.period, '--period');
  if (o.updateTimeout !== undefined) p.updateTimeoutSeconds = parseSeconds(o.updateTimeout, '--update-timeout');
  const halt: Record<string, unknown> = {};
  if (o.autoHalt !== undefined) halt.enabled = parseBoolean(o.autoHalt, '--auto-halt');
  if (o.haltThreshold !== undefined) halt.threshold = parseNumber(o.haltThreshold, '--halt-threshold', 0, 1);
  if (o.haltMinSamples !== undefined)
    halt.minSamples = parseWhole(o.haltMinSamples, '--halt-min-samples', 1, 1_000_000);
  if (o.haltWindow !== undefined) halt.windowSeconds = parseSeconds(o.haltWindow, '--halt-window');
  if (Object.keys(halt).length > 0) p.autoHalt = halt;
  return p;
}

async function showGroup(s: Session, g: Group, verb: string): Promise<void> {
  const [channels, packages] = await Promise.all([s.channels(), s.packages()]);
  s.print(g, () => `${verb ? `${verb}\n` : ''}${groupDetail(g, channels, packages)}`);
}

export function groupsCommand(ctx: CliContext): Command {
  const cmd = new Command('groups').description('groups of machines: a track, a channel and a rollout policy');
  cmd.addCommand(
    new Command('list').description('list the groups').action(
      act(ctx, async (s) => {
        const [groups, channels, packages] = await Promise.all([s.groups(), s.channels(), s.packages()]);
        s.print({ items: groups }, () => groupsTable(groups, channels, packages, s.width));
      }),
    ),
  );
  cmd.addCommand(
    new Command('show')
      .description('one group and its policy')
      .addArgument(groupArg())
      .addOption(archOption())
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          await showGroup(s, await s.group(ref!, o.arch), '');
        }),
      ),
  );
  cmd.addCommand(
    addPolicyOptions(
      new Command('create')
        .description('create a group (policy flags not given take the defaults)')
        .addArgument(new Argument('<name>', 'its name'))
        .requiredOption('--track <track>', 'what its machines send as GROUP in update.conf')
        .requiredOption('--channel <channel>', 'the channel it follows: id or name')
        .addOption(
          new Option('--arch <arch>', "the channel's arch, when its name is not enough").choices(CHANNEL_ARCHES),
        )
        .option('--description <text>', 'what it is for'),
    ).action(
      act<PolicyFlags & { track: string; channel: string; arch?: string; description?: string }>(
        ctx,
        async (s, [name], o) => {
          const policy = policyPatch(o);
          const c = await s.channel(o.channel, o.arch);
          const body = {
            name,
            track: o.track,
            channelId: c.id,
            ...(o.description !== undefined ? { description: o.description } : {}),
            ...(Object.keys(policy).length > 0 ? { policy } : {}),
          };
          const g = await s.call<Group>('POST', await s.appPath('groups'), { json: body });
          await showGroup(s, g, `created group ${g.name} (${g.id})`);
        },
      ),
    ),
  );
  cmd.addCommand(
    addPolicyOptions(
      new Command('set')
        .description('change a group or its policy (only what is given)')
        .addArgument(groupArg())
        .addOption(archOption())
        .option('--name <name>', 'a new name')
        .option('--track <track>', 'a new track')
        .option('--channel <channel>', 'another channel: id or name')
        .option('--description <text>', 'a new description'),
    ).action(
      act<PolicyFlags & { arch?: string; name?: string; track?: string; channel?: string; description?: string }>(
        ctx,
        async (s, [ref], o) => {
          const policy = policyPatch(o);
          const g = await s.group(ref!, o.arch);
          const channelId = o.channel === undefined ? undefined : (await s.channel(o.channel, await s.groupArch(g))).id;
          const body = {
            ...(o.name !== undefined ? { name: o.name } : {}),
            ...(o.track !== undefined ? { track: o.track } : {}),
            ...(channelId !== undefined ? { channelId } : {}),
            ...(o.description !== undefined ? { description: o.description } : {}),
            ...(Object.keys(policy).length > 0 ? { policy } : {}),
          };
          if (Object.keys(body).length === 0)
            throw new AppError(
              'USAGE',
              'nothing to change: give a policy flag (--max-per-period, --auto-halt, …) or --name, --track, --channel, --description',
            );
          const changed = await s.call<Group>('PATCH', await s.appPath('groups', g.id), { json: body });
          await showGroup(s, changed, `changed group ${changed.name} (${changed.id})`);
        },
      ),
    ),
  );
  cmd.addCommand(
    new Command('delete')
      .description("delete a group and its machines' states")
      .addArgument(groupArg())
      .addOption(archOption())
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          const g = await s.group(ref!, o.arch);
          await s.call('DELETE', await s.appPath('groups', g.id));
          s.print(null, () => `deleted group ${g.name} (${g.id})\n`);
        }),
      ),
  );
  return cmd;
}

export function rolloutCommand(ctx: CliContext): Command {
  const cmd = new Command('rollout').description("a group's rollout: state, halt, resume, pin, staged percentage");
  const leaf = (name: string, description: string) =>
    new Command(name).description(description).addArgument(groupArg()).addOption(archOption());
  cmd.addCommand(
    leaf('show', 'the target version, staged share, policy counts and auto-halt sample').action(
      act<{ arch?: string }>(ctx, async (s, [ref], o) => {
        const g = await s.group(ref!, o.arch);
        const [r, channels, packages] = await Promise.all([
          s.call<RolloutJson>('GET', await s.appPath('groups', g.id, 'rollout')),
          s.channels(),
          s.packages(),
        ]);
        s.print(r, () => rolloutDetail(r, channels, packages));
      }),
    ),
  );
  cmd.addCommand(
    leaf('halt', 'stop granting updates in the group until resumed')
      .option('--reason <text>', 'why (in the activity log)')
      .action(
        act<{ arch?: string; reason?: string }>(ctx, async (s, [ref], o) => {
          const g = await s.group(ref!, o.arch);
          const changed = await s.call<Group>('POST', await s.appPath('groups', g.id, 'rollout', 'halt'), {
            json: o.reason === undefined ? {} : { reason: o.reason },
          });
          s.print(changed, () => `halted the rollout of group ${g.name}\n`);
        }),
      ),
  );
  cmd.addCommand(
    leaf('resume', 'grant updates again after a halt').action(
      act<{ arch?: string }>(ctx, async (s, [ref], o) => {
        const g = await s.group(ref!, o.arch);
        const changed = await s.call<Group>('POST', await s.appPath('groups', g.id, 'rollout', 'resume'));
        s.print(changed, () => `resumed the rollout of group ${g.name}\n`);
      }),
    ),
  );
  cmd.addCommand(
    leaf('pin', "offer this package instead of the channel's (older ones only with --allow-downgrade)")
      .addArgument(new Argument('<package>', "its version (of the group's arch) or id"))
      .option('--allow-downgrade', 'machines newer than the pin are offered it too')
      .action(
        act<{ arch?: string; allowDowngrade?: boolean }>(ctx, async (s, [ref, pkgRef], o) => {
          const g = await s.group(ref!, o.arch);
          const p = await s.package(pkgRef!, (await s.groupArch(g)) ?? o.arch);
          const changed = await s.call<Group>('PUT', await s.appPath('groups', g.id, 'rollout', 'pin'), {
            json: { packageId: p.id, allowDowngrade: o.allowDowngrade === true },
          });
          s.print(
            changed,
            () => `pinned group ${g.name} to ${p.version} (${p.id})${o.allowDowngrade ? ', downgrades allowed' : ''}\n`,
          );
        }),
      ),
  );
  cmd.addCommand(
    leaf('unpin', 'follow the channel again').action(
      act<{ arch?: string }>(ctx, async (s, [ref], o) => {
        const g = await s.group(ref!, o.arch);
        const changed = await s.call<Group>('DELETE', await s.appPath('groups', g.id, 'rollout', 'pin'));
        s.print(changed, () => `group ${g.name} follows its channel again\n`);
      }),
    ),
  );
  cmd.addCommand(
    leaf('percent', "the share of the group's machines that may take the new version (by machine id)")
      .addArgument(new Argument('<percent>', '0 to 100'))
      .option('--ramp <duration>', 'then rise linearly to 100% over this time: 6h, 2d')
      .action(
        act<{ arch?: string; ramp?: string }>(ctx, async (s, [ref, pct], o) => {
          const percent = parseNumber(pct!, 'percent', 0, 100, { percent: true });
          const durationSeconds = o.ramp === undefined ? undefined : parseSeconds(o.ramp, '--ramp');
          const g = await s.group(ref!, o.arch);
          const changed = await s.call<Group>('PUT', await s.appPath('groups', g.id, 'rollout', 'staged'), {
            json: { percent, ...(durationSeconds !== undefined ? { durationSeconds } : {}) },
          });
          s.print(
            changed,
            () =>
              `group ${g.name}: ${percent}% of machines may update${o.ramp ? `, rising to 100% over ${o.ramp}` : ''}\n`,
          );
        }),
      ),
  );
  return cmd;
}

interface InstanceFlags {
  group?: string;
  arch?: string;
  status?: string;
  version?: string;
  search?: string;
  sort?: string;
  desc?: boolean;
  page?: string;
  perPage?: string;
  all?: boolean;
  hidden?: boolean;
}

export function instancesCommand(ctx: CliContext): Command {
  const cmd = new Command('instances').description('machines: their versions and update status');
  cmd.addCommand(
    new Command('list')
      .description('list machines: filter, search, sort, page')
      .option('--group <group>', 'only this group (id, name or track)')
      .addOption(archOption())
      .addOption(new Option('--status <status>', 'only machines in this status').choices(STATUSES))
      .option('--version <version>', 'only machines running this version')
      .option('--search <text>', 'part of the machine id, alias or IP')
      .addOption(new Option('--sort <field>', 'sort by').choices(['lastCheck', 'id', 'alias', 'version', 'ip']))
      .option('--desc', 'sort descending')
      .option('--page <n>', 'the page (from 1)')
      .option('--per-page <n>', 'machines per page (up to 1000; default 50)')
      .option('--all', 'every page')
      .option('--hidden', 'also machines hidden by retention (not seen for --retention-days)')
      .action(
        act<InstanceFlags>(ctx, async (s, _args, o) => {
          if (o.all && o.page !== undefined) throw new AppError('USAGE', '--all and --page exclude each other');
          const perPage =
            o.perPage === undefined ? (o.all ? 1000 : undefined) : parseWhole(o.perPage, '--per-page', 1, 1000);
          let page = o.page === undefined ? 1 : parseWhole(o.page, '--page', 1, 1_000_000);
          const group = o.group === undefined ? undefined : await s.group(o.group, o.arch);
          const query = {
            appId: await s.app(),
            groupId: group?.id,
            status: o.status,
            version: o.version,
            search: o.search,
            sort: o.sort,
            order: o.desc ? 'desc' : undefined,
            perPage,
            includeHidden: o.hidden ? true : undefined,
          };
          let result = await s.call<Page<InstanceRowJson>>('GET', apiPath('instances'), { query: { ...query, page } });
          if (o.all) {
            const items = [...result.items];
            while (items.length < result.total && result.items.length > 0) {
              result = await s.call<Page<InstanceRowJson>>('GET', apiPath('instances'), {
                query: { ...query, page: ++page },
              });
              pushAll(items, result.items);
            }
            result = { items, total: result.total, page: 1, perPage: Math.max(items.length, 1) };
          }
          const groups = await s.groups();
          s.print(result, () => instancesTable(result, groups, s.width));
          s.note(pageLine(result, 'machine', 'machines', '--page N, --per-page N, --all'));
        }),
      ),
  );
  cmd.addCommand(
    new Command('show')
      .description('one machine: its state, status history and events')
      .addArgument(new Argument('<machine>', 'its machine id'))
      .action(
        act(ctx, async (s, [id]) => {
          const d = await s.call<InstanceDetailJson>('GET', apiPath('instances', id!), {
            query: { appId: s.flags.app === undefined ? undefined : await s.app() },
          });
          const groups = await s.groups();
          s.print(d, () => instanceDetail(d, groups));
        }),
      ),
  );
  return cmd;
}

export function activityCommand(ctx: CliContext): Command {
  return new Command('activity')
    .description('the activity log, newest first: rollouts, halts, failures, promotions')
    .option('--group <group>', 'only this group (id, name or track)')
    .addOption(archOption())
    .addOption(
      new Option('--severity <severity>', 'only this severity').choices(['success', 'info', 'warning', 'error']),
    )
    .option('--since <duration>', 'only the last 15m, 2h, 7d, …')
    .option('--page <n>', 'the page (from 1)')
    .option('--per-page <n>', 'entries per page (up to 1000; default 50)')
    .action(
      act<{ group?: string; arch?: string; severity?: string; since?: string; page?: string; perPage?: string }>(
        ctx,
        async (s, _args, o) => {
          const from = o.since === undefined ? undefined : sinceTime(o.since, '--since', new Date());
          const page = o.page === undefined ? undefined : parseWhole(o.page, '--page', 1, 1_000_000);
          const perPage = o.perPage === undefined ? undefined : parseWhole(o.perPage, '--per-page', 1, 1000);
          const group = o.group === undefined ? undefined : await s.group(o.group, o.arch);
          const r = await s.call<Page<ActivityJson>>('GET', apiPath('activity'), {
            query: { appId: await s.app(), groupId: group?.id, severity: o.severity, from, page, perPage },
          });
          s.print(r, () => activityTable(r, s.width));
          s.note(pageLine(r, 'activity entry', 'activity entries', '--page N, --per-page N'));
        },
      ),
    );
}

export function versionsCommand(ctx: CliContext): Command {
  return new Command('versions')
    .description("a group's machines per running version")
    .addArgument(groupArg())
    .addOption(archOption())
    .action(
      act<{ arch?: string }>(ctx, async (s, [ref], o) => {
        const g = await s.group(ref!, o.arch);
        const r = await s.call<{ items: { version: string; instances: number; percent: number }[] }>(
          'GET',
          await s.appPath('groups', g.id, 'version-breakdown'),
        );
        s.print(r, () => versionsTable(r.items));
      }),
    );
}
