/**
 * A FleetLock client, as Zincati speaks it: `POST <base>v1/pre-reboot` or
 * `<base>v1/steady-state` (joined by URL resolution, as Zincati does), header
 * `fleet-lock-protocol: true`, body `{"client_params":{"id","group"}}`. Any
 * 2xx is success; otherwise the `{"kind","value"}` body, or kind
 * `generic_http_<status>` when there is none. Answers are read up to 64 KiB.
 */
import { AppError } from '../../core/index.js';
import { fleetLockRequestBody, type FleetLockIdentity } from '../../reboot/index.js';
import type { RebootLockPort } from '../../reboot/index.js';
import { networkReason } from './http-client.js';

export type FleetLockResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly kind: string; readonly value: string };

const MAX_ANSWER = 64 * 1024;

export async function fleetLockRequest(
  baseUrl: string,
  op: 'pre-reboot' | 'steady-state',
  identity: FleetLockIdentity,
  signal?: AbortSignal,
): Promise<FleetLockResult> {
  let url: URL;
  try {
    url = new URL(`v1/${op}`, baseUrl);
  } catch {
    throw new AppError('USAGE', `FleetLock URL ${JSON.stringify(baseUrl)} is not a URL`);
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'fleet-lock-protocol': 'true' },
      body: fleetLockRequestBody(identity),
      redirect: 'error',
      signal: signal ?? AbortSignal.timeout(30_000),
    });
  } catch (err) {
    signal?.throwIfAborted();
    throw new AppError(
      'FLEETLOCK_UNREACHABLE',
      `the FleetLock server at ${url.href} could not be reached: ${networkReason(err)}`,
    );
  }
  const text = (await res.text()).slice(0, MAX_ANSWER);
  if (res.status >= 200 && res.status < 300) return { ok: true };
  try {
    const body = JSON.parse(text) as { kind?: unknown; value?: unknown };
    if (typeof body.kind === 'string')
      return {
        ok: false,
        status: res.status,
        kind: body.kind,
        value: typeof body.value === 'string' ? body.value : '',
      };
  } catch {
    // not JSON: a generic kind, as Zincati makes it
  }
  return { ok: false, status: res.status, kind: `generic_http_${res.status}`, value: text.trim().slice(0, 200) };
}

/** The FleetLock server as the reboot manager's lock; the id may be computed late (Zincati's node id). */
export function fleetLockPort(baseUrl: string, group: string, id: () => Promise<string>): RebootLockPort {
  const call = async (op: 'pre-reboot' | 'steady-state', signal: AbortSignal) => {
    try {
      const r = await fleetLockRequest(baseUrl, op, { id: await id(), group }, signal);
      return r.ok ? { result: 'ok' as const } : { result: 'error' as const, message: `${r.kind}: ${r.value}` };
    } catch (e) {
      signal.throwIfAborted();
      return { result: 'error' as const, message: e instanceof Error ? e.message : String(e) };
    }
  };
  return { lock: (signal) => call('pre-reboot', signal), unlock: (signal) => call('steady-state', signal) };
}
