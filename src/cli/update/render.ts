import { formatBytes } from '../../core/index.js';
import type { App, Channel, Floor, Group, Instance, Package } from '../../update/index.js';
import { dash, fields, table } from '../table.js';
import { formatSeconds } from './values.js';

/** The API's answers as `hull update` prints them for people (src/http/routes/update/schemas.ts has the shapes). */

export interface InstanceAppJson {
  readonly appId: string;
  readonly groupId: string;
  readonly version: string;
  readonly status: string;
  readonly lastCheckAt: string;
  readonly lastUpdateGrantedAt: string | null;
  readonly lastUpdateVersion: string | null;
  readonly lastUpdateFromVersion: string | null;
  readonly updateInProgress: boolean;
}
export interface InstanceRowJson {
  readonly instance: Instance;
  readonly app: InstanceAppJson;
  readonly lastSeen: string;
  readonly hidden: boolean;
}
export interface InstanceDetailJson {
  readonly instance: Instance;
  readonly apps: readonly {
    readonly app: InstanceAppJson;
    readonly statusHistory: readonly { status: string; version: string; createdAt: string }[];
    readonly events: readonly {
      type: number;
      result: number;
      errorCode: number | null;
      previousVersion: string | null;
      version: string;
      createdAt: string;
    }[];
  }[];
}
export interface ActivityJson {
  readonly className: string;
  readonly severityName: string;
  readonly groupId: string | null;
  readonly version: string | null;
  readonly message: string;
  readonly createdAt: string;
}
export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly perPage: number;
}
export interface RolloutJson {
  readonly group: Group;
  readonly targetVersion: string | null;
  readonly stagedPercentNow: number;
  readonly stats: { grantedInPeriod: number; inProgress: number; timedOut: number; attemptedCurrent: number };
  readonly haltSample: { granted: number; failed: number; rolledBack: number };
}

/** `2024-05-01T10:00:00.000Z` → `2024-05-01 10:00:00Z`. */
export const time = (iso: string | null | undefined): string =>
  iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';

export function appsTable(apps: readonly App[], width?: number): string {
  return table(
    [{ title: 'ID', id: true }, 'NAME', 'PRODUCT ID', 'DESCRIPTION'],
    apps.map((a) => [a.id, a.name, dash(a.productId), dash(a.description)]),
    width,
  );
}

export function appDetail(a: App): string {
  return fields([
    ['id', a.id],
    ['name', a.name],
    ['product id', dash(a.productId)],
    ['description', dash(a.description)],
    ['created', time(a.createdAt)],
  ]);
}

const versionOf = (packages: readonly Package[], id: string | null) =>
  id === null ? '-' : (packages.find((p) => p.id === id)?.version ?? id);

export function channelsTable(channels: readonly Channel[], packages: readonly Package[], width?: number): string {
  return table(
    [{ title: 'ID', id: true }, 'NAME', 'ARCH', 'VERSION', { title: 'PACKAGE', id: true }],
    channels.map((c) => [c.id, c.name, c.arch, versionOf(packages, c.packageId), dash(c.packageId)]),
    width,
  );
}

export function packagesTable(packages: readonly Package[], channels: readonly Channel[], width?: number): string {
  return table(
    [{ title: 'ID', id: true }, 'VERSION', 'ARCH', 'SIZE', 'CHANNELS', 'WHERE'],
    packages.map((p) => [
      p.id,
      p.version,
      p.arch,
      formatBytes(p.size),
      dash(
        channels
          .filter((c) => c.packageId === p.id)
          .map((c) => `${c.name}/${c.arch}`)
          .join(','),
      ),
      p.url === null ? `hosted ${p.filename}` : `${p.url}${p.filename}`,
    ]),
    width,
  );
}

export function packageDetail(p: Package, channels: readonly Channel[]): string {
  const name = (id: string) => channels.find((c) => c.id === id);
  return fields([
    ['id', p.id],
    ['version', p.version],
    ['arch', p.arch],
    ['where', p.url === null ? `hosted by this server: /packages/${p.id}/${p.filename}` : `${p.url}${p.filename}`],
    ['size', `${p.size} (${formatBytes(p.size)})`],
    ['sha1 (base64)', p.sha1],
    ['sha256 (hex)', p.sha256Hex],
    ['sha256 (base64)', p.action.sha256],
    [
      'channels',
      dash(
        channels
          .filter((c) => c.packageId === p.id)
          .map((c) => `${c.name} (${c.arch})`)
          .join(', '),
      ),
    ],
    [
      'blacklisted in',
      dash(p.blacklistChannelIds.map((id) => (name(id) ? `${name(id)!.name} (${name(id)!.arch})` : id)).join(', ')),
    ],
    ['extra files', dash(p.extraFiles.map((f) => f.name).join(', '))],
    ['description', dash(p.description)],
    ['created', time(p.createdAt)],
  ]);
}

