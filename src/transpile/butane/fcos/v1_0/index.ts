/**
 * Butane fcos 1.0.0 → Ignition 3.0.0. Frozen: base
 * structs v0_1; see docs/butane.md.
 */
import { v3_0 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'fcos',
  version: '1.0.0',
  basePackage: 'v0_1',
  ignition: v3_0.spec,
  outputVersion: '3.0.0',
  sugar: { local: false, contentsLocal: false, treeModes: false, quadlets: false },
  bootDevice: false,
  grub: false,
  filters: [],
  experimental: false,
};
