import type { Clock, Logger } from '../../core/index.js';
import type { CheckIn, CheckInResult } from './check-in.js';
import { haltSampleSince } from './admit.js';
import { decide } from './decide.js';
import { policyCounts } from './policy-counts.js';
import { eventEffect } from './events.js';
import { ROLLBACK_ERROR } from '../omaha/error-codes.js';
import {
  ActivityClass,
  FLATCAR_APP_ID,
  InstanceStatus,
  Severity,
  type App,
  type Group,
  type InstanceApp,
  type Package,
} from './model.js';
import { groupTarget, offerFor, type OfferInput } from './offer.js';
import { isFreshCheckIn } from './refresh.js';
import type { UpdateRepository } from './repository.js';
import { haltGroup, noteRolloutProgress } from './rollout-control.js';
import { compareVersions, isVersion } from './version.js';

/** What the service tells the outside (metrics) as it happens. */
export interface UpdateObserver {
  granted(group: Group, version: string): void;
  failed(group: Group): void;
  rolledBack(group: Group): void;
  halted(group: Group): void;
}

const NO_OBSERVER: UpdateObserver = { granted() {}, failed() {}, rolledBack() {}, halted() {} };

/**
 * The update service's answer to one `<app>` of an Omaha request (update.md
 * §2.3 with Hull's additions): register the machine, apply its events, then
 * decide its update check. A grant is decided in a transaction that locks the
 * group, so the policy limits hold across servers sharing one database.
 */
export class OmahaService {
  constructor(
    private readonly repo: UpdateRepository,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly observer: UpdateObserver = NO_OBSERVER,
  ) {}

  async checkIn(req: CheckIn): Promise<CheckInResult> {
    const ack = { events: req.events.length, ping: req.ping };
    const fail = (appStatus: CheckInResult['appStatus']): CheckInResult => ({
      appStatus,
      updateCheck: req.updateCheck ? { status: 'error-internal' } : null,
      ...ack,
    });
    const app = await this.repo.findApp(req.appId);
    if (!app) return fail('error-unknownApplication');
    if (!isVersion(req.version)) return fail('error-invalidVersion');
    const group = await this.repo.findGroupByTrack(app.id, req.track, req.arch);
    if (!group) return fail('error-unknownApplicationOrGroup');
    const now = this.clock.now();
    const stamp = now.toISOString();

    const input = {
      instanceId: req.machineId,
      appId: app.id,
      groupId: group.id,
      version: req.version,
      ip: req.ip,
      alias: req.alias,
      oem: req.oem,
      oemVersion: req.oemVersion,
      alephVersion: req.alephVersion,
    };
    // Nebraska's rule: a check-in that changes nothing within 5 minutes of the last is not written.
    const known = await this.repo.getInstanceRow(req.machineId, app.id);
    const registered = isFreshCheckIn(known, input, now)
      ? known.app
      : (await this.repo.upsertInstance(input, stamp)).app;
    let state = await this.inferRollback(app, group, registered, req, stamp);
    for (const ev of req.events) state = await this.applyEvent(app, group, state, ev, stamp);
    if (!req.updateCheck) return { appStatus: 'ok', updateCheck: null, ...ack };
    return { ...(await this.decideCheck(app, group, state, now)), ...ack };
  }

  /**
   * A machine that completed an update and now runs the version it came from
   * rolled back. update_engine says so with a bare 44 when its state survived
   * (the real client does, after the 3/2 of the reboot: the event is stored
   * with its raw code); without it (its state was lost) the rollback is inferred
   * and stored as the 44 update_engine would have sent. Either way the machine
   * shows Error. (The event rules alone would drop the 44: the update is no
   * longer in progress once Complete.)
   */
  private async inferRollback(
    app: App,
    group: Group,
    state: InstanceApp,
    req: CheckIn,
    stamp: string,
  ): Promise<InstanceApp> {
    const from = state.lastUpdateFromVersion;
    if (state.status !== InstanceStatus.Complete || from === null || state.lastUpdateVersion === null) return state;
    if (req.version !== from || compareVersions(from, state.lastUpdateVersion) === 0) return state;
    // update_engine's own rollback report (a bare 44) comes after the completion too, when no
    // update is in progress and the event rules drop it: record it here, as sent.
    const reported = req.events.find((e) => e.type === 3 && e.result === 0 && e.errorCode === ROLLBACK_ERROR);
    await this.repo.addEvent({
      instanceId: state.instanceId,
      appId: app.id,
      groupId: group.id,
      type: 3,
      result: 0,
      errorCode: ROLLBACK_ERROR,
      rawErrorCode: reported?.rawErrorCode ?? null,
      previousVersion: reported?.previousVersion ?? null,
      version: req.version,
      createdAt: stamp,
    });
    await this.activity(
      app,
      group,
      ActivityClass.InstanceUpdateFailed,
      Severity.Error,
      state.lastUpdateVersion,
      stamp,
      `machine ${state.instanceId} is back on ${from} after completing ${state.lastUpdateVersion}: a rollback${reported ? ' (error 44)' : ''}`,
      state.instanceId,
    );
    const next =
      (await this.repo.updateInstanceApp(
        state.instanceId,
        app.id,
        { status: InstanceStatus.Error, updateInProgress: false },
        stamp,
      )) ?? state;
    this.observer.rolledBack(group);
    await this.checkHalt(group, state.lastUpdateVersion, stamp);
    return next;
  }

