import { Type, type TSchema } from '@sinclair/typebox';
import { ARCHES, INSTANCE_STATUS_NAMES, POLICY_BOUNDS as B } from '../../../update/index.js';
import { Nullable, StringEnum } from '../../api/schema.js';

/** The update API's shapes: the answers mirror src/update/server/model.ts. */

const Id = Type.String({ minLength: 1, maxLength: 200 });
const Time = Type.String({ format: 'date-time' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Text = Type.String({ maxLength: 2000 });
export const VersionText = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[0-9A-Za-z.+-]+$',
  description: 'a version such as 3815.2.0 (semver order)',
});
export const ArchEnum = StringEnum(ARCHES);
export const PackageArchEnum = StringEnum([...ARCHES, 'all'] as const);
export const STATUS_NAMES = Object.values(INSTANCE_STATUS_NAMES);
export const StatusEnum = StringEnum(STATUS_NAMES);
const Base64Sha1 = Type.String({
  pattern: '^[A-Za-z0-9+/]{27}=$',
  description: 'standard base64 of a SHA-1 (28 characters)',
});
const Base64Sha256 = Type.String({
  pattern: '^[A-Za-z0-9+/]{43}=$',
  description: 'standard padded base64 of a SHA-256 (44 characters), as update_engine compares it',
});
const HexSha256 = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'lowercase hex SHA-256' });
const FileName = Type.String({ minLength: 1, maxLength: 255, pattern: '^[^/\\\\\\u0000]+$' });
const HttpUrl = Type.String({
  minLength: 1,
  maxLength: 2000,
  pattern: '^https?://',
  description: 'the codebase, ending in /',
});

