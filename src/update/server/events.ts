import { ActivityClass, InstanceStatus, Severity, type InstanceApp } from './model.js';
import type { InstanceAppPatch } from './repository.js';
import { ROLLBACK_ERROR } from '../omaha/error-codes.js';

/**
 * What an Omaha event does to a machine's state (update.md §2.2, Nebraska's
 * rules): 13/1 Downloading, 14/1 Downloaded, 800/1 Installed, 3/2 with a real
 * previous version Complete, any result 0 Error. Events are kept only while
 * the machine has an update in progress; other events, and pairs Nebraska does
 * not know, are dropped. A Flatcar 3/2 whose previous version is "" or
 * "0.0.0.0" is an ordinary check, not a completion; it resets an update still
 * merely granted to Undefined (the client did not act on the grant).
 */
export interface EventInput {
  readonly type: number;
  readonly result: number;
  /** Masked with 0x0FFFFFFF; null when not sent. */
  readonly errorCode: number | null;
  /** undefined when the attribute was absent. */
  readonly previousVersion: string | undefined;
}

export interface EventEffect {
  /** Store the event. */
  readonly record: boolean;
  /** Fields to write on the machine's state (status included), if any. */
  readonly patch: InstanceAppPatch | null;
  readonly activity: { readonly class: ActivityClass; readonly severity: Severity; readonly message: string } | null;
  /** The machine reported that it is back on its previous version (error 44). */
  readonly rollback: boolean;
  readonly failure: boolean;
  readonly complete: boolean;
}

const KNOWN = new Set(['3/0', '3/1', '3/2', '13/1', '14/1', '800/1']);
const NOTHING: EventEffect = {
  record: false,
  patch: null,
  activity: null,
  rollback: false,
  failure: false,
  complete: false,
};

export function eventEffect(state: InstanceApp, ev: EventInput, opts: { readonly flatcar: boolean }): EventEffect {
  if (!KNOWN.has(`${ev.type}/${ev.result}`)) return NOTHING;
  if (
    opts.flatcar &&
    ev.type === 3 &&
    ev.result === 2 &&
    (ev.previousVersion === '' || ev.previousVersion === '0.0.0.0' || ev.previousVersion === undefined)
  ) {
    if (state.updateInProgress && state.status === InstanceStatus.UpdateGranted) {
      return { ...NOTHING, patch: { status: InstanceStatus.Undefined, updateInProgress: false } };
    }
    return NOTHING;
  }
  if (!state.updateInProgress) return NOTHING;
  if (ev.result === 0) {
    const rollback = ev.errorCode === ROLLBACK_ERROR;
    const what = rollback
      ? 'rolled back to its previous version (error 44)'
      : `failed with error ${ev.errorCode ?? 'unknown'}`;
    return {
      record: true,
      patch: { status: InstanceStatus.Error, updateInProgress: false },
      activity: {
        class: ActivityClass.InstanceUpdateFailed,
        severity: Severity.Error,
        message: `machine ${state.instanceId} ${what} updating to ${state.lastUpdateVersion ?? 'a new version'}`,
      },
      rollback,
      failure: !rollback,
      complete: false,
    };
  }
  switch (`${ev.type}/${ev.result}`) {
    case '13/1':
      return { ...NOTHING, record: true, patch: { status: InstanceStatus.Downloading } };
    case '14/1':
      return { ...NOTHING, record: true, patch: { status: InstanceStatus.Downloaded } };
    case '800/1':
      return { ...NOTHING, record: true, patch: { status: InstanceStatus.Installed } };
    case '3/1':
      // For Flatcar, 3/1 means "applied, reboot needed"; completion is the 3/2 after the reboot.
      return opts.flatcar ? { ...NOTHING, record: true } : completion(state);
    case '3/2':
      return completion(state);
  }
  return NOTHING;
}

function completion(state: InstanceApp): EventEffect {
  const patch: InstanceAppPatch = {
    status: InstanceStatus.Complete,
    updateInProgress: false,
    ...(state.lastUpdateVersion !== null ? { version: state.lastUpdateVersion } : {}),
  };
  return { ...NOTHING, record: true, patch, complete: true };
}
