import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../core/index.js';
import { DEFAULT_POLICY, type Channel, type Group, type Package } from '../../update/server/model.js';
import { pickChannel, pickGroup, pickPackage } from './resolve.js';

const channel = (id: string, name: string, arch: Channel['arch']): Channel => ({
  id,
  appId: 'a',
  name,
  arch,
  color: '',
  packageId: null,
  createdAt: '',
});
const pkg = (id: string, version: string, arch: Package['arch']) => ({ id, version, arch }) as Package;
const group = (id: string, name: string, track: string, channelId: string | null): Group => ({
  id,
  appId: 'a',
  name,
  description: '',
  track,
  channelId,
  policy: DEFAULT_POLICY,
  rollout: { inProgress: false, version: null, halted: null },
  createdAt: '',
});
const fails = (f: () => unknown, code: string, message: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof AppError && e.code === code && message.test(e.message));

const channels = [channel('c1', 'stable', 'amd64'), channel('c2', 'stable', 'aarch64'), channel('c3', 'edge', 'amd64')];

describe('hull update: names on the command line', () => {
  test('a channel by id, by a unique name, by name and --arch; ambiguous → USAGE, unknown → NOT_FOUND', () => {
    assert.equal(pickChannel(channels, 'c2').id, 'c2');
    assert.equal(pickChannel(channels, 'edge').id, 'c3');
    assert.equal(pickChannel(channels, 'stable', 'aarch64').id, 'c2');
    fails(
      () => pickChannel(channels, 'stable'),
      'USAGE',
      /^channel "stable" is ambiguous: stable \(amd64\), stable \(aarch64\)$/,
    );
    fails(() => pickChannel(channels, 'edge', 'x86'), 'NOT_FOUND', /^no channel "edge" for x86$/);
  });

  test('a package by id or version; with an arch the package of that arch, else one for all', () => {
    const packages = [pkg('p1', '1.0.0', 'amd64'), pkg('p2', '1.0.0', 'aarch64'), pkg('p3', '2.0.0', 'all')];
    assert.equal(pickPackage(packages, 'p2').id, 'p2');
    assert.equal(pickPackage(packages, '1.0.0', 'aarch64').id, 'p2');
    assert.equal(pickPackage(packages, '2.0.0', 'amd64').id, 'p3');
    fails(() => pickPackage(packages, '1.0.0'), 'USAGE', /^package version "1\.0\.0" is ambiguous/);
    fails(() => pickPackage(packages, '1.0.0', 'x86'), 'NOT_FOUND', /^no package "1\.0\.0" for x86$/);
  });

  test('a group by id, name (exact, then any case), then track; --arch narrows by its channel', () => {
    const groups = [
      group('g1', 'Stable (AMD64)', 'stable', 'c1'),
      group('g2', 'Stable (ARM)', 'stable', 'c2'),
      group('g3', 'canary', 'Stable (ARM)', 'c3'),
    ];
    assert.equal(pickGroup(groups, channels, 'g2', undefined).id, 'g2');
    assert.equal(pickGroup(groups, channels, 'Stable (ARM)').id, 'g2', 'a name before a track');
    assert.equal(pickGroup(groups, channels, 'stable (amd64)').id, 'g1');
    assert.equal(pickGroup(groups, channels, 'stable', 'aarch64').id, 'g2');
    fails(
      () => pickGroup(groups, channels, 'stable'),
      'USAGE',
      /^group "stable" is ambiguous: "Stable \(AMD64\)" \(amd64, g1\), "Stable \(ARM\)" \(aarch64, g2\)$/,
    );
    fails(() => pickGroup(groups, channels, 'nosuch'), 'NOT_FOUND', /^no group "nosuch" \(by id, name or track\)$/);
  });
});
