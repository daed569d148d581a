/**
 * The journal receiver's protocol, byte by byte over raw TCP, against the
 * receiver on its own port over a SQLite store (as `hull serve` wires it):
 * journal-remote's answers (202 `OK.`, 404, 406, 415, 413 before the body,
 * 417 with the complete entries kept), `100 Continue`, chunked and
 * Content-Length bodies, several POSTs on one connection, zstd/xz/gzip bodies,
 * and bad input (invalid field names, a 100 MB field, a truncated binary
 * length, garbage, invalid UTF-8, 10 000 fields) after which the server
 * still serves and earlier entries are intact. Compressed bodies are made
 * with Debian's zstd and xz (scripts/setup-system).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { dbJournalRepository, openStore, type DbStore } from '../../src/adapters/db/index.js';
import { createJournalReceiverServer } from '../../src/adapters/node/journal-receiver.js';
import { LocalJournalTail, serializeEntries, entryOf, type StoredEntry } from '../../src/journal/index.js';
import { RawConnection, chunked, uploadHead } from './raw-http.js';

let dir: string;
let store: DbStore;
let port: number;
let server: ReturnType<typeof createJournalReceiverServer>;
const tail = new LocalJournalTail();
const published: StoredEntry[] = [];
let seq = 0;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hull-receiver-'));
  store = await openStore({ dataDir: dir });
  tail.subscribe((es) => published.push(...es));
  server = createJournalReceiverServer({ repo: repo(), tail });
  await new Promise<void>((r) => server.listen({ host: '127.0.0.1', port: 0 }, r));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** `n` fresh entries (unique cursors) as an export stream, and their messages. */
function fresh(n: number, extra: Array<[string, string | Uint8Array]> = []): { bytes: Uint8Array; messages: string[] } {
  const entries = [];
  const messages: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = ++seq;
    messages.push(`message ${k}`);
    entries.push(
      entryOf([
        ['__CURSOR', `s=1;i=${k}`],
        ['__REALTIME_TIMESTAMP', String(1_700_000_000_000_000 + k)],
        ['_BOOT_ID', 'b'],
        ['MESSAGE', `message ${k}`],
        ['_SYSTEMD_UNIT', 'proto.service'],
        ...extra,
      ]),
    );
  }
  return { bytes: serializeEntries(entries), messages };
}

// One repository per store, as `hull serve` has: its indexer moves what the receiver stored and tells the tail.
let shared: ReturnType<typeof dbJournalRepository> | undefined;
const repo = () => (shared ??= dbJournalRepository(store));
async function storedMessages(): Promise<string[]> {
  return (await repo().query({})).entries.map((s) =>
    Buffer.from(s.entry.fields.find((f) => f.name === 'MESSAGE')?.value ?? []).toString(),
  );
}
async function expectStored(messages: string[]): Promise<void> {
  const all = new Set(await storedMessages());
  for (const m of messages) assert.ok(all.has(m), `${m} is stored`);
}

async function post(
  body: Uint8Array,
  opts: Parameters<typeof uploadHead>[0] = {},
): Promise<{ status: number; body: string }> {
  const c = await RawConnection.open(port);
  try {
    await c.write(uploadHead({ length: body.length, ...opts }));
    await c.write(body);
    const r = await c.read();
    return { status: r.status, body: r.body };
  } finally {
    c.close();
  }
}

test('202 OK. for a Content-Length body; the host is the peer address; the tail gets the stored entries', async () => {
  const { bytes, messages } = fresh(3);
  const before = published.length;
  const r = await post(bytes);
  assert.deepEqual(r, { status: 202, body: 'OK.\n' });
  await expectStored(messages);
  assert.equal(published.length - before, 3);
  assert.equal(published[published.length - 1]!.host, '127.0.0.1');
});

test('chunked body in 64 KiB chunks, fields straddling chunks; 100 Continue only after the head is accepted', async () => {
  const { bytes, messages } = fresh(2000);
  const c = await RawConnection.open(port);
  try {
    await c.write(uploadHead({ chunked: true, expect: true }));
    assert.equal((await c.read()).status, 100);
    await c.write(chunked(bytes, 65_500));
    assert.deepEqual((await c.read()).status, 202);
  } finally {
    c.close();
  }
  await expectStored(messages);
});

