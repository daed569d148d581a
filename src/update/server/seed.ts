import { DEFAULT_POLICY, FLATCAR_APP_ID, type App, type Arch, type Channel, type Group } from './model.js';

/**
 * What a new update store holds: the Flatcar application, its alpha, beta and
 * stable channels for amd64 and aarch64 (no package yet), and one group per
 * channel with Nebraska's well-known ids (the ids CoreUpdate and Nebraska gave
 * them, which machines may still send as their `track`). Migration
 * 0003_update inserts exactly these rows and MemoryUpdateRepository starts
 * with them, so both stores begin alike.
 *
 * FROZEN: the migration reads this data, and a released migration must never
 * change what it does. To seed something else, add a migration (and change the
 * memory repository to match it).
 *
 * Choices (docs/update-server.md, Storage): the channel ids and colours are
 * Nebraska's; the app has no product id (update_engine sends the UUID, and a
 * made-up product id could collide with one an operator picks); every seeded
 * row has the fixed time SEED_TIME, because migrations have no clock.
 */
export const SEED_TIME = '1970-01-01T00:00:00.000Z';

export const SEED_APP: App = {
  id: FLATCAR_APP_ID,
  name: 'Flatcar Container Linux',
  description: 'Flatcar Container Linux: the /usr updates update_engine asks for',
  productId: null,
  createdAt: SEED_TIME,
};

type SeedTrack = 'alpha' | 'beta' | 'stable';

interface SeedLine {
  readonly track: SeedTrack;
  readonly arch: Arch;
  readonly channelId: string;
  readonly groupId: string;
  readonly color: string;
  readonly groupName: string;
  readonly description: string;
}

const DESCRIPTIONS: Readonly<Record<SeedTrack, string>> = {
  alpha: 'Tracks current development work and is released frequently',
  beta: 'Promoted alpha releases, to catch bugs specific to your configuration',
  stable: 'For production clusters',
};

const line = (track: SeedTrack, arch: Arch, channelId: string, groupId: string, color: string): SeedLine => {
  const label = arch === 'amd64' ? 'AMD64' : 'ARM';
  const name = `${track[0]!.toUpperCase()}${track.slice(1)} (${label})`;
  return { track, arch, channelId, groupId, color, groupName: name, description: `${DESCRIPTIONS[track]} (${label})` };
};

const LINES: readonly SeedLine[] = [
  line('alpha', 'amd64', 'a87a03ad-4984-47a1-8dc4-3507bae91ee1', '5b810680-e36a-4879-b98a-4f989e80b899', '#1fbb86'),
  line('beta', 'amd64', '128b8c29-5058-4643-8e67-a1a0e3c641c9', '3fe10490-dd73-4b49-b72a-28ac19acfcdc', '#fc7f33'),
  line('stable', 'amd64', 'e06064ad-4414-4904-9a6e-fd465593d1b2', '9a2deb70-37be-4026-853f-bfdd6b347bbe', '#14b9d6'),
  line('alpha', 'aarch64', 'def12ce0-3ba4-4649-b290-8843f3b455eb', 'e641708d-fb48-4260-8bdf-ba2074a1147a', '#1fa2bb'),
  line('beta', 'aarch64', 'cf20698b-1f19-43d6-b6f6-d15c796cb217', 'd112ec01-ba34-4a9e-9d4b-9814a685f266', '#fce433'),
  line('stable', 'aarch64', '5dfe7b12-c94a-470d-a2b6-2eae78c5c9f5', '11a585f6-9418-4df0-8863-78b2fd3240f8', '#1458d6'),
];

export const SEED_CHANNELS: readonly Channel[] = LINES.map((l) => ({
  id: l.channelId,
  appId: FLATCAR_APP_ID,
  name: l.track,
  arch: l.arch,
  color: l.color,
  packageId: null,
  createdAt: SEED_TIME,
}));

export const SEED_GROUPS: readonly Group[] = LINES.map((l) => ({
  id: l.groupId,
  appId: FLATCAR_APP_ID,
  name: l.groupName,
  description: l.description,
  track: l.track,
  channelId: l.channelId,
  policy: DEFAULT_POLICY,
  rollout: { inProgress: false, version: null, halted: null },
  createdAt: SEED_TIME,
}));
