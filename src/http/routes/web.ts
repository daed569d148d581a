import type { FastifyInstance, FastifyReply } from 'fastify';
import type { WebFiles } from '../../adapters/node/index.js';
import { APP_ERROR_CODES } from '../../core/index.js';
import type { ErrorBody } from '../error-handler.js';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
};

/**
 * The pages' Content-Security-Policy (set on every answer by @fastify/helmet,
 * security-headers.ts): scripts and connections only from this server; inline
 * styles are allowed because CodeMirror injects its own; the favicon is a data: URL.
 */
export const CONTENT_SECURITY_POLICY_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Vite names everything under assets/ by content hash: it never changes, so it may be cached for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html) must be revalidated, so a new build is seen at once. */
const REVALIDATE = 'no-cache';

export const contentTypeOf = (path: string): string =>
  CONTENT_TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/**
 * The URL path as a relative file path, or undefined when it may not name a
 * file of the web app: undecodable, a `..` or dot-file segment, a backslash
 * or NUL, an empty segment.
 */
export function webPathOf(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded === '/' || decoded === '') return 'index.html';
  // The dashboard's pages (/ui and below) are routes of the one-page app: each URL is index.html.
  if (isDashboardPath(decoded)) return 'index.html';
  if (/[\\\0]/.test(decoded) || !decoded.startsWith('/')) return undefined;
  const segments = decoded.slice(1).split('/');
  if (segments.some((s) => s === '' || s.startsWith('.'))) return undefined;
  return segments.join('/');
}

/** The dashboard's URLs (docs/dashboard.md): `/ui` and every path below it, reloadable and linkable. */
export const isDashboardPath = (decoded: string): boolean => decoded === '/ui' || decoded.startsWith('/ui/');

/** Whether an Accept-Encoding header takes gzip (listed, not with q=0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (name !== 'gzip' && name !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const notFound = (reply: FastifyReply, url: string) => {
  const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `no route for GET ${url}` } };
  return reply.status(404).send(body);
};

function missingPage(): string {
  const { summary } = APP_ERROR_CODES.WEB_APP_MISSING;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hull: web app not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1d2433}code{background:#eef1f6;padding:0 .25rem;border-radius:3px}</style>
</head><body>
<h1>The playground is not built</h1>
<p><code>WEB_APP_MISSING</code>: ${summary}</p>
<p>Build it with <code>npm run build</code> (<code>npm install</code> does it too) and reload this page.
The API works meanwhile: <a href="/status">status</a>, <a href="/healthz">/healthz</a>, <code>POST /api/v1/transpile</code>.</p>
</body></html>
`;
}

/** GET / and the web app's files (dist/web), with content types and caching; see docs/server.md. */
export function webRoutes(app: FastifyInstance, files: WebFiles): void {
  const serve = async (
    urlPath: string,
    ifNoneMatch: string | undefined,
    acceptEncoding: string | undefined,
    reply: FastifyReply,
  ) => {
    const rel = webPathOf(urlPath);
    const original = rel === undefined ? undefined : await files.read(rel);
    // A gzip copy made by the build (FILE.gz), for clients that accept it.
    const gzip = original !== undefined && acceptsGzip(acceptEncoding) ? await files.read(`${rel}.gz`) : undefined;
    const file = gzip ?? original;
    if (rel === undefined || file === undefined) {
      if (rel === 'index.html' && !files.built()) {
        return reply
          .status(APP_ERROR_CODES.WEB_APP_MISSING.http)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(missingPage());
      }
      return notFound(reply, urlPath);
    }
    const etag = `W/"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}${gzip === undefined ? '' : '-gz'}"`;
    reply.header('etag', etag).header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : REVALIDATE);
    reply.header('vary', 'accept-encoding');
    if (gzip !== undefined) reply.header('content-encoding', 'gzip');
    if (ifNoneMatch === etag) return reply.status(304).send();
    return reply.type(contentTypeOf(rel)).send(file.body);
  };
  const pathOf = (url: string) => url.split('?')[0]!;
  app.get('/', async (request, reply) =>
    serve('/', request.headers['if-none-match'], request.headers['accept-encoding'], reply),
  );
  app.get('/*', async (request, reply) =>
    serve(pathOf(request.url), request.headers['if-none-match'], request.headers['accept-encoding'], reply),
  );
}
