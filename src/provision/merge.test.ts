import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Codec, Fetcher } from './ports.js';
import { resolveConfig } from './resolve-config.js';
import { RunLog } from './run-log.js';

const codec: Codec = {
  hasher: () => ({ update: () => undefined, digest: () => '' }),
  gunzip: () => (async function* () {})(),
};
const noFetch: Fetcher = { open: () => Promise.reject(new Error('no network in this test')) };

test('a merged config: a partition without a number is merged with the parent one of the same label, not with one of another label (Ignition keys number, else label)', async () => {
  const enc = (o: object) => `data:,${encodeURIComponent(JSON.stringify(o))}`;
  const disk = (partitions: object[]) => ({ disks: [{ device: '/dev/vdb', partitions }] });
  const child = {
    ignition: { version: '3.4.0' },
    storage: disk([
      { label: 'home', sizeMiB: 64 },
      { label: 'var', sizeMiB: 512 },
      { number: 2, label: 'swap' },
    ]),
  };
  const top = {
    ignition: { version: '3.4.0', config: { merge: [{ source: enc(child) }] } },
    storage: disk([
      { label: 'var', sizeMiB: 256, wipePartitionEntry: true },
      { number: 2, label: 'log' },
    ]),
  };
  const r = await resolveConfig(JSON.stringify(top), { fetcher: noFetch, codec, log: new RunLog() });
  assert.deepEqual(r.report.issues, []);
  // The decoded config spells out every field (absent ones undefined, the number 0): compare what JSON keeps.
  assert.deepEqual(JSON.parse(JSON.stringify(r.config?.storage?.disks?.[0]?.partitions)), [
    { label: 'var', number: 0, sizeMiB: 512, wipePartitionEntry: true },
    { number: 2, label: 'swap' },
    // another label: another partition, though neither has a number
    { label: 'home', number: 0, sizeMiB: 64 },
  ]);
});
