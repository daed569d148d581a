/**
 * Butane fcos 1.3.0 → Ignition 3.2.0. Frozen: base
 * structs v0_3; see docs/butane.md.
 */
import { v3_2 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'fcos',
  version: '1.3.0',
  basePackage: 'v0_3',
  ignition: v3_2.spec,
  outputVersion: '3.2.0',
  sugar: { local: true, contentsLocal: false, treeModes: false, quadlets: false },
  bootDevice: true,
  grub: false,
  filters: [],
  experimental: false,
};
