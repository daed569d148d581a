// The agent against a scripted Omaha server and payload fetcher, on a real image file:
// each tampering case is refused with update_engine's code in a 3/0 event (| 0x10000000,
// the server being private) before event 14, and USR-B stays unbootable; a restart in
// the middle of the download resumes with Range; the check's own failures (HTTP 500,
// empty, not XML, no answer) give 2500, 30, 31, 2 after update_engine's retries;
// interactive checks are ignored while an update waits for a reboot, and scheduled ones only ping.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { filePayloadStore, filePrefs } from '../../../src/adapters/agent/files.js';
import { simulatedHost } from '../../../src/adapters/agent/simulated-host.js';
import { efiFlatcarOffset } from '../../../src/adapters/disk/efi-kernel.js';
import { nodePayloadCrypto } from '../../../src/adapters/node/payload-crypto.js';
import {
  immediateReboot,
  NoAnswerError,
  UpdateAgent,
  type OmahaAnswer,
  type PayloadFetcher,
  type PayloadStore,
} from '../../../src/update/agent/index.js';
import { buildImagePayload, buildPayload, rsaKeys } from '../payload/build.js';
import { hostBoot, makeDisk, makeUsr, prios, wouldBoot } from './sim.js';

const keys = rsaKeys();
const other = rsaKeys();
let dir: string;
let usrA: Uint8Array;
let usrNew: Uint8Array;
let payload: Uint8Array;
const SERVER = 'http://omaha.test/v1/update/';
const F = 0x10000000;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'hull-agent-faults-'));
  usrA = makeUsr('1000.0.0');
  usrNew = makeUsr('1000.0.1');
  payload = buildImagePayload(usrNew, keys.privateKey);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (b: Uint8Array) => createHash('sha256').update(b).digest('base64');

function okResponse(o: { size: number; sha256: string; disableBackoff?: boolean; extra?: string }): string {
  return `<response protocol="3.0" server="test"><app appid="{e96281a6-d1af-4bde-9a0a-97b76e56dc57}" status="ok"><updatecheck status="ok"><urls><url codebase="http://files.test/p/"></url>${o.extra ?? ''}</urls><manifest version="1000.0.1"><packages><package name="update.gz" size="${o.size}" required="true"></package></packages><actions><action event="postinstall" sha256="${o.sha256}"${o.disableBackoff === false ? '' : ' DisablePayloadBackoff="true"'}></action></actions></manifest></updatecheck></app></response>`;
}
const NOUPDATE =
  '<response protocol="3.0"><app status="ok"><updatecheck status="noupdate"></updatecheck></app></response>';

/** The payload store; with `kill`, the second read of the file (the apply, after the verify) is cut after 1 MiB and the agent stopped. */
function killingStore(store: PayloadStore, kill: AbortController | undefined): PayloadStore {
  if (!kill) return store;
  let reads = 0;
  return {
    ...store,
    chunks: () => {
      const n = ++reads;
      const inner = store.chunks();
      return (async function* () {
        for await (const c of inner) {
          yield c;
          if (n === 2) {
            kill.abort(new Error('killed while applying'));
            throw new Error('killed while applying');
          }
        }
      })();
    },
  };
}

interface Rig {
  root: string;
  image: string;
  sent: string[];
  ranges: (number | undefined)[];
  urls: string[];
  agent: (opts?: {
    pubkey?: string;
    abortAfter?: { bytes: number; ctl: AbortController };
    killInApply?: AbortController;
    dropAfter?: number;
  }) => UpdateAgent;
}

