import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync, gunzipSync } from 'node:zlib';
import { dataUrlChunks, decodeDataUrl } from './data-url.js';
import { mergeConfigs as mergeValues } from '../ignition/index.js';
import type { Codec, Fetcher, NodeStat, TargetFs } from './ports.js';
import { fetchResource } from './resource.js';
import { resolveConfig } from './resolve-config.js';
import { RunLog } from './run-log.js';
import { cleanPath, resolveFull, resolveParents } from './target-path.js';
import { userCommand, groupCommand } from './stage-users.js';
import { presetLines, presetText } from './stage-units.js';
import { orderEntries } from './stage-files.js';

/** A TargetFs that knows only symlinks and directories (enough for path resolution). */
function linksFs(links: Record<string, string>, dirs: string[] = []): TargetFs {
  const stat = (kind: NodeStat['kind']): NodeStat => ({ kind, mode: 0o755, uid: 0, gid: 0, id: '1' });
  const no = () => Promise.reject(new Error('not in this fake'));
  return {
    lstat: async (p) => (p in links ? stat('symlink') : dirs.includes(p) ? stat('dir') : undefined),
    readlink: async (p) => links[p]!,
    readFile: no,
    writeFile: no,
    writeFileFrom: no,
    appendFile: no,
    appendFileFrom: no,
    mkdir: no,
    symlink: no,
    link: no,
    chmod: no,
    lchown: no,
    removeAll: no,
    readdir: no,
  };
}

/** The codec over whole buffers: enough for the small resources of these tests. */
const codec: Codec = {
  hasher: (alg) => {
    const h = createHash(alg);
    return { update: (d) => void h.update(d), digest: () => h.digest('hex') };
  },
  gunzip: (chunks) =>
    (async function* () {
      const parts: Uint8Array[] = [];
      for await (const c of chunks) parts.push(c);
      yield new Uint8Array(gunzipSync(Buffer.concat(parts)));
    })(),
};
const noFetch: Fetcher = { open: () => Promise.reject(new Error('no network in this test')) };
/** A fetcher that answers every URL with `text`. */
const fixedFetcher = (text: (url: string) => string): Fetcher => ({
  open: async (req) => ({
    chunks: (async function* () {
      yield new TextEncoder().encode(text(req.url));
    })(),
    close: () => undefined,
  }),
});

test('cleanPath keeps ".." at the root', () => {
  for (const [i, o] of [
    ['/a/../../b', '/b'],
    ['/../../etc', '/etc'],
    ['//a//b/', '/a/b'],
    ['/', '/'],
  ])
    assert.equal(cleanPath(i!), o);
});

test('resolveParents: symlinks among parents resolved inside the target, the last component kept', async () => {
  const fs = linksFs({
    '/opt/l': '/srv',
    '/etc/rel': '../usr/share',
    '/out': '/../../../../etc',
    '/a': '/b',
    '/b': '/c',
    '/loop': '/loop',
  });
  const rows: [string, string][] = [
    ['/opt/l/x', '/srv/x'],
    ['/etc/rel/doc/y', '/usr/share/doc/y'],
    ['/out/passwd', '/etc/passwd'],
    ['/a/z', '/c/z'],
    ['/opt/l', '/opt/l'],
  ];
  for (const [i, o] of rows) assert.equal(await resolveParents(fs, i), o, i);
  assert.equal(await resolveFull(fs, '/opt/l'), '/srv');
  await assert.rejects(resolveParents(fs, '/loop/x'), /too many levels/);
});

test('data URLs: percent-encoded and base64', () => {
  const t = (u: string) => new TextDecoder().decode(decodeDataUrl(u));
  assert.equal(t('data:,hello%20world%0A'), 'hello world\n');
  assert.equal(t('data:text/plain;base64,aGk='), 'hi');
  assert.equal(t('data:;base64,aGk%3D'), 'hi');
  assert.throws(() => decodeDataUrl('data:nocomma'), /malformed/);
});

test('data URLs are decoded in slices: escapes and base64 across slice boundaries come out whole', () => {
  const bytes = randomBytes(3 * 1024 * 1024 + 7);
  const pct = `data:,${[...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('')}`;
  assert.ok(Buffer.from(decodeDataUrl(pct)).equals(bytes));
  assert.ok([...dataUrlChunks(pct)].length > 1);
  const wrapped = bytes.toString('base64').replace(/.{76}/g, '$&\n');
  assert.ok(Buffer.from(decodeDataUrl(`data:application/octet-stream;base64,${wrapped}`)).equals(bytes));
  const urlSafe = bytes.toString('base64url');
  assert.ok(Buffer.from(decodeDataUrl(`data:;base64,${urlSafe}`)).equals(bytes));
  assert.throws(() => decodeDataUrl('data:;base64,aGk*'), /invalid base64/);
});