test('keep-alive: several POSTs on one connection, each answered', async () => {
  const c = await RawConnection.open(port);
  const all: string[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const { bytes, messages } = fresh(5);
      all.push(...messages);
      await c.write(uploadHead({ chunked: true }) + '');
      await c.write(chunked(bytes, 100));
      const r = await c.read();
      assert.equal(r.status, 202);
      assert.notEqual(r.headers['connection'], 'close');
    }
  } finally {
    c.close();
  }
  await expectStored(all);
});

test("journal-remote's refusals: 406 other methods, 404 other paths, 415 without the journal type, 413 before the body", async () => {
  const ask = async (head: string) => {
    const c = await RawConnection.open(port);
    try {
      await c.write(head);
      return await c.read();
    } finally {
      c.close();
    }
  };
  assert.deepEqual(pick(await ask('GET /upload HTTP/1.1\r\nHost: x\r\n\r\n')), [406, 'Unsupported method.\n']);
  assert.deepEqual(pick(await ask(uploadHead({ path: '//upload' }))), [404, 'Not found.\n']);
  assert.deepEqual(pick(await ask(uploadHead({ type: 'text/plain' }))), [
    415,
    'Content-Type: application/vnd.fdo.journal is required.\n',
  ]);
  // 413 comes without sending a byte of the body, and instead of 100 Continue.
  const big = pick(await ask(uploadHead({ length: 807_403_521, expect: true })));
  assert.deepEqual(big, [413, 'Payload larger than maximum size of 807403520 bytes\n']);
  assert.equal((await ask(uploadHead({ length: 5, encoding: 'lz4' }))).status, 415);
});

test('417 on a premature end; the complete entries before it are stored', async () => {
  const { bytes, messages } = fresh(4);
  const cut = Buffer.concat([Buffer.from(bytes), Buffer.from('__CURSOR=partial\nMESSAGE=never')]);
  const r = await post(cut, { chunked: false });
  assert.equal(r.status, 417);
  assert.match(r.body, /^Premature EOF\. \d+ bytes of trailing data not processed\.\n$/);
  await expectStored(messages);
  assert.ok(!(await storedMessages()).includes('never'));
});

test('Content-Encoding zstd, xz and gzip bodies (as systemd 258 sends them), also chunked', async () => {
  for (const [encoding, pack] of [
    ['zstd', (b: Uint8Array) => execFileSync('zstd', ['-q', '-c'], { input: b })],
    ['xz', (b: Uint8Array) => execFileSync('xz', ['-c'], { input: b })],
    ['gzip', (b: Uint8Array) => gzipSync(b)],
  ] as const) {
    const { bytes, messages } = fresh(300);
    const packed = pack(bytes);
    const c = await RawConnection.open(port);
    try {
      await c.write(uploadHead({ chunked: true, encoding }));
      await c.write(chunked(packed, 1000));
      const r = await c.read();
      assert.equal(r.status, 202, `${encoding}: ${r.body}`);
      assert.match(r.headers['accept-encoding'] ?? '', /zstd/);
    } finally {
      c.close();
    }
    await expectStored(messages);
  }
  const bad = await post(Buffer.from('not zstd at all'), { encoding: 'zstd' });
  assert.equal(bad.status, 400);
});

test('duplicates: the same entries again are acknowledged and not stored twice', async () => {
  const { bytes, messages } = fresh(10);
  assert.equal((await post(bytes)).status, 202);
  const count = (await repo().stats()).entries;
  assert.equal((await post(bytes)).status, 202);
  assert.equal((await repo().stats()).entries, count);
  await expectStored(messages);
});