/** A machine on A at 1000.0.0; `answer` scripts the server; `bytes` is what the payload URL serves. */
async function rig(
  name: string,
  answer: (body: string) => OmahaAnswer | 'no-answer',
  bytes: (url: string) => Uint8Array | number = () => payload,
): Promise<Rig> {
  const root = join(dir, name);
  const image = join(dir, `${name}.img`);
  mkdirSync(join(root, 'etc/flatcar'), { recursive: true });
  writeFileSync(join(root, 'etc/flatcar/update.conf'), `SERVER=${SERVER}\nGROUP=stable\n`);
  await makeDisk(image, usrA);
  await hostBoot(image, root);
  const sent: string[] = [];
  const ranges: (number | undefined)[] = [];
  const urls: string[] = [];
  const agent: Rig['agent'] = (opts = {}) => {
    const fetcher: PayloadFetcher = {
      async get(url, { offset }) {
        ranges.push(offset > 0 ? offset : undefined);
        urls.push(url);
        const all = bytes(url);
        if (typeof all === 'number') return { status: all, offset: 0, chunks: (async function* () {})() };
        const cut = opts.abortAfter;
        // The first transfer stops short (the connection drops), once.
        const drop = ranges.length === 1 ? opts.dropAfter : undefined;
        return {
          status: offset > 0 ? 206 : 200,
          offset,
          totalSize: all.length,
          chunks: (async function* () {
            for (let at = offset; at < all.length; at += 65536) {
              if (drop !== undefined && at >= drop) throw new Error('connection reset');
              if (cut && at >= cut.bytes) {
                cut.ctl.abort(new Error('killed'));
                throw new Error('killed');
              }
              yield all.subarray(at, Math.min(at + 65536, all.length));
            }
          })(),
        };
      },
    };
    const host = simulatedHost(root, image);
    return new UpdateAgent({
      host,
      transport: {
        post: async (_url, body) => {
          sent.push(body);
          const a = answer(body);
          if (a === 'no-answer') throw new NoAnswerError('connection refused');
          return a;
        },
      },
      fetcher,
      store: killingStore(filePayloadStore(join(root, 'var/lib/hull-agent/payload')), opts.killInApply),
      prefs: filePrefs(join(root, 'var/lib/update_engine/prefs')),
      clock: { now: () => Date.now(), sleep: async () => undefined },
      reboot: host,
      rebootManager: immediateReboot,
      crypto: nodePayloadCrypto,
      publicKeyPem: opts.pubkey ?? keys.publicPem,
    });
  };
  return { root, image, sent, ranges, urls, agent };
}

function short(body: string): string {
  const ev = /<event eventtype="(\d+)" eventresult="(\d+)"(?: errorcode="(\d+)")?(?: previousversion="(.*?)")?>/.exec(
    body,
  );
  const evText = ev ? `${ev[1]}/${ev[2]}${ev[3] !== undefined ? ` ${ev[3]}` : ''}` : '';
  if (body.includes('<updatecheck>')) return 'check';
  return ev ? `event ${evText}` : 'ping';
}

const answerWith =
  (check: string) =>
  (body: string): OmahaAnswer => ({
    status: 200,
    body: body.includes('<updatecheck>')
      ? check
      : '<response protocol="3.0"><app status="ok"><event status="ok"></event></app></response>',
  });
const once = (a: UpdateAgent, source: 'scheduler' | 'ondemandupdate' = 'scheduler') =>
  a.run({ signal: new AbortController().signal, once: true, onceSource: source });

const flipped = (): Uint8Array => {
  const p = new Uint8Array(payload);
  // A byte in the first blob (after header and manifest): its operation hash no longer matches.
  const m = Number(new DataView(p.buffer).getBigUint64(12));
  p[20 + m + 100]! ^= 0xff;
  return p;
};

const CASES: { name: string; code: number; response: () => string; bytes?: () => Uint8Array; pubkey?: () => string }[] =
  [
    {
      name: 'a size other than the response says',
      code: 11,
      response: () => okResponse({ size: payload.length + 1, sha256: b64(payload) }),
    },
    {
      name: 'a sha256 other than the response says',
      code: 10,
      response: () => okResponse({ size: payload.length, sha256: b64(new Uint8Array([1])) }),
    },
    {
      name: 'signed with another key',
      code: 18,
      response: () => okResponse({ size: payload.length, sha256: b64(payload) }),
      pubkey: () => other.publicPem,
    },
    {
      name: 'a flipped blob byte (whole-file sha256 fixed up)',
      code: 29,
      response: () => okResponse({ size: payload.length, sha256: b64(flipped()) }),
      bytes: flipped,
    },
  ];

for (const c of CASES) {
  test(`tampering: ${c.name} → 3/0 ${c.code} | 0x10000000 before event 14; USR-B stays unbootable`, async () => {
    const r = await rig(`t${c.code}`, answerWith(c.response()), c.bytes);
    const out = await once(r.agent(c.pubkey ? { pubkey: c.pubkey() } : {}));
    assert.equal(out.outcome?.kind, 'error');
    assert.equal(out.state, 'UPDATE_STATUS_IDLE');
    assert.deepEqual(r.sent.map(short), ['check', 'event 13/1', `event 3/0 ${(c.code | F) >>> 0}`]);
    assert.deepEqual((await prios(r.image)).B, { priority: 0, tries: 0, successful: false });
    assert.equal(await wouldBoot(r.image), 3);
  });
}

