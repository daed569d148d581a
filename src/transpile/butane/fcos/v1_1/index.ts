/**
 * Butane fcos 1.1.0 → Ignition 3.1.0. Frozen: base
 * structs v0_2; see docs/butane.md.
 */
import { v3_1 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'fcos',
  version: '1.1.0',
  basePackage: 'v0_2',
  ignition: v3_1.spec,
  outputVersion: '3.1.0',
  sugar: { local: true, contentsLocal: false, treeModes: false, quadlets: false },
  bootDevice: false,
  grub: false,
  filters: [],
  experimental: false,
};
