import { Argument, Command, Option } from 'commander';
import { AppError, formatBytes } from '../../core/index.js';
import type { App, Channel, Floor, Package } from '../../update/index.js';
import type { CliContext } from '../context.js';
import { progressFor } from '../progress-line.js';
import { apiPath } from './client.js';
import { appDetail, appsTable, channelsTable, floorsTable, packageDetail, packagesTable } from './render.js';
import { Session } from './session.js';
import { parseWhole } from './values.js';

/** `hull update apps|channels|packages|floors …` */

export const CHANNEL_ARCHES = ['amd64', 'aarch64', 'x86'] as const;
export const PACKAGE_ARCHES = [...CHANNEL_ARCHES, 'all'] as const;

/** An action with the run's Session: `fn(session, positional arguments, the command's own options)`. */
export function act<O extends object = Record<string, never>>(
  ctx: CliContext,
  fn: (s: Session, args: string[], opts: O) => Promise<void>,
) {
  return async (...all: unknown[]): Promise<void> => {
    const cmd = all[all.length - 1] as Command;
    await fn(Session.of(ctx, cmd), all.slice(0, -2) as string[], cmd.opts() as O);
  };
}

const archOption = (what: string) => new Option('--arch <arch>', what).choices(CHANNEL_ARCHES);

export function appsCommand(ctx: CliContext): Command {
  const cmd = new Command('apps').description('applications (Flatcar is seeded; others are yours)');
  cmd.addCommand(
    new Command('list').description('list the applications').action(
      act(ctx, async (s) => {
        const r = await s.call<{ items: App[] }>('GET', apiPath('apps'));
        s.print(r, () => appsTable(r.items, s.width));
      }),
    ),
  );
  cmd.addCommand(
    new Command('show')
      .description('one application')
      .addArgument(new Argument('<app>', 'its id or product id'))
      .action(
        act(ctx, async (s, [id]) => {
          const a = await s.call<App>('GET', apiPath('apps', id!));
          s.print(a, () => appDetail(a));
        }),
      ),
  );
  cmd.addCommand(
    new Command('create')
      .description('create an application')
      .requiredOption('--name <name>', 'its name')
      .option('--description <text>', 'what it is')
      .option('--product-id <id>', 'the product id machines may send instead of the id (e.g. io.example.app)')
      .action(
        act<{ name: string; description?: string; productId?: string }>(ctx, async (s, _args, o) => {
          const a = await s.call<App>('POST', apiPath('apps'), {
            json: {
              name: o.name,
              ...(o.description !== undefined ? { description: o.description } : {}),
              ...(o.productId !== undefined ? { productId: o.productId } : {}),
            },
          });
          s.print(a, () => `created application ${a.name} (${a.id})\n`);
        }),
      ),
  );
  cmd.addCommand(
    new Command('delete')
      .description("delete an application with all its channels, packages, groups and machines' states")
      .addArgument(new Argument('<app>', 'its id or product id'))
      .option('--yes', 'really: everything in it goes')
      .action(
        act<{ yes?: boolean }>(ctx, async (s, [id], o) => {
          if (o.yes !== true)
            throw new AppError('USAGE', `deleting application ${id} deletes everything in it: add --yes to confirm`);
          await s.call('DELETE', apiPath('apps', id!));
          s.print(null, () => `deleted application ${id}\n`);
        }),
      ),
  );
  return cmd;
}

async function promote(
  s: Session,
  channelRef: string,
  pkgRef: string,
  arch?: string,
): Promise<{ channel: Channel; pkg: Package }> {
  const channel = await s.channel(channelRef, arch);
  const pkg = await s.package(pkgRef, channel.arch);
  const changed = await s.call<Channel>('PATCH', await s.appPath('channels', channel.id), {
    json: { packageId: pkg.id },
  });
  return { channel: changed, pkg };
}

