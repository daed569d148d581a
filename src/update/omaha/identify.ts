/**
 * How a request names its application, group, architecture and instance, as
 * Nebraska reads them (update.md §1.8).
 */
import type { Arch } from '../server/model.js';
import type { OmahaOs, OmahaRequest, OmahaRequestApp } from './model.js';

/** An appid as compared: surrounding whitespace and one pair of braces stripped, lowercase. */
export function normalizeAppId(appId: string): string {
  let id = appId.trim();
  if (id.startsWith('{')) id = id.slice(1);
  if (id.endsWith('}')) id = id.slice(0, -1);
  return id.trim().toLowerCase();
}

export interface LegacyGroup {
  readonly track: 'alpha' | 'beta' | 'stable' | 'edge';
  readonly arch: Arch;
}

/** CoreUpdate's group UUIDs, which old machines still send as `track`. */
export const LEGACY_GROUPS: Readonly<Record<string, LegacyGroup>> = {
  '5b810680-e36a-4879-b98a-4f989e80b899': { track: 'alpha', arch: 'amd64' },
  '3fe10490-dd73-4b49-b72a-28ac19acfcdc': { track: 'beta', arch: 'amd64' },
  '9a2deb70-37be-4026-853f-bfdd6b347bbe': { track: 'stable', arch: 'amd64' },
  '72834a2b-ad86-4d6d-b498-e08a19ebe54e': { track: 'edge', arch: 'amd64' },
  'e641708d-fb48-4260-8bdf-ba2074a1147a': { track: 'alpha', arch: 'aarch64' },
  'd112ec01-ba34-4a9e-9d4b-9814a685f266': { track: 'beta', arch: 'aarch64' },
  '11a585f6-9418-4df0-8863-78b2fd3240f8': { track: 'stable', arch: 'aarch64' },
  'b4b2fa22-c1ea-498c-a8ac-c1dc0b1d7c17': { track: 'edge', arch: 'aarch64' },
};

/**
 * The track a group is looked up by: a legacy CoreUpdate group UUID (braces
 * and case ignored) becomes its name; anything else is kept as sent. An
 * absent track is the empty string (Nebraska finds no group for it).
 */
export function trackOf(track: string | undefined): string {
  if (track === undefined) return '';
  const legacy = LEGACY_GROUPS[normalizeAppId(track)];
  return legacy !== undefined ? legacy.track : track;
}

const BOARD_ARCH: Readonly<Record<string, Arch>> = { 'amd64-usr': 'amd64', 'arm64-usr': 'aarch64' };
const OS_ARCH: Readonly<Record<string, Arch>> = {
  x64: 'amd64',
  amd64: 'amd64',
  arm: 'aarch64',
  aarch64: 'aarch64',
  x86: 'x86',
};

/** The machine's architecture: from `app/@board`, else `os/@arch`, else amd64. */
export function archOf(app: Pick<OmahaRequestApp, 'board'>, os?: Pick<OmahaOs, 'arch'>): Arch {
  const fromBoard = app.board !== undefined && Object.hasOwn(BOARD_ARCH, app.board) ? BOARD_ARCH[app.board] : undefined;
  if (fromBoard !== undefined) return fromBoard;
  const fromOs = os?.arch !== undefined && Object.hasOwn(OS_ARCH, os.arch) ? OS_ARCH[os.arch] : undefined;
  return fromOs ?? 'amd64';
}

const BRACED_UUID = /^\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}$/i;

/**
 * A machine id of the form `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}`: a test
 * client or a syncing Nebraska, not a real machine (real ones send
 * /etc/machine-id, 32 hex digits without braces). Kept out of statistics.
 */
export function isFakeInstanceId(machineId: string): boolean {
  return BRACED_UUID.test(machineId);
}

/** `/etc/machine-id` as update_engine sends it: 32 lowercase hex digits. */
export function isMachineIdFormat(machineId: string): boolean {
  return /^[0-9a-f]{32}$/.test(machineId);
}

/** The client version another Nebraska's syncer sends. */
export const SYNCER_VERSION = 'CoreOSUpdateEngine-0.1.0.0';

/** Another Nebraska syncing from this server: it gets every floor and the target. */
export function isSyncerRequest(request: Pick<OmahaRequest, 'version' | 'installSource'>): boolean {
  return request.version === SYNCER_VERSION && request.installSource === 'scheduler';
}
