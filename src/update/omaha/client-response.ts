/**
 * Reads an Omaha response as Flatcar's update_engine does
 * (update-engine-observed.md §4): the first `/response/app/updatecheck` only,
 * `PollInterval` parsed first (even for noupdate), `status` `ok` or `noupdate`
 * (else 34), then for `ok`: the url codebases (at least one, none empty), the
 * manifest's version, the first package's name and size (> 0), and the
 * postinstall action's `sha256` (non-empty), `DisablePayloadBackoff`,
 * `MaxFailureCountPerUrl`, `IsDeltaPayload`. An empty body is 30, a body that
 * is not XML 31. Never throws.
 */
import { decodeAttributeValue } from './xml-text.js';
import { parseXmlTree, type XmlElement } from './_xml-tree.js';

/** update_engine's codes for a refused response. */
export type ClientResponseCode = 30 | 31 | 34;

export interface NoUpdate {
  readonly ok: true;
  readonly status: 'noupdate';
  /** `PollInterval` in seconds when given and > 0. */
  readonly pollInterval?: number;
}

export interface UpdateOffer {
  readonly ok: true;
  readonly status: 'ok';
  readonly pollInterval?: number;
  /** `manifest/@version` (may be empty: update_engine only shows it). */
  readonly version: string;
  /** Each codebase, in order. */
  readonly codebases: readonly string[];
  /** The first package's name. */
  readonly packageName: string;
  /** The download URLs: codebase (+ `/` when missing) + package name. */
  readonly urls: readonly string[];
  readonly size: number;
  /** The postinstall action's `sha256`: the whole file's SHA-256 as base64 text, compared as a string. */
  readonly sha256: string;
  readonly disablePayloadBackoff: boolean;
  readonly maxFailureCountPerUrl?: number;
  readonly isDelta: boolean;
}

export interface ResponseRefused {
  readonly ok: false;
  readonly code: ClientResponseCode;
  readonly message: string;
}

export type ClientResponse = NoUpdate | UpdateOffer | ResponseRefused;

const refuse = (code: ClientResponseCode, message: string): ResponseRefused => ({ ok: false, code, message });

const first = (e: XmlElement | undefined, name: string): XmlElement | undefined => e?.children.get(name)?.[0];
const attr = (e: XmlElement | undefined, name: string): string | undefined => {
  const raw = e?.attrs[name];
  return raw === undefined ? undefined : decodeAttributeValue(raw);
};

/** strtoull-like: leading decimal digits; undefined when there are none. */
function leadingInt(s: string | undefined): number | undefined {
  const m = /^\s*\+?(\d+)/.exec(s ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function readClientResponse(body: string): ClientResponse {
  if (body.length === 0) return refuse(30, 'the update check got an empty response');
  const tree = parseXmlTree(body);
  if (!tree.ok) return refuse(31, `the response is not XML: ${tree.message}`);
  if (tree.name !== 'response') return refuse(34, `the response's root is <${tree.name}>, not <response>`);
  const uc = first(first(tree.root, 'app'), 'updatecheck');
  if (!uc) return refuse(34, 'the response has no /response/app/updatecheck');
  const poll = leadingInt(attr(uc, 'PollInterval'));
  const pollInterval = poll !== undefined && poll > 0 ? { pollInterval: poll } : {};
  const status = attr(uc, 'status');
  if (status === 'noupdate') return { ok: true, status: 'noupdate', ...pollInterval };
  if (status !== 'ok')
    return refuse(34, `updatecheck status is ${status === undefined ? 'missing' : `'${status}'`}, not ok or noupdate`);

  const codebases = (first(uc, 'urls')?.children.get('url') ?? []).map((u) => attr(u, 'codebase') ?? '');
  if (codebases.length === 0) return refuse(34, 'the response has no urls/url');
  if (codebases.some((c) => c === '')) return refuse(34, 'a url has an empty codebase');
  const manifest = first(uc, 'manifest');
  if (!manifest) return refuse(34, 'the response has no manifest');
  const pkg = first(first(manifest, 'packages'), 'package');
  const packageName = attr(pkg, 'name');
  if (!pkg || packageName === undefined) return refuse(34, 'the manifest has no package name');
  const size = leadingInt(attr(pkg, 'size'));
  if (size === undefined || size <= 0) return refuse(34, 'the package size is missing or not > 0');
  const action = (first(manifest, 'actions')?.children.get('action') ?? []).find(
    (a) => attr(a, 'event') === 'postinstall',
  );
  if (!action) return refuse(34, 'the manifest has no postinstall action');
  const sha256 = attr(action, 'sha256') ?? '';
  if (sha256 === '') return refuse(34, 'the postinstall action has no sha256');
  const maxFail = leadingInt(attr(action, 'MaxFailureCountPerUrl'));
  return {
    ok: true,
    status: 'ok',
    ...pollInterval,
    version: attr(manifest, 'version') ?? '',
    codebases,
    packageName,
    urls: codebases.map((c) => (c.endsWith('/') ? c : `${c}/`) + packageName),
    size,
    sha256,
    disablePayloadBackoff: attr(action, 'DisablePayloadBackoff') === 'true',
    ...(maxFail !== undefined && maxFail > 0 ? { maxFailureCountPerUrl: maxFail } : {}),
    isDelta: attr(action, 'IsDeltaPayload') === 'true',
  };
}

/**
 * update_engine's "same response" (pref `current-response-signature`): the
 * URLs, size, sha256, delta flag, MaxFailureCountPerUrl and DisablePayloadBackoff.
 */
export function responseSignature(r: UpdateOffer): string {
  return [
    `NumURLs = ${r.urls.length}`,
    ...r.urls.map((u, i) => `Url${i} = ${u}`),
    `Payload Size = ${r.size}`,
    `Payload Sha256 Hash = ${r.sha256}`,
    `Is Delta Payload = ${r.isDelta ? 1 : 0}`,
    `Max Failure Count Per Url = ${r.maxFailureCountPerUrl ?? 10}`,
    `Disable Payload Backoff = ${r.disablePayloadBackoff ? 1 : 0}`,
    '',
  ].join('\n');
}