test('a restart in the middle of the download resumes with Range: bytes=N- (event 13 again), then finishes', async () => {
  const r = await rig('resume', answerWith(okResponse({ size: payload.length, sha256: b64(payload) })));
  const ctl = new AbortController();
  const cutAt = 65536 * 5;
  await assert.rejects(r.agent({ abortAfter: { bytes: cutAt, ctl } }).run({ signal: ctl.signal, once: true }));
  assert.equal(await wouldBoot(r.image), 3, 'still boots A after the kill');
  const done = await once(r.agent());
  assert.deepEqual(done.outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r.ranges, [undefined, cutAt], 'the second GET asked for the rest only');
  assert.deepEqual(r.sent.map(short), ['check', 'event 13/1', 'check', 'event 13/1', 'event 14/1', 'event 3/1']);
  assert.deepEqual(await prios(r.image), {
    A: { priority: 1, tries: 0, successful: true },
    B: { priority: 2, tries: 1, successful: false },
  });
});

test('a different response does not resume: the stored part is dropped', async () => {
  let sha = b64(new Uint8Array([9]));
  const r = await rig('fresh', (body) => answerWith(okResponse({ size: payload.length, sha256: sha }))(body));
  const ctl = new AbortController();
  await assert.rejects(r.agent({ abortAfter: { bytes: 65536 * 2, ctl } }).run({ signal: ctl.signal, once: true }));
  sha = b64(payload);
  assert.deepEqual((await once(r.agent())).outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r.ranges, [undefined, undefined]);
});

test("the check's failures: HTTP 500 → 2500, empty → 30, not XML → 31, refused status → 34, no answer → 2 after the retries", async () => {
  const cases: [OmahaAnswer | 'no-answer', number, number][] = [
    [{ status: 500, body: 'oops' }, 2500, 1],
    [{ status: 200, body: '' }, 30, 1],
    [{ status: 200, body: '<response' }, 31, 1],
    [{ status: 200, body: '<response><app><updatecheck status="error-internal"/></app></response>' }, 34, 1],
    ['no-answer', 2, 4],
  ];
  for (const [a, code, checks] of cases) {
    const r = await rig(`c${code}`, (body) => (body.includes('<updatecheck>') ? a : { status: 200, body: '' }));
    const out = await once(r.agent());
    assert.deepEqual([out.outcome?.kind, out.outcome?.kind === 'error' && out.outcome.code], ['error', code]);
    assert.deepEqual(
      r.sent.map(short),
      [...Array(checks).fill('check'), `event 3/0 ${(code | F) >>> 0}`],
      `code ${code}`,
    );
  }
  // Interactive: one retry only.
  const r = await rig('c2i', (body) => (body.includes('<updatecheck>') ? 'no-answer' : { status: 200, body: '' }));
  await once(r.agent(), 'ondemandupdate');
  assert.equal(r.sent.filter((b) => b.includes('<updatecheck>')).length, 2);
  assert.ok(
    r.sent.every((b) => b.includes('installsource="ondemandupdate"')),
    'every request of an interactive attempt says ondemandupdate',
  );
});

test('UPDATED_NEED_REBOOT: an interactive check is ignored and sends nothing; a scheduled one only pings', async () => {
  const r = await rig('reboot', answerWith(okResponse({ size: payload.length, sha256: b64(payload) })));
  const agent = r.agent();
  await agent.init();
  await agent.attempt('scheduler', new AbortController().signal);
  assert.equal(agent.state, 'UPDATE_STATUS_UPDATED_NEED_REBOOT');
  r.sent.length = 0;
  assert.equal(agent.requestCheck(), 'ignored');
  assert.equal((await agent.attempt('ondemandupdate', new AbortController().signal)).kind, 'ignored');
  assert.equal(r.sent.length, 0);
  assert.equal((await agent.attempt('scheduler', new AbortController().signal)).kind, 'ping');
  assert.deepEqual(r.sent.map(short), ['ping']);
  assert.match(r.sent[0]!, /installsource="scheduler"/);
  // A restarted agent starts in UPDATED_NEED_REBOOT (the marker survives restarts).
  const again = r.agent();
  await again.init();
  assert.equal(again.state, 'UPDATE_STATUS_UPDATED_NEED_REBOOT');
  assert.equal(await again.resetStatus(), true);
  assert.equal(again.state, 'UPDATE_STATUS_IDLE');
  // reset-status without a reboot: the next check reports the rollback (observed §10.2).
  r.sent.length = 0;
  const r2 = r.agent();
  await r2.init();
  await r2.attempt('scheduler', new AbortController().signal);
  assert.match(r.sent[0]!, /<event eventtype="3" eventresult="0" errorcode="44"><\/event>/);
});