export function channelsCommand(ctx: CliContext): Command {
  const cmd = new Command('channels').description(
    'channels (alpha, beta, stable and yours, per arch) and the package each points at',
  );
  cmd.addCommand(
    new Command('list').description('list the channels with their versions').action(
      act(ctx, async (s) => {
        const [channels, packages] = await Promise.all([s.channels(), s.packages()]);
        s.print({ items: channels }, () => channelsTable(channels, packages, s.width));
      }),
    ),
  );
  cmd.addCommand(
    new Command('create')
      .description('create a channel')
      .addArgument(new Argument('<name>', 'its name'))
      .addOption(archOption("the machines' arch").makeOptionMandatory())
      .option('--color <css>', 'its colour in the web pages')
      .action(
        act<{ arch: string; color?: string }>(ctx, async (s, [name], o) => {
          const c = await s.call<Channel>('POST', await s.appPath('channels'), {
            json: { name, arch: o.arch, ...(o.color !== undefined ? { color: o.color } : {}) },
          });
          s.print(c, () => `created channel ${c.name} (${c.arch}) ${c.id}\n`);
        }),
      ),
  );
  cmd.addCommand(
    new Command('promote')
      .description('point a channel at a package: its groups offer that version')
      .addArgument(
        new Argument('<channel>', 'the channel: its id, or its name (with --arch when it exists for several)'),
      )
      .addArgument(new Argument('<package>', "the package: its version (of the channel's arch) or id"))
      .addOption(archOption("the channel's arch, when its name is not enough"))
      .action(
        act<{ arch?: string }>(ctx, async (s, [channelRef, pkgRef], o) => {
          const { channel, pkg } = await promote(s, channelRef!, pkgRef!, o.arch);
          s.print(
            channel,
            () => `channel ${channel.name} (${channel.arch}) now points at ${pkg.version} (${pkg.id})\n`,
          );
        }),
      ),
  );
  cmd.addCommand(
    new Command('delete')
      .description('delete a channel (refused while a group uses it)')
      .addArgument(new Argument('<channel>', 'its id or name'))
      .addOption(archOption("the channel's arch, when its name is not enough"))
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          const c = await s.channel(ref!, o.arch);
          await s.call('DELETE', await s.appPath('channels', c.id));
          s.print(null, () => `deleted channel ${c.name} (${c.arch}) ${c.id}\n`);
        }),
      ),
  );
  return cmd;
}

