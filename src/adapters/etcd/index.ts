/** The door of src/adapters/etcd: what other areas of src/ import from it (scripts/check-layers.ts). */
export { EtcdV2KvStore } from './v2-keys.js';
export { etcdV3KvStore, parseEtcdEndpoints } from './v3-kv.js';
export type { EtcdV3KvStore } from './v3-kv.js';
