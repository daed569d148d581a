import type { V2Walk } from './walker.js';

/** `ignition`: the config references (append, replace) and the CAs. */
export function checkIgnition(w: V2Walk): void {
  const ign = w.cfg.ignition;
  ign.config.append.forEach((r, i) => w.reference(r, ['ignition', 'config', 'append', i]));
  if (ign.config.replace !== undefined) w.reference(ign.config.replace, ['ignition', 'config', 'replace']);
  (ign.security?.tls.certificateAuthorities ?? []).forEach((r, i) =>
    w.reference(r, ['ignition', 'security', 'tls', 'certificateAuthorities', i]),
  );
}
