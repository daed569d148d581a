/**
 * Run by package-memory.test.ts under test/helpers/bounded.ts (a memory cgroup,
 * peak RSS recorded): uploads SIZE MiB over a socket through
 * receivePackageUpload, downloads it over a socket from buildApp's
 * /packages route, and prints the hashes of what was sent, stored and
 * received. Usage: node --import tsx package-roundtrip.child.ts MIB DATA_DIR
 */
import { createHash, randomUUID } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import Fastify from 'fastify';
import { MemoryStore } from '../../src/adapters/memory/store.js';
import { openPackageFiles } from '../../src/adapters/node/package-files.js';
import { buildApp } from '../../src/http/app.js';
import { installErrorHandling } from '../../src/http/error-handler.js';
import { acceptOctetStream, receivePackageUpload } from '../../src/http/routes/packages.js';
import { recordStart } from '../../src/http/server-facts.js';

const MiB = 1024 * 1024;
const size = Number(process.argv[2]) * MiB;
const files = await openPackageFiles(process.argv[3]!);
const id = randomUUID();

const uploads = Fastify({ logger: false });
installErrorHandling(uploads);
await uploads.register(async (scope) => {
  acceptOctetStream(scope);
  scope.put('/upload', async (req) => receivePackageUpload(req, files, id, 'payload.gz', size));
});
await uploads.listen({ host: '127.0.0.1', port: 0 });
const store = new MemoryStore();
const app = await buildApp({ store, facts: await recordStart(store, '0.0.0', () => 'i'), packageFiles: files });
await app.listen({ host: '127.0.0.1', port: 0 });
const portOf = (a: { server: { address(): unknown } }) => (a.server.address() as { port: number }).port;

// 1 MiB pieces made on the fly, each different, never all held at once.
const base = Buffer.alloc(MiB, createHash('sha512').update('hull').digest());
const piece = (i: number) => {
  const b = Buffer.from(base);
  b.writeUInt32BE(i, 0);
  return b;
};
const sent = createHash('sha256');
const readJson = (res: IncomingMessage) =>
  new Promise<any>((resolve) => {
    let text = '';
    res
      .setEncoding('utf8')
      .on('data', (c: string) => (text += c))
      .on('end', () => resolve(JSON.parse(text)));
  });
const stored = await new Promise<any>((resolve, reject) => {
  const req = request(
    {
      host: '127.0.0.1',
      port: portOf(uploads),
      method: 'PUT',
      path: '/upload',
      agent: false,
      headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
    },
    (res) => void readJson(res).then(resolve),
  );
  req.on('error', reject);
  let i = 0;
  const more = () => {
    while (i < size / MiB) {
      const b = piece(i++);
      sent.update(b);
      if (!req.write(b)) return void req.once('drain', more);
    }
    req.end();
  };
  more();
});

const received = createHash('sha256');
let receivedBytes = 0;
await new Promise<void>((resolve, reject) => {
  request(
    {
      host: '127.0.0.1',
      port: portOf(app),
      path: `/packages/${id}/payload.gz`,
      agent: false,
      headers: { accept: '*/*' },
    },
    (res) => {
      res.on('data', (c: Buffer) => {
        received.update(c);
        receivedBytes += c.length;
      });
      res.on('end', resolve);
    },
  )
    .on('error', reject)
    .end();
});
await Promise.all([uploads.close(), app.close()]);
console.log(
  JSON.stringify({
    size,
    sent: sent.digest('hex'),
    stored: stored.sha256Hex,
    storedSize: stored.size,
    received: received.digest('hex'),
    receivedBytes,
  }),
);
