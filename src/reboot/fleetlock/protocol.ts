/**
 * The FleetLock protocol (Zincati ↔ lock server), pure: request validation
 * and the error body. `POST <base>v1/pre-reboot` takes a slot,
 * `POST <base>v1/steady-state` gives it back; both need the header
 * `fleet-lock-protocol: true` and the body
 * `{"client_params":{"id":"<node id>","group":"<group>"}}` (both non-empty;
 * Zincati allows groups matching `^[a-zA-Z0-9.-]+$`). Errors are JSON
 * `{"kind":…,"value":…}` with airlock's kinds.
 */

export type FleetLockKind =
  | 'invalid_client_identity'
  | 'unknown_group'
  | 'failed_sem_init'
  | 'failed_lock'
  | 'method_not_allowed';

export interface FleetLockError {
  readonly status: number;
  readonly kind: FleetLockKind;
  readonly value: string;
}

export interface FleetLockIdentity {
  readonly id: string;
  readonly group: string;
}

export const GROUP_PATTERN = /^[a-zA-Z0-9.-]+$/;
export const DEFAULT_GROUP = 'default';

const identityError = (why: string): FleetLockError => ({
  status: 400,
  kind: 'invalid_client_identity',
  value: `failed to validate client identity: ${why}`,
});

/** Validates a request's header and body (the body as text, at most what the server read). */
export function parseFleetLockRequest(
  header: string | undefined,
  body: string,
): { ok: true; identity: FleetLockIdentity } | { ok: false; error: FleetLockError } {
  if (header !== 'true') return { ok: false, error: identityError("wrong 'fleet-lock-protocol' header") };
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (e) {
    return { ok: false, error: identityError(`the body is not JSON: ${e instanceof Error ? e.message : String(e)}`) };
  }
  const params = (doc as { client_params?: unknown } | null)?.client_params as
    | { id?: unknown; group?: unknown }
    | undefined;
  if (params === null || typeof params !== 'object')
    return { ok: false, error: identityError('no client_params object') };
  const group = params.group;
  const id = params.id;
  if (typeof group !== 'string' || group === '') return { ok: false, error: identityError('empty client group') };
  if (typeof id !== 'string' || id === '') return { ok: false, error: identityError('empty client ID') };
  if (!GROUP_PATTERN.test(group))
    return { ok: false, error: identityError(`group ${JSON.stringify(group)} does not match ${GROUP_PATTERN.source}`) };
  return { ok: true, identity: { id, group } };
}

export function fleetLockErrorBody(e: FleetLockError): string {
  return JSON.stringify({ kind: e.kind, value: e.value });
}

/** The request body Zincati sends (pretty-printed as Zincati does). */
export function fleetLockRequestBody(identity: FleetLockIdentity): string {
  return JSON.stringify({ client_params: { id: identity.id, group: identity.group } }, null, 2);
}
