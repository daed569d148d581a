import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../core/index.js';
import { MAX_GROUP_NAME, MAX_SLOTS, type FleetLockGroup, type FleetLockGroups } from '../../reboot/index.js';
import type { FleetLockService } from '../../reboot/index.js';
import { api, ErrorBodySchema } from '../api/index.js';

const GroupName = Type.String({
  pattern: '^[a-zA-Z0-9.-]+$',
  minLength: 1,
  maxLength: MAX_GROUP_NAME,
  description: "a FleetLock group (Zincati's rule)",
});
const GroupParams = Type.Object({ group: GroupName }, { additionalProperties: false });
const HolderParams = Type.Object(
  { group: GroupName, id: Type.String({ minLength: 1, maxLength: 500 }) },
  { additionalProperties: false },
);
const Group = Type.Object({
  name: Type.String(),
  slots: Type.Integer({ description: 'how many machines of the group may reboot at once' }),
  holders: Type.Array(Type.String(), { description: 'node ids holding a slot now, sorted' }),
  holderSince: Type.Record(Type.String(), Type.String(), {
    description:
      'since when (ISO 8601) each holder holds its slot, for the holders Hull saw lock (one that locked through another server on the same etcd is left out)',
  }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const SetGroup = Type.Object(
  { slots: Type.Integer({ minimum: 0, maximum: MAX_SLOTS }) },
  { additionalProperties: false },
);

/**
 * The FleetLock groups in the management API: `/api/v1/fleetlock/groups`
 * (list), `…/groups/:group` (GET; PUT `{slots}` creates or changes; DELETE),
 * `…/groups/:group/holders/:id` (DELETE: release a stale holder). Tokens as
 * everywhere under /api/v1: a viewer reads, an admin writes.
 */
export function fleetLockApiRoutes(app: FastifyInstance, groups: FleetLockGroups, service: FleetLockService): void {
  const r = api(app);
  const tags = ['fleetlock'];
  const holdersOf = async (name: string): Promise<string[]> => {
    try {
      return [...((await service.holders(name))?.holders ?? [])];
    } catch (e) {
      throw new AppError(
        'FLEETLOCK_LOCK_FAILED',
        `cannot read the holders of group ${name}: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
  };
  const view = async (g: FleetLockGroup) => {
    const holders = await holdersOf(g.name);
    let holderSince = {};
    try {
      holderSince = await service.holderSince(g.name, holders);
    } catch (e) {
      throw new AppError(
        'FLEETLOCK_LOCK_FAILED',
        `cannot read since when the holders of group ${g.name} hold their slots: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      );
    }
    return { ...g, holders, holderSince };
  };
  const mustGroup = async (name: string) => (await groups.get(name)) ?? notFound(name);

  r.get(
    '/api/v1/fleetlock/groups',
    {
      schema: {
        tags,
        summary: 'FleetLock groups, their slots and holders',
        response: { 200: Type.Object({ items: Type.Array(Group) }) },
      },
    },
    async () => {
      const items = [];
      for (const g of await groups.list()) items.push(await view(g));
      return { items };
    },
  );
  r.get(
    '/api/v1/fleetlock/groups/:group',
    {
      schema: {
        tags,
        summary: 'One FleetLock group',
        params: GroupParams,
        response: { 200: Group, 404: ErrorBodySchema },
      },
    },
    async (req) => view(await mustGroup(req.params.group)),
  );
  r.put(
    '/api/v1/fleetlock/groups/:group',
    {
      schema: {
        tags,
        summary: "Create a FleetLock group or change its slots (takes effect at the group's next request)",
        params: GroupParams,
        body: SetGroup,
        response: { 200: Group, 201: Group },
      },
    },
    async (req, reply) => {
      const { group, created } = await groups.set(req.params.group, req.body.slots);
      return reply.status(created ? 201 : 200).send(await view(group));
    },
  );
  r.delete(
    '/api/v1/fleetlock/groups/:group',
    {
      schema: {
        tags,
        summary: 'Delete a FleetLock group (its machines then get unknown_group)',
        params: GroupParams,
        response: { 204: Type.Null(), 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      if (!(await groups.delete(req.params.group))) notFound(req.params.group);
      return reply.status(204).send(null);
    },
  );
  r.delete(
    '/api/v1/fleetlock/groups/:group/holders/:id',
    {
      schema: {
        tags,
        summary: 'Release a stale holder: give its slot back as if it had sent steady-state',
        params: HolderParams,
        response: { 204: Type.Null(), 404: ErrorBodySchema },
      },
    },
    async (req, reply) => {
      const { group, id } = req.params;
      const r = await service
        .release(group, id)
        .catch((e: unknown) => ({ ok: false as const, error: { value: e instanceof Error ? e.message : String(e) } }));
      if (!r.ok)
        throw new AppError('FLEETLOCK_LOCK_FAILED', `cannot release ${id} in group ${group}: ${r.error.value}`);
      if (!r.released) throw new AppError('NOT_FOUND', `${id} holds no slot in group ${group}`);
      req.log.warn({ group, id, token: req.token?.id }, 'fleetlock holder released by hand');
      return reply.status(204).send(null);
    },
  );
}

function notFound(name: string): never {
  throw new AppError('NOT_FOUND', `no FleetLock group ${name}`);
}