test('resources are bounded: past maxBytes (fetched or decompressed) the stream stops with PROVISION_RESOURCE_TOO_LARGE', async () => {
  const tooLarge = (e: { code?: string }) => e.code === 'PROVISION_RESOURCE_TOO_LARGE';
  await assert.rejects(
    fetchResource({ source: `data:,${'x'.repeat(101)}` }, noFetch, codec, { maxBytes: 100 }),
    tooLarge,
  );
  assert.equal(
    (await fetchResource({ source: `data:,${'x'.repeat(100)}` }, noFetch, codec, { maxBytes: 100 })).length,
    100,
  );
  const bomb = `data:;base64,${gzipSync(Buffer.alloc(4096)).toString('base64')}`;
  await assert.rejects(
    fetchResource({ source: bomb, compression: 'gzip' }, noFetch, codec, { maxBytes: 1000 }),
    tooLarge,
  );
  // An announced size over the limit is refused before any byte is read.
  let read = false;
  const announced: Fetcher = {
    open: async () => ({
      size: 5e9,
      chunks: (async function* () {
        read = true;
        yield new Uint8Array(1);
      })(),
      close: () => undefined,
    }),
  };
  await assert.rejects(
    fetchResource({ source: 'http://127.0.0.1:1/x' }, announced, codec, { maxBytes: 1000 }),
    tooLarge,
  );
  assert.equal(read, false);
});

test('resources: gzip then verification (of the decompressed bytes); a mismatch fails', async () => {
  const gz = gzipSync(Buffer.from('abc'));
  const src = `data:;base64,${gz.toString('base64')}`;
  const hash = `sha512-${createHash('sha512').update('abc').digest('hex')}`;
  const out = await fetchResource({ source: src, compression: 'gzip', verification: { hash } }, noFetch, codec);
  assert.equal(new TextDecoder().decode(out), 'abc');
  await assert.rejects(
    fetchResource({ source: 'data:,abd', verification: { hash } }, noFetch, codec),
    (e: { code?: string }) => e.code === 'PROVISION_VERIFICATION_FAILED',
  );
  await assert.rejects(fetchResource({ source: 's3://b/k' }, noFetch, codec), /unsupported source scheme/);
  assert.equal((await fetchResource({ source: '' }, noFetch, codec)).length, 0);
});

test('merge: keyed lists merge entry by entry, the child wins; other lists concatenate', () => {
  const parent = {
    storage: { files: [{ path: '/a', mode: 420, append: [{ source: 'x' }] }, { path: '/b' }] },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k1'] }] },
  };
  const child = {
    storage: { files: [{ path: '/a', mode: 384, append: [{ source: 'y' }] }, { path: '/c' }] },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k2'] }] },
  };
  assert.deepEqual(mergeValues(parent, child), {
    storage: {
      files: [{ path: '/a', mode: 384, append: [{ source: 'x' }, { source: 'y' }] }, { path: '/b' }, { path: '/c' }],
    },
    passwd: { users: [{ name: 'core', sshAuthorizedKeys: ['k1', 'k2'] }] },
  });
});

test('config references: merge and replace chains are followed; a cycle is an issue', async () => {
  const enc = (o: object) => `data:,${encodeURIComponent(JSON.stringify(o))}`;
  const leaf = { ignition: { version: '3.3.0' }, storage: { files: [{ path: '/leaf' }] } };
  const mid = { ignition: { version: '3.2.0', config: { replace: { source: enc(leaf) } } } };
  const top = JSON.stringify({
    ignition: { version: '3.3.0', config: { merge: [{ source: enc(mid) }] } },
    storage: { files: [{ path: '/top' }] },
  });
  const r = await resolveConfig(top, { fetcher: noFetch, codec, log: new RunLog() });
  assert.deepEqual(
    r.config?.storage?.files?.map((f) => f.path),
    ['/top', '/leaf'],
  );
  // An http URL that names itself.
  const self = JSON.stringify({
    ignition: { version: '3.3.0', config: { merge: [{ source: 'http://127.0.0.1:1/c.ign' }] } },
  });
  const fetcher = fixedFetcher(() => self);
  const c = await resolveConfig(self, { fetcher, codec, log: new RunLog() });
  assert.equal(c.config, undefined);
  assert.ok(c.report.issues.some((i) => i.code === 'PROVISION_CONFIG_CYCLE'));
});

