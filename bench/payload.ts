/**
 * Payload apply speed: `hull payload apply --pubkey` of a 1 GiB full payload
 * (verify the whole file and its signature, then write USR-B and hash it back)
 * against `sha256sum PAYLOAD` plus `dd` of the same partition image into the
 * same slot (conv=fsync), alternated in this one process. Goal: Hull's time
 * ≤ the reference's / 0.9 (ratio reference/hull ≥ 0.9), peak RSS < 100 MiB.
 *
 * The payloads are made on the fly in a temporary folder, delta_generator's
 * way (1 MiB chunks, a SHA-256 on every operation, one version-2 signature):
 *   random  1024 chunks of random bytes, all REPLACE (incompressible: the
 *           I/O and hashing path);
 *   mixed   the same, but every other chunk compressible (16 distinct text-like
 *           chunks, bzip2 -9 once each) as REPLACE_BZ (adds the bzip2 decoder).
 * Usage: npx tsx bench/payload.ts [RUNS] [random|mixed|both]   (HULL_BENCH_BIN=other/bin/hull.cjs measures another build)
 *   (needs `node scripts/build.mjs`; bzip2 and GNU time from scripts/setup-system; ~3 GiB free in the temp folder)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { constants, createHash, generateKeyPairSync, privateEncrypt, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeHeader, encodeManifest, encodeSignatures, type Operation } from '../src/update/payload/index.js';

const runs = Number(process.argv[2] ?? 2);
const which = process.argv[3] ?? 'both';
// HULL_BENCH_BIN: another build's bin/hull.cjs, to compare before and after a change in one run.
const hull = process.env.HULL_BENCH_BIN ?? fileURLToPath(new URL('../bin/hull.cjs', import.meta.url));
if (!existsSync(new URL('../dist/hull.cjs', import.meta.url))) {
  console.error('payload bench: dist/ is missing: run `node scripts/build.mjs` first');
  process.exit(3);
}
for (const tool of ['bzip2', '/usr/bin/time', 'sha256sum', 'dd']) {
  if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0) {
    console.error(`payload bench: ${tool} is missing (scripts/setup-system)`);
    process.exit(3);
  }
}

const MiB = 1024 * 1024;
const CHUNKS = 1024;
const dir = mkdtempSync(join(tmpdir(), 'hull-bench-payload-'));
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pubkey = join(dir, 'key.pub.pem');
writeFileSync(pubkey, publicKey.export({ type: 'spki', format: 'pem' }));

/** Text-like 1 MiB chunks that bzip2 packs well, and their bzip2 streams. */
function compressibleChunks(n: number): { plain: Buffer; bz: Buffer }[] {
  return Array.from({ length: n }, (_, k) => {
    const lines: string[] = [];
    let size = 0;
    for (let i = 0; size < MiB; i++) {
      const l = `usr/lib/file-${k}-${i % 997}.so: ELF 64-bit LSB shared object, x86-64, version ${i % 13}, stripped ${(i * 2654435761) % 65521}\n`;
      lines.push(l);
      size += l.length;
    }
    const plain = Buffer.from(lines.join('')).subarray(0, MiB);
    return { plain, bz: execFileSync('bzip2', ['-9', '-c'], { input: plain, maxBuffer: 4 * MiB }) };
  });
}

