import type { FastifyInstance } from 'fastify';
import type { ServerFacts } from './health.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /status: a plain HTML status page with links to the API, and
 * GET /api/v1/status: the same facts as JSON (the playground's footer).
 * GET / is the playground (routes/web.ts).
 */
export function homeRoutes(app: FastifyInstance, facts: ServerFacts, dialect: string): void {
  app.get(
    '/api/v1/status',
    {
      config: { access: 'public' },
      schema: { tags: ['meta'], summary: 'Version, store, instance id and number of starts' },
    },
    async () => ({
      version: facts.version,
      store: dialect,
      instance: facts.instanceId,
      starts: facts.startCount,
    }),
  );
  app.get('/status', async (_request, reply) => {
    const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hull</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 3rem auto; padding: 0 1rem; color: #1d2433; }
  h1 { margin-bottom: 0; } .sub { color: #5a6375; margin-top: 0; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
  dt { color: #5a6375; } code { background: #eef1f6; padding: 0 .25rem; border-radius: 3px; }
</style>
</head>
<body>
<h1>Hull</h1>
<p class="sub">The open management plane for Container Linux fleets.</p>
<dl>
  <dt>Version</dt><dd>${escapeHtml(facts.version)}</dd>
  <dt>Store</dt><dd>${escapeHtml(dialect)}</dd>
  <dt>Instance</dt><dd><code>${escapeHtml(facts.instanceId)}</code></dd>
  <dt>Starts</dt><dd>${facts.startCount}</dd>
</dl>
<h2>API</h2>
<ul>
  <li><a href="/"><code>GET /</code></a>: the config playground</li>
  <li><a href="/api/v1/status"><code>GET /api/v1/status</code></a>: these facts as JSON</li>
  <li><code>POST /api/v1/transpile</code>: <code>{dialect, target?, source}</code> → <code>{output, issues}</code></li>
  <li><a href="/healthz"><code>GET /healthz</code></a>: health of the server and its store</li>
  <li><a href="/metrics"><code>GET /metrics</code></a>: Prometheus metrics</li>
</ul>
</body>
</html>
`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
