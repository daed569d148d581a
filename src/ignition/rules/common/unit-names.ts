/** The unit name extensions Ignition accepts (every spec: config/shared/validations and the types' Validate). */
export const UNIT_EXTENSIONS: readonly string[] = [
  '.service',
  '.socket',
  '.device',
  '.mount',
  '.automount',
  '.swap',
  '.target',
  '.path',
  '.timer',
  '.snapshot',
  '.slice',
  '.scope',
];

/** The networkd unit extensions of the 1 and 2.x specs. */
export const NETWORKD_EXTENSIONS: readonly string[] = ['.link', '.netdev', '.network'];
