import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError } from '../../core/index.js';
import {
  archOf,
  DEFAULT_MAX_REQUEST_BYTES,
  errorResponse,
  parseRequest,
  trackOf,
  writeResponse,
  type OmahaRequest,
  type OmahaRequestApp,
  type OmahaResponseApp,
} from '../../update/index.js';
import type { CheckIn, CheckInResult, OmahaService } from '../../update/index.js';
import { codebaseFor } from './package-urls.js';
import type { UpdateMetrics } from '../update-metrics.js';

export interface OmahaRouteDeps {
  readonly service: OmahaService;
  /** The server's public base URL for hosted payloads; default: from the request's Host. */
  readonly publicUrl?: string;
  readonly metrics?: UpdateMetrics;
}

/**
 * The Omaha v3 endpoint update_engine posts to: `POST /v1/update` (and
 * `/v1/update/`). Open, as Nebraska's is. Whatever arrives, the answer is HTTP
 * 200 `text/xml`: a request that cannot be parsed (not XML, a DOCTYPE, a wrong
 * protocol, over 64 KiB, no app) gets an Omaha error response and nothing is
 * stored; errors inside are Omaha statuses, never HTTP ones.
 */
export function omahaRoutes(app: FastifyInstance, deps: OmahaRouteDeps): void {
  void app.register(async (scope) => {
    // Any content type, read as bytes: update_engine says text/xml, others application/xml or nothing.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: DEFAULT_MAX_REQUEST_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      if (err.statusCode === 413) {
        deps.metrics?.omahaRejected.inc({ code: 'OMAHA_TOO_LARGE' });
        reply.removeHeader('connection');
        return sendXml(reply, errorResponse('OMAHA_TOO_LARGE'));
      }
      request.log.error({ err }, 'omaha request failed');
      return sendXml(reply, errorResponse('OMAHA_NOT_XML'));
    });
    const handler = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const parsed = parseRequest(body);
      if (!parsed.ok) {
        deps.metrics?.omahaRejected.inc({ code: parsed.code });
        request.log.info({ code: parsed.code, reason: parsed.message }, 'omaha request refused');
        return sendXml(reply, errorResponse(parsed.code));
      }
      const apps: OmahaResponseApp[] = [];
      for (const a of parsed.request.apps) apps.push(await answerApp(request, deps, parsed.request, a));
      return sendXml(reply, writeResponse({ server: 'hull', elapsedSeconds: 0, apps }));
    };
    scope.post('/v1/update', handler);
    scope.post('/v1/update/', handler);
  });
}

async function answerApp(
  request: FastifyRequest,
  deps: OmahaRouteDeps,
  req: OmahaRequest,
  a: OmahaRequestApp,
): Promise<OmahaResponseApp> {
  const base = { appId: a.appId, ping: a.ping !== undefined, eventAcks: a.events.length };
  const error = (status: `error-${string}`): OmahaResponseApp => ({
    ...base,
    status,
    ...(a.updateCheck !== undefined ? { updateCheck: { status: 'error-internal' as const } } : {}),
  });
  if (a.machineId === undefined || a.machineId === '' || a.machineId.length > 256)
    return error('error-instanceRegistrationFailed');
  const checkIn: CheckIn = {
    appId: a.appId,
    machineId: a.machineId,
    version: a.version ?? '',
    track: trackOf(a.track),
    arch: archOf(a, req.os),
    ip: request.ip,
    alias: a.machineAlias ?? '',
    oem: a.oem ?? '',
    oemVersion: a.oemVersion ?? '',
    alephVersion: a.alephVersion ?? '',
    ping: a.ping !== undefined,
    updateCheck: a.updateCheck !== undefined,
    events: a.events.map((e) => ({
      type: e.type,
      result: e.result,
      errorCode: e.errorCode?.code ?? null,
      rawErrorCode: e.errorCode?.raw ?? null,
      previousVersion: e.previousVersion,
    })),
  };
  let result: CheckInResult;
  try {
    result = await deps.service.checkIn(checkIn);
  } catch (err) {
    // The database failing must not become an HTTP error: the client would count it as one (2000+status).
    request.log.error(
      { err, code: isAppError(err) ? err.code : 'INTERNAL', machine: a.machineId },
      'omaha check-in failed',
    );
    deps.metrics?.omahaFailed.inc();
    return error('error-internal');
  }
  deps.metrics?.countCheckIn(result);
  const uc = result.updateCheck;
  if (uc === null) return { ...base, status: result.appStatus };
  if (uc.status !== 'ok') return { ...base, status: result.appStatus, updateCheck: { status: uc.status } };
  const pkg = uc.pkg;
  return {
    ...base,
    status: 'ok',
    updateCheck: {
      status: 'ok',
      urls: [codebaseFor(pkg, deps.publicUrl ?? requestBase(request))],
      manifest: {
        version: pkg.version,
        packages: [
          { name: pkg.filename, hash: pkg.sha1, size: pkg.size, required: true },
          ...pkg.extraFiles.map((f) => ({
            name: f.name,
            hash: f.sha1,
            size: f.size,
            required: false,
            hashSha256: f.sha256Hex,
          })),
        ],
        actions: [
          {
            event: 'postinstall',
            sha256: pkg.action.sha256,
            ...(pkg.action.disablePayloadBackoff ? { disablePayloadBackoff: true } : {}),
            ...(pkg.action.isDelta ? { isDeltaPayload: true } : {}),
            ...(pkg.action.maxFailureCountPerUrl !== null
              ? { maxFailureCountPerUrl: pkg.action.maxFailureCountPerUrl }
              : {}),
          },
        ],
        ...(uc.isFloor ? { isFloor: true } : {}),
      },
    },
  };
}

/** `http://host:port` as the client addressed this server. */
export function requestBase(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

function sendXml(reply: FastifyReply, xml: string): FastifyReply {
  return reply.status(200).header('content-type', 'text/xml; charset=utf-8').send(xml);
}