export function floorsTable(floors: readonly Floor[], packages: readonly Package[], width?: number): string {
  return table(
    [{ title: 'PACKAGE', id: true }, 'VERSION', 'REASON'],
    floors.map((f) => [f.packageId, versionOf(packages, f.packageId), dash(f.reason)]),
    width,
  );
}

/** What the group's rollout is doing, in a word or three. */
export function rolloutWord(g: Group, packages: readonly Package[]): string {
  const p = g.policy;
  const parts: string[] = [];
  if (g.rollout.halted) parts.push('HALTED');
  if (!p.updatesEnabled) parts.push('updates off');
  if (p.pin) parts.push(`pinned ${versionOf(packages, p.pin.packageId)}${p.pin.allowDowngrade ? ' (downgrade)' : ''}`);
  if (p.staged.percent < 100 || p.staged.schedule)
    parts.push(`staged ${p.staged.percent}%${p.staged.schedule ? '↗' : ''}`);
  return parts.length === 0 ? 'on' : parts.join(', ');
}

const channelName = (channels: readonly Channel[], id: string | null) => {
  const c = id === null ? undefined : channels.find((x) => x.id === id);
  return c ? `${c.name} (${c.arch})` : dash(id);
};

export function groupsTable(
  groups: readonly Group[],
  channels: readonly Channel[],
  packages: readonly Package[],
  width?: number,
): string {
  return table(
    [{ title: 'ID', id: true }, 'NAME', 'TRACK', 'CHANNEL', 'ROLLOUT'],
    groups.map((g) => [g.id, g.name, g.track, channelName(channels, g.channelId), rolloutWord(g, packages)]),
    width,
  );
}

export function policyFields(g: Group, packages: readonly Package[]): [string, string][] {
  const p = g.policy;
  const onOff = (b: boolean) => (b ? 'on' : 'off');
  return [
    ['updates enabled', String(p.updatesEnabled)],
    ['safe mode', onOff(p.safeMode)],
    ['office hours', `${onOff(p.officeHours)} (time zone ${p.timezone})`],
    ['max per period', `${p.maxUpdatesPerPeriod} per ${formatSeconds(p.periodIntervalSeconds)}`],
    ['update timeout', formatSeconds(p.updateTimeoutSeconds)],
    [
      'pin',
      p.pin
        ? `${versionOf(packages, p.pin.packageId)} (${p.pin.packageId})${p.pin.allowDowngrade ? ', downgrade allowed' : ''}`
        : '-',
    ],
    [
      'staged',
      `${p.staged.percent}%${p.staged.schedule ? `, rising to 100% over ${formatSeconds(p.staged.schedule.durationSeconds)} from ${time(p.staged.schedule.startAt)}` : ''}`,
    ],
    [
      'auto-halt',
      p.autoHalt.enabled
        ? `on: threshold ${p.autoHalt.threshold}, at least ${p.autoHalt.minSamples} samples, window ${formatSeconds(p.autoHalt.windowSeconds)}`
        : 'off',
    ],
  ];
}

export function groupDetail(g: Group, channels: readonly Channel[], packages: readonly Package[]): string {
  return fields([
    ['id', g.id],
    ['name', g.name],
    ['track', g.track],
    ['channel', channelName(channels, g.channelId)],
    ['description', dash(g.description)],
    ...policyFields(g, packages),
    [
      'rollout',
      `${rolloutWord(g, packages)}${g.rollout.halted ? ` since ${time(g.rollout.halted.at)}: ${dash(g.rollout.halted.reason)}` : ''}${g.rollout.version ? `; current ${g.rollout.version}${g.rollout.inProgress ? ' (in progress)' : ''}` : ''}`,
    ],
    ['created', time(g.createdAt)],
  ]);
}