test('SERVER=disabled: no request at all', async () => {
  const r = await rig('disabled', answerWith(NOUPDATE));
  writeFileSync(join(r.root, 'etc/flatcar/update.conf'), 'SERVER=disabled\n');
  assert.deepEqual((await once(r.agent())).outcome, { kind: 'disabled' });
  assert.equal(r.sent.length, 0);
});

test('a verified payload that fails later (15: the written bytes miss new_partition_info): 3/0 15 after 14; the same response is then backed off (3/9 40) unless DisablePayloadBackoff', async () => {
  const bad = buildImagePayload(usrNew, keys.privateKey, (m) => ({
    ...m,
    newPartitionInfo: { size: m.newPartitionInfo!.size, hash: new Uint8Array(32) },
  }));
  let disable = false;
  const r = await rig(
    'backoff',
    (body) => answerWith(okResponse({ size: bad.length, sha256: b64(bad), disableBackoff: disable }))(body),
    () => bad,
  );
  const first = await once(r.agent());
  assert.deepEqual([first.outcome?.kind, first.outcome?.kind === 'error' && first.outcome.code], ['error', 15]);
  assert.deepEqual(r.sent.map(short), ['check', 'event 13/1', 'event 14/1', `event 3/0 ${(15 | F) >>> 0}`]);
  assert.deepEqual((await prios(r.image)).B, { priority: 0, tries: 0, successful: false }, 'B unbootable');
  r.sent.length = 0;
  const second = await once(r.agent());
  assert.equal(second.outcome?.kind, 'deferred');
  assert.deepEqual(r.sent.map(short), ['check', `event 3/9 ${(40 | F) >>> 0}`]);
  disable = true;
  r.sent.length = 0;
  r.ranges.length = 0;
  const third = await once(r.agent());
  assert.equal(third.outcome?.kind === 'error' && third.outcome.code, 15);
  assert.deepEqual(
    r.ranges,
    [undefined],
    'DisablePayloadBackoff is part of "the same response": this is another one, downloaded afresh, not deferred',
  );
});

test('killed while applying: the image still boots A; a restarted agent re-verifies the stored file (no GET) and applies it', async () => {
  const r = await rig('apply-kill', answerWith(okResponse({ size: payload.length, sha256: b64(payload) })));
  const ctl = new AbortController();
  await assert.rejects(r.agent({ killInApply: ctl }).run({ signal: ctl.signal, once: true }));
  assert.equal(await wouldBoot(r.image), 3);
  assert.deepEqual((await prios(r.image)).B, { priority: 0, tries: 0, successful: false });
  const done = await once(r.agent());
  assert.deepEqual(done.outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r.ranges, [undefined], 'one GET in all: the restarted agent used the stored file');
  assert.deepEqual(r.sent.map(short), [
    'check',
    'event 13/1',
    'event 14/1',
    'check',
    'event 13/1',
    'event 14/1',
    'event 3/1',
  ]);
  assert.deepEqual((await prios(r.image)).B, { priority: 2, tries: 1, successful: false });
});

test('a transfer that stops short is resumed with Range in the same attempt (event 13 once)', async () => {
  const r = await rig('drop', answerWith(okResponse({ size: payload.length, sha256: b64(payload) })));
  const out = await once(r.agent({ dropAfter: 65536 * 3 }));
  assert.deepEqual(out.outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r.ranges, [undefined, 65536 * 3]);
  assert.deepEqual(r.sent.map(short), ['check', 'event 13/1', 'event 14/1', 'event 3/1']);
});

const sha = (b: Uint8Array) => new Uint8Array(createHash('sha256').update(b).digest());