/** Writes PAYLOAD and the partition image it makes (for dd); returns the sizes. */
function makePayload(name: string, mixed: boolean): { payload: string; image: string; bytes: number } {
  const blobsPath = join(dir, `${name}.blobs`);
  const image = join(dir, `${name}.part`);
  const payload = join(dir, `${name}.bin`);
  const zipped = mixed ? compressibleChunks(16) : [];
  const blobs = openSync(blobsPath, 'w');
  const img = openSync(image, 'w');
  const whole = createHash('sha256');
  const ops: Operation[] = [];
  let offset = 0;
  for (let i = 0; i < CHUNKS; i++) {
    const z = mixed && i % 2 === 1 ? zipped[(i >> 1) % zipped.length]! : undefined;
    const plain = z ? z.plain : randomBytes(MiB);
    const blob = z ? z.bz : plain;
    writeSync(blobs, blob);
    writeSync(img, plain);
    whole.update(plain);
    ops.push({
      type: z ? 'REPLACE_BZ' : 'REPLACE',
      dataOffset: offset,
      dataLength: blob.length,
      srcExtents: [],
      dstExtents: [{ startBlock: BigInt(i * 256), numBlocks: 256n }],
      dataSha256: new Uint8Array(createHash('sha256').update(blob).digest()),
    });
    offset += blob.length;
  }
  closeSync(blobs);
  closeSync(img);
  const sigSize = encodeSignatures([{ version: 2, data: new Uint8Array(256) }]).length;
  const manifest = encodeManifest({
    partitionOperations: ops,
    noopOperations: [
      {
        type: 'REPLACE',
        dataOffset: offset,
        dataLength: sigSize,
        srcExtents: [],
        dstExtents: [{ startBlock: 2n ** 64n - 1n, numBlocks: 1n }],
      },
    ],
    blockSize: 4096,
    signaturesOffset: BigInt(offset),
    signaturesSize: BigInt(sigSize),
    newPartitionInfo: { size: BigInt(CHUNKS * MiB), hash: new Uint8Array(whole.digest()) },
    procedures: [],
  });
  const head = Buffer.concat([encodeHeader({ version: 1n, manifestSize: BigInt(manifest.length) }), manifest]);
  // Sign header + manifest + blobs, streaming the blobs in.
  const signedHash = createHash('sha256').update(head);
  const out = openSync(payload, 'w');
  writeSync(out, head);
  const buf = Buffer.alloc(8 * MiB);
  const fd = openSync(blobsPath, 'r');
  for (;;) {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) break;
    signedHash.update(buf.subarray(0, n));
    writeSync(out, buf, 0, n);
  }
  closeSync(fd);
  rmSync(blobsPath);
  const sig = signDigest(signedHash.digest());
  writeSync(out, encodeSignatures([{ version: 2, data: sig }]));
  closeSync(out);
  return { payload, image, bytes: offset };
}

/** RSASSA-PKCS1-v1_5 of a SHA-256 digest computed while streaming (the DigestInfo prefix, then the raw key operation). */
const DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');
function signDigest(digest: Buffer): Uint8Array {
  return new Uint8Array(
    privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.concat([DIGEST_INFO, digest])),
  );
}

function slotOffset(img: string): number {
  const r = spawnSync(process.execPath, [hull, '-o', 'json', 'disk', 'show', img], { encoding: 'utf8' });
  const parts = (JSON.parse(r.stdout) as { result: { partitions: { number: number; firstLba: number }[] } }).result
    .partitions;
  return parts.find((p) => p.number === 4)!.firstLba * 512;
}

/** Runs a command under GNU time: wall seconds and peak RSS (MiB). */
function timed(cmd: string, args: string[]): { seconds: number; rssMiB: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  const kib = Number(r.stderr.trim().split('\n').pop());
  return { seconds, rssMiB: kib / 1024 };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (bytes: number, s: number): string => `${(bytes / MiB / s).toFixed(0)} MiB/s`;

try {
  const img = join(dir, 'disk.img');
  execFileSync(process.execPath, [hull, 'disk', 'create', img, '--size', '8GiB', '--no-format']);
  const off = slotOffset(img);
  const kinds = which === 'both' ? ['random', 'mixed'] : [which];
  for (const kind of kinds) {
    const t0 = Date.now();
    const p = makePayload(kind, kind === 'mixed');
    const total = CHUNKS * MiB;
    console.log(
      `${kind}: a payload of ${(p.bytes / MiB).toFixed(0)} MiB of blobs writing ${total / MiB} MiB (made in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const hullRun = () =>
      timed(process.execPath, [
        hull,
        'payload',
        'apply',
        p.payload,
        '--target',
        img,
        '--slot',
        'B',
        '--pubkey',
        pubkey,
      ]);
    const refRun = () => {
      const a = timed('sha256sum', [p.payload]);
      const b = timed('dd', [
        `if=${p.image}`,
        `of=${img}`,
        'bs=1M',
        'oflag=seek_bytes',
        `seek=${off}`,
        'conv=notrunc,fsync',
        'status=none',
      ]);
      return { seconds: a.seconds + b.seconds, rssMiB: Math.max(a.rssMiB, b.rssMiB) };
    };
    refRun(); // warm the page cache for both
    const h: number[] = [];
    const r: number[] = [];
    let rss = 0;
    for (let i = 0; i < runs; i++) {
      const x = hullRun();
      h.push(x.seconds);
      rss = Math.max(rss, x.rssMiB);
      r.push(refRun().seconds);
    }
    const mh = median(h);
    const mr = median(r);
    console.log(
      `  hull payload apply (verify + write + hash back)  ${mh.toFixed(2)} s  ${fmt(total, mh)}  peak RSS ${rss.toFixed(0)} MiB (goal < 100 MiB)`,
    );
    console.log(`  sha256sum + dd (reference)                       ${mr.toFixed(2)} s  ${fmt(total, mr)}`);
    console.log(`  ratio reference/hull ${(mr / mh).toFixed(2)} (goal ≥ 0.9), ${runs} runs, medians`);
    rmSync(p.payload);
    rmSync(p.image);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
