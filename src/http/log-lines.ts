/**
 * `hull serve`'s log for a person at a terminal: each pino JSON line becomes
 * `HH:MM:SS LEVEL message key=value …`; a request is `METHOD URL STATUS
 * TIMEms`; the start line is preceded by the URL on its own line. Not on a
 * terminal the JSON lines are written as they are (docs/server.md, Logs).
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Fields every line has, or that a person does not need to see. */
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'name', 'reqId', 'err']);
/** The start line's detail, which the JSON log keeps. */
const HIDDEN_AT_START = new Set(['url', 'limits', 'transpile', 'fileLimit']);

function clock(time: unknown): string {
  const d = typeof time === 'number' ? new Date(time) : new Date();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** One pino JSON line (with or without its newline) as the text a person reads; a line that is not JSON passes unchanged. */
export function humanLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = (LEVELS[Number(record.level)] ?? String(record.level)).padEnd(5);
  const msg = String(record.msg ?? '');
  const starting = msg === 'hull listening' && typeof record.url === 'string';
  let text: string;
  if (msg === 'request' && typeof record.method === 'string') {
    text = `${record.method} ${String(record.url)} ${String(record.status)} ${String(record.ms)}ms`;
  } else {
    const fields = Object.entries(record)
      .filter(([key, value]) => !HIDDEN.has(key) && !(starting && HIDDEN_AT_START.has(key)) && value !== undefined)
      .map(([key, value]) => `${key}=${show(value)}`);
    text = [msg, ...fields].join(' ');
  }
  let out = `${clock(record.time)} ${level} ${text}\n`;
  const err = record.err as { stack?: unknown; message?: unknown } | undefined;
  if (err !== undefined && err !== null)
    out += `  ${String(err.stack ?? err.message ?? JSON.stringify(err)).replace(/\n/g, '\n  ')}\n`;
  return starting ? `${String(record.url)}\n${out}` : out;
}

/**
 * The terminal log's sink: info lines written before the server listens
 * (the store opening, migrations) wait until the start line, so the URL is
 * the first line a person sees; warnings and errors are written at once.
 * fastify's own "Server listening at" is left out (the URL line says it).
 */
export function humanLogSink(write: (text: string) => void): { write(line: string): void } {
  let held: string[] | undefined = [];
  return {
    write(line) {
      let record: { level?: unknown; msg?: unknown } = {};
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        // not JSON: written as it is
      }
      if (typeof record.msg === 'string' && record.msg.startsWith('Server listening at ')) return;
      const text = humanLogLine(line);
      if (held === undefined) return write(text);
      if (record.msg === 'hull listening') {
        const [url, ...rest] = text.split('\n');
        write([url, ...held.map((t) => t.replace(/\n$/, '')), ...rest].join('\n'));
        held = undefined;
      } else if (Number(record.level) <= 30) held.push(text);
      else write(text);
    },
  };
}
