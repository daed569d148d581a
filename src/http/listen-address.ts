import { AppError } from '../core/index.js';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/**
 * Parses `--listen`: `HOST:PORT`, `[IPv6]:PORT`, `:PORT` or `PORT` (host
 * 127.0.0.1 then). Port 0 asks the system for a free port.
 */
export function parseListenAddress(text: string): ListenAddress {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d+)$/.exec(text) ?? /^()()(\d+)$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('USAGE', `invalid listen address '${text}': expected HOST:PORT, [IPV6]:PORT or PORT (0-65535)`);
  }
  return { host: m[1] || m[2] || '127.0.0.1', port };
}
