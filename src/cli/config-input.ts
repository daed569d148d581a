/**
 * The config argument of `hull provision`, `hull ignition validate` and
 * `hull transpile`: Ignition, Butane or a Container Linux Config, read from a
 * file or standard input and turned into Ignition by transpile's
 * `configToIgnition` (the dialect from the content, or `--dialect`).
 */
import { Option } from 'commander';
import { nodeFilesDir, readInputBytes } from '../adapters/node/index.js';
import { AppError } from '../core/index.js';
import {
  configToIgnition,
  CONFIG_DIALECTS,
  ctLocalReader,
  goGzip,
  isConfigDialect,
  type AnyConfigResult,
} from '../transpile/index.js';
import type { CliContext } from './context.js';

export interface ConfigInputOpts {
  dialect?: string;
  filesDir?: string;
}

export const dialectOption = (): Option =>
  new Option(
    '--dialect <dialect>',
    "the config's language; default: told from the content (a top-level variant: is Butane, YAML with a Container Linux Config key such as storage: or passwd: a CLC, anything else Ignition)",
  ).choices([...CONFIG_DIALECTS]);
export const filesDirOption = (): Option =>
  new Option(
    '--files-dir <dir>',
    'Butane and Container Linux Configs: the directory local files are read from (butane -d, ct -files-dir)',
  );

/** Reads `file` (or stdin for undefined/'-') and transpiles it when it is YAML. */
export async function readConfigInput(
  ctx: CliContext,
  file: string | undefined,
  opts: ConfigInputOpts,
  pretty = false,
): Promise<AnyConfigResult> {
  if (opts.dialect !== undefined && !isConfigDialect(opts.dialect))
    throw new AppError('USAGE', `--dialect: unknown '${opts.dialect}' (${CONFIG_DIALECTS.join(', ')})`);
  const bytes = await readInputBytes(file, ctx.stdin);
  const files = opts.filesDir !== undefined && opts.filesDir !== '' ? nodeFilesDir(opts.filesDir, ctx.cwd) : undefined;
  return configToIgnition(bytes, {
    ...(opts.dialect === undefined ? {} : { dialect: opts.dialect }),
    pretty,
    ...(files === undefined ? {} : { readLocal: ctLocalReader(files) }),
    butanePorts: { gzip: goGzip, ...(files === undefined ? {} : { files }) },
  });
}
