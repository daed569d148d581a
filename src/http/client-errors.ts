/**
 * The HTTP parser's own refusals (Node's 'clientError': a malformed or
 * smuggling request such as Content-Length with Transfer-Encoding or a bad
 * chunk size, headers over 16 KiB, a request not received in time) answered
 * with the documented `{"error":{"code","message"}}` body, then the
 * connection is closed. Fastify's `clientErrorHandler` calls this.
 */
import { APP_ERROR_CODES, type AppErrorCode } from '../core/index.js';
import type { ErrorBody } from './error-handler.js';

/** What this handler needs of a socket (a node:net Socket). */
export interface ClientSocket {
  readonly destroyed: boolean;
  readonly writable: boolean;
  end(data: string): unknown;
  destroy(): unknown;
  once(event: 'close', listener: () => void): unknown;
  /** The response in progress on the connection, if any (Node's own field). */
  readonly _httpMessage?: { readonly headersSent?: boolean } | null;
}

export interface ClientErrorLike {
  readonly code?: string;
  readonly reason?: string;
  readonly message: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/** The answer's code and message for a parser error. */
export function clientErrorAnswer(err: ClientErrorLike): { code: AppErrorCode; message: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return { code: 'REQUEST_TIMEOUT', message: 'the request was not received in time; the connection is closed' };
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return { code: 'HEADERS_TOO_LARGE', message: 'the request headers are larger than the server reads (16 KiB)' };
  const reason = err.reason ?? err.message.replace(/^Parse Error: /, '');
  return { code: 'USAGE', message: `the HTTP request is malformed: ${reason}${err.code ? ` (${err.code})` : ''}` };
}

/** The raw HTTP/1.1 response for a parser error; the connection closes after it. */
export function clientErrorResponse(err: ClientErrorLike): string {
  const answer = clientErrorAnswer(err);
  const status = APP_ERROR_CODES[answer.code].http;
  const body: ErrorBody = { error: answer };
  const json = JSON.stringify(body);
  return (
    `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}\r\n` +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${Buffer.byteLength(json)}\r\n` +
    'connection: close\r\n\r\n' +
    json
  );
}

/** How long a refused connection may linger for the client to read the answer. */
const LINGER_MS = 1000;

const answered = new WeakSet<object>();

export function handleClientError(err: ClientErrorLike, socket: ClientSocket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  // The parser may report again for bytes that follow the first error.
  if (answered.has(socket)) return;
  answered.add(socket);
  if (!socket.writable || socket._httpMessage?.headersSent) {
    socket.destroy();
    return;
  }
  // end(), not write() + destroy(): destroying with unread bytes in the
  // buffer sends a reset, which can make the client drop the answer.
  socket.end(clientErrorResponse(err));
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  socket.once('close', () => clearTimeout(timer));
}