export function packagesCommand(ctx: CliContext): Command {
  const cmd = new Command('packages').description('packages: payloads uploaded to this server or hosted elsewhere');
  cmd.addCommand(
    new Command('list').description('list the packages, newest first').action(
      act(ctx, async (s) => {
        const [packages, channels] = await Promise.all([s.packages(), s.channels()]);
        s.print({ items: packages }, () => packagesTable(packages, channels, s.width));
      }),
    ),
  );
  cmd.addCommand(
    new Command('show')
      .description('one package: where it is, its size and hashes, its channels')
      .addArgument(new Argument('<package>', 'its id or version'))
      .addOption(new Option('--arch <arch>', 'the arch, when a version exists for several').choices(PACKAGE_ARCHES))
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          const [p, channels] = await Promise.all([s.package(ref!, o.arch), s.channels()]);
          s.print(p, () => packageDetail(p, channels));
        }),
      ),
  );
  cmd.addCommand(
    new Command('upload')
      .description('upload a payload file; this server hosts it (streamed, with a progress line on a terminal)')
      .addArgument(new Argument('<file>', 'the payload (flatcar_production_update.gz)'))
      .requiredOption('--version <version>', 'the version it updates to, e.g. 3815.2.0')
      .addOption(new Option('--arch <arch>', 'its arch').choices(PACKAGE_ARCHES).default('amd64'))
      .option('--filename <name>', 'the name machines download it as (default: flatcar_production_update.gz)')
      .option('--description <text>', 'a note')
      .option('--promote <channel>', 'then point this channel (of the same arch) at it')
      .action(
        act<{ version: string; arch: string; filename?: string; description?: string; promote?: string }>(
          ctx,
          async (s, [file], o) => {
            const path = await s.appPath('packages', 'upload');
            const progress = progressFor(ctx);
            let pkg: Package;
            try {
              progress.update({ kind: 'start', stage: 'upload', step: file! });
              pkg = await s.call<Package>('POST', path, {
                query: { version: o.version, arch: o.arch, filename: o.filename, description: o.description },
                file: {
                  path: file!,
                  onBytes: (done, total) => progress.update({ kind: 'bytes', label: file!, done, total }),
                },
              });
            } finally {
              progress.stop();
            }
            const promoted =
              o.promote === undefined
                ? undefined
                : await promote(s, o.promote, pkg.id, pkg.arch === 'all' ? undefined : pkg.arch);
            const line = `uploaded ${file} as package ${pkg.version} (${pkg.arch}) ${pkg.id}: ${formatBytes(pkg.size)}, sha256 ${pkg.sha256Hex}\n`;
            if (promoted)
              s.print(
                { package: pkg, channel: promoted.channel },
                () =>
                  `${line}channel ${promoted.channel.name} (${promoted.channel.arch}) now points at ${pkg.version}\n`,
              );
            else s.print(pkg, () => line);
          },
        ),
      ),
  );
  cmd.addCommand(
    new Command('add')
      .description('register a package hosted elsewhere (this server only points machines at its URL)')
      .requiredOption('--version <version>', 'the version it updates to')
      .requiredOption(
        '--url <url>',
        "where machines fetch it: the file's URL, or the directory (ending in /) with --filename",
      )
      .requiredOption('--size <bytes>', 'its size in bytes')
      .requiredOption('--sha1 <base64>', 'its SHA-1, base64 (28 characters)')
      .requiredOption('--sha256 <hex>', 'its SHA-256, hex (64 characters)')
      .addOption(new Option('--arch <arch>', 'its arch').choices(PACKAGE_ARCHES).default('amd64'))
      .option('--filename <name>', 'its file name (default: the last part of --url)')
      .option('--description <text>', 'a note')
      .option('--promote <channel>', 'then point this channel (of the same arch) at it')
      .action(
        act<{
          version: string;
          url: string;
          size: string;
          sha1: string;
          sha256: string;
          arch: string;
          filename?: string;
          description?: string;
          promote?: string;
        }>(ctx, async (s, _args, o) => {
          const { url, filename } = splitUrl(o.url, o.filename);
          const body = {
            version: o.version,
            arch: o.arch,
            url,
            filename,
            size: parseWhole(o.size, '--size'),
            sha1: o.sha1,
            sha256Hex: o.sha256.toLowerCase(),
            ...(o.description !== undefined ? { description: o.description } : {}),
          };
          const pkg = await s.call<Package>('POST', await s.appPath('packages'), { json: body });
          const promoted =
            o.promote === undefined
              ? undefined
              : await promote(s, o.promote, pkg.id, pkg.arch === 'all' ? undefined : pkg.arch);
          const line = `added package ${pkg.version} (${pkg.arch}) ${pkg.id} at ${pkg.url}${pkg.filename}\n`;
          if (promoted)
            s.print(
              { package: pkg, channel: promoted.channel },
              () => `${line}channel ${promoted.channel.name} (${promoted.channel.arch}) now points at ${pkg.version}\n`,
            );
          else s.print(pkg, () => line);
        }),
      ),
  );
  cmd.addCommand(
    new Command('delete')
      .description('delete a package (refused while a channel, floor or pin uses it); a hosted file goes too')
      .addArgument(new Argument('<package>', 'its id or version'))
      .addOption(new Option('--arch <arch>', 'the arch, when a version exists for several').choices(PACKAGE_ARCHES))
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          const p = await s.package(ref!, o.arch);
          await s.call('DELETE', await s.appPath('packages', p.id));
          s.print(null, () => `deleted package ${p.version} (${p.arch}) ${p.id}\n`);
        }),
      ),
  );
  cmd.addCommand(
    new Command('blacklist')
      .description('never offer a package on a channel (or, with --remove, offer it again)')
      .addArgument(new Argument('<package>', 'its id or version'))
      .requiredOption('--channel <channel>', 'the channel: id or name')
      .addOption(archOption('the arch of the channel and package, when names are not enough'))
      .option('--remove', "take the channel off the package's blacklist")
      .action(
        act<{ channel: string; arch?: string; remove?: boolean }>(ctx, async (s, [ref], o) => {
          const c = await s.channel(o.channel, o.arch);
          const p = await s.package(ref!, c.arch);
          const ids = o.remove
            ? p.blacklistChannelIds.filter((id) => id !== c.id)
            : [...new Set([...p.blacklistChannelIds, c.id])];
          const changed = await s.call<Package>('PATCH', await s.appPath('packages', p.id), {
            json: { blacklistChannelIds: ids },
          });
          s.print(
            changed,
            () =>
              `package ${p.version} (${p.arch}) is ${o.remove ? 'no longer blacklisted' : 'blacklisted'} on channel ${c.name} (${c.arch})\n`,
          );
        }),
      ),
  );
  return cmd;
}

