import type { FastifyInstance } from 'fastify';
import type { ServerFacts } from './health.js';

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /: the server's front page. For now a plain status page with links to
 * the API; the config playground (web/) takes this place when it lands.
 */
export function homeRoutes(app: FastifyInstance, facts: ServerFacts, dialect: string): void {
  app.get('/', async (_request, reply) => {
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
  <li><a href="/healthz"><code>GET /healthz</code></a>: health of the server and its store</li>
  <li><a href="/metrics"><code>GET /metrics</code></a>: Prometheus metrics</li>
</ul>
</body>
</html>
`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
