import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGraph, resolveWariness, type GraphInput } from './cincinnati.js';
import { DEFAULT_POLICY, type Channel, type Group, type Package } from './model.js';

const NOW = new Date('2026-12-02T10:30:00Z');
const pkg = (id: string, version: string, extra: Partial<Package> = {}): Package => ({
  id,
  appId: 'a',
  version,
  arch: 'amd64',
  url: null,
  filename: 'u.gz',
  size: 1,
  sha1: 's',
  sha256Hex: `sha-${version}`,
  action: { sha256: 'x', disablePayloadBackoff: true, isDelta: false, maxFailureCountPerUrl: null },
  extraFiles: [],
  blacklistChannelIds: [],
  description: '',
  createdAt: '',
  ...extra,
});
const P = [
  pkg('p1', '100.0.0'),
  pkg('p2', '101.0.0'),
  pkg('p3', '102.0.0'),
  pkg('p4', '103.0.0'),
  pkg('arm', '103.0.0', { arch: 'aarch64' }),
];
const CH: Channel = { id: 'c', appId: 'a', name: 'stable', arch: 'amd64', color: '', packageId: 'p4', createdAt: '' };
const group = (policy: Partial<Group['policy']> = {}, halted = false): Group => ({
  id: 'g',
  appId: 'a',
  name: 'stable',
  description: '',
  track: 'stable',
  channelId: 'c',
  policy: { ...DEFAULT_POLICY, ...policy },
  rollout: { inProgress: true, version: '103.0.0', halted: halted ? { at: '', reason: 'x' } : null },
  createdAt: '',
});
const graph = (over: Partial<GraphInput> = {}) =>
  buildGraph({
    now: NOW,
    arch: 'amd64',
    channel: CH,
    group: group(),
    packages: P,
    floors: [],
    wariness: undefined,
    ...over,
  });
const edges = (g: ReturnType<typeof graph>) =>
  g.edges.map(([a, b]) => `${g.nodes[a]!.version}>${g.nodes[b]!.version}`).sort();

test("nodes are the arch's packages oldest first with age_index and checksum payloads; every older node leads to the target", () => {
  const g = graph();
  assert.deepEqual(
    g.nodes.map((n) => [n.version, n.payload, n.metadata['org.fedoraproject.coreos.releases.age_index']]),
    [
      ['100.0.0', 'sha-100.0.0', '0'],
      ['101.0.0', 'sha-101.0.0', '1'],
      ['102.0.0', 'sha-102.0.0', '2'],
      ['103.0.0', 'sha-103.0.0', '3'],
    ],
  );
  assert.equal(g.nodes[0]!.metadata['org.fedoraproject.coreos.scheme'], 'checksum');
  assert.deepEqual(edges(g), ['100.0.0>103.0.0', '101.0.0>103.0.0', '102.0.0>103.0.0']);
});

test('floors are mandatory stops', () => {
  const g = graph({ floors: [{ channelId: 'c', packageId: 'p2', reason: 'r' }] });
  assert.deepEqual(edges(g), ['100.0.0>101.0.0', '101.0.0>103.0.0', '102.0.0>103.0.0']);
});

test('a staged target carries the rollout keys and is hidden from warier clients', () => {
  const staged = group({ staged: { percent: 30, schedule: null } });
  const g = graph({ group: staged, wariness: 0.2 });
  const meta = g.nodes[3]!.metadata;
  assert.equal(meta['org.fedoraproject.coreos.updates.rollout'], 'true');
  assert.equal(meta['org.fedoraproject.coreos.updates.start_value'], '0.3');
  assert.equal(meta['org.fedoraproject.coreos.updates.duration_minutes'], '0');
  assert.equal(edges(g).length, 3);
  assert.equal(edges(graph({ group: staged, wariness: 0.5 })).length, 0);
  assert.equal(
    edges(graph({ group: staged, wariness: undefined })).length,
    3,
    'no wariness and no node id: the client throttles itself',
  );
});

test('a halted group has no edges into its target; a pin with downgrades leads newer nodes back', () => {
  assert.deepEqual(edges(graph({ group: group({}, true) })), []);
  const pinned = graph({ group: group({ pin: { packageId: 'p2', allowDowngrade: true } }) });
  assert.deepEqual(edges(pinned), ['100.0.0>101.0.0', '102.0.0>101.0.0', '103.0.0>101.0.0']);
  const noDown = graph({ group: group({ pin: { packageId: 'p2', allowDowngrade: false } }) });
  assert.deepEqual(
    noDown.nodes.map((n) => n.version),
    ['100.0.0', '101.0.0'],
  );
});

test('wariness: the client value clamped, else from the node id in (0, 1], else none', () => {
  assert.equal(resolveWariness('0.25', undefined), 0.25);
  assert.equal(resolveWariness('7', undefined), 1);
  assert.equal(resolveWariness('-1', 'n'), 0);
  const w = resolveWariness(undefined, 'node-1')!;
  assert.ok(w > 0 && w <= 1);
  assert.equal(resolveWariness(undefined, 'node-1'), w);
  assert.equal(resolveWariness(undefined, undefined), undefined);
});