test('bad input: 4xx or dropped as journal-remote does, the server keeps serving, earlier entries intact', async () => {
  const earlier = await storedMessages();
  const enc = (s: string) => Buffer.from(s, 'latin1');
  const len8 = (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(n);
    return b;
  };
  // A field name that is not valid: dropped, the entry kept (journal-remote drops such fields).
  const named = Buffer.concat([
    enc('__CURSOR=bad-name\n__REALTIME_TIMESTAMP=1700000000000001\nlower_case=x\nMESSAGE=valid rest\n\n'),
  ]);
  assert.equal((await post(named)).status, 202);
  const kept = (await repo().query({ grep: { source: '^valid rest$', flags: '' } })).entries;
  assert.equal(kept.length, 1);
  assert.ok(!kept[0]!.entry.fields.some((f) => f.name === 'lower_case'));

  // A field of 100 MB: refused as soon as its length is read, long before its bytes.
  const c = await RawConnection.open(port);
  try {
    await c.write(uploadHead({ length: 100 * 1024 * 1024 + 200 }));
    await c.write(
      Buffer.concat([enc('__CURSOR=huge\nMESSAGE=before huge\n\n__CURSOR=huge2\nBIG\n'), len8(100n * 1024n * 1024n)]),
    );
    await c.write(Buffer.alloc(1024 * 1024));
    const r = await c.read();
    assert.equal(r.status, 413);
    assert.match(r.body, /Entry is too large/);
  } finally {
    c.close();
  }
  await expectStored(['before huge']);

  // A truncated binary length: the body ends inside it.
  const trunc = await post(
    Buffer.concat([enc('__CURSOR=t1\nMESSAGE=before trunc\n\n__CURSOR=t2\nBIN\n'), Buffer.from([5, 0, 0])]),
  );
  assert.equal(trunc.status, 417);
  await expectStored(['before trunc']);

  // Garbage: a line without `=` is a binary field name, its "length" is nonsense.
  const garbage = await post(
    Buffer.from('\x00\xff garbage garbage garbage garbage\nmore nonsense that goes on\n\n\n', 'latin1'),
  );
  assert.ok(garbage.status >= 400 && garbage.status < 500, `garbage: ${garbage.status} ${garbage.body}`);

  // Invalid UTF-8 in values: stored with its exact bytes.
  const bytes = Buffer.from([0xc3, 0x28, 0xff, 0xfe]);
  const utf = Buffer.concat([
    enc('__CURSOR=utf\nMESSAGE=bad utf8 follows\nRAW\n'),
    len8(BigInt(bytes.length)),
    bytes,
    enc('\n\n'),
  ]);
  assert.equal((await post(utf)).status, 202);
  const raw = (await repo().query({ where: { kind: 'field', name: 'RAW', value: bytes } })).entries;
  assert.equal(raw.length, 1);

  // 10 000 fields in one entry: journal-remote's limit is 1024 fields (413).
  const many = Buffer.from(
    '__CURSOR=many\nMESSAGE=many fields\n' + Array.from({ length: 10_000 }, (_, i) => `F${i}=v`).join('\n') + '\n\n',
  );
  const r = await post(many);
  assert.equal(r.status, 413);
  assert.match(r.body, /Entry is too large/);

  // Still serving; everything stored before is still there.
  const { bytes: good, messages } = fresh(2);
  assert.equal((await post(good)).status, 202);
  await expectStored([...earlier, ...messages, 'valid rest', 'bad utf8 follows']);
});

function pick(r: { status: number; body: string }): [number, string] {
  return [r.status, r.body];
}

test('an upload whose sync fails is answered 503 and counts no entry as received; the next one is counted once synced', async () => {
  let failSync = true;
  const counted: Array<[string, number]> = [];
  const rejected: string[] = [];
  const base = repo();
  const flaky = {
    ...base,
    sync: async () => {
      if (failSync) throw new Error('fsync: EIO');
      return base.sync();
    },
  };
  const other = createJournalReceiverServer({
    repo: flaky,
    metrics: {
      received: (_host, entries) => counted.push(['received', entries]),
      duplicates: () => {},
      rejected: (reason) => rejected.push(reason),
    },
  });
  await new Promise<void>((r) => other.listen({ host: '127.0.0.1', port: 0 }, r));
  const otherPort = (other.address() as AddressInfo).port;
  const send = async (body: Uint8Array) => {
    const c = await RawConnection.open(otherPort);
    try {
      await c.write(uploadHead({ length: body.length }));
      await c.write(body);
      return (await c.read()).status;
    } finally {
      c.close();
    }
  };
  try {
    assert.equal(await send(fresh(5).bytes), 503);
    assert.deepEqual(counted, [], 'nothing counted for an answer that was not 202');
    assert.deepEqual(rejected, ['store']);
    failSync = false;
    assert.equal(await send(fresh(7).bytes), 202);
    assert.deepEqual(counted, [['received', 7]]);
  } finally {
    other.closeAllConnections();
    await new Promise((r) => other.close(r));
  }
});
