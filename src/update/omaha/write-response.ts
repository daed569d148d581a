/**
 * The response model → the XML text update_engine accepts, written as
 * Nebraska writes it (update.md §1.5, §1.7): no prolog, every element as a
 * start/end pair, `daystart` first, then per app: ping, updatecheck, events.
 * Attribute values are escaped (xml-text.ts), `"` included.
 */
import type { OmahaCodecErrorCode } from './codes.js';
import type {
  OmahaManifest,
  OmahaPostinstallAction,
  OmahaResponse,
  OmahaResponseApp,
  OmahaResponsePackage,
  OmahaResponseUpdateCheck,
} from './model.js';
import { escapeAttributeValue } from './xml-text.js';

type AttrValue = string | number | boolean | undefined;

/** `<name a="…"…></name>` with `inner` between; undefined attributes are left out. */
function element(name: string, attrs: ReadonlyArray<readonly [string, AttrValue]>, inner = ''): string {
  let open = `<${name}`;
  for (const [key, value] of attrs) {
    if (value === undefined) continue;
    open += ` ${key}="${escapeAttributeValue(String(value))}"`;
  }
  return `${open}>${inner}</${name}>`;
}

function writePackage(p: OmahaResponsePackage): string {
  return element('package', [
    ['name', p.name],
    ['hash', p.hash],
    ['hash_sha256', p.hashSha256],
    ['size', p.size],
    ['required', p.required],
  ]);
}

function writeAction(a: OmahaPostinstallAction): string {
  return element('action', [
    ['event', a.event],
    ['ChromeOSVersion', a.chromeOsVersion],
    ['sha256', a.sha256],
    ['needsadmin', a.needsAdmin],
    ['IsDelta', a.isDelta],
    ['IsDeltaPayload', a.isDeltaPayload],
    ['DisablePayloadBackoff', a.disablePayloadBackoff],
    ['MaxFailureCountPerUrl', a.maxFailureCountPerUrl],
    ['MetadataSignatureRsa', a.metadataSignatureRsa],
    ['MetadataSize', a.metadataSize],
    ['deadline', a.deadline],
  ]);
}

function writeManifest(m: OmahaManifest): string {
  return element(
    'manifest',
    [
      ['version', m.version],
      ['is_floor', m.isFloor],
      ['floor_reason', m.floorReason],
      ['is_target', m.isTarget],
    ],
    element('packages', [], m.packages.map(writePackage).join('')) +
      element('actions', [], m.actions.map(writeAction).join('')),
  );
}

function writeUpdateCheck(u: OmahaResponseUpdateCheck): string {
  const attrs: Array<[string, AttrValue]> = [
    ['status', u.status],
    ['PollInterval', u.pollInterval],
  ];
  if (u.status !== 'ok') return element('updatecheck', attrs);
  const urls = element('urls', [], u.urls.map((codebase) => element('url', [['codebase', codebase]])).join(''));
  return element('updatecheck', attrs, urls + writeManifest(u.manifest));
}

function writeApp(app: OmahaResponseApp): string {
  let inner = app.ping ? element('ping', [['status', 'ok']]) : '';
  if (app.updateCheck !== undefined) inner += writeUpdateCheck(app.updateCheck);
  inner += element('event', [['status', 'ok']]).repeat(Math.max(0, app.eventAcks));
  return element(
    'app',
    [
      ['appid', app.appId],
      ['status', app.status],
    ],
    inner,
  );
}

/** The response document as text (UTF-8 when encoded; no prolog, as Nebraska). */
export function writeResponse(response: OmahaResponse): string {
  return element(
    'response',
    [
      ['protocol', '3.0'],
      ['server', response.server],
    ],
    element('daystart', [['elapsed_seconds', response.elapsedSeconds]]) + response.apps.map(writeApp).join(''),
  );
}

/** The app status an unreadable request is answered with, per codec code. */
export const ERROR_APP_STATUS: Readonly<Record<OmahaCodecErrorCode, `error-${string}`>> = {
  OMAHA_TOO_LARGE: 'error-requestTooLarge',
  OMAHA_NOT_XML: 'error-malformedRequest',
  OMAHA_DOCTYPE_FORBIDDEN: 'error-doctypeForbidden',
  OMAHA_NOT_REQUEST: 'error-malformedRequest',
  OMAHA_WRONG_PROTOCOL: 'error-unsupportedProtocol',
  OMAHA_NO_APP: 'error-noApp',
  OMAHA_MISSING_APPID: 'error-invalidAppId',
  OMAHA_BAD_EVENT: 'error-invalidEvent',
};

export interface ErrorResponseOptions {
  /** `response/@server`; "hull" by default. */
  readonly server?: string;
  /** The appid to echo when the request got that far; the app element carries none otherwise. */
  readonly appId?: string;
}

/**
 * The answer to a request the codec refused (sent with HTTP 200, as Nebraska
 * does): one app with an `error-…` status and `updatecheck
 * status="error-internal"` (`error-unsupportedProtocol` for a wrong protocol).
 * update_engine reads only the updatecheck status, so a check answered so
 * fails with its error 34 (response invalid) and is retried at the next
 * interval; an event answered so is ignored, as every event answer is.
 */
export function errorResponse(code: OmahaCodecErrorCode, options: ErrorResponseOptions = {}): string {
  return writeResponse({
    server: options.server ?? 'hull',
    elapsedSeconds: 0,
    apps: [
      {
        ...(options.appId !== undefined ? { appId: options.appId } : {}),
        status: ERROR_APP_STATUS[code],
        ping: false,
        updateCheck: { status: code === 'OMAHA_WRONG_PROTOCOL' ? 'error-unsupportedProtocol' : 'error-internal' },
        eventAcks: 0,
      },
    ],
  });
}
