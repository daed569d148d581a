/**
 * Butane flatcar 1.0.0 → Ignition 3.3.0. Frozen: base
 * structs v0_4; see docs/butane.md.
 */
import { v3_3 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'flatcar',
  version: '1.0.0',
  basePackage: 'v0_4',
  ignition: v3_3.spec,
  outputVersion: '3.3.0',
  sugar: { local: true, contentsLocal: false, treeModes: false, quadlets: false },
  bootDevice: false,
  grub: false,
  filters: [{ path: ['storage', 'luks', '*', 'clevis'], reason: 'clevis' }],
  experimental: false,
};