  private async applyEvent(
    app: App,
    group: Group,
    state: InstanceApp,
    ev: CheckIn['events'][number],
    stamp: string,
  ): Promise<InstanceApp> {
    const effect = eventEffect(state, ev, { flatcar: app.id === FLATCAR_APP_ID });
    if (effect.record) {
      await this.repo.addEvent({
        instanceId: state.instanceId,
        appId: app.id,
        groupId: group.id,
        type: ev.type,
        result: ev.result,
        errorCode: ev.errorCode,
        rawErrorCode: ev.rawErrorCode,
        previousVersion: ev.previousVersion ?? null,
        version: state.version,
        createdAt: stamp,
      });
    }
    if (effect.activity) {
      await this.activity(
        app,
        group,
        effect.activity.class,
        effect.activity.severity,
        state.lastUpdateVersion,
        stamp,
        effect.activity.message,
        state.instanceId,
      );
    }
    const next = effect.patch
      ? ((await this.repo.updateInstanceApp(state.instanceId, app.id, effect.patch, stamp)) ?? state)
      : state;
    if (effect.failure) this.observer.failed(group);
    if (effect.rollback) this.observer.rolledBack(group);
    if ((effect.failure || effect.rollback) && state.lastUpdateVersion !== null)
      await this.checkHalt(group, state.lastUpdateVersion, stamp);
    if (effect.complete) await noteRolloutProgress(this.repo, group.id, stamp);
    return next;
  }

  /** Auto-halt as soon as a failure makes the sample cross the threshold. */
  private async checkHalt(group: Group, version: string, stamp: string): Promise<void> {
    const a = group.policy.autoHalt;
    if (!a.enabled || group.rollout.halted) return;
    const since = haltSampleSince(group, new Date(stamp));
    const sample = await this.repo.haltSample(group.id, version, since);
    if (await haltGroup(this.repo, group, sample, stamp, this.logger)) this.observer.halted(group);
  }

  private async decideCheck(
    app: App,
    group: Group,
    state: InstanceApp,
    now: Date,
  ): Promise<Pick<CheckInResult, 'appStatus' | 'updateCheck'>> {
    const stamp = now.toISOString();
    const input = await this.offerInput(group, state, now);
    const first = offerFor(input);
    if (first.kind === 'noupdate') {
      if (first.complete)
        await this.repo.updateInstanceApp(
          state.instanceId,
          app.id,
          { status: InstanceStatus.Complete, updateInProgress: false },
          stamp,
        );
      return { appStatus: 'ok', updateCheck: { status: 'noupdate' } };
    }
    if (first.kind === 'refused') {
      if (first.appStatus === 'error-noPackageFound') await this.packageNotFound(app, group, stamp);
      return { appStatus: first.appStatus, updateCheck: { status: 'error-internal' } };
    }
    if (first.kind === 'resend')
      return { appStatus: 'ok', updateCheck: { status: 'ok', pkg: first.pkg, isFloor: first.isFloor } };
    // A candidate: decide again under the group lock with fresh counts.
    return this.repo.transaction(
      async (tx) => {
        const g = (await tx.getGroup(group.id)) ?? group;
        const s = (await tx.getInstanceApp(state.instanceId, app.id)) ?? state;
        const fresh = await this.offerInput(g, s, now, tx);
        const target = groupTarget(g, fresh.channel, fresh.packageById);
        const version = target?.version ?? '';
        const { stats, haltSample } = await policyCounts(tx, g, version, now);
        const d = decide({ ...fresh, stats, haltSample });
        if (d.kind === 'noupdate') return { appStatus: 'ok' as const, updateCheck: { status: 'noupdate' as const } };
        if (d.kind === 'update') {
          if (d.grant) {
            await this.grant(tx, app, g, s, d.pkg, stamp);
            this.observer.granted(g, d.pkg.version);
          }
          return { appStatus: 'ok' as const, updateCheck: { status: 'ok' as const, pkg: d.pkg, isFloor: d.isFloor } };
        }
        if (d.instanceStatus !== null)
          await tx.updateInstanceApp(s.instanceId, app.id, { status: d.instanceStatus }, stamp);
        if (d.halt !== null && (await haltGroup(tx, g, haltSample, stamp, this.logger))) this.observer.halted(g);
        if (d.disableUpdates) {
          await tx.updateGroup(g.id, { policy: { updatesEnabled: false } });
          await this.activity(
            app,
            g,
            ActivityClass.UpdatesDisabled,
            Severity.Error,
            version,
            stamp,
            `updates disabled: ${d.reason}`,
            null,
            tx,
          );
        }
        return { appStatus: d.appStatus, updateCheck: { status: 'error-internal' as const } };
      },
      { lockGroupId: group.id },
    );
  }

