/**
 * The reboot coordinator's configuration from update.conf values (the files
 * are systemd EnvironmentFiles for locksmithd, so `REBOOT_STRATEGY`,
 * `LOCKSMITHD_*` and the unprefixed window variables). Pure; rules as
 * locksmithd's:
 * - `REBOOT_STRATEGY` empty or unset → `reboot`; `reboot`, `etcd-lock`, `off`
 *   (and Hull's `fleetlock`); anything else is refused (locksmithd fails with
 *   `unknown strategy` when the reboot is due; Hull refuses at start).
 * - window: `LOCKSMITHD_REBOOT_WINDOW_START` / `_LENGTH`, else `REBOOT_WINDOW_START` /
 *   `_LENGTH`; both or neither must be set; a bad value is refused.
 * - `LOCKSMITHD_<FLAG>` for locksmith's global flags (`ENDPOINT`, comma list,
 *   entries trimmed; `GROUP`; `ETCD_CAFILE`/`_CERTFILE`/`_KEYFILE`;
 *   `ETCD_USERNAME`/`_PASSWORD`); an empty value counts as unset.
 * - Hull's own keys for `fleetlock`: `FLEETLOCK_URL` (needed), `FLEETLOCK_GROUP`
 *   (default `default`, `^[a-zA-Z0-9.-]+$` as Zincati's).
 */
import { DEFAULT_GROUP, GROUP_PATTERN } from './fleetlock/protocol.js';
import { parseWindow, type RebootWindow } from './window.js';

export type Strategy = 'reboot' | 'etcd-lock' | 'off' | 'fleetlock';
export const STRATEGIES: readonly Strategy[] = ['reboot', 'etcd-lock', 'off', 'fleetlock'];

export const DEFAULT_ENDPOINTS: readonly string[] = ['http://127.0.0.1:2379', 'http://127.0.0.1:4001'];

export interface EtcdSettings {
  readonly endpoints: readonly string[];
  readonly group: string;
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly username?: string;
  readonly password?: string;
}

export interface FleetLockSettings {
  /** `FLEETLOCK_URL` (Hull's own key): the lock server's base URL. */
  readonly url: string | undefined;
  /** `FLEETLOCK_GROUP` (Hull's own key), default `default`. */
  readonly group: string;
}

export interface RebootConfig {
  readonly strategy: Strategy;
  readonly window: RebootWindow | undefined;
  readonly etcd: EtcdSettings;
  readonly fleetlock: FleetLockSettings;
}

export type ConfigResult =
  | { readonly ok: true; readonly config: RebootConfig }
  | { readonly ok: false; readonly key: string; readonly message: string };

/** Splits an endpoint list as locksmith does: on commas, each entry trimmed. */
export function splitEndpoints(value: string): string[] {
  return value.split(',').map((e) => e.trim());
}

export function rebootConfigFrom(values: Readonly<Record<string, string | undefined>>): ConfigResult {
  const get = (k: string): string | undefined => {
    const v = values[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const strategyText = get('REBOOT_STRATEGY') ?? 'reboot';
  if (!(STRATEGIES as readonly string[]).includes(strategyText)) {
    return {
      ok: false,
      key: 'REBOOT_STRATEGY',
      message: `unknown strategy: ${strategyText} (one of ${STRATEGIES.join(', ')})`,
    };
  }
  const start = get('LOCKSMITHD_REBOOT_WINDOW_START') ?? get('REBOOT_WINDOW_START');
  const length = get('LOCKSMITHD_REBOOT_WINDOW_LENGTH') ?? get('REBOOT_WINDOW_LENGTH');
  if ((start === undefined) !== (length === undefined)) {
    return {
      ok: false,
      key: start === undefined ? 'REBOOT_WINDOW_START' : 'REBOOT_WINDOW_LENGTH',
      message: 'Either both or neither $REBOOT_WINDOW_START and $REBOOT_WINDOW_LENGTH must be set',
    };
  }
  let window: RebootWindow | undefined;
  if (start !== undefined && length !== undefined) {
    const w = parseWindow(start, length);
    if (!w.ok) return { ok: false, key: 'REBOOT_WINDOW_START', message: `unable to parse periodic: ${w.message}` };
    window = w.window;
  }
  const endpoint = get('LOCKSMITHD_ENDPOINT');
  const etcd: EtcdSettings = {
    endpoints: endpoint === undefined ? DEFAULT_ENDPOINTS : splitEndpoints(endpoint),
    group: get('LOCKSMITHD_GROUP') ?? '',
    ...optional('caFile', get('LOCKSMITHD_ETCD_CAFILE')),
    ...optional('certFile', get('LOCKSMITHD_ETCD_CERTFILE')),
    ...optional('keyFile', get('LOCKSMITHD_ETCD_KEYFILE')),
    ...optional('username', get('LOCKSMITHD_ETCD_USERNAME')),
    ...optional('password', get('LOCKSMITHD_ETCD_PASSWORD')),
  };
  const fleetlock: FleetLockSettings = { url: get('FLEETLOCK_URL'), group: get('FLEETLOCK_GROUP') ?? DEFAULT_GROUP };
  if (!GROUP_PATTERN.test(fleetlock.group)) {
    return {
      ok: false,
      key: 'FLEETLOCK_GROUP',
      message: `group ${JSON.stringify(fleetlock.group)} does not match ${GROUP_PATTERN.source}`,
    };
  }
  if (strategyText === 'fleetlock' && fleetlock.url === undefined) {
    return {
      ok: false,
      key: 'FLEETLOCK_URL',
      message: "REBOOT_STRATEGY=fleetlock needs FLEETLOCK_URL (the lock server's base URL)",
    };
  }
  return { ok: true, config: { strategy: strategyText as Strategy, window, etcd, fleetlock } };
}

function optional<K extends string>(key: K, v: string | undefined): Partial<Record<K, string>> {
  return v === undefined ? {} : ({ [key]: v } as Record<K, string>);
}
