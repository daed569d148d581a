/**
 * Ignition spec 2.4.0 (coreos/ignition v0.35.0 config/v2_4/types/schema.go),
 * fields in Go struct order. 2.3 plus `httpHeaders` on config references, CAs and
 * file contents, and `ignition.proxy`. Frozen.
 */
import { array, object, ptr, string } from '../schema/index.js';
import * as v2_2 from '../v2_2/schema.js';
import * as v2_3 from '../v2_3/schema.js';

export const httpHeader = object('HTTPHeader', { name: string(), value: string() }, { required: ['name', 'value'] });
const httpHeaders = array(httpHeader);
export const caReference = object(
  'CaReference',
  { httpHeaders, source: string(), verification: v2_2.verification },
  { required: ['source'] },
);
export const configReference = object(
  'ConfigReference',
  { httpHeaders, source: string(), verification: v2_2.verification },
  { required: ['source'] },
);
export const ignitionConfig = object('IgnitionConfig', {
  append: array(configReference),
  replace: ptr(configReference),
});
export const proxy = object('Proxy', {
  httpProxy: string(),
  httpsProxy: string(),
  noProxy: array(string('types.NoProxyItem')),
});
export const tls = object('TLS', { certificateAuthorities: array(caReference) });
export const security = object('Security', { tls });
export const ignition = object(
  'Ignition',
  { config: ignitionConfig, proxy, security, timeouts: v2_2.timeouts, version: string() },
  { required: ['version'] },
);
export const fileContents = object('FileContents', {
  compression: string(),
  httpHeaders,
  source: string(),
  verification: v2_2.verification,
});
export const file = object(
  'File',
  { ...v2_2.nodeFields, append: v2_2.file.fields.append, contents: fileContents, mode: v2_2.file.fields.mode },
  { required: ['filesystem', 'path'] },
);
export const storage = object('Storage', { ...v2_3.storage.fields, files: array(file) });
export const config = object('Config', { ...v2_3.config.fields, ignition, storage }, { required: ['ignition'] });