export function rolloutDetail(r: RolloutJson, channels: readonly Channel[], packages: readonly Package[]): string {
  const g = r.group;
  return fields([
    ['group', `${g.name} (${g.id})`],
    ['channel', channelName(channels, g.channelId)],
    ['target', dash(r.targetVersion)],
    [
      'state',
      `${rolloutWord(g, packages)}${g.rollout.halted ? ` since ${time(g.rollout.halted.at)}: ${dash(g.rollout.halted.reason)}` : ''}`,
    ],
    ['staged now', `${Math.round(r.stagedPercentNow * 100) / 100}%`],
    [
      'granted in period',
      `${r.stats.grantedInPeriod} of ${g.policy.maxUpdatesPerPeriod} per ${formatSeconds(g.policy.periodIntervalSeconds)}`,
    ],
    ['in progress', String(r.stats.inProgress)],
    ['timed out', String(r.stats.timedOut)],
    ['attempted target', String(r.stats.attemptedCurrent)],
    [
      'halt sample',
      `${r.haltSample.granted} granted, ${r.haltSample.failed} failed, ${r.haltSample.rolledBack} rolled back (auto-halt ${g.policy.autoHalt.enabled ? `at ${g.policy.autoHalt.threshold}` : 'off'})`,
    ],
  ]);
}

export function instancesTable(page: Page<InstanceRowJson>, groups: readonly Group[], width?: number): string {
  const groupName = (id: string) => groups.find((g) => g.id === id)?.name ?? id;
  const rows = page.items.map((r) => [
    r.instance.id,
    dash(r.instance.alias),
    dash(r.instance.ip),
    r.app.version,
    r.app.status,
    groupName(r.app.groupId),
    time(r.lastSeen),
  ]);
  return table(
    [{ title: 'MACHINE', id: true }, 'ALIAS', 'IP', 'VERSION', 'STATUS', 'GROUP', 'LAST CHECK'],
    rows,
    width,
  );
}

/** `120 machines, page 1 of 3 (--page N, …)`. */
export function pageLine(page: Page<unknown>, one: string, many: string, flags: string): string {
  const pages = Math.max(1, Math.ceil(page.total / page.perPage));
  return `${page.total} ${page.total === 1 ? one : many}${pages > 1 ? `, page ${page.page} of ${pages} (${flags})` : ''}`;
}

export function instanceDetail(d: InstanceDetailJson, groups: readonly Group[]): string {
  const i = d.instance;
  let out = fields([
    ['machine', i.id],
    ['alias', dash(i.alias)],
    ['ip', dash(i.ip)],
    ['oem', `${dash(i.oem)} ${i.oemVersion}`.trim()],
    ['aleph version', dash(i.alephVersion)],
    ['first seen', time(i.createdAt)],
  ]);
  for (const a of d.apps) {
    const g = groups.find((x) => x.id === a.app.groupId);
    out += `\napplication ${a.app.appId}\n`;
    out += fields([
      ['group', g ? `${g.name} (${g.id})` : a.app.groupId],
      ['version', a.app.version],
      ['status', a.app.status],
      ['last check', time(a.app.lastCheckAt)],
      [
        'last grant',
        a.app.lastUpdateGrantedAt
          ? `${a.app.lastUpdateVersion ?? '?'} from ${a.app.lastUpdateFromVersion ?? '?'} at ${time(a.app.lastUpdateGrantedAt)}`
          : '-',
      ],
    ]);
    if (a.statusHistory.length > 0)
      out += `\n${table(
        ['TIME', 'STATUS', 'VERSION'],
        a.statusHistory.map((h) => [time(h.createdAt), h.status, h.version]),
      )}`;
    if (a.events.length > 0) {
      out += `\n${table(
        ['TIME', 'EVENT', 'ERROR', 'VERSION', 'PREVIOUS'],
        a.events.map((e) => [
          time(e.createdAt),
          `${e.type}/${e.result}`,
          e.errorCode === null ? '-' : String(e.errorCode),
          e.version,
          dash(e.previousVersion),
        ]),
      )}`;
    }
  }
  return out;
}

export function activityTable(page: Page<ActivityJson>, width?: number): string {
  return table(
    ['TIME', 'SEVERITY', 'WHAT', 'VERSION', 'MESSAGE'],
    page.items.map((a) => [time(a.createdAt), a.severityName, a.className, dash(a.version), a.message]),
    width,
  );
}

export function versionsTable(items: readonly { version: string; instances: number; percent: number }[]): string {
  return table(
    ['VERSION', 'MACHINES', 'SHARE'],
    items.map((v) => [v.version, String(v.instances), `${v.percent}%`]),
  );
}
