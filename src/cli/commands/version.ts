import { Command } from 'commander';
import { packageInfo } from '../../adapters/node/package-info.js';
import type { CliContext } from '../context.js';

export function command(ctx: CliContext): Command {
  return new Command('version').description('print the version of Hull').action(() => {
    const { version } = packageInfo();
    if (ctx.output === 'json') {
      ctx.stdout.write(`${JSON.stringify({ name: 'hull', version, node: process.version })}\n`);
    } else {
      ctx.stdout.write(`hull v${version}\n`);
    }
  });
}
