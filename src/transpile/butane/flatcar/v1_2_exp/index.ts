/**
 * Butane flatcar 1.2.0-experimental → Ignition 3.7.0-experimental (experimental: only an Ignition built for exactly 3.7.0-experimental accepts the output; its structs and rules are 3.6.0's). Frozen: base
 * structs v0_8_exp; see docs/butane.md.
 */
import { v3_6 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'flatcar',
  version: '1.2.0-experimental',
  basePackage: 'v0_8_exp',
  ignition: v3_6.spec,
  outputVersion: '3.7.0-experimental',
  sugar: { local: true, contentsLocal: true, treeModes: true, quadlets: true },
  bootDevice: false,
  grub: false,
  filters: [{ path: ['storage', 'luks', '*', 'cex'], reason: 'cex' }],
  experimental: true,
};
