/**
 * A fleet of simulated update_engine machines for tests and benches that talk
 * to a real `hull serve`: the recorded request bytes of the real client with
 * the machine id (and optionally version and track) replaced, and the API
 * calls that put a package on a channel and set a group's policy.
 */
import { readFileSync } from 'node:fs';

export const FLATCAR_APP = 'e96281a6-d1af-4bde-9a0a-97b76e56dc57';
/** The seeded stable amd64 channel and group (src/update/server/seed.ts). */
export const STABLE_AMD64_CHANNEL = 'e06064ad-4414-4904-9a6e-fd465593d1b2';
export const STABLE_AMD64_GROUP = '9a2deb70-37be-4026-853f-bfdd6b347bbe';

const fixture = (name: string) =>
  readFileSync(new URL(`../fixtures/update/omaha/requests/${name}`, import.meta.url), 'utf8');
/** The first check ever: ping, updatecheck, event 3/2 previousversion="0.0.0.0"; version 1000.0.0, track stable. */
export const FIRST_CHECK = fixture('check-first-previousversion-0.0.0.0.xml');
/** A later, scheduled check: previousversion="". */
export const LATER_CHECK = fixture('check-scheduled.xml');

/** `n`-th machine id of a fleet: 32 lowercase hex digits, as Flatcar sends. */
export function machineId(n: number, prefix = 0): string {
  return prefix.toString(16).padStart(8, '0') + n.toString(16).padStart(24, '0');
}

/** The recorded request with its machine id (and, when given, its running version, track and alias) replaced. */
export function requestFor(
  template: string,
  id: string,
  opts: { version?: string; track?: string; alias?: string } = {},
): string {
  let body = template.replace(/machineid="[^"]*"/, `machineid="${id}"`);
  if (opts.version !== undefined) body = body.replace(/ version="1000\.0\.0"/, ` version="${opts.version}"`);
  if (opts.alias !== undefined) body = body.replace(/machinealias="[^"]*"/, `machinealias="${opts.alias}"`);
  if (opts.track !== undefined) body = body.replace(/track="stable"/, `track="${opts.track}"`);
  if (!body.includes(`machineid="${id}"`)) throw new Error('the request template has no machineid');
  return body;
}

export async function api<T = unknown>(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text === '' ? undefined : JSON.parse(text)) as T;
}

/** Registers a package (hosted elsewhere) of the Flatcar app for amd64 and returns its id. */
export async function createPackage(base: string, token: string, version: string): Promise<string> {
  const pkg = await api<{ id: string }>(base, token, 'POST', `/api/v1/apps/${FLATCAR_APP}/packages`, {
    version,
    arch: 'amd64',
    url: 'https://updates.example.invalid/',
    filename: 'flatcar_production_update.gz',
    size: 123_456_789,
    sha1: 'EfatjsUqKYSrqv18O1FlA3hcIHI=',
    sha256Hex: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
    action: { sha256: 'LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=' },
  });
  return pkg.id;
}

/** Points a channel at a package. */
export async function promote(base: string, token: string, channelId: string, packageId: string): Promise<void> {
  await api(base, token, 'PATCH', `/api/v1/apps/${FLATCAR_APP}/channels/${channelId}`, { packageId });
}

/** Changes the given policy fields of a group. */
export async function setPolicy(
  base: string,
  token: string,
  groupId: string,
  policy: Record<string, unknown>,
): Promise<void> {
  await api(base, token, 'PATCH', `/api/v1/apps/${FLATCAR_APP}/groups/${groupId}`, { policy });
}

/** POSTs an Omaha request to /v1/update and returns the answer's text (HTTP 200 is required). */
export async function omaha(base: string, body: string): Promise<string> {
  const res = await fetch(`${base}/v1/update/`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`POST /v1/update/: ${res.status} ${text}`);
  return text;
}

/** The `updatecheck` status and the app status of a one-app Omaha answer. */
export function answerOf(xml: string): { app: string; updateCheck: string } {
  const app = /<app [^>]*status="([^"]*)"/.exec(xml)?.[1] ?? '?';
  const updateCheck = /<updatecheck [^>]*status="([^"]*)"/.exec(xml)?.[1] ?? '?';
  return { app, updateCheck };
}
