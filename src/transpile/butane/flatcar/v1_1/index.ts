/**
 * Butane flatcar 1.1.0 → Ignition 3.4.0. Frozen: base
 * structs v0_5; see docs/butane.md.
 */
import { v3_4 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'flatcar',
  version: '1.1.0',
  basePackage: 'v0_5',
  ignition: v3_4.spec,
  outputVersion: '3.4.0',
  sugar: { local: true, contentsLocal: true, treeModes: false, quadlets: false },
  bootDevice: false,
  grub: false,
  filters: [{ path: ['storage', 'luks', '*', 'clevis'], reason: 'clevis' }],
  experimental: false,
};
