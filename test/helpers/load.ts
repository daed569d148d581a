/**
 * Load for the server resilience tests (test/e2e/serve-*.test.ts) and
 * bench/server-resilience.ts: a /healthz poller that records latencies, a
 * flood of transpiles, slowloris connections. Every loop here is bounded and
 * sends only to the loopback address it is given.
 */
import { request, type IncomingHttpHeaders } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request on a connection of its own (no keep-alive), optionally from a given local address. */
export function send(
  url: string,
  opts: {
    method?: string;
    path?: string;
    body?: string | Buffer;
    headers?: Record<string, string>;
    localAddress?: string;
    timeoutMs?: number;
    /** Called once the whole request is written. */
    onSent?: () => void;
  } = {},
): Promise<Answer> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        method: opts.method ?? 'GET',
        path: opts.path ?? '/',
        agent: false,
        headers: opts.headers,
        ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () =>
      req.destroy(new Error(`no answer in ${opts.timeoutMs ?? 10_000} ms`)),
    );
    req.on('error', reject);
    if (opts.onSent) req.on('finish', opts.onSent);
    req.end(opts.body);
  });
}

export const percentile = (values: readonly number[], p: number): number => {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

export interface HealthSamples {
  /** Latency of each answered /healthz, ms. */
  latencies: number[];
  /** When each answered /healthz was sent (performance.now()), in step with latencies. */
  sentAt: number[];
  /** What went wrong for the others (status or error). */
  failures: string[];
}

/** Polls GET /healthz one request at a time, a new connection each, until stopped. */
export function pollHealth(
  url: string,
  opts: { everyMs?: number; localAddress?: string; timeoutMs?: number } = {},
): { stop(): Promise<HealthSamples> } {
  const samples: HealthSamples = { latencies: [], sentAt: [], failures: [] };
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        const res = await send(url, {
          path: '/healthz',
          timeoutMs: opts.timeoutMs ?? 5000,
          ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
        });
        if (res.status === 200) {
          samples.latencies.push(performance.now() - t0);
          samples.sentAt.push(t0);
        } else samples.failures.push(`status ${res.status}`);
      } catch (err) {
        samples.failures.push(err instanceof Error ? err.message : String(err));
      }
      await new Promise((r) => setTimeout(r, opts.everyMs ?? 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** A transpile request body of about `bytes` bytes: one ct file with that much inline content (CPU-heavy to transpile). */
export function bigTranspileBody(bytes: number): string {
  const source = `storage:\n  files:\n    - path: /etc/big\n      filesystem: root\n      contents:\n        inline: ${'x'.repeat(bytes)}\n`;
  return JSON.stringify({ dialect: 'ct', source });
}

/**
 * A CLC of about `bytes` bytes of small files in flow mappings (`- {path: /srv/fN, …}`): slow for its size
 * (every file is decoded, checked and translated; 1.8 MB is about 21 700 files, 2.7 s for the CLI), unlike
 * bigTranspileBody's one scalar, which the YAML fast path reads in a few hundred milliseconds.
 */
export function manyFilesTranspileBody(bytes: number): string {
  const lines = ['storage:', '  files:'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `    - {path: /srv/f${i}, filesystem: root, mode: 0644, contents: {inline: x${i}}}`;
    lines.push(line);
    size += line.length + 1;
  }
  return JSON.stringify({ dialect: 'ct', source: `${lines.join('\n')}\n` });
}

/** `count` concurrent POST /api/v1/transpile with `body`; resolves with every answer (or error text). */
export function transpileFlood(
  url: string,
  count: number,
  body: string | Buffer,
  onAllSent?: () => void,
): Promise<(Answer | string)[]> {
  // A request counts as sent once written in full, or once answered or failed (a 503 may come before the body is written).
  const sent = new Set<number>();
  const mark = (i: number) => {
    if (!sent.has(i) && sent.add(i).size === count) onAllSent?.();
  };
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      send(url, {
        method: 'POST',
        path: '/api/v1/transpile',
        body,
        headers: { 'content-type': 'application/json' },
        timeoutMs: 60_000,
        onSent: () => mark(i),
      })
        .catch((err: Error) => err.message)
        .finally(() => mark(i)),
    ),
  );
}

export interface Slowloris {
  /** Connections neither connected nor closed yet. */
  pending(): number;
  /** Connections the server still holds open. */
  open(): number;
  /** Connections the server closed (refused over a cap, or timed out). */
  closed(): number;
  /** What the server wrote on closed connections, by first status line. */
  answers(): Map<string, number>;
  stop(): void;
}

/**
 * `count` connections from `localAddress`, each sending a request's headers
 * a line at a time, one line every `dripMs`, never finishing them.
 */
export function slowloris(url: string, opts: { count: number; localAddress: string; dripMs?: number }): Slowloris {
  const u = new URL(url);
  const sockets = new Set<Socket>();
  let closed = 0;
  let connected = 0;
  const answers = new Map<string, number>();
  let line = 0;
  // Below Linux's ephemeral range (32768–60999), so no port the kernel hands out collides.
  const base = 20_000 + Math.floor(Math.random() * (12_000 - opts.count));
  for (let i = 0; i < opts.count; i++) {
    // An explicit local port: bind() with port 0 searches the ephemeral range
    // for each socket (seconds of system time for thousands).
    const s = connect({ host: u.hostname, port: Number(u.port), localAddress: opts.localAddress, localPort: base + i });
    s.write(`GET /healthz HTTP/1.1\r\nHost: ${u.host}\r\n`);
    sockets.add(s);
    let first = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (first ||= c.split('\r\n')[0]!));
    s.on('error', () => {});
    let up = false;
    s.once('connect', () => {
      up = true;
      connected++;
    });
    s.on('close', () => {
      sockets.delete(s);
      if (up) connected--;
      closed++;
      if (first) answers.set(first, (answers.get(first) ?? 0) + 1);
    });
  }
  const drip = setInterval(() => {
    line++;
    for (const s of sockets) if (s.writable) s.write(`X-Slow-${line}: ${line}\r\n`);
  }, opts.dripMs ?? 500);
  return {
    pending: () => sockets.size - connected,
    open: () => sockets.size,
    closed: () => closed,
    answers: () => answers,
    stop() {
      clearInterval(drip);
      for (const s of sockets) s.destroy();
    },
  };
}

/** Writes raw bytes on a new connection; resolves with everything the server wrote before it closed. */
export function rawExchange(
  url: string,
  bytes: string | Buffer,
  opts: { localAddress?: string; timeoutMs?: number } = {},
): Promise<{ text: string; ms: number; closed: boolean }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const t0 = performance.now();
    const s = connect({
      host: u.hostname,
      port: Number(u.port),
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
    });
    let text = '';
    s.setEncoding('utf8');
    s.on('data', (c: string) => (text += c));
    s.on('error', () => {});
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ text, ms: performance.now() - t0, closed: false });
    }, opts.timeoutMs ?? 10_000);
    s.on('close', () => {
      clearTimeout(timer);
      resolve({ text, ms: performance.now() - t0, closed: true });
    });
    s.on('connect', () => s.write(bytes));
  });
}

/** The JSON body of a raw HTTP response. */
export function rawBody(text: string): { status: number; json: any } {
  const [head, ...rest] = text.split('\r\n\r\n');
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]), json: JSON.parse(rest.join('\r\n\r\n')) };
}
