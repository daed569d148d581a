/** One Butane variant/version: what it accepts and which Ignition spec it produces. */
import type { AnySpecVersion, schema as ig } from '../../ignition/index.js';
import type { Sugar } from './schema.js';

export interface FieldFilter {
  /** Output path pattern with `*` for any array index, e.g. ['storage', 'luks', '*', 'clevis']. */
  readonly path: readonly string[];
  /** Which of BUTANE_FIELD_UNSUPPORTED's texts (messages.ts) the refusal has. */
  readonly reason: 'clevis' | 'cex';
}

export interface ButaneSpec {
  readonly variant: 'fcos' | 'flatcar';
  readonly version: string;
  /** The Go package of the base structs (`v0_5`), as go-yaml names types in messages. */
  readonly basePackage: string;
  /** The Ignition spec whose structs, rules and JSON order the output follows. */
  readonly ignition: AnySpecVersion;
  /** `ignition.version` written in the output (differs from ignition.version for 3.7.0-experimental). */
  readonly outputVersion: string;
  readonly sugar: Sugar;
  /** fcos: boot_device (1.3+) and grub (1.5+) keys exist. */
  readonly bootDevice: boolean;
  readonly grub: boolean;
  readonly filters: readonly FieldFilter[];
  readonly experimental: boolean;
}

export type IgnitionSchema = ig.ObjectNode;