/** A payload with a KERNEL procedure, its blob after the partition's (as delta_generator lays it out). */
function withKernel(usr: Uint8Array, kernel: Uint8Array, kernelHash = sha(kernel)): Uint8Array {
  const blobs: Uint8Array[] = [];
  for (let at = 0; at < usr.length; at += 1024 * 1024) blobs.push(usr.subarray(at, at + 1024 * 1024));
  blobs.push(kernel);
  return buildPayload(blobs, keys.privateKey, (m) => {
    const ops = m.partitionOperations;
    return {
      ...m,
      partitionOperations: ops
        .slice(0, -1)
        .map((op, i) => ({ ...op, dstExtents: [{ startBlock: BigInt(i * 256), numBlocks: 256n }] })),
      procedures: [
        {
          type: 'KERNEL',
          operations: [
            {
              ...ops[ops.length - 1]!,
              dstExtents: [{ startBlock: 0n, numBlocks: BigInt(Math.ceil(kernel.length / 4096)) }],
            },
          ],
          newInfo: { size: BigInt(kernel.length), hash: kernelHash },
        },
      ],
      newPartitionInfo: { size: BigInt(usr.length), hash: sha(usr) },
    };
  });
}

test("the KERNEL procedure goes to the target slot's kernel (flatcar/vmlinuz-b on the image's EFI-SYSTEM FAT); a wrong new_info hash is 16 after 14; no FAT there is 7", async () => {
  const kernel = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
  const good = withKernel(usrNew, kernel);
  const r = await rig('kernel', answerWith(okResponse({ size: good.length, sha256: b64(good) })), () => good);
  assert.deepEqual((await once(r.agent())).outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(await efiFile(r.image, 'vmlinuz-b'), kernel);

  const bad = withKernel(usrNew, kernel, new Uint8Array(32));
  const r2 = await rig('kernel-bad', answerWith(okResponse({ size: bad.length, sha256: b64(bad) })), () => bad);
  const out = await once(r2.agent());
  assert.equal(out.outcome?.kind === 'error' && out.outcome.code, 16);
  assert.deepEqual(r2.sent.map(short), ['check', 'event 13/1', 'event 14/1', `event 3/0 ${(16 | F) >>> 0}`]);
  assert.deepEqual((await prios(r2.image)).B, { priority: 0, tries: 0, successful: false });

  // EFI-SYSTEM without a FAT: update_engine's 7 (no /boot/flatcar), the slot not made bootable.
  const r3 = await rig('kernel-no-efi', answerWith(okResponse({ size: good.length, sha256: b64(good) })), () => good);
  const offset = await efiFlatcarOffset(r3.image);
  const fd = openSync(r3.image, 'r+');
  writeSync(fd, new Uint8Array(4096), 0, 4096, offset);
  closeSync(fd);
  const out3 = await once(r3.agent());
  assert.equal(out3.outcome?.kind === 'error' && out3.outcome.code, 7);
  assert.deepEqual(r3.sent.map(short), ['check', 'event 13/1', 'event 14/1', `event 3/0 ${(7 | F) >>> 0}`]);
  assert.deepEqual((await prios(r3.image)).B, { priority: 0, tries: 0, successful: false });
});

/** A file of flatcar/ on the image's EFI-SYSTEM FAT, read with mtools. */
async function efiFile(image: string, name: string): Promise<Uint8Array> {
  const out = join(dir, `efi-${name}-${Date.now()}`);
  execFileSync('mcopy', ['-n', '-i', `${image}@@${await efiFlatcarOffset(image)}`, `::/flatcar/${name}`, out], {
    env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
  });
  return new Uint8Array(readFileSync(out));
}

test('URLs: an HTTP error counts against the URL (left after MaxFailureCountPerUrl); a verification error moves on at once', async () => {
  const two = okResponse({
    size: payload.length,
    sha256: b64(payload),
    extra: '<url codebase="http://mirror.test/q"></url>',
  }).replace('<action event', '<action MaxFailureCountPerUrl="2" event');
  const r = await rig('urls', answerWith(two), (url) => (url.startsWith('http://files.test/') ? 404 : payload));
  for (let i = 0; i < 2; i++) assert.equal(((await once(r.agent())).outcome as { code?: number }).code, 9);
  assert.deepEqual((await once(r.agent())).outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r.urls, [
    'http://files.test/p/update.gz',
    'http://files.test/p/update.gz',
    'http://mirror.test/q/update.gz',
  ]);

  const r2 = await rig('urls-verify', answerWith(two), (url) =>
    url.startsWith('http://files.test/') ? flipped() : payload,
  );
  assert.equal(((await once(r2.agent())).outcome as { code?: number }).code, 29);
  assert.deepEqual((await once(r2.agent())).outcome, { kind: 'updated', version: '1000.0.1' });
  assert.deepEqual(r2.urls, ['http://files.test/p/update.gz', 'http://mirror.test/q/update.gz']);
});