/** `https://h/p/f.gz` → codebase `https://h/p/` and file `f.gz`, unless a file name is given (then the URL is the codebase). */
export function splitUrl(url: string, filename?: string): { url: string; filename: string } {
  if (filename !== undefined) return { url, filename };
  const at = url.lastIndexOf('/');
  const last = url.slice(at + 1);
  if (at < 0 || last === '' || /^https?:\/\/[^/]*$/.test(url))
    throw new AppError('USAGE', `--url ${url} names no file: give the file's URL, or --filename`);
  return { url: url.slice(0, at + 1), filename: decodeURIComponent(last) };
}

export function floorsCommand(ctx: CliContext): Command {
  const cmd = new Command('floors').description(
    "a channel's floors: versions machines must pass through on the way to newer ones",
  );
  const channelArg = () => new Argument('<channel>', 'the channel: id or name');
  cmd.addCommand(
    new Command('list')
      .description("list a channel's floors")
      .addArgument(channelArg())
      .addOption(archOption("the channel's arch, when its name is not enough"))
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref], o) => {
          const c = await s.channel(ref!, o.arch);
          const [r, packages] = await Promise.all([
            s.call<{ items: Floor[] }>('GET', await s.appPath('channels', c.id, 'floors')),
            s.packages(),
          ]);
          s.print(r, () => floorsTable(r.items, packages, s.width));
        }),
      ),
  );
  cmd.addCommand(
    new Command('add')
      .description('make a package a floor of the channel')
      .addArgument(channelArg())
      .addArgument(new Argument('<package>', 'its version or id'))
      .option('--reason <text>', 'why machines must pass through it')
      .addOption(archOption("the channel's arch, when its name is not enough"))
      .action(
        act<{ arch?: string; reason?: string }>(ctx, async (s, [ref, pkgRef], o) => {
          const c = await s.channel(ref!, o.arch);
          const p = await s.package(pkgRef!, c.arch);
          const f = await s.call<Floor>('PUT', await s.appPath('channels', c.id, 'floors', p.id), {
            json: o.reason === undefined ? {} : { reason: o.reason },
          });
          s.print(f, () => `${p.version} is a floor of channel ${c.name} (${c.arch})\n`);
        }),
      ),
  );
  cmd.addCommand(
    new Command('remove')
      .description('remove a floor')
      .addArgument(channelArg())
      .addArgument(new Argument('<package>', 'its version or id'))
      .addOption(archOption("the channel's arch, when its name is not enough"))
      .action(
        act<{ arch?: string }>(ctx, async (s, [ref, pkgRef], o) => {
          const c = await s.channel(ref!, o.arch);
          const p = await s.package(pkgRef!, c.arch);
          await s.call('DELETE', await s.appPath('channels', c.id, 'floors', p.id));
          s.print(null, () => `${p.version} is no longer a floor of channel ${c.name} (${c.arch})\n`);
        }),
      ),
  );
  return cmd;
}
