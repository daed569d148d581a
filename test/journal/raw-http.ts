/**
 * A raw HTTP/1.1 client over one TCP connection for the receiver's protocol
 * tests: writes exactly the bytes given (so chunked framing, `Expect:
 * 100-continue` and early answers are visible) and reads responses one at a
 * time, interim `100 Continue` included.
 */
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export class RawConnection {
  private buf = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const s = connect({ host: '127.0.0.1', port }, () => resolve(new RawConnection(s)));
      s.once('error', reject);
    });
  }

  write(data: string | Uint8Array): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  private async need(pred: () => number | undefined, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const n = pred();
      if (n !== undefined) return n;
      if (this.closed)
        throw new Error(`connection closed; have ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; have ${JSON.stringify(this.buf.toString('latin1').slice(0, 200))}`);
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** True when bytes of a response are waiting (without consuming them). */
  get pending(): boolean {
    return this.buf.length > 0;
  }

  /** The next response (a `100 Continue` too). */
  async read(timeoutMs = 10_000): Promise<RawResponse> {
    const headEnd = await this.need(() => {
      const i = this.buf.indexOf('\r\n\r\n');
      return i < 0 ? undefined : i;
    }, timeoutMs);
    const head = this.buf.subarray(0, headEnd).toString('latin1').split('\r\n');
    this.buf = this.buf.subarray(headEnd + 4);
    const status = Number(head[0]!.split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of head.slice(1)) {
      const c = line.indexOf(':');
      headers[line.slice(0, c).toLowerCase()] = line.slice(c + 1).trim();
    }
    if (status === 100) return { status, headers, body: '' };
    let body = '';
    if (headers['transfer-encoding'] === 'chunked') {
      for (;;) {
        const lineEnd = await this.need(() => {
          const i = this.buf.indexOf('\r\n');
          return i < 0 ? undefined : i;
        }, timeoutMs);
        const size = parseInt(this.buf.subarray(0, lineEnd).toString('latin1'), 16);
        await this.need(() => (this.buf.length >= lineEnd + 2 + size + 2 ? 0 : undefined), timeoutMs);
        body += this.buf.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8');
        this.buf = this.buf.subarray(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
    } else {
      const len = Number(headers['content-length'] ?? 0);
      await this.need(() => (this.buf.length >= len ? 0 : undefined), timeoutMs);
      body = this.buf.subarray(0, len).toString('utf8');
      this.buf = this.buf.subarray(len);
    }
    return { status, headers, body };
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The head of an upload request. */
export function uploadHead(
  opts: {
    length?: number;
    chunked?: boolean;
    expect?: boolean;
    type?: string;
    encoding?: string;
    path?: string;
    method?: string;
    extra?: string[];
  } = {},
): string {
  const lines = [
    `${opts.method ?? 'POST'} ${opts.path ?? '/upload'} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Content-Type: ${opts.type ?? 'application/vnd.fdo.journal'}`,
    ...(opts.chunked ? ['Transfer-Encoding: chunked'] : [`Content-Length: ${opts.length ?? 0}`]),
    ...(opts.expect ? ['Expect: 100-continue'] : []),
    ...(opts.encoding ? [`Content-Encoding: ${opts.encoding}`] : []),
    ...(opts.extra ?? []),
  ];
  return lines.join('\r\n') + '\r\n\r\n';
}

/** `data` as HTTP chunks of at most `size` bytes, with the last chunk. */
export function chunked(data: Uint8Array, size = 65536): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) {
    const c = data.subarray(i, i + size);
    parts.push(Buffer.from(`${c.length.toString(16)}\r\n`), Buffer.from(c), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}
