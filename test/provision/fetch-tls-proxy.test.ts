import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { rootPorts } from '../../src/adapters/provision/node-ports.js';
import { provision } from '../../src/provision/index.js';

// https with a CA given in ignition.security.tls.certificateAuthorities, and
// ignition.proxy (http proxy for http URLs, CONNECT for https), over loopback.
let work = '';
let caPem = '';
let tlsServer: Server;
let plain: Server;
let proxy: Server;
let tlsUrl = '';
let plainUrl = '';
let proxyUrl = '';
const proxied: string[] = [];

/** Every socket any server or tunnel opened, so `after` can end them: keep-alive and CONNECT tunnels would keep the process alive. */
const sockets = new Set<Socket>();
const track = (s: Socket): void => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
};
const listen = (s: Server) => {
  s.on('connection', track);
  s.on('secureConnection', track);
  return new Promise<string>((r) =>
    s.listen(0, '127.0.0.1', () => r(`127.0.0.1:${(s.address() as AddressInfo).port}`)),
  );
};

before(async () => {
  if (!existsSync('/usr/bin/openssl')) throw new Error('openssl is missing: run scripts/setup-system');
  work = mkdtempSync(join(tmpdir(), 'hull-prov-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      join(work, 'key.pem'),
      '-out',
      join(work, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  caPem = readFileSync(join(work, 'cert.pem'), 'utf8');
  tlsServer = createHttpsServer({ key: readFileSync(join(work, 'key.pem')), cert: caPem }, (_req, res) =>
    res.end('over tls\n'),
  );
  plain = createHttpServer((_req, res) => res.end('plain\n'));
  proxy = createHttpServer((req, res) => {
    proxied.push(`GET ${req.url}`);
    const u = new URL(req.url!);
    const up = request({ host: u.hostname, port: u.port, path: u.pathname, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.end();
  });
  proxy.on('connect', (req, socket: Socket) => {
    proxied.push(`CONNECT ${req.url}`);
    const [host, port] = req.url!.split(':');
    const up = connect(Number(port), host!, () => {
      track(up);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
  });
  tlsUrl = `https://${await listen(tlsServer)}/f`;
  plainUrl = `http://${await listen(plain)}/p`;
  proxyUrl = `http://${await listen(proxy)}`;
});
after(() => {
  for (const s of [tlsServer, plain, proxy]) {
    s.close();
    s.closeAllConnections();
  }
  for (const s of sockets) s.destroy();
  rmSync(work, { recursive: true, force: true });
});

function root(name: string): string {
  const r = join(work, name);
  mkdirSync(join(r, 'etc'), { recursive: true });
  return r;
}
const ports = (r: string) => rootPorts(r, { fetcher: { retries: 0, timeoutMs: 3000 } });
const caSource = () => `data:,${encodeURIComponent(caPem)}`;

test('https with the config CA succeeds; without it the fetch fails', async () => {
  const withCa = root('ca');
  const ok = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0', security: { tls: { certificateAuthorities: [{ source: caSource() }] } } },
      storage: { files: [{ path: '/f', contents: { source: tlsUrl } }] },
    }),
    ports(withCa),
  );
  assert.equal(ok.ok, true, JSON.stringify(ok.stages));
  assert.equal(readFileSync(join(withCa, 'f'), 'utf8'), 'over tls\n');
  const without = await provision(
    JSON.stringify({
      ignition: { version: '3.3.0' },
      storage: { files: [{ path: '/f', contents: { source: tlsUrl } }] },
    }),
    ports(root('noca')),
  );
  assert.equal(without.ok, false);
  assert.equal(without.stages.find((s) => s.stage === 'files')?.error?.code, 'PROVISION_FETCH_FAILED');
});

test('ignition.proxy: http through the proxy, https tunnelled with CONNECT, noProxy bypasses', async () => {
  const r = root('proxy');
  proxied.length = 0;
  const cfg = {
    ignition: {
      version: '3.3.0',
      proxy: { httpProxy: proxyUrl, httpsProxy: proxyUrl },
      security: { tls: { certificateAuthorities: [{ source: caSource() }] } },
    },
    storage: {
      files: [
        { path: '/p', contents: { source: plainUrl } },
        { path: '/t', contents: { source: tlsUrl } },
      ],
    },
  };
  const res = await provision(JSON.stringify(cfg), ports(r));
  assert.equal(res.ok, true, JSON.stringify(res.stages));
  assert.equal(readFileSync(join(r, 'p'), 'utf8'), 'plain\n');
  assert.equal(readFileSync(join(r, 't'), 'utf8'), 'over tls\n');
  assert.deepEqual(proxied.sort(), [`CONNECT ${new URL(tlsUrl).host}`, `GET ${plainUrl}`].sort());
  proxied.length = 0;
  const r2 = root('noproxy');
  const res2 = await provision(
    JSON.stringify({ ...cfg, ignition: { ...cfg.ignition, proxy: { httpProxy: proxyUrl, noProxy: ['127.0.0.1'] } } }),
    ports(r2),
  );
  assert.equal(res2.ok, true);
  assert.deepEqual(proxied, []);
});
