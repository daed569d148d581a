import type { Store } from '../core/index.js';
import type { ServerFacts } from './routes/health.js';

/**
 * Records a server start in the store: the instance id is made on the first
 * start and kept for the life of the database; the start counter grows by one.
 */
export async function recordStart(store: Store, version: string, newId: () => string): Promise<ServerFacts> {
  let instanceId = await store.getMeta('instance_id');
  if (instanceId === undefined) {
    instanceId = newId();
    await store.setMeta('instance_id', instanceId);
  }
  const startCount = await store.incrementMeta('start_count');
  await store.setMeta('last_version', version);
  return { version, instanceId, startCount };
}