test('useradd/usermod/userdel and groupadd/groupdel arguments are those Ignition passes', () => {
  assert.deepEqual(
    userCommand('/r', { name: 'core', uid: 500, groups: ['wheel', 'docker'], sshAuthorizedKeys: ['k'] }, false),
    [
      'useradd',
      ['--root', '/r', '--create-home', '--password', '*', '--uid', '500', '--groups', 'wheel,docker', '--', 'core'],
    ],
  );
  assert.deepEqual(userCommand('/r', { name: 'old', homeDir: '/h', passwordHash: '' }, true), [
    'usermod',
    ['--root', '/r', '--home', '/h', '--move-home', '--password', '*', '--', 'old'],
  ]);
  assert.deepEqual(userCommand('/r', { name: 'old', shouldExist: false }, true), [
    'userdel',
    ['--remove', '--root', '/r', '--', 'old'],
  ]);
  assert.equal(userCommand('/r', { name: 'ghost', shouldExist: false }, false), undefined);
  assert.deepEqual(groupCommand('/r', { name: 'g', gid: 7, system: true }, false), [
    'groupadd',
    ['--root', '/r', '--gid', '7', '--password', '*', '--system', '--', 'g'],
  ]);
  assert.deepEqual(groupCommand('/r', { name: 'g', shouldExist: false }, true), [
    'groupdel',
    ['--root', '/r', '--', 'g'],
  ]);
});

test('presets: one line per unit, templated instances on one line', () => {
  const p = presetLines([
    { name: 'a@.service' },
    { name: 'a@x.service', enabled: true },
    { name: 'a@y.service', enabled: true },
    { name: 'b.service', enabled: false },
    { name: 'c.service' },
  ]);
  assert.deepEqual(p.presets.map(presetText), ['enable a@.service x y', 'disable b.service']);
});

test('creation order: by depth (stable), directories before files before symlinks, hard links last', () => {
  const order = orderEntries({
    ignition: { version: '3.6.0' },
    storage: {
      files: [{ path: '/a/b/f' }, { path: '/z' }],
      directories: [{ path: '/a/b' }, { path: '/a' }],
      links: [
        { path: '/h', hard: true, target: '/a/b/f' },
        { path: '/s', target: 'z' },
      ],
    },
  });
  assert.deepEqual(
    order.map((e) => e.path),
    ['/a', '/z', '/s', '/a/b', '/a/b/f', '/h'],
  );
});

test('applyPartitions: keep a matching partition, delete with shouldExist false, refuse a mismatch, fill the rest', async () => {
  const { applyPartitions } = await import('./partition.js');
  const { flatcarLayout } = await import('../disk/index.js');
  const r = flatcarLayout({ sizeBytes: 9 * 1024 ** 3, random: () => new Uint8Array(16) });
  assert.ok(r.ok);
  const t = r.table;
  const rnd = () => new Uint8Array(16).fill(7);
  const root = t.partitions.find((p) => p.number === 9)!;
  const kept = applyPartitions(
    t,
    {
      partitions: [
        { number: 9, label: 'ROOT' },
        { number: 7, shouldExist: false },
      ],
    },
    rnd,
  );
  assert.deepEqual(
    kept.partitions.map((p) => p.number),
    [1, 2, 3, 4, 6, 9],
  );
  assert.throws(() => applyPartitions(t, { partitions: [{ number: 9, sizeMiB: 10 }] }, rnd), /does not match/);
  const grown = applyPartitions(
    t,
    {
      partitions: [
        { number: 9, shouldExist: false },
        { number: 9, label: 'A', sizeMiB: 100 },
        { number: 0, label: 'B' },
      ],
    },
    rnd,
  );
  const a = grown.partitions.find((p) => p.name === 'A')!;
  const b = grown.partitions.find((p) => p.name === 'B')!;
  assert.equal(a.firstLba, root.firstLba);
  assert.equal(Number(a.lastLba - a.firstLba + 1n) * 512, 100 * 1024 * 1024);
  assert.equal(b.number, 5);
  // As sgdisk: the first free aligned sector (the gap before partition 1), to the end of that free block.
  assert.equal(b.firstLba, 2048n);
  assert.equal(b.lastLba, 4095n);
  const c = applyPartitions(
    grown,
    { partitions: [{ number: 0, label: 'C', startMiB: Number(((a.lastLba + 1n) * 512n) / 1048576n) + 1 }] },
    rnd,
  ).partitions.find((p) => p.name === 'C')!;
  assert.equal(c.lastLba, t.lastUsableLba);
});
