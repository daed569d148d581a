/**
 * Butane fcos 1.7.0 → Ignition 3.6.0. Frozen: base
 * structs v0_7; see docs/butane.md.
 */
import { v3_6 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'fcos',
  version: '1.7.0',
  basePackage: 'v0_7',
  ignition: v3_6.spec,
  outputVersion: '3.6.0',
  sugar: { local: true, contentsLocal: true, treeModes: true, quadlets: false },
  bootDevice: true,
  grub: true,
  filters: [],
  experimental: false,
};
