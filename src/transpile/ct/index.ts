/** transpile/ct: the Container Linux Config transpiler (ct 0.9.4 behaviour). */
export { CT_ISSUE_CODES, type CtIssueCode } from './codes.js';
export { transpileCt, placeCtIssue, type CtOptions, type CtResult } from './transpile.js';
export type { LocalReader } from './convert/index.js';
export { ctLocalReader } from './local-reader.js';
export { PLATFORMS, PLATFORMS as PLATFORMS_LIST, isSupportedPlatform } from './platform.js';
export { ctDataUrl, ctDataUrlString } from './data-url.js';
export { goQuote } from '../../go/index.js';
export { ctTo3x } from './to-3x.js';
export { CONFIG as CLC_SPEC, type Spec as ClcSpec } from './clc-spec.js';
export { ETCD_3_5, FLANNEL_0_7 } from './option-sets.js';
