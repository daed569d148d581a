/**
 * Butane fcos 1.6.0 → Ignition 3.5.0. Frozen: base
 * structs v0_6; see docs/butane.md.
 */
import { v3_5 } from '../../../../ignition/index.js';
import type { ButaneSpec } from '../../spec.js';

export const spec: ButaneSpec = {
  variant: 'fcos',
  version: '1.6.0',
  basePackage: 'v0_6',
  ignition: v3_5.spec,
  outputVersion: '3.5.0',
  sugar: { local: true, contentsLocal: true, treeModes: false, quadlets: false },
  bootDevice: true,
  grub: true,
  filters: [],
  experimental: false,
};
