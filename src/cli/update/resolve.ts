import { AppError } from '../../core/index.js';
import type { Channel, Group, Package } from '../../update/index.js';

/**
 * What a user names on the command line, found in the lists the API gives:
 * a channel by id or name (and arch), a package by id or version (and arch),
 * a group by id, name or track. Pure; an unknown name is NOT_FOUND with the
 * list command as hint, an ambiguous one USAGE asking for --arch or the id.
 */

const LIST_HINT = {
  channel: 'hull update channels list shows them',
  package: 'hull update packages list shows them',
  group: 'hull update groups list shows them',
};

function ambiguous(what: string, ref: string, candidates: readonly string[], extra: string): AppError {
  return new AppError('USAGE', `${what} ${JSON.stringify(ref)} is ambiguous: ${candidates.join(', ')}`, {
    hint: extra,
  });
}

export function pickChannel(channels: readonly Channel[], ref: string, arch?: string): Channel {
  const byId = channels.find((c) => c.id === ref);
  if (byId) return byId;
  const named = channels.filter((c) => c.name === ref && (arch === undefined || c.arch === arch));
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    return fail(
      ambiguous(
        'channel',
        ref,
        named.map((c) => `${c.name} (${c.arch})`),
        'add --arch amd64|aarch64|x86, or give the channel id',
      ),
    );
  return fail(
    new AppError('NOT_FOUND', `no channel ${JSON.stringify(ref)}${arch ? ` for ${arch}` : ''}`, {
      hint: LIST_HINT.channel,
    }),
  );
}

/** A package by id, or by version (for `arch`: the package of that arch, else one for all). */
export function pickPackage(packages: readonly Package[], ref: string, arch?: string): Package {
  const byId = packages.find((p) => p.id === ref);
  if (byId) return byId;
  let named = packages.filter((p) => p.version === ref);
  if (arch !== undefined) {
    const exact = named.filter((p) => p.arch === arch);
    named = exact.length > 0 ? exact : named.filter((p) => p.arch === 'all');
  }
  if (named.length === 1) return named[0]!;
  if (named.length > 1)
    return fail(
      ambiguous(
        'package version',
        ref,
        named.map((p) => `${p.version} (${p.arch}, ${p.id})`),
        'add --arch, or give the package id',
      ),
    );
  return fail(
    new AppError('NOT_FOUND', `no package ${JSON.stringify(ref)}${arch ? ` for ${arch}` : ''}`, {
      hint: LIST_HINT.package,
    }),
  );
}

/**
 * A group by id, else by name (exactly, then ignoring case), else by track;
 * `arch` narrows names and tracks to groups whose channel has that arch
 * (the seeded `stable` track exists for amd64 and aarch64).
 */
export function pickGroup(groups: readonly Group[], channels: readonly Channel[], ref: string, arch?: string): Group {
  const byId = groups.find((g) => g.id === ref);
  if (byId) return byId;
  const archOf = new Map(channels.map((c) => [c.id, c.arch]));
  const fits = (g: Group) => arch === undefined || (g.channelId !== null && archOf.get(g.channelId) === arch);
  for (const match of [
    (g: Group) => g.name === ref,
    (g: Group) => g.name.toLowerCase() === ref.toLowerCase(),
    (g: Group) => g.track === ref,
  ]) {
    const found = groups.filter((g) => match(g) && fits(g));
    if (found.length === 1) return found[0]!;
    if (found.length > 1) {
      return fail(
        ambiguous(
          'group',
          ref,
          found.map(
            (g) => `${JSON.stringify(g.name)} (${(g.channelId && archOf.get(g.channelId)) || 'no channel'}, ${g.id})`,
          ),
          'add --arch amd64|aarch64|x86, or give the group id or name',
        ),
      );
    }
  }
  return fail(
    new AppError('NOT_FOUND', `no group ${JSON.stringify(ref)}${arch ? ` for ${arch}` : ''} (by id, name or track)`, {
      hint: LIST_HINT.group,
    }),
  );
}

function fail(err: AppError): never {
  throw err;
}
