/**
 * A FleetLock lock server over a KvStore with compare-and-swap, HTTP-agnostic
 * (`handle(method, path, header, body)` → status and body), pure over its
 * ports. Groups and their slot counts are configured; unlike airlock, a
 * changed slot count takes effect on the next request (the stored
 * `total_slots` is rewritten with the next change). A compare-and-swap
 * conflict is retried a few times, then answered `failed_lock`.
 */
import type { Clock } from '../../core/index.js';
import type { KvStore, Sleep } from '../ports.js';
import {
  applyHolderChange,
  encodeHolderSince,
  holderSinceKey,
  parseHolderSince,
  sinceOfHolders,
  type HolderChange,
  type HolderSince,
} from './holder-since.js';
import { fleetLockErrorBody, parseFleetLockRequest, type FleetLockError } from './protocol.js';
import {
  airlockKey,
  encodeSlots,
  parseSlots,
  recursiveLock,
  unlockIfHeld,
  type SlotChange,
  type SlotSemaphore,
} from './semaphore.js';

export interface FleetLockServiceOptions {
  readonly kv: KvStore;
  /** Group name → slots (read at each request). */
  readonly groups: () => ReadonlyMap<string, number> | Promise<ReadonlyMap<string, number>>;
  readonly sleep: Sleep;
  readonly attempts?: number;
  /** When given, since when each holder holds its slot is kept beside the semaphore (holder-since.ts). */
  readonly clock?: Clock;
}

export interface FleetLockAnswer {
  readonly status: number;
  readonly body: string;
}

export class FleetLockService {
  constructor(private readonly opts: FleetLockServiceOptions) {}

  async handle(method: string, path: string, header: string | undefined, body: string): Promise<FleetLockAnswer> {
    const op = path.endsWith('/v1/pre-reboot') ? 'lock' : path.endsWith('/v1/steady-state') ? 'unlock' : undefined;
    if (op === undefined) return { status: 404, body: '' };
    if (method !== 'POST')
      return fail({ status: 405, kind: 'method_not_allowed', value: `${method} is not allowed; use POST` });
    const req = parseFleetLockRequest(header, body);
    if (!req.ok) return fail(req.error);
    const { id, group } = req.identity;
    let slots: number | undefined;
    try {
      slots = (await this.opts.groups()).get(group);
    } catch (e) {
      return fail({ status: 500, kind: 'failed_sem_init', value: `failed to read the groups: ${message(e)}` });
    }
    if (slots === undefined)
      return fail({ status: 400, kind: 'unknown_group', value: `unknown group ${JSON.stringify(group)}` });
    const r = await this.change(group, slots, (s) => (op === 'lock' ? recursiveLock(s, id) : unlockIfHeld(s, id)));
    if (!r.ok) return fail(r.error);
    if (r.changed) await this.recordSince(group, op === 'lock' ? 'added' : 'removed', id);
    return { status: 200, body: '' };
  }

  /**
   * Gives back `id`'s slot in `group` (an admin releasing a stale holder):
   * the same compare-and-swap as `steady-state`; `released` is false when it
   * held none. The group need not be configured any more.
   */
  async release(
    group: string,
    id: string,
  ): Promise<{ ok: true; released: boolean } | { ok: false; error: FleetLockError }> {
    const current = await this.holders(group);
    if (current === undefined || !current.holders.includes(id)) return { ok: true, released: false };
    const r = await this.change(group, current.totalSlots, (s) => unlockIfHeld(s, id), false);
    if (!r.ok) return r;
    if (r.changed) await this.recordSince(group, 'removed', id);
    return { ok: true, released: r.changed };
  }

  /**
   * Since when each current holder of `group` holds its slot (ISO 8601), for
   * the holders whose time is known; see holder-since.ts.
   */
  async holderSince(group: string, holders: readonly string[]): Promise<HolderSince> {
    if (holders.length === 0) return {};
    const e = await this.opts.kv.get(holderSinceKey(group));
    return e === undefined ? {} : sinceOfHolders(parseHolderSince(e.value), holders);
  }

  /**
   * Notes a holder added (at the clock's now) or removed, after the semaphore
   * changed. Best effort: the lock is already granted or given back, so a
   * failure here only leaves the time unknown.
   */
  private async recordSince(group: string, kind: HolderChange['kind'], id: string): Promise<void> {
    const { kv, clock } = this.opts;
    if (clock === undefined) return;
    const key = holderSinceKey(group);
    const c: HolderChange = kind === 'added' ? { kind, id, at: clock.now().toISOString() } : { kind, id };
    try {
      if (c.kind === 'added') await kv.createIfAbsent(key, '{}');
      for (let i = 0; i < (this.opts.attempts ?? 10); i++) {
        const entry = await kv.get(key);
        if (entry === undefined) return;
        const text = encodeHolderSince(applyHolderChange(parseHolderSince(entry.value), c));
        if (text === entry.value) return;
        if ((await kv.compareAndSwap(key, text, entry.index)).ok) return;
      }
    } catch {
      // Best effort (see above).
    }
  }

  /** The holders of a group as stored (for the API and metrics). */
  async holders(group: string): Promise<SlotSemaphore | undefined> {
    const e = await this.opts.kv.get(airlockKey(group));
    if (e === undefined) return undefined;
    const p = parseSlots(e.value);
    return p.ok ? p.value : undefined;
  }

  private async change(
    group: string,
    slots: number,
    f: (s: SlotSemaphore) => SlotChange,
    create = true,
  ): Promise<{ ok: true; changed: boolean } | { ok: false; error: FleetLockError }> {
    const key = airlockKey(group);
    const { kv } = this.opts;
    if (create) {
      try {
        await kv.createIfAbsent(key, encodeSlots({ totalSlots: slots, holders: [] }));
      } catch (e) {
        return {
          ok: false,
          error: {
            status: 500,
            kind: 'failed_sem_init',
            value: `failed to initialize semaphore manager: ${message(e)}`,
          },
        };
      }
    }
    const attempts = this.opts.attempts ?? 10;
    for (let i = 1; ; i++) {
      let entry;
      try {
        entry = await kv.get(key);
      } catch (e) {
        return { ok: false, error: { status: 500, kind: 'failed_lock', value: message(e) } };
      }
      if (entry === undefined)
        return { ok: false, error: { status: 500, kind: 'failed_lock', value: 'the semaphore key vanished' } };
      const parsed = parseSlots(entry.value);
      if (!parsed.ok) return { ok: false, error: { status: 500, kind: 'failed_lock', value: parsed.message } };
      const current: SlotSemaphore = { totalSlots: slots, holders: parsed.value.holders };
      const next = f(current);
      if (!next.ok) return { ok: false, error: { status: 500, kind: 'failed_lock', value: next.message } };
      if (!next.changed && parsed.value.totalSlots === slots) return { ok: true, changed: false };
      try {
        const cas = await kv.compareAndSwap(key, encodeSlots(next.value), entry.index);
        if (cas.ok) return { ok: true, changed: next.changed };
      } catch (e) {
        return { ok: false, error: { status: 500, kind: 'failed_lock', value: message(e) } };
      }
      if (i >= attempts)
        return { ok: false, error: { status: 500, kind: 'failed_lock', value: 'conflict on semaphore detected' } };
      await this.opts.sleep(5 * i);
    }
  }
}

function fail(e: FleetLockError): FleetLockAnswer {
  return { status: e.status, body: `${fleetLockErrorBody(e)}\n` };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
