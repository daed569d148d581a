import { goQuote } from '../../go/index.js';
import { hasTemplating, performTemplating } from './platform.js';
import type { OptionDef } from './option-sets.js';

/** `--flag=value` for each set option, in the option set's order (strings Go-quoted). */
export function cliArgs(
  defs: readonly OptionDef[],
  options: Record<string, unknown>,
  format: (k: string, v: string) => string = (k, v) => `--${k}=${v}`,
): string[] {
  const out: string[] = [];
  for (const d of defs) {
    const v = options[d.key];
    if (v === undefined) continue;
    out.push(format(d.flag, typeof v === 'string' ? goQuote(v) : String(v)));
  }
  return out;
}

/** [Unit], [Service], [Install] sections, empty ones left out, no final newline. */
export function unitText(unit: readonly string[], service: readonly string[]): string {
  const parts: string[] = [];
  if (unit.length > 0) parts.push(['[Unit]', ...unit].join('\n'));
  if (service.length > 0) parts.push(['[Service]', ...service].join('\n'));
  return parts.join('\n\n');
}

/** ct's assembleUnit: the drop-in for a wrapper with flags, environment and dynamic data. */
export function assembleUnit(
  exec: string,
  args: readonly string[],
  vars: readonly string[],
  platform: string,
  extraService: readonly string[] = [],
): { unit: string[]; service: string[] } | { error: string } {
  const unit: string[] = [];
  const service: string[] = [];
  let finalArgs = [...args];
  if (hasTemplating(args)) {
    if (platform === '') return { error: 'platform must be specified to use templating' };
    unit.push('Requires=coreos-metadata.service', 'After=coreos-metadata.service');
    service.push('EnvironmentFile=/run/metadata/coreos');
    const r = performTemplating(platform, args);
    if ('error' in r) return r;
    finalArgs = r.args;
  }
  for (const v of vars) service.push(`Environment="${v}"`);
  let line = exec;
  for (const a of finalArgs) line += ` \\\n  ${a}`;
  service.push('ExecStart=', `ExecStart=${line}`, ...extraService);
  return { unit, service };
}
