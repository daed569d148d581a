import { Command } from 'commander';
import { packageInfo } from '../../adapters/process/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

export function command(ctx: CliContext): Command {
  return new Command('version').description('print the version of Hull').action(() => {
    const { version } = packageInfo();
    if (ctx.output === 'json') {
      writeEnvelope(ctx, { ok: true, result: { name: 'hull', version, node: process.version } });
    } else {
      ctx.stdout.write(`hull v${version}\n`);
    }
  });
}