export const App = Type.Object({
  id: Id,
  name: Name,
  description: Text,
  productId: Nullable(Type.String()),
  createdAt: Time,
});
export const NewApp = Type.Object(
  {
    name: Name,
    description: Type.Optional(Text),
    productId: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);
export const AppPatch = Type.Partial(NewApp, { additionalProperties: false, minProperties: 1 });

const PackageFile = Type.Object(
  { name: FileName, size: Type.Integer({ minimum: 1 }), sha1: Base64Sha1, sha256Hex: HexSha256 },
  { additionalProperties: false },
);
const Action = Type.Object(
  {
    sha256: Base64Sha256,
    disablePayloadBackoff: Type.Boolean({ default: true }),
    isDelta: Type.Boolean({ default: false }),
    maxFailureCountPerUrl: Nullable(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export const Package = Type.Object({
  id: Id,
  appId: Id,
  version: VersionText,
  arch: PackageArchEnum,
  url: Nullable(Type.String()),
  filename: FileName,
  size: Type.Integer(),
  sha1: Type.String(),
  sha256Hex: Type.String(),
  action: Action,
  extraFiles: Type.Array(PackageFile),
  blacklistChannelIds: Type.Array(Id),
  description: Text,
  createdAt: Time,
});
export const NewPackage = Type.Object(
  {
    version: VersionText,
    arch: PackageArchEnum,
    url: HttpUrl,
    filename: FileName,
    size: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    sha1: Base64Sha1,
    sha256Hex: HexSha256,
    action: Type.Optional(Type.Partial(Action, { additionalProperties: false })),
    extraFiles: Type.Optional(Type.Array(PackageFile, { maxItems: 100 })),
    blacklistChannelIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
    description: Type.Optional(Text),
  },
  { additionalProperties: false },
);
export const PackagePatch = Type.Object(
  {
    description: Type.Optional(Text),
    blacklistChannelIds: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
    extraFiles: Type.Optional(Type.Array(PackageFile, { maxItems: 100 })),
    action: Type.Optional(Type.Partial(Type.Omit(Action, ['sha256']), { additionalProperties: false })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const Channel = Type.Object({
  id: Id,
  appId: Id,
  name: Name,
  arch: ArchEnum,
  color: Type.String(),
  packageId: Nullable(Id),
  createdAt: Time,
});
export const NewChannel = Type.Object(
  {
    name: Name,
    arch: ArchEnum,
    color: Type.Optional(Type.String({ maxLength: 32 })),
    packageId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);
export const ChannelPatch = Type.Partial(Type.Omit(NewChannel, ['arch']), {
  additionalProperties: false,
  minProperties: 1,
});
export const Floor = Type.Object({ channelId: Id, packageId: Id, reason: Text });
export const FloorBody = Type.Object({ reason: Type.Optional(Text) }, { additionalProperties: false });

const Staged = Type.Object(
  {
    percent: Type.Number(B.stagedPercent),
    schedule: Nullable(
      Type.Object(
        { startAt: Time, durationSeconds: Type.Integer(B.stagedDurationSeconds) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
const AutoHalt = Type.Object(
  {
    enabled: Type.Boolean(),
    windowSeconds: Type.Integer(B.autoHaltWindowSeconds),
    threshold: Type.Number(B.autoHaltThreshold),
    minSamples: Type.Integer(B.autoHaltMinSamples),
  },
  { additionalProperties: false },
);
const PinSchema = Type.Object({ packageId: Id, allowDowngrade: Type.Boolean() }, { additionalProperties: false });
export const Policy = Type.Object(
  {
    updatesEnabled: Type.Boolean(),
    safeMode: Type.Boolean(),
    officeHours: Type.Boolean(),
    timezone: Type.String({ ...B.timezone, description: 'IANA time zone, e.g. Europe/Berlin' }),
    periodIntervalSeconds: Type.Integer(B.periodIntervalSeconds),
    maxUpdatesPerPeriod: Type.Integer(B.maxUpdatesPerPeriod),
    updateTimeoutSeconds: Type.Integer(B.updateTimeoutSeconds),
    pin: Nullable(PinSchema),
    staged: Staged,
    autoHalt: AutoHalt,
  },
  { additionalProperties: false },
);
export const PolicyPatch = Type.Partial(
  Type.Object({ ...Policy.properties, autoHalt: Type.Partial(AutoHalt, { additionalProperties: false }) }),
  { additionalProperties: false },
);
const Rollout = Type.Object({
  inProgress: Type.Boolean(),
  version: Nullable(Type.String()),
  halted: Nullable(Type.Object({ at: Time, reason: Type.String() })),
});
export const Group = Type.Object({
  id: Id,
  appId: Id,
  name: Name,
  description: Text,
  track: Type.String(),
  channelId: Nullable(Id),
  policy: Policy,
  rollout: Rollout,
  createdAt: Time,
});
export const NewGroup = Type.Object(
  {
    name: Name,
    description: Type.Optional(Text),
    track: Type.String({ minLength: 1, maxLength: 200, description: 'what machines send as GROUP in update.conf' }),
    channelId: Nullable(Id),
    policy: Type.Optional(PolicyPatch),
  },
  { additionalProperties: false },
);
export const GroupPatch = Type.Partial(NewGroup, { additionalProperties: false, minProperties: 1 });

export const Instance = Type.Object({
  id: Type.String(),
  ip: Type.String(),
  alias: Type.String(),
  oem: Type.String(),
  oemVersion: Type.String(),
  alephVersion: Type.String(),
  createdAt: Time,
});
export const InstanceApp = Type.Object({
  appId: Id,
  groupId: Id,
  version: Type.String(),
  status: StatusEnum,
  lastCheckAt: Time,
  lastUpdateGrantedAt: Nullable(Time),
  lastUpdateVersion: Nullable(Type.String()),
  lastUpdateFromVersion: Nullable(Type.String()),
  updateInProgress: Type.Boolean(),
});
export const InstanceRow = Type.Object({
  instance: Instance,
  app: InstanceApp,
  lastSeen: Time,
  hidden: Type.Boolean(),
});
export const StatusChange = Type.Object({
  status: StatusEnum,
  version: Type.String(),
  createdAt: Time,
  groupId: Id,
  appId: Id,
});
export const UpdateEvent = Type.Object({
  id: Id,
  instanceId: Type.String(),
  appId: Id,
  groupId: Id,
  type: Type.Integer(),
  result: Type.Integer(),
  errorCode: Nullable(Type.Integer()),
  rawErrorCode: Nullable(Type.String()),
  previousVersion: Nullable(Type.String()),
  version: Type.String(),
  createdAt: Time,
});
export const Activity = Type.Object({
  id: Id,
  class: Type.Integer(),
  className: Type.String(),
  severity: Type.Integer(),
  severityName: Type.String(),
  appId: Id,
  groupId: Nullable(Id),
  channelId: Nullable(Id),
  instanceId: Nullable(Type.String()),
  version: Nullable(Type.String()),
  message: Type.String(),
  createdAt: Time,
});

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })),
};
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), page: Type.Integer(), perPage: Type.Integer() });
export const Items = <T extends TSchema>(item: T) => Type.Object({ items: Type.Array(item) });

export const AppParams = Type.Object({ appId: Id }, { additionalProperties: false });
export const PackageParams = Type.Object({ appId: Id, packageId: Id }, { additionalProperties: false });
export const ChannelParams = Type.Object({ appId: Id, channelId: Id }, { additionalProperties: false });
export const GroupParams = Type.Object({ appId: Id, groupId: Id }, { additionalProperties: false });
