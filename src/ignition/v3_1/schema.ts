/**
 * Ignition spec 3.1.0 (config/v3_1/types/schema.go): 3.0 plus Resource
 * (compression and httpHeaders on every remote resource), ignition.proxy,
 * filesystem mountOptions. Frozen.
 */
import { array, extend, object, optString, string } from '../schema/index.js';
import * as prev from '../v3_0/schema.js';

/** Everything of 3.0 not redefined below. */
export * from '../v3_0/schema.js';

export const httpHeader = object('HTTPHeader', { name: string(), value: optString() }, { required: ['name'] });
export const resource = object('Resource', {
  compression: optString(),
  httpHeaders: array(httpHeader, 'types.HTTPHeaders'),
  source: optString(),
  verification: prev.verification,
});
export const ignitionConfig = object('IgnitionConfig', { merge: array(resource), replace: resource });
export const tls = object('TLS', { certificateAuthorities: array(resource) });
export const security = object('Security', { tls });
export const proxy = object('Proxy', {
  httpProxy: optString(),
  httpsProxy: optString(),
  noProxy: array(string('types.NoProxyItem')),
});
export const ignition = extend(prev.ignition, { config: ignitionConfig, proxy, security });

export const file = extend(prev.file, { append: array(resource), contents: resource });
export const filesystem = extend(prev.filesystem, { mountOptions: array(string('types.MountOption')) });
export const storage = extend(prev.storage, { files: array(file), filesystems: array(filesystem) });

export const config = extend(prev.config, { ignition, storage });