  private async grant(
    tx: UpdateRepository,
    app: App,
    group: Group,
    state: InstanceApp,
    pkg: Package,
    stamp: string,
  ): Promise<void> {
    await tx.updateInstanceApp(
      state.instanceId,
      app.id,
      {
        status: InstanceStatus.UpdateGranted,
        lastUpdateVersion: pkg.version,
        lastUpdateGrantedAt: stamp,
        lastUpdateFromVersion: state.version,
        updateInProgress: true,
      },
      stamp,
    );
    if (group.rollout.version !== pkg.version || !group.rollout.inProgress) {
      await tx.setRollout(group.id, { inProgress: true, version: pkg.version, halted: group.rollout.halted });
      if (group.rollout.version !== pkg.version) {
        await this.activity(
          app,
          group,
          ActivityClass.RolloutStarted,
          Severity.Info,
          pkg.version,
          stamp,
          `rollout of ${pkg.version} started in group ${group.name}`,
          null,
          tx,
        );
      }
    }
  }

  private readonly notFoundLogged = new Map<string, number>();

  /** Nebraska logs "package not found" on every check; once an hour per group is enough to be seen. */
  private async packageNotFound(app: App, group: Group, stamp: string): Promise<void> {
    const t = Date.parse(stamp);
    if ((this.notFoundLogged.get(group.id) ?? -Infinity) > t - 3_600_000) return;
    if (this.notFoundLogged.size > 10_000) this.notFoundLogged.clear();
    this.notFoundLogged.set(group.id, t);
    await this.activity(
      app,
      group,
      ActivityClass.PackageNotFound,
      Severity.Warning,
      null,
      stamp,
      `group ${group.name} has no package to offer (no channel, or its channel points at none)`,
      null,
    );
  }

  private async offerInput(
    group: Group,
    instance: InstanceApp,
    now: Date,
    repo: UpdateRepository = this.repo,
  ): Promise<OfferInput> {
    const channel = group.channelId ? await repo.getChannel(group.channelId) : undefined;
    const floors = channel ? await repo.listFloors(channel.id) : [];
    const ids = new Set<string>(floors.map((f) => f.packageId));
    if (channel?.packageId) ids.add(channel.packageId);
    if (group.policy.pin) ids.add(group.policy.pin.packageId);
    const packages = new Map<string, Package>();
    for (const id of ids) {
      const p = await repo.getPackage(id);
      if (p) packages.set(id, p);
    }
    return { now, instance, group, channel, floors, packageById: (id) => packages.get(id) };
  }

  private async activity(
    app: App,
    group: Group,
    cls: ActivityClass,
    severity: Severity,
    version: string | null,
    stamp: string,
    message: string,
    instanceId: string | null = null,
    repo: UpdateRepository = this.repo,
  ): Promise<void> {
    await repo.addActivity({
      class: cls,
      severity,
      appId: app.id,
      groupId: group.id,
      channelId: group.channelId,
      instanceId,
      version,
      message,
      createdAt: stamp,
    });
  }
}
