import type { Clc } from '../decode.js';
import { type ConvertContext, putFrom } from './context.js';

/** `docker.flags` → a docker.service drop-in setting DOCKER_OPTS. */
export function convertDocker(ctx: ConvertContext): void {
  const docker = ctx.cfg['docker'] as Clc | undefined;
  if (docker === undefined) return;
  const contents = `[Service]\nEnvironment="DOCKER_OPTS=${(docker['flags'] as string[]).join(' ')}"`;
  ctx.units.push({ name: 'docker.service', enable: true, dropins: [{ name: '20-clct-docker.conf', contents }] });
  putFrom(ctx, ['docker'], ['systemd', 'units', ctx.units.length - 1], ctx.units[ctx.units.length - 1]);
}
