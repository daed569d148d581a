import type { Arch, Channel, Floor, Group, Package } from './model.js';
import { groupTarget } from './offer.js';
import { rolloutBucket, stagedPercentAt } from './staged.js';
import { compareVersions } from './version.js';

/**
 * The update graph for Zincati (Fedora CoreOS's agent), in the Cincinnati
 * shape (update.md §5.7), made from the same channels (as streams), packages,
 * floors, pins, staged shares and halts as the Omaha answers:
 *
 * - nodes: the app's packages for the arch up to the group's target, oldest
 *   first; `payload` is the package's SHA-256 (scheme `checksum`);
 *   `age_index` their order;
 * - edges: each node to its next step, the first floor above it or else the
 *   target (the floors are mandatory stops, as for Omaha clients); nodes newer
 *   than a pinned target get an edge to it only when the pin allows downgrades;
 * - a staged target carries the rollout keys (start_epoch, start_value,
 *   duration_minutes), and an edge into it is left out for a client whose
 *   wariness is above the current share; a halted group has no edges into its
 *   target.
 */
export interface GraphNode {
  readonly version: string;
  readonly payload: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly (readonly [number, number])[];
}

export interface GraphInput {
  readonly now: Date;
  readonly arch: Arch;
  readonly channel: Channel;
  /** The group whose policy applies (pins, staged share, halt); undefined: the channel alone. */
  readonly group: Group | undefined;
  readonly packages: readonly Package[];
  readonly floors: readonly Floor[];
  /** The client's wariness clamped to [0, 1]; undefined when it sent none and no node id. */
  readonly wariness: number | undefined;
}

const KEY = 'org.fedoraproject.coreos';

/** The client's wariness: its own value clamped to [0, 1], else one from its node id in (0, 1]. */
export function resolveWariness(param: string | undefined, nodeUuid: string | undefined): number | undefined {
  if (param !== undefined && param !== '') {
    const v = Number(param);
    if (Number.isFinite(v)) return Math.min(1, Math.max(0, v));
  }
  if (nodeUuid) return Math.max(0.0001, (rolloutBucket(nodeUuid, '') + 0.01) / 100);
  return undefined;
}

export function buildGraph(input: GraphInput): Graph {
  const { channel, group, now } = input;
  const byId = new Map(input.packages.map((p) => [p.id, p]));
  const target = group
    ? groupTarget(group, channel, (id) => byId.get(id))
    : channel.packageId
      ? byId.get(channel.packageId)
      : undefined;
  const ofArch = input.packages
    .filter((p) => p.appId === channel.appId && (p.arch === input.arch || p.arch === 'all'))
    .sort((a, b) => compareVersions(a.version, b.version));
  if (!target) return { nodes: ofArch.map((p, i) => node(p, i)), edges: [] };

  const pin = group?.policy.pin ?? null;
  const downgrades = pin !== null && pin.packageId === target.id && pin.allowDowngrade;
  const staged = group ? stagedPercentAt(group.policy.staged, now) : 100;
  const nodes: GraphNode[] = [];
  const index = new Map<string, number>();
  for (const p of ofArch) {
    if (compareVersions(p.version, target.version) > 0 && !downgrades) continue;
    index.set(p.id, nodes.length);
    const meta: Record<string, string> = {};
    if (p.id === target.id && group && staged < 100) Object.assign(meta, rolloutKeys(group, now));
    nodes.push(node(p, nodes.length, meta));
  }
  const floors = input.floors
    .map((f) => byId.get(f.packageId))
    .filter((p): p is Package => p !== undefined && !p.blacklistChannelIds.includes(channel.id) && index.has(p.id))
    .sort((a, b) => compareVersions(a.version, b.version));
  const targetIndex = index.get(target.id)!;
  const halted = group?.rollout.halted != null;
  const throttled = input.wariness !== undefined && input.wariness > staged / 100;
  const blocked = halted || throttled || target.blacklistChannelIds.includes(channel.id);
  const edges: [number, number][] = [];
  for (const p of ofArch) {
    const from = index.get(p.id);
    if (from === undefined || p.id === target.id) continue;
    const newer = compareVersions(p.version, target.version) > 0;
    const step = newer
      ? target
      : (floors.find(
          (f) => compareVersions(f.version, p.version) > 0 && compareVersions(f.version, target.version) < 0,
        ) ?? target);
    if (step.id === target.id && blocked) continue;
    edges.push([from, step.id === target.id ? targetIndex : index.get(step.id)!]);
  }
  return { nodes, edges };
}

function node(p: Package, age: number, extra: Record<string, string> = {}): GraphNode {
  return {
    version: p.version,
    payload: p.sha256Hex,
    metadata: { [`${KEY}.releases.age_index`]: String(age), [`${KEY}.scheme`]: 'checksum', ...extra },
  };
}

function rolloutKeys(group: Group, now: Date): Record<string, string> {
  const s = group.policy.staged;
  const start = s.schedule ? Date.parse(s.schedule.startAt) : now.getTime();
  return {
    [`${KEY}.updates.rollout`]: 'true',
    [`${KEY}.updates.start_epoch`]: String(Math.floor(start / 1000)),
    [`${KEY}.updates.start_value`]: String(Math.min(1, Math.max(0, s.percent / 100))),
    [`${KEY}.updates.duration_minutes`]: String(s.schedule ? Math.round(s.schedule.durationSeconds / 60) : 0),
  };
}
