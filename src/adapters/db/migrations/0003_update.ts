import { sql } from 'kysely';
import { SEED_APP, SEED_CHANNELS, SEED_GROUPS } from '../../../update/index.js';
import type { HullMigration } from '../migration.js';
import type { UntypedDb } from '../untyped-db.js';

/**
 * The update server's tables (docs/update-server.md, Storage) and its seed:
 * the Flatcar app, alpha/beta/stable channels for amd64 and aarch64 and
 * Nebraska's six groups (src/update/server/seed.ts, frozen for this migration).
 * References that must block a delete (a channel's package, a floor's
 * package, a group's channel and pin) are NO ACTION; the repository deletes an
 * app's groups, channels and packages in that order before the app.
 */
export const migration: HullMigration = {
  name: '0003_update',
  async up(db: UntypedDb): Promise<void> {
    const s = db.schema;
    await s
      .createTable('update_apps')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await s
      .createIndex('update_apps_product_id')
      .on('update_apps')
      .unique()
      .expression(sql`lower(product_id)`)
      .execute();

    await s
      .createTable('update_packages')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('url', 'text')
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('sha1', 'text', (c) => c.notNull())
      .addColumn('sha256_hex', 'text', (c) => c.notNull())
      .addColumn('action_sha256', 'text', (c) => c.notNull())
      .addColumn('action_disable_payload_backoff', 'integer', (c) => c.notNull())
      .addColumn('action_is_delta', 'integer', (c) => c.notNull())
      .addColumn('action_max_failure_count_per_url', 'integer')
      .addColumn('extra_files', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('update_packages_version', ['app_id', 'version', 'arch'])
      .execute();

    await s
      .createTable('update_channels')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('arch', 'text', (c) => c.notNull())
      .addColumn('color', 'text', (c) => c.notNull())
      .addColumn('package_id', 'text', (c) => c.references('update_packages.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('update_channels_name', ['app_id', 'name', 'arch'])
      .execute();
    await s.createIndex('update_channels_package').on('update_channels').column('package_id').execute();

    await s
      .createTable('update_package_blacklist')
      .addColumn('package_id', 'text', (c) => c.notNull().references('update_packages.id').onDelete('cascade'))
      .addColumn('channel_id', 'text', (c) => c.notNull().references('update_channels.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('update_package_blacklist_pk', ['package_id', 'channel_id'])
      .execute();
    await s
      .createIndex('update_package_blacklist_channel')
      .on('update_package_blacklist')
      .column('channel_id')
      .execute();

    await s
      .createTable('update_floors')
      .addColumn('channel_id', 'text', (c) => c.notNull().references('update_channels.id').onDelete('cascade'))
      .addColumn('package_id', 'text', (c) => c.notNull().references('update_packages.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('update_floors_pk', ['channel_id', 'package_id'])
      .execute();
    await s.createIndex('update_floors_package').on('update_floors').column('package_id').execute();

    await s
      .createTable('update_groups')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('track', 'text', (c) => c.notNull())
      .addColumn('channel_id', 'text', (c) => c.references('update_channels.id'))
      .addColumn('policy_updates_enabled', 'integer', (c) => c.notNull())
      .addColumn('policy_safe_mode', 'integer', (c) => c.notNull())
      .addColumn('policy_office_hours', 'integer', (c) => c.notNull())
      .addColumn('policy_timezone', 'text', (c) => c.notNull())
      .addColumn('policy_period_interval', 'integer', (c) => c.notNull())
      .addColumn('policy_max_updates_per_period', 'integer', (c) => c.notNull())
      .addColumn('policy_update_timeout', 'integer', (c) => c.notNull())
      .addColumn('pin_package_id', 'text', (c) => c.references('update_packages.id'))
      .addColumn('pin_allow_downgrade', 'integer', (c) => c.notNull())
      .addColumn('staged_percent', 'double precision', (c) => c.notNull())
      .addColumn('staged_start_at', 'text')
      .addColumn('staged_duration', 'integer')
      .addColumn('halt_enabled', 'integer', (c) => c.notNull())
      .addColumn('halt_window', 'integer', (c) => c.notNull())
      .addColumn('halt_threshold', 'double precision', (c) => c.notNull())
      .addColumn('halt_min_samples', 'integer', (c) => c.notNull())
      .addColumn('rollout_in_progress', 'integer', (c) => c.notNull())
      .addColumn('rollout_version', 'text')
      .addColumn('halted_at', 'text')
      .addColumn('halted_reason', 'text')
      .addColumn('resumed_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('update_groups_name', ['app_id', 'name'])
      .execute();
    await s.createIndex('update_groups_track').on('update_groups').columns(['app_id', 'track']).execute();
    await s.createIndex('update_groups_channel').on('update_groups').column('channel_id').execute();
    await s.createIndex('update_groups_pin').on('update_groups').column('pin_package_id').execute();

    await s
      .createTable('update_instances')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('ip', 'text', (c) => c.notNull())
      .addColumn('alias', 'text', (c) => c.notNull())
      .addColumn('oem', 'text', (c) => c.notNull())
      .addColumn('oem_version', 'text', (c) => c.notNull())
      .addColumn('aleph_version', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen', 'text', (c) => c.notNull())
      .addColumn('hidden', 'integer', (c) => c.notNull())
      .execute();
    await s.createIndex('update_instances_last_seen').on('update_instances').columns(['hidden', 'last_seen']).execute();

    await s
      .createTable('update_instance_apps')
      .addColumn('instance_id', 'text', (c) => c.notNull().references('update_instances.id').onDelete('cascade'))
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('group_id', 'text', (c) => c.notNull().references('update_groups.id').onDelete('cascade'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('last_check_at', 'text', (c) => c.notNull())
      .addColumn('last_update_granted_at', 'text')
      .addColumn('last_update_version', 'text')
      .addColumn('last_update_from_version', 'text')
      .addColumn('update_in_progress', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('update_instance_apps_pk', ['instance_id', 'app_id'])
      .execute();
    for (const [name, cols] of [
      ['update_instance_apps_app_check', ['app_id', 'last_check_at']],
      ['update_instance_apps_group_check', ['group_id', 'last_check_at']],
      ['update_instance_apps_group_status', ['group_id', 'status']],
      ['update_instance_apps_group_version', ['group_id', 'version']],
      ['update_instance_apps_group_granted', ['group_id', 'last_update_version', 'last_update_granted_at']],
    ] as const) {
      await s
        .createIndex(name)
        .on('update_instance_apps')
        .columns([...cols])
        .execute();
    }

    // History, events and activity keep the group/channel/instance they were
    // about as plain text (no reference): a record outlives what it names.
    await s
      .createTable('update_status_history')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull().references('update_instances.id').onDelete('cascade'))
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('status', 'integer', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await s
      .createIndex('update_status_history_instance')
      .on('update_status_history')
      .columns(['instance_id', 'app_id', 'created_at'])
      .execute();
    await s.createIndex('update_status_history_app').on('update_status_history').column('app_id').execute();

    await s
      .createTable('update_events')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('instance_id', 'text', (c) => c.notNull().references('update_instances.id').onDelete('cascade'))
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('group_id', 'text', (c) => c.notNull())
      .addColumn('type', 'integer', (c) => c.notNull())
      .addColumn('result', 'integer', (c) => c.notNull())
      .addColumn('error_code', 'integer')
      .addColumn('raw_error_code', 'text')
      .addColumn('previous_version', 'text')
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await s
      .createIndex('update_events_instance')
      .on('update_events')
      .columns(['instance_id', 'app_id', 'created_at'])
      .execute();
    await s.createIndex('update_events_group').on('update_events').columns(['group_id', 'created_at']).execute();
    await s.createIndex('update_events_app').on('update_events').columns(['app_id', 'created_at']).execute();
    await s.createIndex('update_events_created').on('update_events').column('created_at').execute();

    await s
      .createTable('update_activity')
      .addColumn('id', 'text', (c) => c.primaryKey().notNull())
      .addColumn('class', 'integer', (c) => c.notNull())
      .addColumn('severity', 'integer', (c) => c.notNull())
      .addColumn('app_id', 'text', (c) => c.notNull().references('update_apps.id').onDelete('cascade'))
      .addColumn('group_id', 'text')
      .addColumn('channel_id', 'text')
      .addColumn('instance_id', 'text')
      .addColumn('version', 'text')
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await s.createIndex('update_activity_created').on('update_activity').column('created_at').execute();
    await s.createIndex('update_activity_app').on('update_activity').columns(['app_id', 'created_at']).execute();
    await s.createIndex('update_activity_group').on('update_activity').columns(['group_id', 'created_at']).execute();

    await seed(db);
  },
};

async function seed(db: UntypedDb): Promise<void> {
  const a = SEED_APP;
  await db
    .insertInto('update_apps')
    .values({ id: a.id, name: a.name, description: a.description, product_id: a.productId, created_at: a.createdAt })
    .execute();
  for (const c of SEED_CHANNELS) {
    await db
      .insertInto('update_channels')
      .values({
        id: c.id,
        app_id: c.appId,
        name: c.name,
        arch: c.arch,
        color: c.color,
        package_id: null,
        created_at: c.createdAt,
      })
      .execute();
  }
  for (const g of SEED_GROUPS) {
    const P = g.policy;
    await db
      .insertInto('update_groups')
      .values({
        id: g.id,
        app_id: g.appId,
        name: g.name,
        description: g.description,
        track: g.track,
        channel_id: g.channelId,
        policy_updates_enabled: P.updatesEnabled ? 1 : 0,
        policy_safe_mode: P.safeMode ? 1 : 0,
        policy_office_hours: P.officeHours ? 1 : 0,
        policy_timezone: P.timezone,
        policy_period_interval: P.periodIntervalSeconds,
        policy_max_updates_per_period: P.maxUpdatesPerPeriod,
        policy_update_timeout: P.updateTimeoutSeconds,
        pin_package_id: null,
        pin_allow_downgrade: 0,
        staged_percent: P.staged.percent,
        staged_start_at: null,
        staged_duration: null,
        halt_enabled: P.autoHalt.enabled ? 1 : 0,
        halt_window: P.autoHalt.windowSeconds,
        halt_threshold: P.autoHalt.threshold,
        halt_min_samples: P.autoHalt.minSamples,
        rollout_in_progress: 0,
        rollout_version: null,
        halted_at: null,
        halted_reason: null,
        resumed_at: null,
        created_at: g.createdAt,
      })
      .execute();
  }
}
